"""Public, read-only JSON for open opportunities (mounted on the project's API)."""

# No "from __future__ import annotations": django-ninja reads the annotations at import time.

import datetime

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from alongside.opportunities import queries

router = Router(tags=["opportunities"])


class TopicOut(Schema):
    name: str
    slug: str


class OpportunityOut(Schema):
    slug: str
    title: str
    summary: str
    organisation: str
    format: str
    region: str
    time_needed: str
    time_needed_hours: float | None
    paid: bool
    places: int | None
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    topics: list[TopicOut]
    url: str

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_topics(obj) -> list:
        return list(obj.topics.all())

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_time_needed_hours(obj) -> float | None:
        return float(obj.time_needed_hours) if obj.time_needed_hours is not None else None


class SessionOut(Schema):
    title: str
    activity_type: str
    starts_at: datetime.datetime | None
    duration_minutes: int
    format: str


class OpportunityDetailOut(OpportunityOut):
    what_you_would_do: str
    who_we_want: str
    sessions: list[SessionOut]

    @staticmethod
    def resolve_sessions(obj) -> list:
        return list(obj.activities.all())


class SearchFilters(Schema):
    q: str = ""
    topic: str = ""
    format: str = ""
    region: str = ""
    time: str = ""
    paid: str = ""
    closing: str = ""
    sort: str = ""


@router.get("/opportunities", response=list[OpportunityOut], auth=None)
@paginate(PageNumberPagination, page_size=20)
def list_opportunities(request, filters: Query[SearchFilters]):
    """Open opportunities, with the same filters as the public search page."""
    return queries.search_opportunities(filters.dict())


@router.get("/opportunities/{slug}", response=OpportunityDetailOut, auth=None)
def get_opportunity(request, slug: str):
    opportunity = queries.public_opportunity(slug)
    if opportunity is None:
        raise Http404
    return opportunity
