"""Staff build processes and surveys: phases in order, questions of every type, and their rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.engagement import services
from alongside.engagement.models import Phase, Process, Question, Survey
from tests.builders import create_organisation, sign_in
from tests.engagement.helpers import K, areas_survey, create_survey, engager

pytestmark = pytest.mark.django_db


def _signed_in_engager(client):
    organisation = create_organisation()
    user = engager(organisation)
    sign_in(client, user)
    return organisation, user


def test_staff_start_a_process_add_phases_and_mark_the_current_one(client):
    organisation, _user = _signed_in_engager(client)
    response = client.post(
        reverse("engagement:staff_process_new"),
        {
            "organisation": organisation.pk,
            "title": "Shaping involvement",
            "summary": "Why we are asking.",
            "published": "on",
            "take_part_phone": "Ring 0161 496 0000",
        },
    )
    process = Process.objects.get()
    assert response.url == reverse("engagement:staff_process", args=[process.pk])
    for title in ("Scoping", "Survey", "Events"):
        client.post(reverse("engagement:staff_phase_new", args=[process.pk]), {"title": title})
    survey_phase = process.phases.get(title="Survey")
    client.post(
        reverse("engagement:staff_phase_action", args=[process.pk, survey_phase.pk]), {"action": "current"}
    )
    states = dict(process.phases.values_list("title", "state"))
    assert states == {
        "Scoping": Phase.State.DONE,
        "Survey": Phase.State.CURRENT,
        "Events": Phase.State.PLANNED,
    }
    client.post(
        reverse("engagement:staff_phase_action", args=[process.pk, survey_phase.pk]), {"action": "up"}
    )
    assert list(process.phases.order_by("position").values_list("title", flat=True)) == [
        "Survey",
        "Scoping",
        "Events",
    ]


def test_the_public_page_shows_the_current_phase_decisions_and_ways_to_take_part(client):
    process = services.create_process(
        organisation=create_organisation(),
        created_by=None,
        title="Shaping involvement",
        summary="Why.",
        take_part_phone="Ring 0161 496 0000",
        take_part_post="Freepost ALONGSIDE",
        published=True,
    )
    services.add_phase(process, title="Scoping", decisions="Five areas to test in the survey.")
    survey_phase = services.add_phase(process, title="Survey")
    services.set_current_phase(survey_phase)
    page = client.get(reverse("engagement:process", args=[process.slug])).content.decode()
    assert "Happening now: Survey" in page
    assert "Five areas to test in the survey." in page
    assert "Ring 0161 496 0000" in page and "Freepost ALONGSIDE" in page


def test_an_unpublished_process_has_no_public_page(client):
    process = services.create_process(
        organisation=create_organisation(), created_by=None, title="Quiet", summary="x"
    )
    assert client.get(reverse("engagement:process", args=[process.slug])).status_code == 404


def test_staff_build_a_survey_with_each_kind_of_question(client):
    organisation, _user = _signed_in_engager(client)
    client.post(
        reverse("engagement:staff_survey_new"),
        {
            "organisation": organisation.pk,
            "title": "Registration",
            "introduction": "Hello",
            "freepost_address": "Freepost X",
        },
    )
    survey = Survey.objects.get()
    url = reverse("engagement:staff_question_new", args=[survey.pk])
    for kind in K.values:
        if kind == K.EQUALITY:
            continue
        data = {"kind": kind, "text": f"A {kind} question", "required": "on", "options": "One\nTwo\nThree"}
        if kind in {K.CHOOSE_UP_TO, K.RANK}:
            data["max_choices"] = "2"
        assert client.post(url, data).status_code == 302, kind
    client.post(reverse("engagement:staff_survey_status", args=[survey.pk]), {"action": "equality"})
    client.post(reverse("engagement:staff_survey_status", args=[survey.pk]), {"action": "open"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert survey.questions.count() == len(K.values)
    assert (
        list(survey.questions.get(kind=K.SCALE).options.values_list("label", flat=True))[0]
        == "Strongly agree"
    )


def test_a_choose_up_to_question_needs_its_number_and_keeps_what_was_typed(client):
    organisation, _user = _signed_in_engager(client)
    survey = create_survey(organisation, open_it=False)
    response = client.post(
        reverse("engagement:staff_question_new", args=[survey.pk]),
        {"kind": K.CHOOSE_UP_TO, "text": "Which matter most?", "options": "A\nB\nC"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say how many options people may choose" in page
    assert "Which matter most?" in page and "A\nB\nC" in page


def test_a_condition_must_point_at_an_earlier_question():
    survey = create_survey(
        open_it=False, questions=[{"kind": K.SINGLE, "text": "Carer?", "options": ["Yes", "No"]}]
    )
    yes = survey.questions.get().options.get(label="Yes")
    follow = services.add_question(survey, kind=K.LONG_TEXT, text="What support?", shown_if=yes)
    assert follow.shown_if == yes
    with pytest.raises(ValidationError):
        services.update_question(
            survey.questions.get(position=1),
            kind=K.SINGLE,
            text="Carer?",
            shown_if=yes,
            options=["Yes", "No"],
        )


def test_moving_a_question_above_the_one_it_depends_on_drops_the_condition():
    survey = create_survey(
        open_it=False, questions=[{"kind": K.SINGLE, "text": "Carer?", "options": ["Yes", "No"]}]
    )
    yes = survey.questions.get().options.get(label="Yes")
    follow = services.add_question(survey, kind=K.LONG_TEXT, text="What support?", shown_if=yes)
    services.move_question(follow, -1)
    follow.refresh_from_db()
    assert follow.position == 1 and follow.shown_if is None


def test_an_open_survey_keeps_its_questions():
    survey = areas_survey()
    with pytest.raises(ValidationError):
        services.add_question(survey, kind=K.SHORT_TEXT, text="Late question")
    with pytest.raises(ValidationError):
        services.delete_question(survey.questions.first())


def test_a_survey_cannot_open_without_questions():
    survey = create_survey(open_it=False)
    with pytest.raises(ValidationError):
        services.open_survey(survey)


def test_other_organisations_surveys_are_not_found(client):
    _signed_in_engager(client)
    survey = areas_survey()
    assert client.get(reverse("engagement:staff_survey", args=[survey.pk])).status_code == 404


def test_equality_questions_are_offered_once_only():
    survey = create_survey(open_it=False)
    services.add_equality_block(survey)
    with pytest.raises(ValidationError):
        services.add_equality_block(survey)
    assert survey.questions.filter(kind=Question.Kind.EQUALITY).count() == 1
