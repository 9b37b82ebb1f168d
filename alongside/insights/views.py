"""The insights pages. Only roles that may see equality data open them (``insights.access``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.accounts.permissions import staff_required
from alongside.core.downloads import file_response
from alongside.insights import activity, exports, queries
from alongside.insights.access import scope_for
from alongside.insights.forms import ActivityScopeForm, RepresentationForm
from alongside.insights.models import CensusRelease, CountRefresh
from alongside.insights.pages import ActivityPage, RepresentationPage, TrendsPage
from alongside.insights.queries import Scope

EQUALITY_DATA = (Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Choice:
    scope: Scope
    scope_name: str
    involvement: str
    release: CensusRelease | None
    refresh: CountRefresh


def _chosen(form: RepresentationForm) -> Choice | None:
    """What the person asked for, once the form is valid and there are counts to show."""
    refresh = queries.latest_refresh()
    if refresh is None or not form.is_valid():
        return None
    data = form.cleaned_data
    return Choice(
        scope=scope_for(data["scope"]),
        scope_name=dict(form.fields["scope"].choices)[data["scope"]],
        involvement=data["involved"],
        release=queries.current_release(data["census"]),
        refresh=refresh,
    )


@staff_required(*EQUALITY_DATA)
def representation(request: HttpRequest) -> HttpResponse:
    form = RepresentationForm.from_request(request)
    choice = _chosen(form)
    page = None
    if choice:
        tables = queries.representation(
            choice.scope, choice.involvement, choice.refresh.as_at, choice.release
        )
        page = RepresentationPage(**vars(choice), tables=tables)
    return _respond(request, "insights/representation.html", form, page, "representation")


@staff_required(*EQUALITY_DATA)
def trends(request: HttpRequest) -> HttpResponse:
    form = RepresentationForm.from_request(request)
    choice = _chosen(form)
    page = None
    if choice:
        page = TrendsPage(
            **vars(choice),
            trends=queries.trends(choice.scope, choice.involvement, choice.refresh.as_at, choice.release),
        )
    return _respond(request, "insights/trends.html", form, page, "trends")


def _respond(request, template: str, form, page, stem: str) -> HttpResponse:
    download = request.GET.get("download")
    if page is not None and download in ("csv", "xlsx"):
        sheets, about = page.sheets(), page.about()
        if download == "csv":
            return file_response(exports.csv_bytes(sheets, about), content_type="text/csv", name=stem)
        return file_response(exports.xlsx_bytes(sheets, about), content_type=XLSX, name=stem)
    return render(request, template, {"form": form, "page": page, "refresh": queries.latest_refresh()})


@staff_required(*EQUALITY_DATA)
def activity_dashboard(request: HttpRequest) -> HttpResponse:
    form = ActivityScopeForm.from_request(request)
    page = None
    if form.is_valid():
        key = form.cleaned_data["scope"]
        scope = scope_for(key)
        ids = None if scope.national else [scope.organisation.pk]
        periods = activity.recent_quarters(timezone.localdate())
        measures = [activity.measures(ids, period) for period in periods]
        year = activity.last_twelve_months(timezone.localdate())
        page = ActivityPage(
            scope_name=dict(form.fields["scope"].choices)[key],
            periods=periods,
            table=[(row[0], list(row)) for row in zip(*measures, strict=True)],
            selection=activity.applied_and_selected(ids, year),
            selection_period=year,
        )
    return _respond(request, "insights/activity.html", form, page, "activity")
