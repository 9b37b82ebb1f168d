"""What the engagement views share: finding records the user may see, and showing service errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from alongside.accounts.permissions import get_scoped_or_404, organisations_where
from alongside.engagement.models import Process, Question, Survey
from alongside.engagement.roles import ENGAGERS


def writable_organisations(user):
    """Where the user may start a process or survey: where they hold an engaging role."""
    return organisations_where(user, ENGAGERS).order_by("name")


def process_for(request, pk: int) -> Process:
    return get_scoped_or_404(
        request.user, Process.objects.select_related("organisation"), pk=pk, roles=ENGAGERS
    )


def survey_for(request, pk: int) -> Survey:
    queryset = Survey.objects.select_related("organisation", "process")
    return get_scoped_or_404(request.user, queryset, pk=pk, roles=ENGAGERS)


def question_for(survey: Survey, pk: int) -> Question:
    return get_object_or_404(survey.questions.select_related("survey"), pk=pk)


def add_errors(form, error: ValidationError, field: str | None = None) -> None:
    """Show a service's refusal on the form, next to the field it concerns when it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field if field in form.fields else None, error.messages)
