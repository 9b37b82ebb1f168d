"""Money input family, through the pages: every place that takes money refuses "5,00", "12.345",
"1e3" and "NaN" with a message naming the field, keeps what was typed, and changes nothing.

Before: "5,00" became £500.00 in expenses, the lower amount and staff adjustments; "12.345" was
rounded; the bank confirmation import answered 500 for NaN, sNaN and Infinity.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities.models import Project
from alongside.payments import runs, services
from alongside.payments.models import (
    Claim,
    ClaimEvent,
    ConfirmationImport,
    CostPlan,
    CostRow,
    Expense,
    PaymentPolicy,
    PaymentRunItem,
)
from alongside.payments.services import ClaimError
from tests.builders import create_staff, create_user, sign_in

from .helpers import approved_claim, contribution, draft_claim, person, submitted_claim

SLIPS = [
    ("5,00", "with a full stop before the pence"),
    ("12.345", "to the nearest penny"),
    ("1e3", "in pounds and pence, like 12.50"),
    ("NaN", "in pounds and pence, like 12.50"),
    ("Infinity", "in pounds and pence, like 12.50"),
]


pytestmark = pytest.mark.usefixtures("on_the_test_day")


def _own_claim(client, team):
    user = create_user()
    contributor = person(team, user=user)
    claim = services.start_claim(
        contributor, [contribution(team, contributor)], by=user, key="k-" + user.email
    )
    sign_in(client, user)
    return claim


@pytest.mark.parametrize(("typed", "says"), SLIPS)
def test_an_expense_amount_that_is_not_plainly_pounds_and_pence_is_refused(client, team, typed, says):
    claim = _own_claim(client, team)
    response = client.post(
        reverse("payments:claim", args=[claim.pk]), {"kind": "travel", "date": "2026-11-02", "amount": typed}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Enter the amount you spent {says}" in body
    assert f'value="{typed}"' in body
    assert not Expense.objects.exists()


@pytest.mark.parametrize(
    ("typed", "says"), [("1e3", "as a number, like 12.5"), ("12.55", "with no more than 1 number after")]
)
def test_miles_are_read_by_the_same_parser(client, team, typed, says):
    claim = _own_claim(client, team)
    response = client.post(
        reverse("payments:claim", args=[claim.pk]), {"kind": "mileage", "date": "2026-11-02", "miles": typed}
    )
    assert f"Enter the miles {says}" in response.content.decode()
    assert not Expense.objects.exists()


@pytest.mark.parametrize(("typed", "says"), SLIPS)
def test_the_lower_amount_choice_is_refused_not_read_as_hundreds(client, team, typed, says):
    claim = _own_claim(client, team)
    response = client.post(
        reverse("payments:claim_choice", args=[claim.pk]), {"method": "lower", "lower_amount": typed}
    )
    assert f"Enter the lower amount {says}" in response.content.decode()
    claim.refresh_from_db()
    assert claim.method == "bank" and claim.lower_amount is None


def test_a_standing_lower_amount_is_refused_too(client, team):
    _own_claim(client, team)
    response = client.post(reverse("payments:preferences"), {"method": "lower", "lower_amount": "5,00"})
    assert "Enter the lower amount with a full stop" in response.content.decode()


def test_a_lower_amount_of_nothing_is_allowed(client, team):
    claim = _own_claim(client, team)
    client.post(reverse("payments:claim_choice", args=[claim.pk]), {"method": "lower", "lower_amount": "0"})
    claim.refresh_from_db()
    assert claim.lower_amount == Decimal("0.00") and claim.fee_payable == Decimal("0.00")


@pytest.mark.parametrize(("typed", "says"), SLIPS)
def test_a_staff_adjustment_that_is_not_plainly_pounds_and_pence_changes_nothing(client, team, typed, says):
    claim = submitted_claim(team)
    line = claim.lines.get()
    sign_in(client, team.checker)
    response = client.post(
        reverse("payments:staff_claim_action", args=[claim.pk, "adjust"]),
        {
            "adjust-target": f"line:{line.pk}",
            "adjust-new_amount": typed,
            "adjust-reason": "Typed from the form",
        },
        follow=True,
    )
    assert f"Enter the new amount {says}" in response.content.decode()
    line.refresh_from_db()
    assert line.fee == Decimal("50.00")
    assert not ClaimEvent.objects.filter(kind=ClaimEvent.Kind.ADJUSTED).exists()


def test_services_refuse_the_same_slips_from_commands_and_the_api(team):
    claim = draft_claim(team)
    for typed, _says in SLIPS:
        with pytest.raises(ClaimError) as refused:
            services.add_expense(claim, kind="travel", amount=typed, date=datetime.date(2026, 11, 2), by=None)
        assert refused.value.field == "amount"
        with pytest.raises(ClaimError):
            services.set_choice(claim, method="lower", lower_amount=typed)
    with pytest.raises(ClaimError):
        services.add_expense(claim, kind="mileage", miles="1e3", date=datetime.date(2026, 11, 2), by=None)
    claim.refresh_from_db()
    assert claim.expenses_total == 0 and claim.lower_amount is None


def _policy(change: dict, rate_amount: str = "30") -> dict:
    data = {
        "effective_from": "2026-12-01",
        "title": "Payment policy 2027",
        "half_day_minutes": "240",
        "day_minutes": "480",
        "mileage_rate": "0.45",
        "home_costs_amount": "5",
        "subsistence_limit": "12",
        "claim_deadline_days": "60",
        "days_to_pay": "10",
        "rates-TOTAL_FORMS": "1",
        "rates-INITIAL_FORMS": "0",
        "rates-0-activity_type": "meeting",
        "rates-0-label": "Meeting",
        "rates-0-basis": "hour",
        "rates-0-amount": rate_amount,
    }
    return data | change


@pytest.mark.parametrize(
    ("change", "rate", "says"),
    [
        ({"mileage_rate": "1e3"}, "30", "Enter the mileage rate in pounds and pence"),
        ({"weekly_limit": "NaN"}, "30", "Enter the weekly limit in pounds and pence"),
        ({"tax_year_limit": "12,57"}, "30", "Enter the tax year limit with a full stop"),
        ({"subsistence_limit": "12.345"}, "30", "Enter the food and drink limit to the nearest penny"),
        ({}, "5,00", "Enter the rate with a full stop"),
        ({}, "sNaN", "Enter the rate in pounds and pence"),
    ],
)
def test_policy_amounts_and_rates_are_read_by_the_one_parser(client, team, change, rate, says):
    sign_in(client, team.finance)
    response = client.post(reverse("payments:policy_new"), _policy(change, rate))
    assert says in response.content.decode()
    assert PaymentPolicy.objects.filter(organisation=team.organisation).count() == 1


def test_a_policy_with_thousands_separators_is_read_exactly(client, team):
    sign_in(client, team.finance)
    response = client.post(reverse("payments:policy_new"), _policy({"tax_year_limit": "£12,570.00"}))
    assert response.status_code == 302
    assert PaymentPolicy.objects.get(version=2).tax_year_limit == Decimal("12570.00")


@pytest.mark.parametrize(("field", "typed"), [("unit_cost", "1e3"), ("unit_cost", "5,00"), ("hours", "NaN")])
def test_a_cost_plan_row_is_read_by_the_one_parser(client, team, field, typed):
    researcher = create_staff(team.organisation, Role.RESEARCHER)
    sign_in(client, researcher)
    plan = CostPlan.objects.create(
        organisation=team.organisation,
        title="Bid",
        project=Project.objects.create(organisation=team.organisation, title="Study"),
    )
    row = {"category": "venue", "description": "Room", "people": "1", "sessions": "2", "hours": "0"}
    row |= {"unit_cost": "120", field: typed}
    response = client.post(reverse("payments:cost_plan", args=[plan.pk]), row)
    assert response.status_code == 200 and f'value="{typed}"' in response.content.decode()
    assert not CostRow.objects.exists()


@pytest.mark.parametrize("typed", ["NaN", "sNaN", "Infinity", "-Infinity", "5,00", "1e3", "12.345"])
def test_a_confirmation_file_with_a_nonsense_amount_is_refused_row_by_row_not_a_server_error(
    client, team, typed
):
    approved_claim(team)
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    item = PaymentRunItem.objects.get(run=run)
    data = f'run,line,claim,amount,status\r\n{run.pk},1,{item.claim_id},"{typed}",paid\r\n'.encode()
    sign_in(client, team.finance)
    response = client.post(
        reverse("payments:run_confirmations", args=[run.pk]),
        {"file": SimpleUploadedFile("confirm.csv", data, content_type="text/csv")},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Row 2: the amount" in body and "Enter the amount" in body
    assert not ConfirmationImport.objects.exists()
    assert Claim.objects.get(pk=item.claim_id).status == Claim.Status.PAID
