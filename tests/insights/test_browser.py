"""The insights pages in a real browser: no serious accessibility problems, no sideways scroll at 320 px."""

from __future__ import annotations

import pytest
import time_machine

from alongside.accounts.models import Region, Role
from alongside.insights.services import refresh_counts
from tests.browser import serious_axe_violations
from tests.builders import create_organisation, create_staff, sign_in_browser
from tests.insights.people import TODAY, hand_made_north_west

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["representation", "trends", "activity"])
def test_the_insights_pages_pass_axe_and_fit_a_small_screen(browser_page, live_server, path):
    organisation = create_organisation("Northbridge", region=Region.NORTH_WEST)
    with time_machine.travel(TODAY.isoformat() + " 09:00 +00:00", tick=False):
        hand_made_north_west(organisation)
        refresh_counts(TODAY)
    page = browser_page
    sign_in_browser(page, live_server.url, create_staff(organisation, Role.INVOLVEMENT_STAFF))
    page.goto(f"{live_server.url}/staff/insights/{path}/")
    assert "<svg" in page.content() or path == "activity"
    assert serious_axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
