"""Results pages and exports: exact figures for staff, small numbers hidden in what is published."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.permissions import staff_required
from alongside.core.downloads import file_response
from alongside.engagement import charts, results, services
from alongside.engagement.models import Survey
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import survey_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dimension(request) -> str:
    by = request.GET.get("by", "group")
    return by if by in results.DIMENSIONS else "group"


def _context(survey: Survey, *, published: bool, by: str) -> dict:
    question_results = results.survey_results(survey, published=published)
    return {
        "survey": survey,
        "published": published,
        "by": by,
        "columns": results.columns(by),
        "results": [
            (r, charts.bar_chart(r), charts.bar_chart(r, top=True) if r.question.kind == "rank" else None)
            for r in question_results
        ],
        "respondents": results.respondents(survey) if not published else None,
    }


@staff_required(*ENGAGERS)
def staff_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    published = request.GET.get("view") == "published"
    context = _context(survey, published=published, by=_dimension(request))
    return render(request, "engagement/staff/results.html", context)


@staff_required(*ENGAGERS)
@require_POST
def publish_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    shown = request.POST.get("action") == "publish"
    services.update_survey(survey, results_published=shown)
    if shown:
        messages.success(request, _("The results are on the public page, with small numbers hidden."))
    else:
        messages.success(request, _("The results are no longer on the public page."))
    return redirect("engagement:staff_results", pk=survey.pk)


def public_results(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.filter(results_published=True), slug=slug)
    return render(
        request, "engagement/results.html", _context(survey, published=True, by=_dimension(request))
    )


@staff_required(*ENGAGERS)
def export_results(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = survey_for(request, pk)
    published = request.GET.get("view") == "published"
    table = result_table(results.survey_results(survey, published=published))
    stem = f"{survey.slug}-results{'-published' if published else ''}"
    if fmt == "xlsx":
        return file_response(_xlsx(table), content_type=XLSX, name=stem)
    return file_response(_csv(table), content_type="text/csv", name=stem)


def result_table(question_results: list[results.QuestionResult]) -> list[list]:
    """One row per figure: question, answer, column, people, of how many, percent."""
    keys = [(results.ALL, _("Everyone"))] + [c for d in results.DIMENSIONS for c in results.columns(d)]
    rows: list[list] = [
        [_("Question"), _("Answer"), _("Who"), _("People"), _("Of"), _("Percent"), _("Score")]
    ]
    hidden = _("fewer than 10")
    for result in question_results:
        for row in result.rows:
            figures = row.top if row.top else row.figures
            for key, label in keys:
                figure = figures[key]
                rows.append(
                    [
                        f"{result.number}. {result.question.text}",
                        row.label,
                        str(label),
                        hidden if figure.hidden else figure.count,
                        hidden if figure.base is None else figure.base,
                        "" if figure.percent is None else str(figure.percent),
                        "" if row.score is None or key != results.ALL else row.score,
                    ]
                )
        for theme, figure in result.themes:
            rows.append(
                [
                    f"{result.number}. {result.question.text}",
                    _("Theme: %(name)s") % {"name": theme.name},
                    str(_("Everyone")),
                    hidden if figure.hidden else figure.count,
                    figure.base,
                    "" if figure.percent is None else str(figure.percent),
                    "",
                ]
            )
    return rows


def _safe(value):
    """Text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(table: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table:
        writer.writerow([_safe(value) for value in row])
    return buffer.getvalue()


def _xlsx(table: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Results"
    for row in table:
        sheet.append([_safe(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
