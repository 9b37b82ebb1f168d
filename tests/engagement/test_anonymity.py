"""Anonymous means unlinkable: no person, no staff member, no precise time, nothing in the order of rows."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from alongside.engagement import answering, queries
from alongside.engagement.models import Answer, Response
from tests.builders import create_contributor, create_user, sign_in
from tests.engagement.helpers import areas_survey, engager, option_ids, record

pytestmark = pytest.mark.django_db


def test_response_and_answer_rows_hold_no_time_finer_than_a_day_and_random_ids():
    for model in (Response, Answer):
        fields = model._meta.get_fields()
        assert not [f.name for f in fields if isinstance(f, models.DateTimeField)], model
        assert isinstance(model._meta.pk, models.UUIDField), model


def test_a_signed_in_person_answering_an_anonymous_survey_leaves_no_link(client):
    survey = areas_survey(anonymous=True)
    user = create_user()
    create_contributor(user=user)
    sign_in(client, user)
    client.post(reverse("engagement:survey_begin", args=[survey.slug]))
    question = survey.questions.get(position=1)
    client.post(
        reverse("engagement:survey_question", args=[survey.slug, 1]),
        {f"q{question.pk}-answer": option_ids(question, "Payment")},
    )
    client.post(reverse("engagement:survey_check", args=[survey.slug]))
    response = Response.objects.get()
    assert response.state == Response.State.SUBMITTED
    assert response.respondent_id is None and response.entered_by_id is None
    assert response.resume_hash == "" and response.draft == {}
    assert response.submitted_on.day == 1
    assert not client.session.get("engagement_responses", {}).get(str(survey.pk))


def test_staff_keying_an_anonymous_response_are_not_recorded_against_it():
    survey = areas_survey(anonymous=True)
    person = create_contributor(survey.organisation)
    staff = engager(survey.organisation)
    question = survey.questions.get(position=1)
    response = record(survey, {1: option_ids(question, "Reach")}, respondent=person, entered_by=staff)
    response.refresh_from_db()
    assert response.respondent_id is None and response.entered_by_id is None


def test_exports_and_the_admin_show_no_person(client):
    survey = areas_survey(anonymous=True)
    person = create_contributor(survey.organisation, first_name="Zebedee")
    question = survey.questions.get(position=1)
    record(survey, {1: option_ids(question, "Reach"), 4: "My words"}, respondent=person)
    sign_in(client, engager(survey.organisation))
    export = client.get(reverse("engagement:staff_results_export", args=[survey.pk, "csv"])).content.decode()
    assert "Zebedee" not in export and person.reference not in export
    assert Response not in admin.site._registry and Answer not in admin.site._registry


def test_a_named_response_is_the_persons_and_counted_once():
    survey = areas_survey()
    person = create_contributor(survey.organisation)
    question = survey.questions.get(position=1)
    record(survey, {1: option_ids(question, "Reach")}, respondent=person)
    with pytest.raises(answering.AlreadyAnswered):
        answering.record(
            survey,
            {str(question.pk): option_ids(question, "Payment")},
            queries.questions(survey),
            channel="phone",
            respondent=person,
        )
    assert Response.objects.get().respondent == person
