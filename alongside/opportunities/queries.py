"""Read-side selectors for opportunities.

``search_opportunities(filters)`` is the public search, with a stable signature: the benchmark
helper calls it directly. ``filters`` is any mapping of strings (a QueryDict works):

- ``q``: words in the title or summary
- ``topic``: a topic slug; ``format``; ``region`` (also lists those open everywhere);
  ``level``: a pathway level id
- ``time``: ``short`` (up to 2 hours), ``medium`` (up to 10 hours) or ``long``
- ``paid``: ``yes`` or ``no``; ``closing``: ``soon`` (closes within 14 days)
- ``sort``: ``closing`` (default), ``newest`` or ``title``

It returns an unevaluated queryset of published opportunities whose closing date is today or later, with the
organisation and pathway level joined and topics prefetched, so a page costs the same number of
queries whatever the data size.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from alongside.accounts.permissions import organisation_ids
from alongside.core import page_cache
from alongside.opportunities.models import (
    Activity,
    Application,
    Contribution,
    Format,
    Opportunity,
    PathwayLevel,
)
from alongside.opportunities.roles import REVIEWERS
from alongside.people.models import Topic

CLOSING_SOON_DAYS = 14
SORTS = {
    "closing": ("closes_on", "pk"),
    "newest": ("-published_at", "-pk"),
    "title": ("title", "pk"),
}
TIME_BANDS = {"short": (None, 2), "medium": (2, 10), "long": (10, None)}
LONG_TEXTS = ("what_you_would_do", "who_we_want", "easy_read", "targets", "support_offered")


def public_opportunities(on: datetime.date | None = None) -> QuerySet[Opportunity]:
    """Published opportunities that have not closed. The only door to public pages."""
    on = on or timezone.localdate()
    # Every published opportunity has a closing date (publishing refuses one without), so this is
    # a range on the (status, closes_on) index, already in closing order.
    return Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED, closes_on__gte=on)


def published_opportunities() -> QuerySet[Opportunity]:
    """Published, open or not (an opportunity page stays readable after it closes)."""
    return Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED)


def closed_opportunity(slug: str) -> Opportunity | None:
    """An opportunity staff closed early: its address says so instead of "page not found"."""
    return (
        Opportunity.objects.filter(status=Opportunity.Status.CLOSED, slug=slug)
        .select_related("organisation")
        .first()
    )


def similar_open(opportunity: Opportunity, limit: int = 3) -> list[Opportunity]:
    """Open opportunities sharing most topics with ``opportunity`` (then the soonest to close)."""
    topic_ids = list(opportunity.topics.values_list("pk", flat=True))
    shared = Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
    return list(
        public_opportunities()
        .exclude(pk=opportunity.pk)
        .select_related("organisation")
        .defer(*LONG_TEXTS)
        .annotate(shared=shared)
        .order_by("-shared", "closes_on", "pk")[:limit]
    )


def application_of(opportunity: Opportunity, user) -> Application | None:
    """The signed-in person's own application to ``opportunity``, if they made one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Application.objects.filter(opportunity=opportunity, contributor__user=user).first()


def _clean(filters: Mapping[str, str] | None) -> dict[str, str]:
    if not filters:
        return {}
    return {key: str(filters.get(key, "") or "").strip() for key in filters}


def search_opportunities(filters: Mapping[str, str] | None = None, *, on: datetime.date | None = None):
    on = on or timezone.localdate()
    f = _clean(filters)
    qs = public_opportunities(on)
    if f.get("q"):
        for word in f["q"].split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    if f.get("topic"):
        qs = qs.filter(topics__slug=f["topic"])
    if f.get("format") in Format.values:
        qs = qs.filter(format=f["format"])
    if f.get("region"):
        # Opportunities not tied to a region (online, by post) are open to people everywhere.
        qs = qs.filter(region__in=[f["region"], ""])
    if f.get("level", "").isdigit():
        qs = qs.filter(pathway_level_id=int(f["level"]))
    if f.get("time") in TIME_BANDS:
        low, high = TIME_BANDS[f["time"]]
        if low is not None:
            qs = qs.filter(time_needed_hours__gt=low)
        if high is not None:
            qs = qs.filter(time_needed_hours__lte=high)
    if f.get("paid") in ("yes", "no"):
        qs = qs.filter(paid=f["paid"] == "yes")
    if f.get("closing") == "soon":
        qs = qs.filter(closes_on__lte=on + datetime.timedelta(days=CLOSING_SOON_DAYS))
    return (
        qs.select_related("organisation", "pathway_level")
        # The long texts are for the opportunity's own page, not for result cards.
        .defer(*LONG_TEXTS)
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("pk", "name", "name_cy", "slug")))
        .order_by(*SORTS.get(f.get("sort", ""), SORTS["closing"]))
    )


