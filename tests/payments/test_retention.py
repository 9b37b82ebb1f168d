"""Security catalogue item 98: an erased payee's records are kept for six years after the end of the
financial year of their last payment, with the reason shown; then a scheduled purge anonymises them."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from alongside.payments import ledger, retention, runs, tasks
from alongside.payments.models import (
    Account,
    BankDetails,
    BankDetailsChange,
    Claim,
    ClaimEvent,
    PayeeRetention,
    PaymentPreference,
    PaymentRunItem,
)
from alongside.people.models import Contributor
from alongside.people.services import erase_contributor
from tests.builders import sign_in

from .helpers import TODAY, Team, approved_claim, person

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def team():
    with time_machine.travel(TODAY, tick=False):
        return Team(totp=True)


@pytest.fixture
def paid(team):
    """A person paid on 10 November 2026 (financial year ending 5 April 2027), then erased."""
    with time_machine.travel(TODAY, tick=False):
        claim = approved_claim(team)
        services_reason = "Called to say the receipt was for the wrong day"
        ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.ADJUSTED, reason=services_reason)
        runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
        erase_contributor(claim.contributor)
    return Claim.objects.get(pk=claim.pk)


@pytest.mark.parametrize(
    ("paid_on", "kept_until"),
    [
        (datetime.date(2026, 11, 10), datetime.date(2033, 4, 5)),
        (datetime.date(2027, 4, 5), datetime.date(2033, 4, 5)),
        (datetime.date(2027, 4, 6), datetime.date(2034, 4, 5)),
        (datetime.date(2028, 2, 29), datetime.date(2034, 4, 5)),
    ],
)
def test_records_are_kept_six_years_after_the_end_of_the_financial_year(paid_on, kept_until):
    assert retention.keep_until(paid_on) == kept_until


def test_the_financial_year_of_a_payment_is_its_london_date(team):
    # 00:30 on 6 April in London is still 5 April in UTC: the new financial year has begun.
    with time_machine.travel(TODAY, tick=False):
        claim = approved_claim(team)
    with time_machine.travel(datetime.datetime(2027, 4, 6, 0, 30, tzinfo=LONDON), tick=False):
        runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
        erase_contributor(claim.contributor)
    assert PayeeRetention.objects.get(contributor=claim.contributor).keep_until == datetime.date(2034, 4, 5)


def test_erasure_keeps_the_payee_record_and_deletes_bank_details(team, paid):
    contributor = paid.contributor
    assert not BankDetails.objects.filter(contributor=contributor).exists()
    assert not PaymentPreference.objects.filter(contributor=contributor).exists()
    kept = PayeeRetention.objects.get(contributor=contributor)
    assert kept.last_paid_on == datetime.date(2026, 11, 10) and kept.keep_until == datetime.date(2033, 4, 5)
    assert paid.status == Claim.Status.PAID and PaymentRunItem.objects.filter(claim=paid).exists()
    assert ledger.balance(Account.OWED, contributor=contributor) == 0
    assert ledger.balance(Account.FEES, contributor=contributor) == paid.total


def test_erasing_someone_never_paid_keeps_nothing_but_still_deletes_bank_details(team):
    with time_machine.travel(TODAY, tick=False):
        someone = person(team)
        from alongside.payments import services

        services.set_bank_details(
            someone, account_name="B Person", sort_code="400000", account_number="11112222"
        )
        erase_contributor(someone)
    assert not BankDetails.objects.filter(contributor=someone).exists()
    assert not BankDetailsChange.objects.filter(contributor=someone).exists()
    assert not PayeeRetention.objects.exists()


def test_staff_see_why_the_record_is_kept(team, paid, client):
    sign_in(client, team.checker)
    page = client.get(reverse("payments:staff_person", args=[paid.contributor_id])).content.decode()
    assert "kept for financial records until 5 April 2033" in page
    sign_in(client, team.finance)
    page = client.get(reverse("payments:staff_claim", args=[paid.pk])).content.decode()
    assert "kept for financial records until 5 April 2033" in page


def test_the_purge_waits_for_the_last_day_of_retention_then_anonymises(team, paid):
    balances = ledger.balances(organisation=team.organisation)
    reference = Contributor.objects.get(pk=paid.contributor_id).reference
    with time_machine.travel(datetime.datetime(2033, 4, 5, 23, 59, tzinfo=LONDON), tick=False):
        out = StringIO()
        call_command("purge_payee_records", stdout=out)
        assert "of 0 people" in out.getvalue()
    assert PayeeRetention.objects.get().purged_at is None
    assert Contributor.objects.get(pk=paid.contributor_id).reference == reference
    with time_machine.travel(datetime.datetime(2033, 4, 6, 0, 1, tzinfo=LONDON), tick=False):
        assert tasks.purge_payee_records.call() == 1
        assert tasks.purge_payee_records.call() == 0  # once only
    assert PayeeRetention.objects.get().purged_at is not None
    assert Contributor.objects.get(pk=paid.contributor_id).reference == f"P-{paid.contributor_id}"
    assert not ClaimEvent.objects.filter(claim=paid).exclude(reason="").exists()
    # Amounts stay: every account balances exactly as before.
    assert ledger.balances(organisation=team.organisation) == balances
    assert list(ledger.unbalanced_transactions()) == []
    assert Claim.objects.get(pk=paid.pk).total == paid.total
