"""In the browser: a new user finds an opportunity, applies, is selected, attends and sees it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.accounts.models import Role
from tests.browser import follow, serious_axe_violations
from tests.builders import create_organisation, create_staff, sign_in_browser
from tests.opportunities.helpers import contributor_with_login, published, session

pytestmark = pytest.mark.browser


def test_find_apply_selected_attended_and_shown_in_the_account(browser_page, live_server):
    org = create_organisation()
    opportunity = published(
        org, title="Shape a new asthma app", summary="Try an app for asthma and tell us what you think."
    )
    workshop = session(opportunity, title="App workshop", minutes=60, days=-1)
    contributor, user = contributor_with_login(org)
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)

    tab = browser_page
    tab.goto(reverse("opportunities:list"))
    tab.get_by_role("textbox", name="Search").fill("asthma")
    follow(tab, tab.get_by_role("button", name="Search"))
    assert serious_axe_violations(tab) == []
    follow(tab, tab.get_by_role("link", name="Shape a new asthma app"))
    assert serious_axe_violations(tab) == []
    assert tab.get_by_role("heading", level=1).inner_text() == "Shape a new asthma app"

    sign_in_browser(tab, live_server.url, user)
    follow(tab, tab.get_by_role("link", name="Apply"))
    assert serious_axe_violations(tab) == []
    tab.get_by_label("Why are you interested?").fill("I have had asthma since I was a child.")
    follow(tab, tab.get_by_role("button", name="Send my application"))
    assert "Your involvement" in tab.content()

    # Staff, in their own browser, select the applicant and record the attendance.
    staff_context = tab.context.browser.new_context(base_url=live_server.url)
    staff_tab = staff_context.new_page()
    sign_in_browser(staff_tab, live_server.url, staff)
    staff_tab.goto(reverse("opportunities:staff_applicants", args=[opportunity.pk]))
    follow(staff_tab, staff_tab.get_by_role("link", name=contributor.display_name))
    staff_tab.get_by_label("Status").select_option("selected")
    follow(staff_tab, staff_tab.get_by_role("button", name="Save and tell the person"))
    assert "Selected" in staff_tab.locator("main").inner_text()
    staff_tab.goto(reverse("opportunities:staff_attendance", args=[workshop.pk]))
    staff_tab.get_by_label(f"{contributor.display_name} took part").check()
    follow(staff_tab, staff_tab.get_by_role("button", name="Save attendance"))
    assert "Attendance saved for 1 person" in staff_tab.locator("main").inner_text()
    staff_context.close()

    tab.goto(reverse("accounts:home"))
    follow(tab, tab.locator("main").get_by_role("link", name="Your involvement"))
    assert serious_axe_violations(tab) == []
    text = tab.locator("main").inner_text()
    assert (
        "Shape a new asthma app" in text
        and "Selected" in text
        and "App workshop" in text
        and "60 minutes" in text
    )
