"""Run-preparation family: two finance users preparing a run for one organisation at the same moment
get one run and one clear refusal, never a database error.

Before: the project's own PostgreSQL race test failed once on a loaded machine: one of the two got a
unique violation on the run item's claim (the constraint held, so no money moved twice, but the
person saw a server error). Here the race runs 50 times.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from alongside.payments import runs
from alongside.payments.models import PaymentRun, PaymentRunItem
from alongside.payments.runs import RUN_PREPARATION_LOCK, RunError
from tests.builders import sign_in

from .helpers import Team, approved_claim

ROUNDS = 50
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="advisory locks need PostgreSQL"
)


pytestmark = pytest.mark.usefixtures("on_the_test_day")


def test_a_second_preparation_is_told_where_the_claims_went(client):
    team = Team(totp=True)
    approved_claim(team)
    first = runs.start_run(team.organisation, by=team.finance)
    with pytest.raises(
        RunError, match=f"run {first.pk}, prepared by {team.finance}, is waiting for approval"
    ):
        runs.start_run(team.organisation, by=team.finance2)
    sign_in(client, team.finance2)
    page = client.post(reverse("payments:run_start"), {"organisation": team.organisation.pk}, follow=True)
    assert "is waiting for approval" in page.content.decode()
    assert PaymentRun.objects.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_while_someone_is_preparing_a_run_a_second_person_is_told_so():
    team = Team()
    approved_claim(team)
    holding, release = threading.Event(), threading.Event()

    def prepare_slowly():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", [RUN_PREPARATION_LOCK, team.organisation.pk]
                )
                holding.set()
                release.wait(timeout=30)
                cursor.execute("COMMIT")
        finally:
            connections.close_all()

    other = threading.Thread(target=prepare_slowly)
    other.start()
    assert holding.wait(timeout=30)
    try:
        with pytest.raises(RunError, match="preparing a payment run for this organisation right now"):
            runs.start_run(team.organisation, by=team.finance)
    finally:
        release.set()
        other.join()
    assert runs.start_run(team.organisation, by=team.finance).claim_count == 1


def _race(team) -> tuple[list[int], list[str], list[str]]:
    """Two finance users press "Pay approved claims" at the same moment: (runs made, refusals, errors)."""
    barrier = threading.Barrier(2)
    made, refusals, errors = [], [], []

    def prepare(user):
        try:
            barrier.wait(timeout=30)
            made.append(runs.start_run(team.organisation, by=user).pk)
        except RunError as refusal:
            refusals.append(str(refusal))
        except Exception as error:  # noqa: BLE001 - every other outcome is a failure, reported by the test
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=prepare, args=(u,)) for u in (team.finance, team.finance2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return made, refusals, errors


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_people_preparing_runs_at_once_fifty_times_get_one_run_and_one_clear_refusal_each_time():
    team = Team()
    all_refusals = []
    for round_number in range(ROUNDS):
        claims = {approved_claim(team).pk for _ in range(3)}
        made, refusals, errors = _race(team)
        assert not errors, f"round {round_number}: {errors}"
        assert len(made) == 1, f"round {round_number}: {len(made)} runs"
        assert set(PaymentRunItem.objects.filter(run_id=made[0]).values_list("claim_id", flat=True)) == claims
        all_refusals += refusals
    taken = list(PaymentRunItem.objects.values_list("claim_id", flat=True))
    assert len(taken) == len(set(taken)) == 3 * ROUNDS
    assert len(all_refusals) == ROUNDS
    assert all("right now" in r or "waiting for approval" in r for r in all_refusals)
