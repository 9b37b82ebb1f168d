"""In a real browser: axe-core, small screens and the keyboard (catalogue N.138-140).

axe-core comes bundled with axe-playwright-python, so nothing is downloaded at test time.
"""

from __future__ import annotations

import pytest

from tests.browser import axe_violations, follow
from tests.builders import create_user, sign_in_browser

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["/", "/join/", "/opportunities/", "/accounts/login/", "/help/"]


def test_axe_finds_no_violations_on_the_public_pages(browser_page):
    found = {}
    for url in PUBLIC_PAGES:
        browser_page.goto(url)
        violations = axe_violations(browser_page)
        if violations:
            found[url] = violations
    assert not found


def test_axe_finds_no_violations_on_the_account_page(browser_page, live_server):
    sign_in_browser(browser_page, live_server.url, create_user(full_name="Sam Taylor"))
    browser_page.goto("/account/")
    assert browser_page.locator("h1").inner_text() == "Your account"
    assert axe_violations(browser_page) == []


def test_axe_finds_no_violations_on_a_form_showing_errors(browser_page):
    browser_page.goto("/accounts/login/")
    follow(browser_page, browser_page.get_by_role("button", name="Continue"))
    assert browser_page.locator(".error-summary, [role=alert]").count() >= 1
    assert axe_violations(browser_page) == []


def test_pages_fit_a_320_pixel_screen_without_sideways_scrolling(browser_page):
    browser_page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}
    for url in PUBLIC_PAGES:
        browser_page.goto(url)
        widths = browser_page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if widths[0] > widths[1]:
            too_wide[url] = widths
    assert not too_wide


def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(browser_page):
    browser_page.goto("/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate(
        "() => [document.activeElement.className, document.activeElement.innerText]"
    )
    assert focused == ["skip-link", "Skip to main content"]
    # The link is visible while it has focus, so sighted keyboard users see it.
    assert browser_page.locator(".skip-link").is_visible()
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("() => document.activeElement.id") == "main-content"
