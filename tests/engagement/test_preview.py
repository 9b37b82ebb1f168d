"""The survey preview: staff see the survey as a respondent would, and nothing is recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.engagement.models import Response
from tests.builders import create_organisation, sign_in
from tests.engagement.helpers import K, create_survey, engager

pytestmark = pytest.mark.django_db


def _survey(**kwargs):
    survey = create_survey(
        questions=[
            {"kind": K.SINGLE, "text": "Do you care for someone?", "options": ["Yes", "No"]},
            {"kind": K.SHORT_TEXT, "text": "Who do you care for?"},
            {"kind": K.NUMBER, "text": "How many meetings a year?", "minimum": 0, "maximum": 52},
        ],
        **kwargs,
    )
    yes = survey.questions.get(position=1).options.get(label="Yes")
    survey.questions.filter(position=2).update(shown_if=yes)
    return survey


def test_staff_go_through_a_draft_survey_and_nothing_is_recorded(client):
    survey = _survey(open_it=False)
    sign_in(client, engager(survey.organisation))
    survey_page = client.get(reverse("engagement:staff_survey", args=[survey.pk])).content.decode()
    start = reverse("engagement:staff_preview", args=[survey.pk])
    assert start in survey_page
    assert "Nothing you enter is recorded" in client.get(start).content.decode()

    first = client.post(start)
    assert first.url == reverse("engagement:staff_preview_question", args=[survey.pk, 1])
    question = survey.questions.get(position=1)
    yes = question.options.get(label="Yes")
    # Answering "Yes" shows the follow-up question, as it would for a respondent.
    second = client.post(first.url, {f"q{question.pk}-answer": str(yes.pk)})
    assert second.url == reverse("engagement:staff_preview_question", args=[survey.pk, 2])
    third = client.post(second.url, {f"q{survey.questions.get(position=2).pk}-answer": "My dad"})
    number = survey.questions.get(position=3)
    refused = client.post(third.url, {f"q{number.pk}-answer": "99"})
    assert refused.status_code == 400 and "There is a problem" in refused.content.decode()
    done = client.post(third.url, {f"q{number.pk}-answer": "4"})
    assert done.url == reverse("engagement:staff_preview_check", args=[survey.pk])
    check = client.get(done.url).content.decode()
    assert "My dad" in check and "nothing was recorded" in check
    assert not Response.objects.filter(survey=survey).exists()


def test_answering_no_skips_the_follow_up_question(client):
    survey = _survey()
    sign_in(client, engager(survey.organisation))
    client.post(reverse("engagement:staff_preview", args=[survey.pk]))
    question = survey.questions.get(position=1)
    no = question.options.get(label="No")
    answer = client.post(
        reverse("engagement:staff_preview_question", args=[survey.pk, 1]),
        {f"q{question.pk}-answer": str(no.pk)},
    )
    assert answer.url == reverse("engagement:staff_preview_question", args=[survey.pk, 3])


def test_another_organisations_staff_cannot_preview(client):
    survey = _survey()
    sign_in(client, engager(create_organisation()))
    assert client.get(reverse("engagement:staff_preview", args=[survey.pk])).status_code == 404
