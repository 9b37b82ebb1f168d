"""The insights pages. Only roles that may see equality data open them (``insights.access``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.accounts.models import Role
from alongside.accounts.permissions import staff_required
from alongside.core.downloads import file_response
from alongside.insights import exports, queries
from alongside.insights.access import scope_for
from alongside.insights.forms import RepresentationForm
from alongside.insights.pages import RepresentationPage

EQUALITY_DATA = (Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_required(*EQUALITY_DATA)
def representation(request: HttpRequest) -> HttpResponse:
    form = RepresentationForm.from_request(request)
    page = _page(form) if form.is_valid() else None
    download = request.GET.get("download")
    if page is not None and download in ("csv", "xlsx"):
        return _download(page, download, "representation")
    return render(
        request,
        "insights/representation.html",
        {"form": form, "page": page, "refresh": queries.latest_refresh()},
    )


def _page(form: RepresentationForm) -> RepresentationPage | None:
    refresh = queries.latest_refresh()
    if refresh is None:
        return None
    data = form.cleaned_data
    scope = scope_for(data["scope"])
    release = queries.current_release(data["census"])
    return RepresentationPage(
        scope=scope,
        scope_name=dict(form.fields["scope"].choices)[data["scope"]],
        involvement=data["involved"],
        release=release,
        refresh=refresh,
        tables=queries.representation(scope, data["involved"], refresh.as_at, release),
    )


def _download(page, kind: str, stem: str) -> HttpResponse:
    sheets, about = page.sheets(), page.about()
    if kind == "csv":
        return file_response(exports.csv_bytes(sheets, about), content_type="text/csv", name=stem)
    return file_response(exports.xlsx_bytes(sheets, about), content_type=XLSX, name=stem)
