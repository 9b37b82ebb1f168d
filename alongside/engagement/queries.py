"""Read-side selectors for engagement pages."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from alongside.accounts.permissions import scope
from alongside.engagement.models import (
    Option,
    Phase,
    Process,
    Question,
    Report,
    ReportText,
    ReportTextRevision,
    Response,
    Survey,
)
from alongside.engagement.roles import ENGAGERS


def processes_for(user) -> QuerySet[Process]:
    queryset = Process.objects.select_related("organisation").annotate(phase_count=Count("phases"))
    return scope(user, queryset, roles=ENGAGERS).order_by("-created_at", "-pk")


def surveys_for(user) -> QuerySet[Survey]:
    submitted = Count("responses", filter=Q(responses__state=Response.State.SUBMITTED))
    queryset = Survey.objects.select_related("organisation", "process").annotate(answered=submitted)
    return scope(user, queryset, roles=ENGAGERS).order_by("-created_at", "-pk")


def questions(survey: Survey) -> list[Question]:
    options = Prefetch("options", queryset=Option.objects.order_by("position"))
    return list(
        survey.questions.select_related("shown_if__question").prefetch_related(options).order_by("position")
    )


def response_counts(survey: Survey) -> dict[str, int]:
    """Sent answers by channel, and how many people are part way through."""
    rows = survey.responses.values("state", "channel").annotate(n=Count("id"))
    counts = {"in_progress": 0, "submitted": 0}
    for row in rows:
        counts[row["state"]] += row["n"]
        if row["state"] == Response.State.SUBMITTED:
            counts[row["channel"]] = counts.get(row["channel"], 0) + row["n"]
    return counts


def published_processes() -> QuerySet[Process]:
    current = Prefetch("phases", queryset=Phase.objects.filter(state=Phase.State.CURRENT), to_attr="current")
    return Process.objects.filter(published=True).select_related("organisation").prefetch_related(current)


def open_surveys(process: Process) -> list[Survey]:
    return [survey for survey in process.surveys.filter(status=Survey.Status.OPEN) if survey.is_open]


# --- The engagement report ---


def published_report_process(slug: str) -> Process | None:
    """A process whose public page and report are both published."""
    return (
        Process.objects.filter(published=True, report__published=True, slug=slug)
        .select_related("organisation", "report")
        .first()
    )


def report_of(process: Process):
    return Report.objects.filter(process=process).first()


def report_is_published(process: Process) -> bool:
    return Report.objects.filter(process=process, published=True).exists()


def report_text(process: Process, part: str):
    return ReportText.objects.filter(process=process, part=part).first()


def report_revisions(process: Process, part: str) -> QuerySet:
    return ReportTextRevision.objects.filter(text_of__process=process, text_of__part=part).select_related(
        "edited_by"
    )
