"""Cost calculator, project budget planned against actual, and the employment-status check."""

import csv
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities.models import Project
from alongside.payments import costing
from alongside.payments.forms import EmploymentCheckForm
from alongside.payments.models import CostPlan, CostRow, EmploymentCheck
from tests.builders import create_contribution, create_opportunity, create_staff, sign_in

from .helpers import TODAY, Team, key, person


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    return Team()


def test_activities_are_costed_from_the_policy_rates(team):
    plan = CostPlan.objects.create(organisation=team.organisation, title="Bid")
    CostRow.objects.create(
        plan=plan,
        category="activity",
        description="Group",
        activity_type="meeting",
        people=6,
        sessions=4,
        hours=2,
    )
    CostRow.objects.create(
        plan=plan, category="access", description="Interpreter", sessions=4, hours=2, unit_cost="45"
    )
    CostRow.objects.create(
        plan=plan, category="training", description="Course", people=6, unit_cost="30", notes="Online"
    )
    costed, by_category, total = costing.cost_plan(plan)
    assert [c.total for c in costed] == [Decimal("1200.00"), Decimal("360.00"), Decimal("180.00")]
    assert total == Decimal("1740.00")
    assert by_category["Involvement activity"] == Decimal("1200.00")


def test_an_unknown_activity_type_is_explained_not_guessed(team):
    plan = CostPlan.objects.create(organisation=team.organisation, title="Bid")
    CostRow.objects.create(
        plan=plan, category="activity", description="Odd", activity_type="unknown", people=1
    )
    costed, _, total = costing.cost_plan(plan)
    assert total == 0 and "no rate" in costed[0].note


def test_researchers_build_a_costing_and_download_csv_and_pdf(client):
    team = Team(totp=True)
    researcher = create_staff(team.organisation, Role.RESEARCHER)
    sign_in(client, researcher)
    response = client.post(reverse("payments:cost_plans"), {"title": "Heart study bid"})
    plan = CostPlan.objects.get()
    assert response.url == reverse("payments:cost_plan", args=[plan.pk])
    row = {
        "category": "activity",
        "description": "Panel",
        "activity_type": "meeting",
        "people": "5",
        "sessions": "3",
    }
    row |= {"hours": "2", "unit_cost": "0", "notes": "Includes a catch-up call"}
    client.post(reverse("payments:cost_plan", args=[plan.pk]), row)
    bad = client.post(
        reverse("payments:cost_plan", args=[plan.pk]), row | {"people": "-1", "description": "Kept"}
    )
    assert 'value="Kept"' in bad.content.decode()
    page = client.get(reverse("payments:cost_plan", args=[plan.pk])).content.decode()
    assert "£750.00" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("payments:cost_plan_download", args=[plan.pk, "csv"])).content.decode()
            )
        )
    )
    assert rows[1][:2] == ["Involvement activity", "Panel"] and rows[-1][-2] == "750.00"
    assert client.get(reverse("payments:cost_plan_download", args=[plan.pk, "pdf"])).content.startswith(
        b"%PDF"
    )
    other = Team(totp=True)
    sign_in(client, create_staff(other.organisation, Role.RESEARCHER))
    assert client.get(reverse("payments:cost_plan", args=[plan.pk])).status_code == 404


def test_a_funded_project_shows_planned_against_actual_from_the_ledger(client):
    team = Team(totp=True)
    project = Project.objects.create(organisation=team.organisation, title="Funded study", stage="funded")
    plan = CostPlan.objects.create(organisation=team.organisation, title="Bid", project=project)
    CostRow.objects.create(
        plan=plan, category="activity", description="Group", activity_type="meeting", people=2, hours=2
    )
    contributor = person(team)
    opportunity = create_opportunity(team.organisation, project=project)
    from alongside.payments import services

    done = create_contribution(contributor, opportunity)
    claim = services.start_claim(contributor, [done], by=None, key=key())
    services.submit(claim, by=None)
    services.check(claim, by=team.checker)
    services.approve(claim, by=team.finance)
    sign_in(client, team.checker)
    page = client.get(reverse("payments:project_budget", args=[project.pk])).content.decode()
    assert "£100.00" in page and "£50.00" in page


def test_the_employment_status_check_flags_roles_needing_advice(client):
    team = Team(totp=True)
    sign_in(client, team.checker)
    url = reverse("payments:employment_check", args=[team.opportunity.pk])
    answers = {name: "no" for name, _label in EmploymentCheckForm.QUESTIONS}
    page = client.post(url, answers).content.decode()
    assert "Nothing in the answers suggests employment" in page
    page = client.post(url, answers | {"direction": "yes", "ongoing": "yes"}).content.decode()
    assert "Get advice" in page
    assert EmploymentCheck.objects.filter(opportunity=team.opportunity, needs_advice=True).exists()
    missing = client.post(url, {"ongoing": "no"}).content.decode()
    assert "Answer yes or no" in missing
