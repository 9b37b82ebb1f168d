"""Budget family: a project's planned costs are compared with what was spent on the same kind of
cost, shown per kind, with the rule on the page.

Before: "Expenses and other costs" compared every planned non-activity cost (venues, staff time,
training) with contributors' expenses alone, so a project looked £700 under budget when nothing
comparable had been spent.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from alongside.opportunities.models import Project
from alongside.payments import costing, queries, services
from alongside.payments.models import CostPlan, CostRow, ExpenseKind
from tests.builders import create_contribution, create_opportunity, sign_in

from .helpers import Team, key, person

pytestmark = pytest.mark.usefixtures("on_the_test_day")


@pytest.fixture
def project():
    team = Team(totp=True)
    project = Project.objects.create(organisation=team.organisation, title="Funded study", stage="funded")
    plan = CostPlan.objects.create(organisation=team.organisation, title="Bid", project=project)
    rows = [
        ("activity", {"activity_type": "meeting", "people": 2, "hours": 2}),  # 2 × 2 h × £25 = £100
        ("expenses", {"unit_cost": Decimal("30")}),
        ("access", {"unit_cost": Decimal("20")}),
        ("venue", {"unit_cost": Decimal("200")}),
        ("staff", {"unit_cost": Decimal("500")}),
    ]
    for category, fields in rows:
        CostRow.objects.create(plan=plan, category=category, description=category, **fields)
    contributor = person(team)
    done = create_contribution(contributor, create_opportunity(team.organisation, project=project))
    claim = services.start_claim(contributor, [done], by=None, key=key())
    services.add_expense(
        claim, kind=ExpenseKind.TRAVEL, amount="4.20", date=datetime.date(2026, 11, 2), by=None
    )
    services.add_expense(
        claim, kind=ExpenseKind.CARER, amount="12.00", date=datetime.date(2026, 11, 2), by=None
    )
    services.submit(claim, by=None)
    services.check(claim, by=team.checker)
    services.approve(claim, by=team.finance)
    project.team = team
    return project


def test_each_kind_of_cost_is_compared_with_spending_of_the_same_kind(project):
    lines, total = costing.project_budget(project, queries.project_actuals(project))
    shown = {line.label: (line.planned, line.spent) for line in lines}
    assert shown["Payments for time"] == (Decimal("100.00"), Decimal("50.00"))
    # Contributors' expenses include carers and support workers: compared with expenses and access.
    assert shown["Expenses and access support paid to contributors"] == (Decimal("50.00"), Decimal("16.20"))
    assert shown["Venues and catering"] == (Decimal("200.00"), None)
    assert shown["Staff time"] == (Decimal("500.00"), None)
    assert (total.planned, total.spent) == (Decimal("150.00"), Decimal("66.20"))


def test_the_page_shows_each_kind_and_says_how_it_is_worked_out(client, project):
    sign_in(client, project.team.checker)
    page = client.get(reverse("payments:project_budget", args=[project.pk])).content.decode()
    rows = re.sub(r"\s+", " ", page)
    assert "<td>Payments for time</td><td>£100.00</td><td>£50.00</td>" in rows
    assert "<td>Venues and catering</td><td>£200.00</td><td>Not paid through Alongside</td>" in rows
    assert "£150.00" in rows and "£66.20" in rows
    assert "How this is worked out" in page and "not paid through Alongside" in page
    assert "Expenses and other costs" not in page
