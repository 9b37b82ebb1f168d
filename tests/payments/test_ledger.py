import contextlib
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from alongside.payments import ledger, runs, services
from alongside.payments.ledger import Line, UnbalancedTransaction
from alongside.payments.models import Account, Claim, LedgerEntry, LedgerTransaction, Method, PaymentRun
from alongside.payments.money import ZERO

from .helpers import TODAY, Team, approved_claim, submitted_claim


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_an_unbalanced_transaction_is_refused():
    team = Team()
    with pytest.raises(UnbalancedTransaction):
        ledger.post(
            organisation=team.organisation,
            kind="approval",
            lines=[Line(Account.FEES, Decimal("10.00")), Line(Account.OWED, Decimal("-9.99"))],
        )
    assert not LedgerTransaction.objects.exists()


def test_ledger_rows_cannot_be_changed_or_deleted_through_the_models():
    team = Team()
    approved_claim(team)
    entry = LedgerEntry.objects.first()
    entry.amount = Decimal("1.00")
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        entry.transaction.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is created on PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE payments_ledgerentry SET amount = 0",
        "DELETE FROM payments_ledgerentry",
        "UPDATE payments_ledgertransaction SET memo = 'changed'",
        "DELETE FROM payments_ledgertransaction",
    ],
)
def test_the_database_refuses_updates_and_deletes_of_ledger_rows(sql):
    team = Team()
    approved_claim(team)
    with (
        pytest.raises(DatabaseError, match="never changed or deleted"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute(sql)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.all().update(amount=0)
    assert ledger.balance(organisation=team.organisation) == 0
    assert LedgerEntry.objects.exclude(amount=0).exists()


CRASH_POINTS = [
    None,
    "start",
    "row:0",
    "row:1",
    "files_built",
    "saved:bacs",
    "claims_marked",
    "ledger_posted",
]


class Crash(Exception):
    pass


class Payments(RuleBasedStateMachine):
    """Random sequences of claims moving through approval, runs, crashes and reversals."""

    @initialize()
    def setup(self):
        self.team = Team()
        self.org = self.team.organisation
        self.paid_by_run: dict[int, set[int]] = {}

    def _ids(self, status):
        return list(Claim.objects.filter(organisation=self.org, status=status).values_list("pk", flat=True))

    @rule(method=st.sampled_from([Method.BANK, Method.VOUCHER, Method.DECLINE, Method.LOWER]))
    def submit(self, method):
        extra = {"lower_amount": "12.34"} if method == Method.LOWER else {}
        submitted_claim(self.team, method=method, minutes=50, **extra)

    @rule(data=st.data())
    def approve(self, data):
        ids = self._ids(Claim.Status.SUBMITTED)
        if ids:
            claim = Claim.objects.get(pk=data.draw(st.sampled_from(ids)))
            services.check(claim, by=self.team.checker)
            services.approve(claim, by=self.team.finance)

    @rule(data=st.data())
    def reject(self, data):
        ids = self._ids(Claim.Status.SUBMITTED)
        if ids:
            claim = Claim.objects.get(pk=data.draw(st.sampled_from(ids)))
            services.reject(claim, by=self.team.checker, reason="Not this time")

    @rule(data=st.data())
    def reverse(self, data):
        ids = [
            pk
            for pk in self._ids(Claim.Status.APPROVED) + self._ids(Claim.Status.PAID)
            if not Claim.objects.filter(
                pk=pk, run_item__run__status__in=[PaymentRun.Status.READY, PaymentRun.Status.APPROVED]
            ).exists()
        ]
        if ids:
            claim = Claim.objects.get(pk=data.draw(st.sampled_from(ids)))
            services.reverse_claim(claim, by=self.team.finance2, reason="Mistake")

    @rule()
    def start_run(self):
        with contextlib.suppress(runs.RunError):
            runs.approve_run(runs.start_run(self.org, by=self.team.finance), by=self.team.finance2)

    @rule(data=st.data(), point=st.sampled_from(CRASH_POINTS))
    def process(self, data, point):
        pending = list(
            PaymentRun.objects.filter(organisation=self.org, status="approved").values_list("pk", flat=True)
        )
        if not pending:
            return
        run_id = data.draw(st.sampled_from(pending))

        def crash(at):
            if at == point:
                raise Crash(at)

        try:
            runs.process_run(run_id, crash=crash)
        except Crash:
            return
        paid = set(Claim.objects.filter(run_item__run_id=run_id).values_list("pk", flat=True))
        for other, claims in self.paid_by_run.items():
            assert not (claims & paid), f"claims paid by runs {other} and {run_id}"
        self.paid_by_run[run_id] = paid

    @invariant()
    def every_transaction_balances(self):
        if hasattr(self, "org"):
            assert not ledger.unbalanced_transactions().filter(transaction__organisation=self.org).exists()
            assert ledger.balance(organisation=self.org) == 0

    @invariant()
    def owed_equals_approved_but_unpaid_claims(self):
        if not hasattr(self, "org"):
            return
        approved = Claim.objects.filter(organisation=self.org, status=Claim.Status.APPROVED)
        expected = sum((c.total for c in approved), ZERO)
        assert ledger.balance(Account.OWED, organisation=self.org) == -expected

    @invariant()
    def paid_claims_are_exactly_those_in_finished_runs(self):
        if not hasattr(self, "org"):
            return
        in_done_runs = set(
            Claim.objects.filter(organisation=self.org, run_item__run__status="done").values_list(
                "pk", flat=True
            )
        )
        paid = set(self._ids(Claim.Status.PAID))
        reversed_after_paying = set(
            Claim.objects.filter(
                organisation=self.org, status="reversed", run_item__run__status="done"
            ).values_list("pk", flat=True)
        )
        assert paid == in_done_runs - reversed_after_paying
        assert not Claim.objects.filter(organisation=self.org, status="paid", run_item__isnull=True).exists()


def test_the_ledger_always_balances_and_each_claim_is_paid_once_across_random_histories():
    # The checks are the machine's invariants, run after every step; make sure none was lost.
    checked = {
        name for name, member in vars(Payments).items() if hasattr(member, "hypothesis_stateful_invariant")
    }
    assert checked == {
        "every_transaction_balances",
        "owed_equals_approved_but_unpaid_claims",
        "paid_claims_are_exactly_those_in_finished_runs",
    }
    run_state_machine_as_test(
        Payments,
        settings=settings(
            max_examples=40,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


def test_a_ledger_line_pointing_at_a_missing_row_is_found_and_reported(caplog):
    team = Team()
    claim = approved_claim(team)
    assert not ledger.orphaned_entries().exists()  # the approval's lines point at real rows
    missing = claim.pk + 10_000
    ledger.post(
        organisation=team.organisation,
        kind=LedgerTransaction.Kind.APPROVAL,
        lines=[Line(Account.FEES, Decimal("1.00"), claim_id=missing), Line(Account.OWED, Decimal("-1.00"))],
    )
    assert list(ledger.orphaned_entries().values_list("claim_id", flat=True)) == [missing]
    from alongside.payments import reconciliation

    with caplog.at_level("ERROR", logger="alongside.payments.reconciliation"):
        reconciliation.reconcile_all()
    assert "no longer exist" in caplog.text
