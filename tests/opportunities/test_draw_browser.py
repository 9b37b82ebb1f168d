"""In the browser: the draw pages in each state pass axe-core and work without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities import selection, services
from alongside.opportunities.models import SelectionDraw
from tests.browser import axe_violations, follow
from tests.builders import create_contributor, create_organisation, create_staff, sign_in_browser
from tests.opportunities.helpers import published

pytestmark = pytest.mark.browser


def test_the_draw_form_errors_result_and_waiting_pages_have_no_axe_violations(browser_page, live_server):
    org = create_organisation()
    opportunity = published(org, places=2, title="Sleep study panel")
    for i, region in enumerate(["London", "London", "Wales"]):
        contributor = create_contributor(org, email=f"browser{i}@example.org", known_as=f"Applicant {i}")
        contributor.region = region
        contributor.save()
        services.apply(opportunity, contributor, why_interested="x")
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    tab = browser_page
    sign_in_browser(tab, live_server.url, staff)
    found = {}

    tab.goto(reverse("opportunities:staff_draw", args=[opportunity.pk]))
    found["form"] = axe_violations(tab)
    tab.get_by_label("Your own targets").fill("region, Wales, 2, 2")
    follow(tab, tab.get_by_role("button", name="Draw"))
    assert "No panel meets every quota" in tab.locator("main").inner_text()
    found["form with errors"] = axe_violations(tab)

    tab.get_by_label("Your own targets").fill("region, Wales, 1, 1")
    follow(tab, tab.get_by_role("button", name="Draw"))
    assert tab.get_by_role("heading", name="The panel drawn").count() == 1
    found["result"] = axe_violations(tab)

    waiting = SelectionDraw.objects.create(
        opportunity=opportunity,
        places=2,
        seed=1,
        pool=list(opportunity.applications.values_list("pk", flat=True)),
        status=SelectionDraw.Status.WAITING,
        created_by=staff,
    )
    tab.goto(reverse("opportunities:staff_draw_result", args=[waiting.pk]))
    assert "The panel is being drawn" in tab.locator("main").inner_text()
    found["waiting"] = axe_violations(tab)
    assert found == {"form": [], "form with errors": [], "result": [], "waiting": []}

    # The background task finishes; the page shows the result without being reloaded.
    selection.complete_draw(waiting.pk)
    tab.get_by_role("heading", name="The panel drawn").wait_for(timeout=15_000)
    assert tab.evaluate("() => document.activeElement.tagName") == "H1"
