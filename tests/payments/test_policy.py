import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.payments import documents, runs
from alongside.payments.models import PaymentPolicy
from alongside.payments.policy import policy_in_force
from tests.builders import create_staff, sign_in

from .helpers import TODAY, Team


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _post(form_data, rates):
    data = {**form_data, "rates-TOTAL_FORMS": str(len(rates)), "rates-INITIAL_FORMS": "0"}
    for i, rate in enumerate(rates):
        data |= {f"rates-{i}-{k}": v for k, v in rate.items()}
    return data


BASE = {
    "effective_from": "2026-12-01",
    "title": "Payment policy 2027",
    "half_day_minutes": "240",
    "day_minutes": "480",
    "travel_at_cost": "on",
    "mileage_rate": "0.50",
    "home_costs_amount": "5",
    "subsistence_limit": "12",
    "claim_deadline_days": "60",
    "days_to_pay": "10",
    "weekly_limit": "200",
}


def test_an_organisation_admin_makes_a_new_version_and_old_dates_keep_old_rates(client):
    team = Team(totp=True)
    admin = create_staff(team.organisation, Role.ORG_ADMIN)
    sign_in(client, admin)
    page = client.get(reverse("payments:policy_new")).content.decode()
    assert 'value="25.00"' in page  # prefilled from the current version
    rates = [{"activity_type": "meeting", "label": "Meeting", "basis": "hour", "amount": "30"}]
    response = client.post(reverse("payments:policy_new"), _post(BASE, rates))
    assert response.status_code == 302
    new = PaymentPolicy.objects.get(organisation=team.organisation, version=2)
    assert new.mileage_rate == Decimal("0.50") and not new.is_example
    assert policy_in_force(team.organisation.pk, datetime.date(2026, 11, 30)).version == 1
    assert policy_in_force(team.organisation.pk, datetime.date(2026, 12, 1)).rates.get().amount == Decimal(
        "30.00"
    )


@pytest.mark.parametrize(
    ("change", "rates", "message"),
    [
        ({"effective_from": "2026-01-01"}, [], "today or in the future"),
        ({"mileage_rate": "-1"}, [], "£0 or more"),
        (
            {},
            [{"activity_type": "meeting", "label": "", "basis": "hour", "amount": "30"}],
            "Fill in every part",
        ),
    ],
)
def test_a_bad_policy_version_is_refused_with_a_clear_message(client, change, rates, message):
    team = Team(totp=True)
    sign_in(client, team.finance)
    response = client.post(reverse("payments:policy_new"), _post(BASE | change, rates))
    assert message in response.content.decode()
    assert PaymentPolicy.objects.filter(organisation=team.organisation).count() == 1


def test_finance_choose_the_csv_columns(client):
    team = Team(totp=True)
    sign_in(client, team.finance)
    client.post(reverse("payments:csv_layout"), {"columns": ["claim", "total"]})
    assert runs.csv_columns(team.organisation) == ["claim", "total"]


def test_the_example_policy_says_it_is_an_example_everywhere():
    team = Team()
    sections = documents.policy_sections(team.policy)
    assert sections[0].heading == "Please note" and "example" in sections[0].paragraphs[0]
    assert documents.policy_pdf(team.policy).startswith(b"%PDF")
