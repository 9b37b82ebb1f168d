"""Public, read-only JSON for the ideas of published processes (mounted on the project's API)."""

# No "from __future__ import annotations": django-ninja reads the annotations at import time.

import datetime

from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from alongside.engagement import queries_ideas

router = Router(tags=["ideas"])


class IdsFirstPagination(PageNumberPagination):
    """As the idea board pages (``queries_ideas.IdsFirstPaginator``): ids through the sort's index
    first, then the page's rows with their process, topic and event."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * size
        ids = list(queryset.values_list("pk", flat=True)[offset : offset + size])
        rows = queryset.model._default_manager.select_related("process", "topic", "event").in_bulk(ids)
        return {self.items_attribute: [rows[pk] for pk in ids], "count": self._items_count(queryset)}


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
@paginate(IdsFirstPagination, page_size=20)
def list_ideas(request, filters: Query[IdeaFilters]):
    """Open ideas of published processes, newest or most supported first, as on the idea board.

    Filter by ``process`` (its web address) and ``topic`` (its id); ``q`` searches the words;
    ``sort`` is ``newest`` or ``supported``.
    """
    return queries_ideas.api_ideas(**filters.dict())
