"""The operations ``alongside bench`` measures, each with its limit.

For query work the limit is the same answer from one hand-written SQL statement on
the same database; for pages it is a minimal Django view returning the same bytes
through the same middleware. Capabilities that have not landed yet are skipped with
a note, so the harness runs on whatever is on main.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.utils import timezone

from alongside.accounts.models import Membership, Role
from alongside.bench import views as bench_views
from alongside.opportunities.models import Application, Opportunity
from alongside.people.models import Contributor


@dataclass
class Operation:
    name: str
    run: Callable[[], object]
    limit: Callable[[], object] | None
    kind: str = "query"  # query, page or job
    note: str = ""
    setup: Callable[[], object] | None = field(default=None, repr=False)


class Fixtures:
    """Typical arguments for the operations, chosen from the data so every scale has answers."""

    @cached_property
    def region(self) -> str:
        top = (
            Contributor.objects.filter(consent_findable=True)
            .values("region")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        return top["region"]

    @cached_property
    def topic_id(self) -> int:
        through = Contributor.interests.through
        return through.objects.values("topic_id").annotate(n=Count("id")).order_by("-n")[0]["topic_id"]

    @cached_property
    def topic_slug(self) -> str:
        from alongside.people.models import Topic

        return Topic.objects.get(pk=self.topic_id).slug

    @cached_property
    def experience_id(self) -> int:
        through = Contributor.lived_experience.through
        top = through.objects.values("livedexperience_id").annotate(n=Count("id")).order_by("-n")
        return top[0]["livedexperience_id"]

    @cached_property
    def opportunity(self) -> Opportunity:
        """The published opportunity with most applications: the heaviest page and list."""
        busiest = (
            Application.objects.filter(opportunity__status=Opportunity.Status.PUBLISHED)
            .values("opportunity_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if busiest:
            return Opportunity.objects.get(pk=busiest["opportunity_id"])
        return Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED).order_by("pk").first()

    @cached_property
    def researcher(self):
        """A researcher at the organisation with most opportunities."""
        org = self.opportunity.organisation_id if self.opportunity else None
        return (
            self.staff(Role.RESEARCHER, org) or Membership.objects.filter(role=Role.RESEARCHER).first().user
        )

    @cached_property
    def public_client(self) -> Client:
        return Client()

    def staff(self, role: str, organisation_id: int):
        membership = (
            Membership.objects.filter(role=role, organisation_id=organisation_id, ended_at__isnull=True)
            .select_related("user")
            .first()
        )
        return membership.user if membership else None

    def client_for(self, user) -> Client:
        """A client signed in as ``user`` as if password and authenticator had been used."""
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        client = Client()
        if user is None:
            return client
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": m, "at": time.time()} for m in ("password", "mfa")
        ]
        session.save()
        return client


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _sql(statement: str, params: list, *, fetch: bool = True) -> list:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if fetch else []


# ---- pages ---------------------------------------------------------------------------------------
def page(name: str, client: Client, url: str, *, writes: bool = False) -> Operation:
    """Time ``url``; the limit returns the same bytes from the minimal view through the same stack."""
    state: dict[str, bytes] = {}

    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        state["body"] = response.content
        return response

    def limit():
        bench_views.echo_body["body"] = state["body"]
        return client.get("/bench/echo")

    # Pages that write (an access-log row per person shown) run in a rolled-back transaction.
    return Operation(name, run, limit, kind="job" if writes else "page")


# ---- researcher search ---------------------------------------------------------------------------
def researcher_search(f: Fixtures) -> Operation:
    """Three filters over the national database: a lived experience, a region, and taking part online."""
    from alongside.people.queries import SearchFilters, search_contributors

    filters = SearchFilters(experiences=(f.experience_id,), regions=(f.region,), modes=("online",))
    researcher = f.researcher
    return Operation(
        "researcher search (3 filters)",
        lambda: search_contributors(researcher, filters),
        lambda: _researcher_search_sql(f.experience_id, f.region),
    )


def researcher_search_page(f: Fixtures) -> Operation:
    url = f"/staff/search/?experiences={f.experience_id}&regions={quote(f.region)}&modes=online"
    return page("page: researcher search", f.client_for(f.researcher), url)


def _researcher_search_sql(experience_id: int, region: str) -> tuple[int, int]:
    """The same count and set fingerprint (``people.disclosure``), in one hand-written statement."""
    from alongside.people import disclosure, searchcodes
    from alongside.people.models import SearchEntry

    statement = (
        f"SELECT COUNT(*), MIN({disclosure.member_key_sql()}) FROM {_table(SearchEntry)} "  # noqa: S608 - numbers only
        "WHERE tag = %s AND region = %s AND (modes & %s) = %s"
    )
    params = [SearchEntry.EXPERIENCE_BASE + experience_id, searchcodes.REGION[region], 1, 1]
    return _sql(statement, params)[0]


# ---- public opportunity search ---------------------------------------------------------------------
PUBLIC_PAGE_SIZE = 20


def opportunity_search(f: Fixtures) -> Operation:
    """Open opportunities on a topic in a region, first page and count, closing soonest first."""
    try:
        from alongside.opportunities.queries import search_opportunities
    except ImportError:
        search_opportunities = None
    filters = {"topic": f.topic_slug, "region": f.region}
    if search_opportunities is None:
        run = lambda: _opportunity_orm(filters)  # noqa: E731
        note = "opportunities.queries not on main yet: equivalent ORM query"
    else:
        run = lambda: _evaluate_page(search_opportunities(filters))  # noqa: E731
        note = ""
    return Operation("public opportunity search", run, lambda: _opportunity_sql(filters), note=note)


def _evaluate_page(queryset) -> tuple[int, list]:
    """What a paginated list does: count, then the first page."""
    return queryset.count(), list(queryset[:PUBLIC_PAGE_SIZE])


def _opportunity_orm(filters) -> tuple[int, list]:
    matches = Opportunity.objects.filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=timezone.localdate()),
        status=Opportunity.Status.PUBLISHED,
        region=filters["region"],
        topics__slug=filters["topic"],
    )
    return _evaluate_page(
        matches.select_related("organisation").prefetch_related("topics").order_by("closes_on", "pk")
    )


def _opportunity_sql(filters) -> tuple[int, list, list]:
    """Count, page (with the organisation) and the page's topics, in three statements."""
    through = _table(Opportunity.topics.through)
    where = (
        f"FROM {_table(Opportunity)} o JOIN accounts_organisation org ON org.id = o.organisation_id "  # noqa: S608
        "WHERE o.status = %s AND (o.closes_on IS NULL OR o.closes_on >= %s) AND o.region = %s "
        f"AND EXISTS (SELECT 1 FROM {through} x JOIN people_topic t ON t.id = x.topic_id "
        "WHERE x.opportunity_id = o.id AND t.slug = %s)"
    )
    params = ["published", timezone.localdate(), filters["region"], filters["topic"]]
    total = _sql(f"SELECT COUNT(*) {where}", params)[0][0]
    rows = _sql(
        f"SELECT o.id, o.title, o.slug, o.summary, o.format, o.closes_on, o.paid, org.name {where} "
        f"ORDER BY o.closes_on, o.id LIMIT {PUBLIC_PAGE_SIZE}",
        params,
    )
    ids = [row[0] for row in rows]
    topics = []
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        topics = _sql(
            f"SELECT x.opportunity_id, t.name, t.slug FROM {through} x "  # noqa: S608
            f"JOIN people_topic t ON t.id = x.topic_id WHERE x.opportunity_id IN ({marks})",
            ids,
        )
    return total, rows, topics


# ---- the list ------------------------------------------------------------------------------------
def all_operations(f: Fixtures) -> tuple[list[Operation], list[str]]:
    """Every operation that can run on this code base, and notes for those that cannot yet."""
    public = f.public_client
    ops = [
        researcher_search(f),
        researcher_search_page(f),
        opportunity_search(f),
        page("page: home", public, "/"),
        page(
            "page: opportunity search",
            public,
            f"/opportunities/?topic={f.topic_slug}&region={quote(f.region)}",
        ),
    ]
    skipped = []
    for builder in _capability_builders():
        op, why = builder(f)
        if op is None:
            skipped.append(why)
        else:
            ops.append(op)
    return ops, skipped


def _capability_builders():
    from alongside.bench import capability_operations

    return capability_operations.BUILDERS


__all__ = ["Fixtures", "Operation", "all_operations", "Role"]
