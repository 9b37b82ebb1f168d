"""Public, read-only JSON for the ideas of published processes (mounted on the project's API)."""

# No "from __future__ import annotations": django-ninja reads the annotations at import time.

import datetime

from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from alongside.engagement import queries_ideas

router = Router(tags=["ideas"])


class TopicRef(Schema):
    id: int
    title: str


class IdeaOut(Schema):
    id: int
    title: str
    description: str
    process: str
    topic: TopicRef
    event: str | None
    support_count: int
    comment_count: int
    created_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_event(obj) -> str | None:
        return obj.event.title if obj.event else None

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("engagement:idea", kwargs={"slug": obj.process.slug, "pk": obj.pk})


class IdeaFilters(Schema):
    process: str = ""
    topic: int | None = None
    q: str = ""
    sort: str = "newest"


@router.get("/ideas", response=list[IdeaOut], auth=None)
@paginate(PageNumberPagination, page_size=20)
def list_ideas(request, filters: Query[IdeaFilters]):
    """Open ideas of published processes, newest or most supported first, as on the idea board.

    Filter by ``process`` (its web address) and ``topic`` (its id); ``q`` searches the words;
    ``sort`` is ``newest`` or ``supported``.
    """
    return queries_ideas.api_ideas(**filters.dict())
