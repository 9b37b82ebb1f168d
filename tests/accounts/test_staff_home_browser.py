"""The staff area and the account page in a real browser: axe-core and a 320 pixel screen."""

from __future__ import annotations

import pytest

from alongside.accounts.models import Organisation, Role
from tests.browser import axe_violations
from tests.builders import create_contributor, create_organisation, create_staff, create_user, sign_in_browser

pytestmark = pytest.mark.browser


def _fits_320(page) -> bool:
    page.set_viewport_size({"width": 320, "height": 640})
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return widths[0] <= widths[1]


@pytest.mark.parametrize("role", [Role.INVOLVEMENT_STAFF, Role.FINANCE, Role.NATIONAL_ADMIN])
def test_the_staff_area_passes_axe_and_fits_a_small_screen(browser_page, live_server, role):
    kind = Organisation.Type.NIHR if role == Role.NATIONAL_ADMIN else Organisation.Type.RESEARCH
    sign_in_browser(browser_page, live_server.url, create_staff(create_organisation(type=kind), role))
    browser_page.goto("/staff/")
    assert browser_page.locator("h1").inner_text() == "Staff area"
    assert axe_violations(browser_page) == []
    assert _fits_320(browser_page)


def test_a_contributors_account_page_passes_axe_and_fits_a_small_screen(browser_page, live_server):
    user = create_user(full_name="Sam Taylor")
    create_contributor(user=user)
    sign_in_browser(browser_page, live_server.url, user)
    browser_page.goto("/account/")
    assert browser_page.get_by_role("link", name="How we contact you").is_visible()
    assert axe_violations(browser_page) == []
    assert _fits_320(browser_page)
