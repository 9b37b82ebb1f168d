"""In the browser: a new user finds an opportunity, applies, is selected, attends and sees it."""

from __future__ import annotations

import os

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.models import Role
from tests.builders import create_organisation, create_staff, sign_in
from tests.opportunities.helpers import contributor_with_login, published, session

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed"),
]


@pytest.fixture
def browser_context(live_server):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls here are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(base_url=live_server.url)
        yield context
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _no_serious_accessibility_problems(tab) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_find_apply_selected_attended_and_shown_in_the_account(browser_context, live_server):
    org = create_organisation()
    opportunity = published(
        org, title="Shape a new asthma app", summary="Try an app for asthma and tell us what you think."
    )
    workshop = session(opportunity, title="App workshop", minutes=60)
    contributor, user = contributor_with_login(org)
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)

    tab = browser_context.new_page()
    tab.goto(reverse("opportunities:list"))
    tab.get_by_role("textbox", name="Search").fill("asthma")
    tab.get_by_role("button", name="Search").click()
    _no_serious_accessibility_problems(tab)
    tab.get_by_role("link", name="Shape a new asthma app").click()
    _no_serious_accessibility_problems(tab)
    assert tab.get_by_role("heading", level=1).inner_text() == "Shape a new asthma app"

    browser_context.add_cookies(
        [{"name": "sessionid", "value": _session_cookie(user), "url": live_server.url}]
    )
    tab.get_by_role("link", name="Apply").click()
    _no_serious_accessibility_problems(tab)
    tab.get_by_label("Why are you interested?").fill("I have had asthma since I was a child.")
    tab.get_by_role("button", name="Send my application").click()
    assert "Your involvement" in tab.content()

    # Staff, in their own browser, select the applicant and record the attendance.
    staff_context = browser_context.browser.new_context(base_url=live_server.url)
    staff_context.add_cookies(
        [{"name": "sessionid", "value": _session_cookie(staff), "url": live_server.url}]
    )
    staff_tab = staff_context.new_page()
    staff_tab.goto(reverse("opportunities:staff_applicants", args=[opportunity.pk]))
    staff_tab.get_by_role("link", name=contributor.display_name).click()
    staff_tab.get_by_label("Status").select_option("selected")
    staff_tab.get_by_role("button", name="Save and tell the person").click()
    assert "Selected" in staff_tab.locator("main").inner_text()
    staff_tab.goto(reverse("opportunities:staff_attendance", args=[workshop.pk]))
    staff_tab.get_by_label(f"{contributor.display_name} took part").check()
    staff_tab.get_by_role("button", name="Save attendance").click()
    assert "Attendance saved for 1 people" in staff_tab.locator("main").inner_text()
    staff_context.close()

    tab.goto(reverse("accounts:home"))
    tab.get_by_role("link", name="Your applications and what you have taken part in").click()
    _no_serious_accessibility_problems(tab)
    text = tab.locator("main").inner_text()
    assert (
        "Shape a new asthma app" in text
        and "Selected" in text
        and "App workshop" in text
        and "60 minutes" in text
    )


def _session_cookie(user) -> str:
    client = Client()
    sign_in(client, user)
    return client.cookies["sessionid"].value
