import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from alongside.payments import benefits, services
from alongside.payments.models import ExpenseKind, Method
from tests.builders import create_user, sign_in

from .helpers import TODAY, Team, contribution, key, person


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    team = Team()
    team.policy.weekly_limit = Decimal("100.00")
    team.policy.save()
    return team


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (datetime.date(2026, 4, 5), datetime.date(2025, 4, 6)),
        (datetime.date(2026, 4, 6), datetime.date(2026, 4, 6)),
        (datetime.date(2027, 1, 1), datetime.date(2026, 4, 6)),
    ],
)
def test_the_tax_year_starts_on_6_april(day, start):
    assert benefits.tax_year_of(day)[0] == start


def test_weeks_run_monday_to_sunday():
    assert benefits.week_of(datetime.date(2026, 11, 8)) == (
        datetime.date(2026, 11, 2),
        datetime.date(2026, 11, 8),
    )


def _claim(team, contributor, minutes, method=None, **extra):
    done = contribution(team, contributor, minutes=minutes)
    return services.start_claim(contributor, [done], by=None, key=key(), method=method, **extra)


def test_running_totals_add_other_claims_in_the_same_week_and_warn_when_crossed(team):
    contributor = person(team)
    earlier = _claim(team, contributor, 180)  # £75
    services.submit(earlier, by=None)
    claim = _claim(team, contributor, 120)  # £50
    services.add_expense(
        claim, kind=ExpenseKind.TRAVEL, amount="40.00", date=datetime.date(2026, 11, 2), by=None
    )
    week = next(t for t in benefits.running_totals(claim) if t.period == "week")
    assert (week.before, week.this_claim, week.after) == (
        Decimal("75.00"),
        Decimal("50.00"),
        Decimal("125.00"),
    )
    assert week.crosses  # expenses (£40) are not counted
    lower = next(
        t
        for t in benefits.running_totals(claim, method=Method.LOWER, lower_amount="25")
        if t.period == "week"
    )
    assert not lower.crosses
    declined = next(t for t in benefits.running_totals(claim, method=Method.DECLINE) if t.period == "week")
    assert declined.this_claim == 0 and not declined.crosses


def test_a_person_on_benefits_sees_the_warning_before_submitting_and_can_change_their_choice(client, team):
    user = create_user()
    contributor = person(team, user=user)
    services.set_preference(contributor, method=Method.BANK, receives_benefits=True)
    services.submit(_claim(team, contributor, 180), by=None)
    claim = _claim(team, contributor, 120)
    sign_in(client, user)
    page = client.get(reverse("payments:check_answers", args=[claim.pk])).content.decode()
    assert "Your running totals" in page and "over the limit" in page and "£125.00" in page
    assert "could affect your benefits" in page
    client.post(reverse("payments:claim_choice", args=[claim.pk]), {"method": "voucher"})
    page = client.get(reverse("payments:check_answers", args=[claim.pk])).content.decode()
    assert "over the limit" in page  # vouchers still count towards totals
    client.post(reverse("payments:claim_choice", args=[claim.pk]), {"method": "lower", "lower_amount": "20"})
    page = client.get(reverse("payments:check_answers", args=[claim.pk])).content.decode()
    assert "over the limit" not in page and "£95.00" in page


def test_people_not_on_benefits_are_not_shown_totals(client, team):
    user = create_user()
    contributor = person(team, user=user)
    claim = _claim(team, contributor, 300)
    sign_in(client, user)
    page = client.get(reverse("payments:check_answers", args=[claim.pk])).content.decode()
    assert "running totals" not in page
