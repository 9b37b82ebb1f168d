"""In the browser: a person joins, then a researcher elsewhere finds them only as an anonymous card."""

from __future__ import annotations

import os

import pytest

from alongside.accounts.models import Role
from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor, Topic
from tests.builders import create_organisation, create_staff

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed"),
]


@pytest.fixture
def context(live_server):
    from playwright.sync_api import sync_playwright

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


def _no_serious_axe_violations(tab):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def _login_cookie(user) -> str:
    from django.test import Client

    from tests.builders import sign_in

    client = Client()
    sign_in(client, user)
    return client.cookies["sessionid"].value


def test_join_then_found_only_as_an_anonymous_card(context, live_server):
    topic = Topic.objects.get(name="Mental health")
    tab = context.new_page()
    tab.goto("/join/")
    _no_serious_axe_violations(tab)
    tab.get_by_label("First name").fill("Delphine")
    tab.get_by_label("Email address").fill("delphine@example.org")
    tab.get_by_label("Postcode").fill("CF10 3AT")
    tab.locator("#id_channel_email").select_option("1")
    tab.get_by_label("Mental health", exact=True).check()
    tab.get_by_label(services.current_wording("findable").text).check()
    tab.get_by_role("button", name="Join").click()
    assert tab.get_by_role("heading", level=1).inner_text() == "Thank you for joining"

    person = Contributor.objects.get(first_name="Delphine")
    services.update_profile(person, online=True, how=HowGiven.ONLINE)
    researcher = create_staff(create_organisation(), Role.RESEARCHER)
    context.add_cookies([{"name": "sessionid", "value": _login_cookie(researcher), "url": live_server.url}])
    tab.goto("/staff/search/")
    tab.get_by_label(topic.name, exact=True).check()
    tab.get_by_label("Wales", exact=True).check()
    tab.get_by_role("button", name="Search").click()
    body = tab.content()
    assert "fewer than 10 people found" in body
    assert "Delphine" not in body and "delphine@example.org" not in body
    _no_serious_axe_violations(tab)
