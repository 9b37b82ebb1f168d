"""In the browser: a person answers a survey one question per page with JavaScript off, using the
keyboard only; staff key in a paper response; axe finds nothing serious on any page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.engagement.models import Answer, Channel, Response
from tests.browser import follow, serious_axe_violations
from tests.builders import sign_in_browser
from tests.engagement.helpers import areas_survey, engager

pytestmark = pytest.mark.browser


def _tab_to(page, locator, limit: int = 60) -> None:
    """Press Tab until ``locator`` has the focus, as a keyboard user would."""
    for _n in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"could not reach {locator} with the Tab key")


def _axe_as_seen(chromium_browser, live_server, no_js_page) -> list[str]:
    """axe needs scripts: check the same page, with the same session, in a tab that runs them."""
    context = chromium_browser.new_context(base_url=live_server.url)
    context.add_cookies(no_js_page.context.cookies())
    tab = context.new_page()
    tab.goto(no_js_page.url)
    found = serious_axe_violations(tab)
    context.close()
    return found


def test_a_person_answers_one_question_per_page_without_javascript_by_keyboard(chromium_browser, live_server):
    survey = areas_survey(anonymous=True, title="Making involvement easier")
    context = chromium_browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(reverse("engagement:survey_start", args=[survey.slug]))
    assert _axe_as_seen(chromium_browser, live_server, page) == []
    _tab_to(page, page.get_by_role("button", name="Start now"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Question 1: choose up to three. Four first, to meet the error, then put right.
    assert "Question 1 of 4" in page.content()
    for label in ("Payment", "Reach", "Training", "Feedback"):
        _tab_to(page, page.get_by_label(label))
        page.keyboard.press("Space")
    _tab_to(page, page.get_by_role("button", name="Continue"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Choose no more than 3 options. You chose 4" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Feedback").is_checked()  # nothing typed is lost
    assert _axe_as_seen(chromium_browser, live_server, page) == []
    _tab_to(page, page.get_by_label("Training"))
    page.keyboard.press("Space")
    _tab_to(page, page.get_by_role("button", name="Continue"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Question 2: a ranking, typed as numbers.
    assert "Question 2 of 4" in page.content()
    _tab_to(page, page.get_by_label("Phone"))
    page.keyboard.type("1")
    _tab_to(page, page.get_by_label("Post"))
    page.keyboard.type("2")
    assert _axe_as_seen(chromium_browser, live_server, page) == []
    _tab_to(page, page.get_by_role("button", name="Continue"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Question 3: a number; question 4: in their own words.
    _tab_to(page, page.get_by_role("textbox", name="How many meetings a year?"))
    page.keyboard.type("6")
    _tab_to(page, page.get_by_role("button", name="Continue"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, page.get_by_role("textbox", name="What gets in the way?"))
    page.keyboard.type("Meetings in the daytime")
    _tab_to(page, page.get_by_role("button", name="Continue"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Check your answers" in page.content()
    assert _axe_as_seen(chromium_browser, live_server, page) == []
    _tab_to(page, page.get_by_role("button", name="Send my answers"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "your answers have been sent" in page.content()
    context.close()

    response = Response.objects.get(state=Response.State.SUBMITTED)
    assert response.respondent is None
    assert set(response.answers.filter(question__position=1).values_list("option__label", flat=True)) == {
        "Payment",
        "Reach",
        "Feedback",
    }
    assert Answer.objects.get(response=response, question__position=4).text == "Meetings in the daytime"


def test_staff_key_in_a_paper_response(browser_page, live_server):
    survey = areas_survey(anonymous=True)
    staff = engager(survey.organisation)
    tab = browser_page
    sign_in_browser(tab, live_server.url, staff)
    tab.goto(reverse("engagement:staff_survey", args=[survey.pk]))
    assert serious_axe_violations(tab) == []
    follow(tab, tab.get_by_role("link", name="Key in paper or phone answers"))
    assert serious_axe_violations(tab) == []
    tab.get_by_label("On a paper form").check()
    tab.get_by_label("Public contributors and carers").check()
    tab.get_by_label("Reach").check()
    tab.get_by_label("Finding").check()
    tab.get_by_role("textbox", name="3. How many meetings a year?").fill("lots")
    follow(tab, tab.get_by_role("button", name="Save these answers"))
    assert "Question 3: Enter your answer as a number" in tab.locator(".error-summary").inner_text()
    assert tab.get_by_label("Reach").is_checked()
    assert serious_axe_violations(tab) == []
    tab.get_by_role("textbox", name="3. How many meetings a year?").fill("4")
    follow(tab, tab.get_by_role("button", name="Save these answers"))
    assert "The answers have been saved" in tab.content()
    response = Response.objects.get()
    assert (
        response.channel == Channel.PAPER and response.entered_by is None
    )  # anonymous: not even who keyed it
    follow(tab, tab.get_by_role("link", name="What would help?"))
    follow(tab, tab.get_by_role("link", name="Results"))
    assert serious_axe_violations(tab) == []
