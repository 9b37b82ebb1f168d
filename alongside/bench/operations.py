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


def _sql(statement: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


# ---- pages ---------------------------------------------------------------------------------------
def page(name: str, client: Client, url: str) -> Operation:
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

    return Operation(name, run, limit, kind="page")


# ---- researcher search ---------------------------------------------------------------------------
def researcher_search(f: Fixtures) -> Operation:
    filters = {"region": f.region, "topic": f.topic_id, "experience": f.experience_id}
    try:
        from alongside.people.queries import search_contributors
    except ImportError:
        search_contributors = None
    if search_contributors is not None:
        return _researcher_search_from_people(f, search_contributors, filters)
    return Operation(
        "researcher search (3 filters)",
        lambda: _researcher_search_orm(filters),
        lambda: _researcher_search_sql(filters),
        note="people.queries.search_contributors not on main yet: equivalent ORM query",
    )


def _researcher_search_from_people(f: Fixtures, search, filters) -> Operation:
    return Operation(
        "researcher search (3 filters)",
        lambda: search(**filters),
        lambda: _researcher_search_sql(filters),
    )


def _researcher_search_orm(filters) -> tuple[int, list]:
    matches = Contributor.objects.filter(
        consent_findable=True,
        status="active",
        region=filters["region"],
        interests=filters["topic"],
        lived_experience=filters["experience"],
    )
    page = list(matches.order_by("last_name", "first_name", "pk").values("pk", "reference", "region")[:25])
    return matches.count(), page


def _researcher_search_sql(filters) -> tuple[int, list]:
    interests = _table(Contributor.interests.through)
    experience = _table(Contributor.lived_experience.through)
    # Table names come from the models; every value is a parameter.
    where = (
        f"FROM {_table(Contributor)} c WHERE c.consent_findable AND c.status = %s AND c.region = %s "  # noqa: S608
        f"AND EXISTS (SELECT 1 FROM {interests} i WHERE i.contributor_id = c.id AND i.topic_id = %s) "
        f"AND EXISTS (SELECT 1 FROM {experience} e WHERE e.contributor_id = c.id "
        "AND e.livedexperience_id = %s)"
    )
    params = ["active", filters["region"], filters["topic"], filters["experience"]]
    total = _sql(f"SELECT COUNT(*) {where}", params)[0][0]  # noqa: S608 - table names from models
    rows = _sql(
        f"SELECT c.id, c.reference, c.region {where} ORDER BY c.last_name, c.first_name, c.id LIMIT 25",  # noqa: S608
        params,
    )
    return total, rows


# ---- public opportunity search ---------------------------------------------------------------------
def opportunity_search(f: Fixtures) -> Operation:
    filters = {"topic": f.topic_id, "region": f.region}
    try:
        from alongside.opportunities.queries import search_opportunities
    except ImportError:
        search_opportunities = None
    run = (
        (lambda: search_opportunities(**filters))
        if search_opportunities
        else lambda: _opportunity_orm(filters)
    )
    return Operation(
        "public opportunity search",
        run,
        lambda: _opportunity_sql(filters),
        note="" if search_opportunities else "opportunities.queries not on main yet: equivalent ORM query",
    )


def _opportunity_orm(filters) -> tuple[int, list]:
    matches = Opportunity.objects.filter(
        Q(region=filters["region"]) | Q(region=""),
        status=Opportunity.Status.PUBLISHED,
        closes_on__gte=timezone.localdate(),
        topics=filters["topic"],
    )
    page = list(matches.select_related("organisation").order_by("closes_on", "pk")[:20])
    return matches.count(), page


def _opportunity_sql(filters) -> tuple[int, list]:
    topics = _table(Opportunity.topics.through)
    where = (
        f"FROM {_table(Opportunity)} o WHERE o.status = %s AND o.closes_on >= %s "  # noqa: S608
        "AND (o.region = %s OR o.region = '') "
        f"AND EXISTS (SELECT 1 FROM {topics} t WHERE t.opportunity_id = o.id AND t.topic_id = %s)"
    )
    params = ["published", timezone.localdate(), filters["region"], filters["topic"]]
    total = _sql(f"SELECT COUNT(*) {where}", params)[0][0]  # noqa: S608
    rows = _sql(
        "SELECT o.id, o.title, o.slug, o.summary, o.closes_on, org.name "  # noqa: S608
        f"{where.replace('WHERE', 'JOIN accounts_organisation org ON org.id = o.organisation_id WHERE', 1)} "
        "ORDER BY o.closes_on, o.id LIMIT 20",
        params,
    )
    return total, rows


# ---- the list ------------------------------------------------------------------------------------
def all_operations(f: Fixtures) -> tuple[list[Operation], list[str]]:
    """Every operation that can run on this code base, and notes for those that cannot yet."""
    public = Client()
    ops = [
        researcher_search(f),
        opportunity_search(f),
        page("page: home", public, "/"),
        page("page: opportunity search", public, f"/opportunities/?topic={f.topic_id}"),
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
