"""Trends by quarter and the activity dashboard: figures from the database, hidden when small."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from alongside.accounts.models import Region, Role
from alongside.insights.periods import quarter_ends
from alongside.insights.services import refresh_counts
from alongside.opportunities.models import Application
from alongside.payments.models import Claim
from tests.builders import create_opportunity, create_organisation, create_staff, sign_in
from tests.insights.people import TODAY, add_people


def _rows(response) -> dict[tuple[str, str], list[str]]:
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {(row[0], row[1]): row[2:] for row in rows if len(row) > 2}


def _at(day: datetime.date):
    return time_machine.travel(f"{day.isoformat()} 09:00 +00:00", tick=False)


def test_quarter_ends_are_the_last_days_of_the_eight_quarters_before_today():
    ends = quarter_ends(datetime.date(2026, 11, 20))
    assert ends[0] == datetime.date(2024, 12, 31)
    assert ends[-1] == datetime.date(2026, 9, 30)
    assert len(ends) == 8


@pytest.fixture
def joined_over_time():
    """20 women joined in spring 2025; 20 men joined in summer 2026 after outreach to men."""
    organisation = create_organisation("Northbridge", region=Region.NORTH_WEST)
    with _at(datetime.date(2025, 4, 10)):
        add_people(organisation, 20, age=60, sex="female", ethnic="white_british", disability="no")
    with _at(datetime.date(2026, 8, 1)):
        add_people(organisation, 20, age=40, sex="male", ethnic="white_british", disability="no")
    with _at(TODAY):
        refresh_counts(TODAY)
    return organisation


def test_trends_show_the_share_of_each_group_at_each_quarter_end(client, joined_over_time):
    sign_in(client, create_staff(joined_over_time, Role.INVOLVEMENT_STAFF))
    url = reverse("insights:trends")
    rows = _rows(client.get(url, {"scope": f"org-{joined_over_time.pk}", "download": "csv"}))
    # Before anyone joined, nobody; after spring 2025 only women (20 of 20 would tell that there
    # are no men, so the women are hidden too); after summer 2026 half and half.
    assert rows[("Sex", "Female")][:2] == ["fewer than 10", "fewer than 10"]  # Dec 2024, Mar 2025
    assert rows[("Sex", "Male")][2] == "fewer than 10"  # Jun 2025
    assert rows[("Sex", "Female")][2] == "hidden to protect a small group"
    assert rows[("Sex", "People who answered")][2] == "20"
    assert rows[("Sex", "Female")][-2] == "50.0" and rows[("Sex", "Male")][-2] == "50.0"  # now
    assert rows[("Sex", "Female")][-1] == "50.9"  # the North West's population share
    page = client.get(url, {"scope": f"org-{joined_over_time.pk}"}).content.decode()
    assert "<svg" in page and '<title id="trend-sex-title">' in page


def test_the_activity_dashboard_counts_opportunities_selection_and_payments(client):
    organisation = create_organisation("Northbridge", region=Region.NORTH_WEST)
    staff = create_staff(organisation, Role.ORG_ADMIN)
    with _at(datetime.date(2026, 10, 5)):
        opportunity = create_opportunity(organisation, places=2)
        opportunity.published_at = opportunity.created_at
        opportunity.save()
        people = add_people(organisation, 12, age=30, sex="female", ethnic="white_british", disability="no")
        people += add_people(organisation, 11, age=30, sex="male", ethnic="black_african", disability="no")
        for person in people:
            Application.objects.create(opportunity=opportunity, contributor=person)
    with _at(datetime.date(2026, 10, 25)):
        Application.objects.filter(contributor__in=people[:2]).update(
            status=Application.Status.SELECTED,
            updated_at=datetime.datetime(2026, 10, 25, 9, tzinfo=datetime.UTC),
        )
        Claim.objects.create(
            organisation=organisation, contributor=people[0], status=Claim.Status.PAID,
            fee_payable=Decimal("50.00"), expenses_total=Decimal("7.25"),
            submitted_at=datetime.datetime(2026, 10, 20, 9, tzinfo=datetime.UTC),
            paid_at=datetime.datetime(2026, 10, 25, 9, tzinfo=datetime.UTC),
        )  # fmt: skip
    sign_in(client, staff)
    with _at(TODAY):
        rows = _rows(client.get(reverse("insights:activity"), {"download": "csv"}))
    this_quarter = {measure: values[-1] for (table, measure), values in rows.items() if table == "Activity"}
    assert this_quarter["Opportunities published"] == "1"
    assert this_quarter["Opportunities with every place filled"] == "1"
    assert this_quarter["Time to fill every place (median)"] == "20"
    assert this_quarter["Applicants per place"] == "11.5"
    assert this_quarter["Claims paid"] == "1"
    assert this_quarter["Paid for time and expenses"] == "57.25"
    assert this_quarter["Time from claim to payment (median)"] == "5"
    # 12 women and 11 men applied (each rounded to 10); 2 women were selected (fewer than 10).
    assert rows[("Sex", "Female")] == ["10", "fewer than 10", ""]
    assert rows[("Sex", "Male")] == ["10", "fewer than 10", ""]


def test_activity_is_for_the_roles_that_see_equality_data(client):
    organisation = create_organisation()
    sign_in(client, create_staff(organisation, Role.FINANCE))
    assert client.get(reverse("insights:activity")).status_code == 403


def test_another_app_adds_its_own_measures_through_its_insights_module(client, monkeypatch):
    from types import SimpleNamespace

    from alongside.insights import activity

    extra = SimpleNamespace(
        activity_measures=lambda ids, start, end: [{"key": "events", "label": "Events held", "value": 3}]
    )
    monkeypatch.setattr(activity, "app_modules", lambda name: [(None, extra)] if name == "insights" else [])
    organisation = create_organisation()
    sign_in(client, create_staff(organisation, Role.INVOLVEMENT_STAFF))
    rows = _rows(client.get(reverse("insights:activity"), {"download": "csv"}))
    assert rows[("Activity", "Events held")][-1] == "3"
