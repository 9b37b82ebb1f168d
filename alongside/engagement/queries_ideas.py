"""Read-side selectors for ideas, rounds and actions.

The idea board pages in the database: ``support_count`` is kept on the idea, and the two sorts
(newest, most supported) each walk one index (``idea_board_newest``, ``idea_board_supported``),
so a page costs the same at 100 ideas as at 10,000: a count, the page, and who supports what.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from alongside.accounts.permissions import scope
from alongside.engagement.models import (
    Action,
    Idea,
    IdeaSupport,
    Process,
    Round,
    Topic,
)
from alongside.engagement.roles import ENGAGERS

SORTS = {
    "newest": ("-created_at", "-id"),
    "supported": ("-support_count", "-created_at", "-id"),
}


class IdsFirstPaginator(Paginator):
    """Pages by ids first, then reads the page's rows by primary key.

    The offset then walks only the sort's index (an index-only scan on PostgreSQL: no row is read
    for the thousands of ideas skipped on a deep page), and the related rows are joined for the
    page's 20 ideas, not for every idea before them.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.model._default_manager.select_related(*self.related).in_bulk(ids)
        return self._get_page([rows[pk] for pk in ids], number, self)

    def __init__(self, object_list, per_page, *, related=(), **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.related = related


def sort_key(value: str | None) -> str:
    return value if value in SORTS else "newest"


def search(ideas: QuerySet[Idea], q: str) -> QuerySet[Idea]:
    q = (q or "").strip()
    if not q:
        return ideas
    return ideas.filter(Q(title__icontains=q) | Q(description__icontains=q))


def board(topic: Topic, *, q: str = "", sort: str = "newest") -> QuerySet[Idea]:
    """Open ideas on a topic, searched and sorted, ready to page."""
    ideas = Idea.objects.filter(topic=topic, state=Idea.State.OPEN)
    return search(ideas, q).order_by(*SORTS[sort_key(sort)])


def process_ideas(
    process: Process, *, q: str = "", sort: str = "newest", topic=None, state=None
) -> QuerySet[Idea]:
    ideas = Idea.objects.filter(process=process).select_related("topic", "event", "author", "merged_into")
    if topic:
        ideas = ideas.filter(topic_id=topic)
    if state:
        ideas = ideas.filter(state=state)
    return search(ideas, q).order_by(*SORTS[sort_key(sort)])


def api_ideas(
    *, process: str = "", topic: int | None = None, q: str = "", sort: str = "newest"
) -> QuerySet[Idea]:
    """Open ideas of published processes, for the API."""
    ideas = Idea.objects.filter(state=Idea.State.OPEN, process__published=True).select_related(
        "process", "topic", "event"
    )
    if process:
        ideas = ideas.filter(process__slug=process)
    if topic:
        ideas = ideas.filter(topic_id=topic)
    return search(ideas, q).order_by(*SORTS[sort_key(sort)])


def supported_by(person, ideas) -> set[int]:
    """Which of ``ideas`` (a page) ``person`` supports: one query for the page."""
    if person is None:
        return set()
    pks = [idea.pk for idea in ideas]
    return set(IdeaSupport.objects.filter(person=person, idea_id__in=pks).values_list("idea_id", flat=True))


def topics_with_counts(process: Process) -> list[Topic]:
    open_ideas = Count("ideas", filter=Q(ideas__state=Idea.State.OPEN))
    return list(process.topics.annotate(idea_count=open_ideas).order_by("position", "pk"))


def open_rounds(process: Process) -> list[Round]:
    return list(process.rounds.filter(status=Round.Status.OPEN).order_by("-opened_at", "-pk"))


def history(idea: Idea):
    return idea.revisions.select_related("event", "by").prefetch_related("related").order_by("at", "pk")


def processes_overview(user) -> QuerySet[Process]:
    """Each process the user runs, with how many ideas, rounds and actions it has."""

    def count(model, **extra):
        rows = model.objects.filter(process=OuterRef("pk"), **extra).order_by().values("process")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)

    queryset = Process.objects.select_related("organisation").annotate(
        idea_count=count(Idea, state=Idea.State.OPEN), round_count=count(Round), action_count=count(Action)
    )
    return scope(user, queryset, roles=ENGAGERS).order_by("-created_at", "-pk")


def actions_by_area(process: Process):
    """The process's areas, each with its actions (two queries, whatever the size)."""
    areas = list(process.improvement_areas.order_by("position", "pk"))
    actions = (
        Action.objects.filter(process=process)
        .select_related("owner", "round")
        .prefetch_related("ideas")
        .order_by("position", "pk")
    )
    grouped: dict[int, list[Action]] = {area.pk: [] for area in areas}
    for action in actions:
        grouped[action.area_id].append(action)
    return [(area, grouped[area.pk]) for area in areas]
