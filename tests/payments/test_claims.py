import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection

from alongside.payments import services
from alongside.payments.models import Claim, ClaimLine, ExpenseKind, Method
from alongside.payments.services import ClaimError, IdempotencyConflict

from .helpers import TODAY, Team, contribution, draft_claim, key, person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    return Team()


def test_the_fee_comes_from_the_policy_in_force_on_the_contribution_date(team):
    services.create_policy(
        team.organisation,
        effective_from=datetime.date(2026, 11, 5),
        rates=[("meeting", "Meeting", "hour", "30.00")],
        backdated=True,
    )
    contributor = person(team)
    before = contribution(team, contributor, minutes=90, date=datetime.date(2026, 11, 2))
    after = contribution(team, contributor, minutes=90, date=datetime.date(2026, 11, 6))
    claim = services.start_claim(contributor, [before, after], by=None, key=key())
    fees = dict(claim.lines.values_list("contribution_id", "fee"))
    assert fees[before.pk] == Decimal("37.50")  # 1.5 hours at the example £25
    assert fees[after.pk] == Decimal("45.00")  # 1.5 hours at the new £30
    assert claim.fee_payable == Decimal("82.50")


def test_half_day_day_and_fixed_rates(team):
    contributor = person(team)
    workshop = contribution(team, contributor, minutes=300, activity_type="workshop")
    panel = contribution(team, contributor, minutes=420, activity_type="panel")
    review = contribution(team, contributor, minutes=45, activity_type="review")
    claim = services.start_claim(contributor, [workshop, panel, review], by=None, key=key())
    # 5 hours is two half days; 7 hours is one day; a review is a fixed fee.
    assert claim.fee_full == Decimal("150.00") + Decimal("150.00") + Decimal("50.00")


def test_mileage_is_miles_times_the_rate(team):
    claim = draft_claim(team)
    expense = services.add_expense(
        claim, kind=ExpenseKind.MILEAGE, miles="12.5", date=datetime.date(2026, 11, 2), by=None
    )
    assert expense.amount == Decimal("5.63")  # 12.5 × £0.45 = £5.625, half up
    claim.refresh_from_db()
    assert claim.expenses_total == Decimal("5.63")
    assert claim.total == Decimal("55.63")


