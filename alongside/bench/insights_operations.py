"""The national representation view over the whole synthetic population (issue 13).

The counts behind the view are worked out once (``insights.services.refresh_counts``, the
nightly job) if the bench database has none yet; the page and the query are then timed as a
national admin opens them. The limit for the query is one hand-written GROUP BY over the kept
counts; for the page, the minimal view returning the same bytes.
"""

from __future__ import annotations

import time

from alongside.accounts.models import Membership, Organisation, Role, User
from alongside.bench.operations import Operation, _sql, _table, page

NATIONAL_EMAIL = "bench-national@national.example"


def counts_ready(log=print) -> float | None:
    """Work out the counts if there are none yet; the seconds it took, or None if they were there."""
    from alongside.insights.models import CountRefresh
    from alongside.insights.services import refresh_counts

    if CountRefresh.objects.filter(finished_at__isnull=False).exists():
        return None
    started = time.perf_counter()
    refresh_counts()
    seconds = time.perf_counter() - started
    log(f"insights: counts worked out in {seconds:.1f} s")
    return seconds


def national_admin() -> User:
    # Each part made if missing, so a run stopped half-way (e.g. no cache table yet) is mended.
    user = User.objects.filter(email=NATIONAL_EMAIL).first() or User.objects.create_user(email=NATIONAL_EMAIL)
    team, _ = Organisation.objects.get_or_create(
        slug="bench-national", defaults={"name": "Bench national team", "type": Organisation.Type.NIHR}
    )
    Membership.objects.get_or_create(user=user, organisation=team, role=Role.NATIONAL_ADMIN)
    return user


def representation_query(f):
    from alongside.insights import queries
    from alongside.insights.models import InvolvedCount, Involvement

    counts_ready()
    refresh, release = queries.latest_refresh(), queries.current_release()

    def run():
        return queries.representation(queries.Scope(), Involvement.REGISTERED, refresh.as_at, release)

    def limit():
        return _sql(
            f"SELECT dimension, category, SUM(count) FROM {_table(InvolvedCount)} "  # noqa: S608 - no input
            "WHERE involvement = %s AND as_at = %s AND organisation_id IS NULL GROUP BY dimension, category",
            [Involvement.REGISTERED, refresh.as_at],
        )

    return Operation("insights: national representation (query)", run, limit), None


def representation_page(f):
    counts_ready()
    client = f.client_for(national_admin())
    url = "/staff/insights/representation/?scope=national"
    return page("page: national representation", client, url), None


def region_representation_page(f):
    """A region, counting those who took part in the last 12 months (the largest region)."""
    counts_ready()
    client = f.client_for(national_admin())
    url = "/staff/insights/representation/?scope=region-London&involved=active"
    return page("page: region representation (took part)", client, url), None
