"""Invitations and reminders go through outreach; a letter carries the paper survey in the print pack."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from alongside.engagement import invitations
from alongside.engagement.models import SurveyInvitation
from alongside.outreach import services as outreach
from alongside.outreach.models import Delivery, PrintPack
from tests.builders import create_contributor, sign_in
from tests.engagement.helpers import areas_survey, engager, option_ids, record

pytestmark = pytest.mark.django_db


def _letter_person(organisation):
    return create_contributor(
        organisation,
        preferred_channels=["letter"],
        address_line_1="1 High Street",
        town="Northbridge",
        postcode="M1 1AA",
    )


def test_staff_invite_people_each_their_own_way(client, django_capture_on_commit_callbacks):
    survey = areas_survey(anonymous=True)
    emailed = create_contributor(survey.organisation, email="a@example.org", preferred_channels=["email"])
    sign_in(client, engager(survey.organisation))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("engagement:staff_invite", args=[survey.pk]), {"audience": "everyone"})
    assert response.status_code == 302
    sent = SurveyInvitation.objects.get()
    delivery = Delivery.objects.get(message=sent.message, contributor=emailed)
    assert delivery.channel == "email"
    assert sent.message.context["survey_link"].endswith(
        reverse("engagement:survey_start", args=[survey.slug])
    )


def test_a_letter_carries_the_paper_survey_in_the_print_pack():
    survey = areas_survey(anonymous=True)
    person = _letter_person(survey.organisation)
    sent = invitations.invite(survey, type(person).objects.filter(pk=person.pk), by=None)
    deliveries = list(
        Delivery.objects.filter(message=sent.message, channel="letter").select_related("contributor")
    )
    assert deliveries, "the person prefers letters"
    outreach.make_print_pack(sent.message, deliveries)
    pack = PrintPack.objects.get(message=sent.message)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pack.pdf.read())).pages)
    assert "Which three matter most?" in text and "Freepost TEST" in text
    assert pack.pages > 1


def test_a_named_survey_reminds_only_those_who_have_not_answered():
    survey = areas_survey()
    answered = create_contributor(survey.organisation, email="b@example.org")
    waiting = create_contributor(survey.organisation, email="c@example.org")
    people = type(answered).objects.filter(pk__in=[answered.pk, waiting.pk])
    invitations.invite(survey, people, by=None)
    record(survey, {1: option_ids(survey.questions.get(position=1), "Reach")}, respondent=answered)
    assert list(invitations.reminder_audience(survey)) == [waiting]
    reminder = invitations.invite(survey, invitations.reminder_audience(survey), by=None, reminder=True)
    assert reminder.message.kind == "reminder"
    assert set(Delivery.objects.filter(message=reminder.message).values_list("contributor", flat=True)) == {
        waiting.pk
    }