def test_a_receipt_is_checked_by_content(team):
    claim = draft_claim(team)
    fake = SimpleUploadedFile("receipt.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ClaimError) as error:
        services.add_expense(
            claim,
            kind=ExpenseKind.TRAVEL,
            amount="4.20",
            date=datetime.date(2026, 11, 2),
            receipt=fake,
            by=None,
        )
    assert error.value.field == "receipt"
    good = SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf")
    expense = services.add_expense(
        claim, kind=ExpenseKind.TRAVEL, amount="4.20", date=datetime.date(2026, 11, 2), receipt=good, by=None
    )
    assert expense.receipt_type == "application/pdf"
    assert "r.pdf" not in expense.receipt.name


@pytest.mark.parametrize("amount", ["-5", "0", "10000.01", "1e9", "lots"])
def test_negative_or_absurd_amounts_are_refused(team, amount):
    claim = draft_claim(team)
    with pytest.raises(ClaimError) as error:
        services.add_expense(
            claim, kind=ExpenseKind.TRAVEL, amount=amount, date=datetime.date(2026, 11, 2), by=None
        )
    assert error.value.field == "amount"
    assert claim.expenses.count() == 0


def test_expenses_after_the_deadline_are_refused(team):
    claim = draft_claim(team)
    late = datetime.date(2026, 11, 10) - datetime.timedelta(days=91)
    with pytest.raises(ClaimError, match="within 90 days"):
        services.add_expense(claim, kind=ExpenseKind.TRAVEL, amount="3.00", date=late, by=None)


def test_a_contribution_past_the_deadline_cannot_be_claimed(team):
    contributor = person(team)
    old = contribution(team, contributor, date=datetime.date(2026, 7, 1))
    with pytest.raises(ClaimError, match="has passed"):
        services.start_claim(contributor, [old], by=None, key=key())


def test_food_and_drink_over_the_limit_is_refused(team):
    claim = draft_claim(team)
    with pytest.raises(ClaimError, match="up to £15.00"):
        services.add_expense(
            claim, kind=ExpenseKind.SUBSISTENCE, amount="15.01", date=datetime.date(2026, 11, 2), by=None
        )


def test_a_second_claim_for_the_same_contribution_is_refused(team):
    contributor = person(team)
    done = contribution(team, contributor)
    services.start_claim(contributor, [done], by=None, key=key())
    with pytest.raises(ClaimError, match="already claimed"):
        services.start_claim(contributor, [done], by=None, key=key())
    assert Claim.objects.count() == 1


def test_the_database_refuses_a_second_live_line_for_a_contribution(team):
    claim = draft_claim(team)
    line = claim.lines.get()
    with pytest.raises(IntegrityError):
        ClaimLine.objects.create(
            claim=claim,
            contribution=line.contribution,
            policy=line.policy,
            basis=line.basis,
            rate=line.rate,
            units=line.units,
            fee=line.fee,
        )


def test_someone_elses_contribution_cannot_be_claimed(team):
    mine, theirs = person(team), person(team)
    done = contribution(team, theirs)
    with pytest.raises(ClaimError, match="recorded"):
        services.start_claim(mine, [done], by=None, key=key())


def test_the_same_key_gives_the_same_claim_and_a_different_payload_conflicts(team):
    contributor = person(team)
    first, second = contribution(team, contributor), contribution(team, contributor)
    k = key()
    claim = services.start_claim(contributor, [first], by=None, key=k)
    assert services.start_claim(contributor, [first], by=None, key=k).pk == claim.pk
    with pytest.raises(IdempotencyConflict):
        services.start_claim(contributor, [first, second], by=None, key=k)


def test_submitting_twice_makes_one_submission(team):
    claim = draft_claim(team)
    services.submit(claim, by=None)
    services.submit(claim, by=None)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    assert claim.events.filter(kind="submitted").count() == 1


def test_bank_details_are_needed_unless_vouchers(team):
    contributor = person(team, bank=False)
    claim = draft_claim(team, contributor)
    with pytest.raises(ClaimError, match="bank details"):
        services.submit(claim, by=None)
    services.set_choice(claim, method=Method.VOUCHER)
    assert services.submit(claim, by=None).status == Claim.Status.SUBMITTED


@pytest.mark.parametrize(
    ("method", "extra", "fee"),
    [
        (Method.BANK, {}, "50.00"),
        (Method.VOUCHER, {}, "50.00"),
        (Method.LOWER, {"lower_amount": "20"}, "20.00"),
        (Method.DECLINE, {}, "0.00"),
        (Method.ORGANISATION, {"payee_organisation": "Food bank"}, "50.00"),
    ],
)
def test_each_choice_sets_the_fee_and_expenses_are_always_paid(team, method, extra, fee):
    claim = draft_claim(team, method=method, **extra)
    services.add_expense(
        claim, kind=ExpenseKind.TRAVEL, amount="6.00", date=datetime.date(2026, 11, 2), by=None
    )
    claim.refresh_from_db()
    assert claim.fee_payable == Decimal(fee)
    assert claim.expenses_total == Decimal("6.00")


def test_a_lower_amount_needs_an_amount(team):
    with pytest.raises(ClaimError) as error:
        draft_claim(team, method=Method.LOWER)
    assert error.value.field == "lower_amount"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_same_claim_sent_twice_at_once_makes_one_claim_and_one_submission():
    import threading

    from django.db import connections

    with time_machine.travel(TODAY, tick=False):
        team = Team()
        contributor = person(team)
        done = contribution(team, contributor)
    barrier = threading.Barrier(2)
    errors = []

    def send():
        try:
            with time_machine.travel(TODAY, tick=False):
                barrier.wait()
                claim = services.start_claim(contributor, [done], by=None, key="same-form")
                services.submit(claim, by=None)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.SUBMITTED
    assert claim.events.filter(kind="submitted").count() == 1


def test_a_session_that_has_not_happened_cannot_be_claimed_or_offered(team):
    contributor = person(team)
    held = contribution(team, contributor, date=datetime.date(2026, 11, 9))
    upcoming = contribution(team, contributor, date=datetime.date(2026, 11, 24))
    assert list(services.claimable_contributions(contributor)) == [held]
    with pytest.raises(ClaimError, match="only once it has happened"):
        services.start_claim(contributor, [held, upcoming], by=None, key=key())
    assert not Claim.objects.exists()
