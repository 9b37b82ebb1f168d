"""Maker and checker for payment runs (catalogue H.92): a second person in finance approves each run."""

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from alongside.payments import runs
from alongside.payments.models import Claim, PaymentRun, PaymentRunEvent
from alongside.payments.runs import RunError
from tests.builders import sign_in

from .helpers import TODAY, Team, approved_claim


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    team = Team(totp=True)  # staff sign in with a second factor
    return team


def paid_count(team) -> int:
    return Claim.objects.filter(organisation=team.organisation, status=Claim.Status.PAID).count()


def test_the_maker_cannot_approve_their_own_run_and_nothing_is_paid(team):
    approved_claim(team)
    run = runs.start_run(team.organisation, by=team.finance)
    with pytest.raises(RunError, match="someone else in finance"):
        runs.approve_run(run, by=team.finance)
    assert runs.process_run(run.pk).status == PaymentRun.Status.READY
    assert paid_count(team) == 0


def test_only_finance_of_the_organisation_may_approve(team):
    approved_claim(team)
    run = runs.start_run(team.organisation, by=team.finance)
    with pytest.raises(PermissionDenied):
        runs.approve_run(run, by=team.checker)
    with pytest.raises(PermissionDenied):
        runs.approve_run(run, by=Team().finance2)


def test_an_approved_run_is_paid_and_the_history_says_who_did_what(team):
    approved_claim(team)
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    assert run.status == PaymentRun.Status.DONE
    assert run.approved_by == team.finance2 and run.approved_at is not None
    history = list(run.events.values_list("kind", "actor"))
    assert history == [
        (PaymentRunEvent.Kind.STARTED, team.finance.pk),
        (PaymentRunEvent.Kind.APPROVED, team.finance2.pk),
        (PaymentRunEvent.Kind.DONE, None),
    ]
    with pytest.raises(RunError, match="cannot be approved"):
        runs.approve_run(run, by=team.finance2)


def test_an_amount_changed_after_approval_withdraws_the_approval_and_pays_nothing(team):
    claim = approved_claim(team)
    run = runs.start_run(team.organisation, by=team.finance)
    runs.approve_run(run, by=team.finance2)
    # Something changes the amount behind the run's back (a bug, or someone editing the database).
    Claim.objects.filter(pk=claim.pk).update(fee_payable=Decimal("500.00"))
    run = runs.process_run(run.pk)
    assert run.status == PaymentRun.Status.READY and run.approved_by is None
    assert paid_count(team) == 0
    assert run.events.last().kind == PaymentRunEvent.Kind.APPROVAL_WITHDRAWN
    with pytest.raises(RunError, match="have changed"):
        runs.approve_run(run, by=team.finance2)


def test_cancelling_a_run_returns_its_claims_to_the_next_run(team):
    claims = [approved_claim(team) for _ in range(2)]
    run = runs.start_run(team.organisation, by=team.finance)
    with pytest.raises(RunError, match="reason"):
        runs.cancel_run(run, by=team.finance2, reason="  ")
    runs.cancel_run(run, by=team.finance2, reason="Wrong processing date")
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.CANCELLED and run.items.count() == 0
    again = runs.run_payments(team.organisation, by=team.finance2, approver=team.finance)
    assert set(again.items.values_list("claim_id", flat=True)) == {c.pk for c in claims}
    assert paid_count(team) == 2
    with pytest.raises(RunError, match="Only a run waiting"):
        runs.cancel_run(again, by=team.finance, reason="Too late")


def test_through_the_pages_the_second_person_approves(client, team, django_capture_on_commit_callbacks):
    approved_claim(team)
    sign_in(client, team.finance)
    response = client.post(reverse("payments:run_start"), {"organisation": team.organisation.pk})
    run = PaymentRun.objects.get()
    page = client.get(response.url).content.decode()
    assert "you cannot approve it" in page and "Approve and pay" not in page
    refused = client.post(reverse("payments:run_approve", args=[run.pk]), follow=True)
    assert "someone else in finance" in refused.content.decode()

    sign_in(client, team.finance2)
    assert "Approve and pay 1 claim (£50.00)" in client.get(response.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("payments:run_approve", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.DONE and paid_count(team) == 1


def test_the_cancel_form_asks_for_a_reason_and_keeps_the_page(client, team):
    approved_claim(team)
    run = runs.start_run(team.organisation, by=team.finance)
    sign_in(client, team.finance2)
    url = reverse("payments:run_cancel", args=[run.pk])
    assert "Nothing has been paid" in client.get(url).content.decode()
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400 and "There is a problem" in empty.content.decode()
    client.post(url, {"reason": "Duplicate of run 3"})
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.CANCELLED
    assert run.events.last().note == "Duplicate of run 3"


def test_finance_of_another_organisation_cannot_see_or_approve_the_run(client, team):
    approved_claim(team)
    run = runs.start_run(team.organisation, by=team.finance)
    sign_in(client, Team(totp=True).finance)
    assert client.post(reverse("payments:run_approve", args=[run.pk])).status_code == 404
    assert client.get(reverse("payments:run_cancel", args=[run.pk])).status_code == 404
