"""What "involved" means: registered, active in the last 12 months, selected, paid — per organisation
and, counting each person once, per region."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from alongside.accounts.models import Region
from alongside.insights import queries
from alongside.insights.models import Involvement
from alongside.insights.services import refresh_counts
from alongside.opportunities.models import Application
from alongside.payments.models import Claim
from alongside.people import services as people
from alongside.people.choices import HowGiven
from tests.builders import create_contribution, create_opportunity, create_organisation
from tests.insights.people import TODAY, add_people


@pytest.fixture
def two_organisations():
    """Twelve women held by Northbridge. Riverside's opportunity: all twelve took part in the last
    year, six of them were selected and four were paid; two more took part only long ago."""
    northbridge = create_organisation("Northbridge", region=Region.NORTH_WEST)
    riverside = create_organisation("Riverside", region=Region.NORTH_WEST)
    with time_machine.travel("2025-01-05 09:00 +00:00", tick=False):
        women = add_people(northbridge, 14, age=40, sex="female", ethnic="white_british", disability="no")
    opportunity = create_opportunity(riverside)
    for person in women[:12]:
        create_contribution(person, opportunity, date=datetime.date(2026, 6, 1))
    for person in women[12:]:
        create_contribution(person, opportunity, date=datetime.date(2025, 3, 1))
    with time_machine.travel("2026-06-02 09:00 +00:00", tick=False):
        for person in women[:6]:
            Application.objects.create(
                opportunity=opportunity, contributor=person, status=Application.Status.SELECTED
            )
    for person in women[:4]:
        Claim.objects.create(
            organisation=riverside, contributor=person, status=Claim.Status.PAID,
            fee_payable=Decimal("25.00"), idempotency_key=f"insights-test-{person.pk}",
            paid_at=datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC),
        )  # fmt: skip
    refresh_counts(TODAY)
    return northbridge, riverside


def _women(scope, involvement) -> int:
    return queries.exact_counts(scope, involvement, TODAY).get("sex", {}).get("female", 0)


def test_each_kind_of_involvement_counts_the_right_people(two_organisations):
    northbridge, riverside = two_organisations
    assert _women(queries.Scope(organisation=northbridge), Involvement.REGISTERED) == 14
    assert _women(queries.Scope(organisation=riverside), Involvement.REGISTERED) == 0
    assert _women(queries.Scope(organisation=riverside), Involvement.ACTIVE) == 12  # not the two from 2025
    assert _women(queries.Scope(organisation=northbridge), Involvement.ACTIVE) == 0
    assert _women(queries.Scope(organisation=riverside), Involvement.SELECTED) == 6
    assert _women(queries.Scope(organisation=riverside), Involvement.PAID) == 4
    assert _women(queries.Scope(region=Region.NORTH_WEST), Involvement.ACTIVE) == 12
    assert _women(queries.Scope(), Involvement.REGISTERED) == 14


def test_a_person_involved_with_two_organisations_counts_once_in_their_region(two_organisations):
    northbridge, riverside = two_organisations
    person = Application.objects.filter(status=Application.Status.SELECTED).first().contributor
    create_contribution(person, create_opportunity(northbridge), date=datetime.date(2026, 9, 1))
    refresh_counts(TODAY)
    assert _women(queries.Scope(organisation=northbridge), Involvement.ACTIVE) == 1
    assert _women(queries.Scope(organisation=riverside), Involvement.ACTIVE) == 12
    assert _women(queries.Scope(region=Region.NORTH_WEST), Involvement.ACTIVE) == 12


def test_withdrawing_equality_consent_takes_a_person_out_of_every_figure(two_organisations):
    northbridge, _ = two_organisations
    person = northbridge.contributors.order_by("pk").first()
    people.record_consent(person, "equality", given=False, how=HowGiven.PHONE)
    refresh_counts(TODAY)
    assert _women(queries.Scope(organisation=northbridge), Involvement.REGISTERED) == 13
    for day in (datetime.date(2025, 3, 31), TODAY):
        assert queries.exact_counts(queries.Scope(), Involvement.REGISTERED, day)["sex"]["female"] == 13
