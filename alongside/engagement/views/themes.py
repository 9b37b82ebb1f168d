"""Coding written answers: themes, the answers in each, quotes, and suggestions to accept or ignore."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.permissions import staff_required
from alongside.engagement import themes
from alongside.engagement.models import Answer, Response, Suggestion, Theme
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import question_for, survey_for

PER_PAGE = 50


def _question(request, pk: int, question_pk: int):
    survey = survey_for(request, pk)
    question = question_for(survey, question_pk)
    if not question.is_text:
        raise Http404
    return survey, question


def _answers(question, shown: str):
    coded = Theme.answers.through.objects.filter(answer_id=OuterRef("pk"))
    answers = (
        Answer.objects.filter(question=question, response__state=Response.State.SUBMITTED)
        .exclude(text="")
        .select_related("response")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .annotate(coded=Exists(coded))
        .order_by("text", "pk")
    )
    if shown == "uncoded":
        return answers.filter(coded=False)
    if shown.isdigit():
        return answers.filter(themes__pk=int(shown))
    return answers


@staff_required(*ENGAGERS)
def theme_page(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey, question = _question(request, pk, question_pk)
    shown = request.GET.get("show", "all")
    sent = Q(answers__response__state=Response.State.SUBMITTED)
    theme_list = list(question.themes.annotate(n=Count("answers", filter=sent)).order_by("name"))
    run = question.suggestion_runs.first()
    open_suggestions = (
        run.suggestions.filter(state=Suggestion.State.OPEN).annotate(n=Count("answers")).order_by("-n", "pk")
        if run
        else []
    )
    context = {
        "survey": survey,
        "question": question,
        "themes": theme_list,
        "page": Paginator(_answers(question, shown), PER_PAGE).get_page(request.GET.get("page")),
        "shown": shown,
        "run": run,
        "suggestions": [(s, s.answers.order_by("text")[:5]) for s in open_suggestions],
    }
    return render(request, "engagement/staff/themes.html", context)


@staff_required(*ENGAGERS)
@require_POST
def theme_action(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey, question = _question(request, pk, question_pk)
    action = request.POST.get("action", "")
    try:
        message = ACTIONS[action](request, question) if action in ACTIONS else None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if message:
            messages.success(request, message)
    back = reverse("engagement:staff_themes", args=[survey.pk, question.pk])
    # Back to the same list of answers: only our own two parameters are carried over.
    keep = {key: request.POST[key] for key in ("show", "page") if request.POST.get(key, "").isalnum()}
    return redirect(f"{back}?{urlencode(keep)}" if keep else back)


def _theme(request, question, field="theme") -> Theme:
    return get_object_or_404(question.themes, pk=request.POST.get(field) or 0)


def _ids(request) -> list[str]:
    return [value for value in request.POST.getlist("answers") if value]


def _create(request, question):
    theme = themes.create_theme(question, request.POST.get("name", ""), request.POST.get("description", ""))
    return _("Theme “%(name)s” created.") % {"name": theme.name}


def _rename(request, question):
    theme = themes.rename_theme(_theme(request, question), request.POST.get("name", ""))
    return _("Renamed to “%(name)s”.") % {"name": theme.name}


def _merge(request, question):
    keep = _theme(request, question, "into")
    others = list(question.themes.filter(pk__in=request.POST.getlist("merge")).exclude(pk=keep.pk))
    if not others:
        raise ValidationError(_("Choose the themes to merge into “%(name)s”.") % {"name": keep.name})
    themes.merge(keep, others)
    return _("Merged into “%(name)s”.") % {"name": keep.name}


def _split(request, question):
    new = themes.split(_theme(request, question), request.POST.get("name", ""), _ids(request))
    return _("The chosen answers moved to “%(name)s”.") % {"name": new.name}


def _delete(request, question):
    theme = _theme(request, question)
    themes.delete_theme(theme)
    return _("Theme “%(name)s” removed; its answers are uncoded.") % {"name": theme.name}


def _assign(request, question):
    if not _ids(request):
        raise ValidationError(_("Tick the answers to code."))
    theme = _theme(request, question)
    count = themes.assign(theme, _ids(request))
    return _("%(n)s answers coded “%(name)s”.") % {"n": count, "name": theme.name}


def _unassign(request, question):
    theme = _theme(request, question)
    themes.unassign(theme, _ids(request))
    return _("Answers taken out of “%(name)s”.") % {"name": theme.name}


def _quote(request, question):
    answer = get_object_or_404(Answer, pk=request.POST.get("answer"), question=question)
    chosen = request.POST.get("quote") == "yes"
    themes.mark_quote(answer, chosen)
    return _("Marked as a quote.") if chosen else _("No longer a quote.")


def _suggest(request, question):
    run = themes.request_suggestions(question, by=request.user)
    if run.question.answers.count() > themes.INLINE_LIMIT:
        return _("Suggestions are being worked out. Refresh this page in a minute.")
    return _("Suggestions are ready below.")


def _accept(request, question):
    suggestion = get_object_or_404(Suggestion, pk=request.POST.get("suggestion"), run__question=question)
    theme = themes.accept_suggestion(suggestion, name=request.POST.get("name"))
    return _("Accepted as “%(name)s”.") % {"name": theme.name}


def _ignore(request, question):
    suggestion = get_object_or_404(Suggestion, pk=request.POST.get("suggestion"), run__question=question)
    themes.ignore_suggestion(suggestion)
    return _("Suggestion ignored.")


ACTIONS = {
    "create": _create,
    "rename": _rename,
    "merge": _merge,
    "split": _split,
    "delete": _delete,
    "assign": _assign,
    "unassign": _unassign,
    "quote": _quote,
    "suggest": _suggest,
    "accept": _accept,
    "ignore": _ignore,
}
