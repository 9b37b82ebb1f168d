"""Importing answers gathered elsewhere: upload, a row-by-row report, then confirm or cancel."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alongside.accounts.permissions import staff_required
from alongside.core.downloads import file_response
from alongside.core.uploads import SPREADSHEET_TYPES, check_upload
from alongside.engagement import imports
from alongside.engagement.models import Survey
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import survey_for
from alongside.people.queries import visible_contributors


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("A CSV or Excel file of answers"),
        help_text=gettext_lazy("One row per person, with a heading row. Nothing is saved until you confirm."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, SPREADSHEET_TYPES)
        return upload


@staff_required(*ENGAGERS)
def import_answers(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and survey.status == Survey.Status.DRAFT:
        form.add_error(None, _("Open the survey before importing answers."))
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.prepare(
                survey, upload.read(), upload.name, by=request.user, people=visible_contributors(request.user)
            )
        except (imports.UnreadableFile, ValidationError) as error:
            form.add_error("file", str(error.args[0]) if error.args else str(error))
        else:
            return redirect("engagement:staff_import", pk=survey.pk, batch_pk=batch.pk)
    earlier = survey.imports.select_related("created_by").order_by("-created_at")[:10]
    return render(
        request, "engagement/staff/import.html", {"survey": survey, "form": form, "earlier": earlier}
    )


@staff_required(*ENGAGERS)
def import_template(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    return file_response(imports.template_csv(survey), content_type="text/csv", name=f"{survey.slug}-answers")


@staff_required(*ENGAGERS)
def import_report(request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    batch = get_object_or_404(survey.imports, pk=batch_pk)
    problems = Paginator(batch.errors, 100).get_page(request.GET.get("page"))
    context = {"survey": survey, "batch": batch, "page": problems, "ready": len(batch.rows)}
    return render(request, "engagement/staff/import_report.html", context)


@staff_required(*ENGAGERS)
@require_POST
def import_decide(request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    batch = get_object_or_404(survey.imports, pk=batch_pk)
    if request.POST.get("action") == "cancel":
        imports.cancel(batch)
        messages.success(request, _("The import was cancelled. Nothing was saved."))
        return redirect("engagement:staff_import_answers", pk=survey.pk)
    try:
        written = imports.confirm(batch, good_rows_only=request.POST.get("action") == "good_only")
    except imports.NotReady as error:
        messages.error(request, str(error))
        return redirect("engagement:staff_import", pk=survey.pk, batch_pk=batch.pk)
    messages.success(request, _("%(n)s responses were imported.") % {"n": written})
    return redirect("engagement:staff_survey", pk=survey.pk)
