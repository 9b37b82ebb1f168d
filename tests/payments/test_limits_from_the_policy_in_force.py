"""Limits family: every threshold and limit comes from the policy version in force on the date it is
about, never from the newest version.

Before: the benefits running totals took their weekly, monthly and tax-year limits from the newest
policy, so a version starting next month silently changed the warning for this month's claims.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from alongside.payments import benefits, services
from alongside.payments.models import ExpenseKind
from alongside.payments.services import ClaimError
from tests.builders import create_user, sign_in

from .helpers import Team, contribution, key, person

pytestmark = pytest.mark.usefixtures("on_the_test_day")


@pytest.fixture
def team():
    team = Team(totp=True)  # the example policy from 6 April 2026: weekly limit £195.50
    services.create_policy(
        team.organisation,
        effective_from=datetime.date(2026, 12, 1),
        rates=[("meeting", "Meeting", "hour", "25.00")],
        weekly_limit="1000.00",
        monthly_limit="4000.00",
        tax_year_limit="20000.00",
        subsistence_limit="40.00",
    )
    return team


def _claim(team, contributor, *days, minutes=600):
    done = [contribution(team, contributor, minutes=minutes, date=day) for day in days]
    return services.start_claim(contributor, done, by=None, key=key())


def _limits(totals):
    return {(t.period, t.start): (t.limit, t.crosses) for t in totals}


def test_this_months_claim_is_checked_against_this_months_limits_not_next_months(team):
    claim = _claim(team, person(team), datetime.date(2026, 11, 2))  # 10 h at £25
    limits = _limits(benefits.running_totals(claim))
    assert limits[("week", datetime.date(2026, 11, 2))] == (Decimal("195.50"), True)
    assert limits[("month", datetime.date(2026, 11, 1))] == (Decimal("847.00"), False)
    assert limits[("tax year", datetime.date(2026, 4, 6))] == (Decimal("10000.00"), False)


def test_the_person_is_warned_on_the_check_page(client, team):
    user = create_user()
    contributor = person(team, user=user)
    services.set_preference(contributor, method="bank", receives_benefits=True)
    claim = _claim(team, contributor, datetime.date(2026, 11, 2))
    sign_in(client, user)
    page = client.get(reverse("payments:check_answers", args=[claim.pk])).content.decode()
    assert "would take you over a limit" in page and "195.50" in page


def test_each_period_takes_the_limit_in_force_when_the_person_took_part(team):
    contributor = person(team)
    with time_machine.travel(datetime.datetime(2026, 12, 10, 12, 0), tick=False):
        claim = _claim(team, contributor, datetime.date(2026, 11, 30), datetime.date(2026, 12, 2))
        limits = _limits(benefits.running_totals(claim))
    # Monday 30 November and Wednesday 2 December are in the same week: the later date's version.
    assert limits[("week", datetime.date(2026, 11, 30))] == (Decimal("1000.00"), False)
    assert limits[("month", datetime.date(2026, 11, 1))] == (Decimal("847.00"), False)
    assert limits[("month", datetime.date(2026, 12, 1))] == (Decimal("4000.00"), False)
    assert limits[("tax year", datetime.date(2026, 4, 6))] == (Decimal("20000.00"), False)


def test_the_food_and_drink_limit_is_per_day_across_expenses_and_claims(team):
    contributor = person(team)
    day = datetime.date(2026, 11, 2)  # the example policy: up to £15 a day
    first = _claim(team, contributor, day)
    services.add_expense(first, kind=ExpenseKind.SUBSISTENCE, amount="9.00", date=day, by=None)
    with pytest.raises(ClaimError, match="£9.00 is already claimed for Monday 2 November 2026"):
        services.add_expense(first, kind=ExpenseKind.SUBSISTENCE, amount="7.00", date=day, by=None)
    second = _claim(team, contributor, datetime.date(2026, 11, 3))
    with pytest.raises(ClaimError, match="up to £15.00 a day"):
        services.add_expense(second, kind=ExpenseKind.SUBSISTENCE, amount="6.01", date=day, by=None)
    services.add_expense(second, kind=ExpenseKind.SUBSISTENCE, amount="6.00", date=day, by=None)
    # A claim that was not accepted no longer counts.
    services.submit(first, by=None)
    services.reject(first, by=team.checker, reason="Sent twice")
    services.add_expense(second, kind=ExpenseKind.SUBSISTENCE, amount="9.00", date=day, by=None)
