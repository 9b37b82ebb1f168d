"""Every approved claim is paid exactly once, whatever the order of runs, retries and crashes."""

import contextlib
from decimal import Decimal

import pytest
import time_machine
from django.core.files.storage import default_storage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.payments import bacs, ledger, runs
from alongside.payments.models import Account, Claim, PaymentRun

from .helpers import TODAY, Team, approved_claim

POINTS = [
    "start",
    "files_built",
    "saved:csv",
    "saved:bacs",
    "claims_marked",
    "ledger_posted",
    "before_commit",
]
crash_at = st.one_of(
    st.none(), st.sampled_from(POINTS), st.integers(min_value=0, max_value=7).map(lambda n: f"row:{n}")
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("approve"), st.integers(min_value=1, max_value=4)),
        st.tuples(st.just("start"), st.booleans()),
        st.tuples(st.just("process"), crash_at),
    ),
    min_size=1,
    max_size=8,
)


class Killed(Exception):
    pass


def _crash(point):
    def crash(at):
        if at == point:
            raise Killed(at)

    return crash


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(history=steps)
def test_each_approved_claim_is_paid_exactly_once(history):
    team = Team()
    org = team.organisation
    approved = []
    for action, arg in history:
        if action == "approve":
            approved += [approved_claim(team).pk for _ in range(arg)]
        elif action == "start":
            waiting = list(
                Claim.objects.filter(organisation=org, status="approved", run_item__isnull=True).values_list(
                    "pk", flat=True
                )
            )
            with contextlib.suppress(runs.RunError):
                # Sometimes finance pick only some of the claims.
                run = runs.start_run(
                    org, by=team.finance, claim_ids=waiting[: len(waiting) // 2 or 1] if arg else None
                )
                runs.approve_run(run, by=team.finance2)
        else:
            for run in PaymentRun.objects.filter(organisation=org, status="approved"):
                with contextlib.suppress(Killed):
                    runs.process_run(run.pk, crash=_crash(arg))
    # Finish: start a last run for anything left, then retry every unfinished run until done.
    with contextlib.suppress(runs.RunError):
        runs.approve_run(runs.start_run(org, by=team.finance), by=team.finance2)
    for run in PaymentRun.objects.filter(organisation=org, status="approved"):
        runs.process_run(run.pk)

    paid = list(Claim.objects.filter(organisation=org, status="paid").values_list("pk", flat=True))
    assert sorted(paid) == sorted(approved)
    references = []
    for run in PaymentRun.objects.filter(organisation=org):
        with default_storage.open(runs.file_name(run, "bacs")) as handle:
            references += [c.reference for c in bacs.parse(handle.read().decode()).credits]
    assert sorted(references) == sorted(f"INVOLVEMENT {pk}" for pk in approved)
    assert ledger.balance(Account.BANK, organisation=org) == -Decimal("50.00") * len(approved)
    assert ledger.balance(Account.OWED, organisation=org) == 0
    assert ledger.balance(organisation=org) == 0