# Every filter that changes which opportunities match (not the order, not the page).
COUNTED_FILTERS = ("q", "topic", "format", "region", "level", "time", "paid", "closing")
# How long a count is trusted: the listing's version is in the key, so a change shows at once; this
# only bounds how long unused counts take room in the cache.
COUNT_SECONDS = 300


def search_count(filters: Mapping[str, str] | None = None, *, on: datetime.date | None = None) -> int:
    """How many open opportunities match ``filters``: counted once per filter set and day, and kept
    until the listing changes, so the next pages of a search cost no count."""
    on = on or timezone.localdate()
    f = _clean(filters)
    wanted = "&".join(f"{name}={f.get(name, '')}" for name in COUNTED_FILTERS)
    try:
        versions = page_cache.versions_of(page_cache.LISTING)
        key = "opportunity-count:" + hashlib.sha256(f"{versions}|{on}|{wanted}".encode()).hexdigest()
        known = caches["pages"].get(key)
    except Exception:  # noqa: BLE001 - without the cache, count every time
        return search_opportunities(f, on=on).count()
    if known is None:
        known = search_opportunities(f, on=on).count()
        with contextlib.suppress(Exception):  # the count is still right without the cache
            caches["pages"].set(key, known, COUNT_SECONDS)
    return known


def public_opportunity(slug: str) -> Opportunity | None:
    # Nothing prefetched: for one opportunity a prefetch costs the query it would save, and the page
    # reads its sessions only when its kept text has to be written again.
    return (
        published_opportunities()
        .select_related("organisation", "pathway_level", "project")
        .filter(slug=slug)
        .first()
    )


def active_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(active=True).only("pk", "name", "name_cy", "slug")


@dataclass
class WayInLevel:
    level: PathwayLevel
    open_count: int


def way_in_levels(on: datetime.date | None = None) -> list[WayInLevel]:
    on = on or timezone.localdate()
    open_filter = Q(opportunities__status=Opportunity.Status.PUBLISHED, opportunities__closes_on__gte=on)
    levels = (
        PathwayLevel.objects.select_related("organisation")
        .annotate(open_count=Count("opportunities", filter=open_filter))
        .order_by("organisation__name", "position", "pk")
    )
    return [WayInLevel(level, level.open_count) for level in levels[:200]]


# --- Staff reads -------------------------------------------------------------------------------


def staff_opportunities(scoped: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    return scoped.select_related("organisation", "project").annotate(
        application_count=Count("applications", distinct=True)
    )


def waiting_for_review(user) -> int:
    """Opportunities sent for review in the organisations where ``user`` reviews them."""
    organisations = organisation_ids(user, REVIEWERS)
    if not organisations:
        return 0
    return Opportunity.objects.filter(
        organisation_id__in=organisations, status=Opportunity.Status.IN_REVIEW
    ).count()


def applicants(opportunity: Opportunity) -> QuerySet[Application]:
    return (
        Application.objects.filter(opportunity=opportunity)
        .select_related("contributor", "recorded_by")
        .order_by("created_at", "pk")
    )


DRAWN_FROM = (Application.Status.RECEIVED, Application.Status.SHORTLISTED)


def draw_pool(opportunity_id: int) -> QuerySet[Application]:
    """Applicants a representative draw chooses from (received or shortlisted), with their features."""
    return (
        Application.objects.filter(opportunity_id=opportunity_id, status__in=DRAWN_FROM)
        .select_related("contributor", "contributor__equality")
        .order_by("pk")
    )


def activities_for(opportunity: Opportunity) -> QuerySet[Activity]:
    return Activity.objects.filter(opportunity=opportunity).annotate(attended=Count("contributions"))


def involvement_of(contributor) -> tuple[QuerySet[Application], QuerySet[Contribution]]:
    applications = (
        Application.objects.filter(contributor=contributor)
        .select_related("opportunity", "opportunity__organisation")
        .order_by("-created_at")
    )
    contributions = (
        Contribution.objects.filter(contributor=contributor)
        .select_related("activity", "opportunity")
        .order_by("-date", "-pk")
    )
    return applications, contributions
