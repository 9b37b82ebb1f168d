"""Answering online, one question per page: bad input gets a clear message and keeps what was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.engagement import services
from alongside.engagement.models import Answer, Response, Survey
from tests.builders import create_contributor, create_user, sign_in
from tests.engagement.helpers import K, areas_survey, create_survey, option_ids

pytestmark = pytest.mark.django_db


def _begin(client, survey: Survey):
    return client.post(reverse("engagement:survey_begin", args=[survey.slug]))


def _question_url(survey, position):
    return reverse("engagement:survey_question", args=[survey.slug, position])


def _prefix(survey, position):
    return f"q{survey.questions.get(position=position).pk}"


def test_an_anonymous_survey_is_answered_one_question_per_page_and_sent(client):
    survey = areas_survey(anonymous=True)
    first = survey.questions.get(position=1)
    assert _begin(client, survey).url == _question_url(survey, 1)
    page = client.get(_question_url(survey, 1)).content.decode()
    assert "Question 1 of 4" in page and "Which three matter most?" in page
    chosen = option_ids(first, "Payment", "Reach", "Feedback")
    response = client.post(_question_url(survey, 1), {f"{_prefix(survey, 1)}-answer": chosen})
    assert response.url == _question_url(survey, 2)
    ranks = {
        f"{_prefix(survey, 2)}-rank_{pk}": place
        for pk, place in zip(
            option_ids(survey.questions.get(position=2), "Online", "Phone", "Post"),
            ["2", "1", ""],
            strict=True,
        )
    }
    assert client.post(_question_url(survey, 2), ranks).url == _question_url(survey, 3)
    client.post(_question_url(survey, 3), {f"{_prefix(survey, 3)}-answer": "12"})
    response = client.post(
        _question_url(survey, 4), {f"{_prefix(survey, 4)}-answer": "Meetings are in the day."}
    )
    assert response.url == reverse("engagement:survey_check", args=[survey.slug])
    check = client.get(response.url).content.decode()
    assert "1. Phone" in check and "2. Online" in check
    done = client.post(response.url, {"may_quote": "yes"})
    assert done.url == reverse("engagement:survey_done", args=[survey.slug])
    sent = Response.objects.get()
    assert sent.state == Response.State.SUBMITTED and sent.respondent is None and sent.may_quote
    assert sent.submitted_on.day == 1  # the month only
    assert Answer.objects.filter(question=first).count() == 3
    assert dict(Answer.objects.filter(question__position=2).values_list("option__label", "rank")) == {
        "Phone": 1,
        "Online": 2,
    }


@pytest.mark.parametrize(
    ("position", "typed", "message"),
    [
        (1, ["a", "b"], "Choose from the options given"),
        (3, "twelve", "Enter your answer as a number, like 12"),
        (3, "60", "Enter a number of 52 or less"),
        (1, [], "Choose at least one option"),
    ],
)
def test_a_wrong_answer_is_refused_with_a_message(client, position, typed, message):
    survey = areas_survey(anonymous=True)
    _begin(client, survey)
    response = client.post(_question_url(survey, position), {f"{_prefix(survey, position)}-answer": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and "There is a problem" in page
    if isinstance(typed, str):
        assert f'value="{typed}"' in page  # what was typed is kept


def test_more_choices_than_allowed_are_refused_and_kept(client):
    survey = areas_survey(anonymous=True)
    _begin(client, survey)
    chosen = option_ids(survey.questions.get(position=1), "Payment", "Reach", "Training", "Feedback")
    response = client.post(_question_url(survey, 1), {f"{_prefix(survey, 1)}-answer": chosen})
    page = response.content.decode()
    assert "Choose no more than 3 options. You chose 4" in page
    assert page.count(" checked>") == 4


@pytest.mark.parametrize(
    ("places", "message"),
    [
        (["1", "1", ""], "You gave 1 to more than one option"),
        (["1", "3", ""], "number 2 is missing"),
        (["1", "x", ""], "Give each option you rank a whole number from 1 to 3"),
    ],
)
def test_a_ranking_with_repeats_or_gaps_is_refused(client, places, message):
    survey = areas_survey(anonymous=True)
    _begin(client, survey)
    question = survey.questions.get(position=2)
    data = {
        f"{_prefix(survey, 2)}-rank_{pk}": place
        for pk, place in zip(option_ids(question, "Online", "Phone", "Post"), places, strict=True)
    }
    response = client.post(_question_url(survey, 2), data)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert 'value="3"' in page or 'value="x"' in page or page.count('value="1"') == 2


def test_a_required_question_left_empty_stops_the_answers_being_sent(client):
    survey = areas_survey(anonymous=True)
    _begin(client, survey)
    response = client.post(reverse("engagement:survey_check", args=[survey.slug]))
    assert response.status_code == 400
    assert "Question 1: Choose at least one option" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_closed_survey_refuses_answers_and_says_so(client):
    survey = areas_survey(anonymous=True)
    _begin(client, survey)
    services.close_survey(survey)
    chosen = option_ids(survey.questions.get(position=1), "Payment")
    response = client.post(_question_url(survey, 1), {f"{_prefix(survey, 1)}-answer": chosen})
    assert response.status_code == 409 and "This survey is closed" in response.content.decode()
    assert (
        "This survey is closed"
        in client.get(reverse("engagement:survey_start", args=[survey.slug])).content.decode()
    )


def test_a_draft_survey_is_not_found():
    survey = create_survey(open_it=False)
    from django.test import Client

    assert Client().get(reverse("engagement:survey_start", args=[survey.slug])).status_code == 404


def test_the_same_person_cannot_answer_a_named_survey_twice(client):
    survey = create_survey(questions=[{"kind": K.SHORT_TEXT, "text": "Your idea"}])
    user = create_user()
    create_contributor(user=user)
    sign_in(client, user)
    _begin(client, survey)
    client.post(_question_url(survey, 1), {f"{_prefix(survey, 1)}-answer": "More evening meetings"})
    client.post(reverse("engagement:survey_check", args=[survey.slug]))
    assert Response.objects.get().respondent.user == user
    again = _begin(client, survey)
    assert again.url == reverse("engagement:survey_start", args=[survey.slug])
    assert "You have already answered this survey" in client.get(again.url).content.decode()
    assert Response.objects.count() == 1


def test_a_named_survey_asks_people_to_sign_in(client):
    survey = create_survey(questions=[{"kind": K.SHORT_TEXT, "text": "Your idea"}])
    assert (
        "Sign in to answer"
        in client.get(reverse("engagement:survey_start", args=[survey.slug])).content.decode()
    )
    assert _begin(client, survey).url.startswith(reverse("account_login"))


def test_save_and_come_back_later_by_private_link(client):
    from django.test import Client

    survey = areas_survey(anonymous=True)
    _begin(client, survey)
    chosen = option_ids(survey.questions.get(position=1), "Payment", "Reach")
    saved = client.post(_question_url(survey, 1), {f"{_prefix(survey, 1)}-answer": chosen, "save": ""})
    page = saved.content.decode()
    assert "Your answers are saved" in page
    link = page.split('<p class="inset"><a href="')[1].split('"')[0]
    other_browser = Client()
    resumed = other_browser.get(link.replace("http://testserver", ""))
    assert resumed.url == _question_url(survey, 2)
    page = other_browser.get(_question_url(survey, 1)).content.decode()
    assert page.count(" checked>") == 2
    # Asking for a new link stops the old one working.
    other_browser.post(_question_url(survey, 1), {f"{_prefix(survey, 1)}-answer": chosen, "save": ""})
    assert Client().get(link.replace("http://testserver", "")).status_code == 404


def test_a_conditional_question_is_asked_only_after_the_answer_it_depends_on(client):
    survey = create_survey(
        anonymous=True,
        open_it=False,
        questions=[{"kind": K.SINGLE, "text": "Are you a carer?", "options": ["Yes", "No"]}],
    )
    yes = survey.questions.get().options.get(label="Yes")
    services.add_question(survey, kind=K.LONG_TEXT, text="What support would help?", shown_if=yes)
    services.add_question(survey, kind=K.SHORT_TEXT, text="Anything else?", required=False)
    services.open_survey(survey)
    _begin(client, survey)
    no = option_ids(survey.questions.get(position=1), "No")[0]
    assert client.post(_question_url(survey, 1), {f"{_prefix(survey, 1)}-answer": no}).url == _question_url(
        survey, 3
    )
    client.post(_question_url(survey, 3), {f"{_prefix(survey, 3)}-answer": ""})
    assert client.post(reverse("engagement:survey_check", args=[survey.slug])).status_code == 302


def test_a_date_question_reads_day_month_and_year(client):
    survey = create_survey(anonymous=True, questions=[{"kind": K.DATE, "text": "When did you join?"}])
    _begin(client, survey)
    prefix = _prefix(survey, 1)
    bad = client.post(
        _question_url(survey, 1), {f"{prefix}-day": "31", f"{prefix}-month": "2", f"{prefix}-year": "2026"}
    )
    assert "Enter a real date" in bad.content.decode() and 'value="31"' in bad.content.decode()
    good = client.post(
        _question_url(survey, 1), {f"{prefix}-day": "3", f"{prefix}-month": "2", f"{prefix}-year": "2026"}
    )
    assert good.status_code == 302
    assert Response.objects.get().draft == {str(survey.questions.get().pk): "2026-02-03"}


def test_the_equality_questions_are_kept_with_the_profile_only_with_consent(client):
    survey = create_survey(questions=[{"kind": K.SHORT_TEXT, "text": "Your idea"}], open_it=False)
    services.add_equality_block(survey)
    services.open_survey(survey)
    user = create_user()
    contributor = create_contributor(user=user, consents=("contact", "equality"))
    sign_in(client, user)
    _begin(client, survey)
    client.post(_question_url(survey, 1), {f"{_prefix(survey, 1)}-answer": "Evening meetings"})
    client.post(
        _question_url(survey, 2),
        {f"{_prefix(survey, 2)}-year_of_birth": "1960", f"{_prefix(survey, 2)}-disability": "yes"},
    )
    client.post(reverse("engagement:survey_check", args=[survey.slug]))
    contributor.equality.refresh_from_db()
    assert contributor.equality.year_of_birth == 1960 and contributor.equality.disability == "yes"


def test_without_equality_consent_the_equality_questions_are_not_asked(client):
    survey = create_survey(questions=[{"kind": K.SHORT_TEXT, "text": "Your idea"}], open_it=False)
    services.add_equality_block(survey)
    services.open_survey(survey)
    user = create_user()
    create_contributor(user=user, consents=("contact",))
    sign_in(client, user)
    _begin(client, survey)
    response = client.post(_question_url(survey, 1), {f"{_prefix(survey, 1)}-answer": "Evening meetings"})
    assert response.url == reverse("engagement:survey_check", args=[survey.slug])
