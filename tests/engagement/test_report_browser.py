"""In the browser: staff read the engagement report, edit a part's text and publish it; the public
report and the survey preview have nothing serious for axe."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.engagement import services
from tests.browser import follow, serious_axe_violations
from tests.builders import create_organisation, sign_in_browser
from tests.engagement.helpers import areas_survey, engager, option_ids, record

pytestmark = pytest.mark.browser


def test_staff_edit_the_report_publish_it_and_preview_a_survey(browser_page, live_server):
    organisation = create_organisation()
    process = services.create_process(
        organisation=organisation,
        created_by=None,
        title="Shaping involvement",
        summary="Why.",
        published=True,
    )
    survey = areas_survey(organisation=organisation, process=process, anonymous=True)
    question = survey.questions.get(position=1)
    for _n in range(12):
        record(survey, {1: option_ids(question, "Payment", "Reach")})
    tab = browser_page
    sign_in_browser(tab, live_server.url, engager(organisation))
    tab.goto(reverse("engagement:staff_process", args=[process.pk]))
    follow(tab, tab.get_by_role("link", name="The engagement report"))
    assert serious_axe_violations(tab) == []
    follow(tab, tab.get_by_role("link", name="Edit the text of “Summary”"))
    assert serious_axe_violations(tab) == []
    tab.get_by_label("Text").fill("What we heard, in short.")
    follow(tab, tab.get_by_role("button", name="Save the text"))
    assert "What we heard, in short." in tab.content()
    follow(tab, tab.get_by_role("button", name="Publish the report"))
    follow(tab, tab.get_by_role("link", name="See the public report"))
    assert "What we heard and what will change" in tab.content()
    assert serious_axe_violations(tab) == []

    tab.goto(reverse("engagement:staff_survey", args=[survey.pk]))
    follow(tab, tab.get_by_role("link", name="Preview the survey as a respondent (nothing is recorded)"))
    assert serious_axe_violations(tab) == []
    follow(tab, tab.get_by_role("button", name="Start the preview"))
    assert "Question 1 of" in tab.content()
    assert serious_axe_violations(tab) == []
