"""The idle warning in a real browser: announced, keyboard-operable and extendable (WCAG 2.2.1)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.builders import create_user, sign_in_browser

pytestmark = pytest.mark.browser

TIMEOUT = 10  # seconds; the warning shows half-way through when the timeout is this short


@pytest.fixture
def signed_in_page(browser_page, live_server, settings):
    settings.SESSION_IDLE_TIMEOUT = TIMEOUT
    sign_in_browser(browser_page, live_server.url, create_user())
    browser_page.goto("/account/")
    return browser_page


def _focus_is_in_the_dialog(page) -> bool:
    return page.evaluate("() => document.activeElement.closest('#timeout-warning') !== null")


def test_the_warning_appears_takes_focus_and_passes_axe(signed_in_page):
    dialog = signed_in_page.locator("#timeout-warning")
    dialog.wait_for(state="visible", timeout=TIMEOUT * 2000)
    assert _focus_is_in_the_dialog(signed_in_page)
    assert signed_in_page.evaluate("() => document.activeElement.innerText") == "Stay signed in"
    assert "seconds" in dialog.inner_text()
    assert Axe().run(signed_in_page).response["violations"] == []


@pytest.mark.parametrize("key", ["Enter", "Escape"])
def test_the_keyboard_keeps_the_person_signed_in(signed_in_page, key):
    dialog = signed_in_page.locator("#timeout-warning")
    dialog.wait_for(state="visible", timeout=TIMEOUT * 2000)
    signed_in_page.keyboard.press(key)
    dialog.wait_for(state="hidden", timeout=2000)
    # Past the original deadline, the person is still signed in on the same page.
    signed_in_page.wait_for_timeout(TIMEOUT * 1000 * 0.6)
    signed_in_page.reload()
    assert signed_in_page.url.endswith("/account/")
    assert signed_in_page.locator("h1").inner_text() == "Your account"


def test_doing_nothing_signs_the_person_out_and_says_why(signed_in_page):
    signed_in_page.wait_for_url("**/accounts/login/**", timeout=TIMEOUT * 3000)
    assert "had not used the website for a while" in signed_in_page.content()
