"""Security catalogue item 97: export, ledger and bank confirmations reconciled nightly; a difference
raises an alert and blocks the next run until finance resolve it."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from alongside.accounts.models import AccessLog
from alongside.payments import confirmations, reconciliation, runs, tasks
from alongside.payments.models import (
    FinanceSettings,
    PaymentRunItem,
    ReconciliationAlert,
)
from alongside.payments.runs import RunError
from tests.builders import sign_in

from .helpers import TODAY, Team, approved_claim

LATER = TODAY + datetime.timedelta(days=6)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    return Team(totp=True)


@pytest.fixture
def run(team):
    for _ in range(2):
        approved_claim(team)
    return runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)


def confirm(run, team, statuses, amounts=None):
    rows = ["line,claim,amount,status,reason"]
    for item in PaymentRunItem.objects.filter(run=run).order_by("sequence"):
        if item.sequence in statuses:
            amount = (amounts or {}).get(item.sequence, item.total)
            rows.append(f"{item.sequence},{item.claim_id},{amount},{statuses[item.sequence]},Closed")
    return confirmations.import_file(run, "\n".join(rows).encode(), by=team.finance)


def test_a_confirmed_run_that_matches_raises_nothing(team, run):
    confirm(run, team, {1: "paid", 2: "failed"})
    assert reconciliation.reconcile(team.organisation, LATER) == []
    approved_claim(team)
    assert runs.start_run(team.organisation, by=team.finance)


def test_a_line_never_confirmed_is_an_alert_only_after_the_days_allowed(team, run):
    confirm(run, team, {1: "paid"})
    assert reconciliation.reconcile(team.organisation, TODAY + datetime.timedelta(days=4)) == []
    alerts = reconciliation.reconcile(team.organisation, LATER)
    assert [a.kind for a in alerts] == [ReconciliationAlert.Kind.UNCONFIRMED]
    assert "line 2" in alerts[0].detail
    # The nightly check raises each difference once.
    assert reconciliation.reconcile(team.organisation, LATER) == []


def test_the_days_allowed_are_set_per_organisation(team, run):
    FinanceSettings.objects.filter(organisation=team.organisation).update(confirmation_due_days=1)
    assert len(reconciliation.reconcile(team.organisation, TODAY + datetime.timedelta(days=2))) == 2


def test_an_amount_that_differs_is_an_alert(team, run):
    confirm(run, team, {1: "paid", 2: "paid"}, amounts={2: "49.00"})
    alerts = reconciliation.reconcile(team.organisation, TODAY)
    assert [a.kind for a in alerts] == [ReconciliationAlert.Kind.AMOUNT]
    assert "£50.00" in alerts[0].detail and "£49.00" in alerts[0].detail


def test_an_export_that_differs_from_the_ledger_is_an_alert(team, run):
    confirm(run, team, {1: "paid", 2: "paid"})
    # Someone edits the export record behind the application's back.
    PaymentRunItem.objects.filter(run=run, sequence=1).update(to_bank=Decimal("500.00"))
    alerts = reconciliation.reconcile(team.organisation, TODAY)
    kinds = sorted(a.kind for a in alerts)
    assert kinds == [ReconciliationAlert.Kind.AMOUNT, ReconciliationAlert.Kind.LEDGER]
    assert "ledger shows £50.00 paid" in next(a.detail for a in alerts if a.kind == "ledger")


def test_a_ledger_payment_for_a_line_not_in_the_export_is_an_alert(team, run):
    item = PaymentRunItem.objects.get(run=run, sequence=2)
    claim_id = item.claim_id
    item.delete()  # the line disappears from the export record, but the ledger paid it
    alerts = reconciliation.reconcile(team.organisation, TODAY)
    assert [a.kind for a in alerts] == [ReconciliationAlert.Kind.NOT_EXPORTED]
    assert f"claim {claim_id}" in alerts[0].detail


def test_an_open_alert_blocks_the_next_run_until_resolved(team, run, client):
    reconciliation.reconcile(team.organisation, LATER)
    approved_claim(team)
    with pytest.raises(RunError, match="reconciliation alert"):
        runs.start_run(team.organisation, by=team.finance)
    sign_in(client, team.finance)
    page = client.post(reverse("payments:run_start"), {"organisation": team.organisation.pk}, follow=True)
    assert "Payment runs are paused" in page.content.decode()
    assert "has not been confirmed by the bank" in page.content.decode()
    for alert in ReconciliationAlert.objects.all():
        url = reverse("payments:alert_resolve", args=[alert.pk])
        assert "What you found" in client.post(url, {"reason": ""}).content.decode()
        client.post(url, {"reason": "Bank statement shows it paid; confirmation file was late."})
    alert = ReconciliationAlert.objects.first()
    assert alert.resolved_by == team.finance and "late" in alert.resolution
    assert AccessLog.objects.filter(actor=team.finance, action="resolve reconciliation alert").exists()
    assert runs.start_run(team.organisation, by=team.finance)


def test_alerts_block_only_their_own_organisation(team, run):
    reconciliation.reconcile(team.organisation, LATER)
    other = Team()
    approved_claim(other)
    assert runs.start_run(other.organisation, by=other.finance)


def test_other_organisations_cannot_see_or_resolve_an_alert(team, run, client):
    reconciliation.reconcile(team.organisation, LATER)
    alert = ReconciliationAlert.objects.first()
    sign_in(client, Team(totp=True).finance)
    assert client.post(reverse("payments:alert_resolve", args=[alert.pk]), {"reason": "x"}).status_code == 404
    sign_in(client, team.checker)
    assert client.get(reverse("payments:alert_resolve", args=[alert.pk])).status_code == 403
    alert.refresh_from_db()
    assert alert.resolved_at is None


def test_the_command_and_the_nightly_task_run_the_check(team, run):
    out = StringIO()
    with time_machine.travel(LATER, tick=False):
        call_command("reconcile_payments", stdout=out)
        assert "Raised 2 new" in out.getvalue()
        assert tasks.reconcile_payments.call() == 0
