"""The engagement report: the staff page (with the text of each section to edit), its PDF, and the
public page and PDF once staff publish it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.permissions import staff_required
from alongside.core.pdf import pdf_response
from alongside.engagement import queries, report, report_edits, report_pdf
from alongside.engagement.forms import ReportTextForm
from alongside.engagement.models import ReportPart
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import add_errors, process_for


@staff_required(*ENGAGERS)
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    context = {
        "process": process,
        "report": report.build(process),
        "published": queries.report_of(process),
        "staff": True,
    }
    return render(request, "engagement/report/staff.html", context)


@staff_required(*ENGAGERS)
def staff_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    return _pdf(process, f"{process.slug}-report-draft")


@staff_required(*ENGAGERS)
def staff_report_text(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    process = process_for(request, pk)
    if part not in ReportPart.values:
        raise Http404
    current = queries.report_text(process, part)
    form = ReportTextForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            report_edits.edit_text(process, part, form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            add_errors(form, error, "text")
        else:
            messages.success(request, _("The text has been saved."))
            return redirect(f"{_staff_report_url(process)}#part-{part}")
    history = Paginator(queries.report_revisions(process, part), 20).get_page(request.GET.get("page"))
    context = {
        "process": process,
        "form": form,
        "part": part,
        "part_label": ReportPart(part).label,
        "history": history,
    }
    return render(request, "engagement/report/text_form.html", context)


@staff_required(*ENGAGERS)
@require_POST
def staff_report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    shown = request.POST.get("action") == "publish"
    report_edits.publish(process, shown, by=request.user)
    if shown and process.published:
        messages.success(request, _("The report is on the process's public page."))
    elif shown:
        messages.success(
            request, _("The report is published; people will see it when the process's public page is shown.")
        )
    else:
        messages.success(request, _("The report is no longer on the public page."))
    return redirect(_staff_report_url(process))


def public_report(request: HttpRequest, slug: str) -> HttpResponse:
    process = queries.published_report_process(slug)
    if process is None:
        raise Http404
    context = {"process": process, "report": report.build(process), "staff": False}
    return render(request, "engagement/report/public.html", context)


def public_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    process = queries.published_report_process(slug)
    if process is None:
        raise Http404
    return _pdf(process, f"{process.slug}-report")


def _pdf(process, name: str) -> HttpResponse:
    built = report_pdf.report_pdf(process)
    return pdf_response(built.content, name, inline=True)


def _staff_report_url(process) -> str:
    return reverse("engagement:staff_report", args=[process.pk])
