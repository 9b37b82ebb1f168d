"""Public pages: each published process, with its phases, decisions and ways to take part."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from alongside.engagement import event_queries, queries


def process_index(request: HttpRequest) -> HttpResponse:
    processes = queries.published_processes().order_by("-created_at", "-pk")
    page = Paginator(processes, 20).get_page(request.GET.get("page"))
    return render(request, "engagement/process_index.html", {"page": page})


def process_page(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(queries.published_processes(), slug=slug)
    phases = list(process.phases.all())
    context = {
        "process": process,
        "phases": phases,
        "current": next((phase for phase in phases if phase.state == phase.State.CURRENT), None),
        "decided": [phase for phase in phases if phase.decisions],
        "surveys": queries.open_surveys(process),
        "reported": process.surveys.filter(results_published=True).order_by("title"),
        "events": event_queries.public_events(process),
        "report_published": queries.report_is_published(process),
    }
    return render(request, "engagement/process.html", context)
