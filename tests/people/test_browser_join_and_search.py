"""In the browser: a person joins, then a researcher elsewhere finds them only as an anonymous card."""

from __future__ import annotations

import pytest

from alongside.accounts.models import Role
from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor, Topic
from tests.browser import follow, serious_axe_violations
from tests.builders import create_organisation, create_staff, sign_in_browser

pytestmark = pytest.mark.browser


def test_join_then_found_only_as_an_anonymous_card(browser_page, live_server):
    topic = Topic.objects.get(name="Mental health")
    tab = browser_page
    tab.goto("/join/")
    assert serious_axe_violations(tab) == []
    tab.get_by_label("First name").fill("Delphine")
    tab.get_by_label("Email address").fill("delphine@example.org")
    tab.get_by_label("Postcode").fill("CF10 3AT")
    tab.locator("#id_channel_email").select_option("1")
    tab.get_by_label("Mental health", exact=True).check()
    tab.get_by_label(services.current_wording("findable").text).check()
    follow(tab, tab.get_by_role("button", name="Join"))
    assert tab.get_by_role("heading", level=1).inner_text() == "Thank you for joining"

    person = Contributor.objects.get(first_name="Delphine")
    services.update_profile(person, online=True, how=HowGiven.ONLINE)
    researcher = create_staff(create_organisation(), Role.RESEARCHER)
    sign_in_browser(tab, live_server.url, researcher)
    tab.goto("/staff/search/")
    tab.get_by_label(topic.name, exact=True).check()
    tab.get_by_label("Wales", exact=True).check()
    follow(tab, tab.get_by_role("button", name="Search"))
    body = tab.content()
    assert "fewer than 10 people found" in body
    assert "Delphine" not in body and "delphine@example.org" not in body
    assert serious_axe_violations(tab) == []
