"""In the browser: a new user finds an opportunity, applies, is selected, attends and sees it."""

from __future__ import annotations

import os

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities import services
from tests.builders import create_organisation, create_staff, sign_in
from tests.opportunities.helpers import contributor_with_login, published, session

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed"),
]


@pytest.fixture
def page(live_server):
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


def test_find_apply_selected_attended_and_shown_in_the_account(page, live_server):
    org = create_organisation()
    opportunity = published(
        org, title="Shape a new asthma app", summary="Try an app for asthma and tell us what you think."
    )
    workshop = session(opportunity, title="App workshop", minutes=60)
    contributor, user = contributor_with_login(org)
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)

    tab = page.new_page()
    tab.goto(reverse("opportunities:list"))
    tab.get_by_role("textbox", name="Search").fill("asthma")
    tab.get_by_role("button", name="Search").click()
    tab.get_by_role("link", name="Shape a new asthma app").click()
    assert tab.get_by_role("heading", level=1).inner_text() == "Shape a new asthma app"

    page.add_cookies([{"name": "sessionid", "value": _session_cookie(user), "url": live_server.url}])
    tab.get_by_role("link", name="Apply").click()
    tab.get_by_label("Why are you interested?").fill("I have had asthma since I was a child.")
    tab.get_by_role("button", name="Send my application").click()
    assert "Your involvement" in tab.content()

    application = contributor.applications.get()
    services.set_application_status(application, "selected", by=staff)
    services.record_attendance(workshop, [(contributor, 60)], by=staff)

    tab.goto(reverse("accounts:home"))
    tab.get_by_role("link", name="Your applications and what you have taken part in").click()
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
