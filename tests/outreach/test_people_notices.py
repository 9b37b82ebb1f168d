"""Researchers' invitations reach people in their own channel; the replies reach the researcher by email."""

from __future__ import annotations

import pytest
from django.core import mail

from alongside.accounts.models import Role
from alongside.outreach.models import Delivery, OutboxMessage
from alongside.people import services
from tests.builders import committed, create_contributor, create_organisation, create_staff

BASE = "http://127.0.0.1:18801"


@pytest.fixture(autouse=True)
def _served_on_another_port(settings):
    settings.BASE_URL = BASE


def _invite(message="Would you join our ((study)) panel?"):
    home = create_organisation("Home trust")
    researcher = create_staff(create_organisation("Elsewhere university"), Role.RESEARCHER)
    person = create_contributor(
        home,
        consents=("contact", "findable"),
        known_as="Rhys",
        mobile="07911 123456",
        email="rhys@example.org",
        preferred_channels=["text", "email"],
    )
    with committed():
        invitation = services.send_invitation(
            researcher=researcher,
            organisation=researcher.active_memberships[0].organisation,
            contributor=person,
            message=message,
        )
    return invitation, person, researcher


def test_an_invitation_reaches_the_person_by_text_with_the_researchers_words_as_written():
    invitation, person, _ = _invite()

    [text] = OutboxMessage.objects.filter(channel="text")
    assert "A researcher at Elsewhere university would like to invite you" in text.body
    assert "Would you join our ((study)) panel?" in text.body  # their words, never read as a placeholder
    assert f"{BASE}/me/" in text.body and f"{BASE}/messages/preferences/" in text.body
    assert mail.outbox == []


def test_the_invitation_is_on_the_persons_record_at_their_own_organisation_not_the_researchers():
    invitation, person, _ = _invite()

    delivery = Delivery.objects.get(contributor=person, message__kind="invitation")
    assert delivery.message.organisation == person.organisation != invitation.organisation


def test_the_researcher_is_told_of_a_yes_with_the_persons_details_and_preferred_way():
    invitation, person, researcher = _invite()
    with committed():
        services.respond_to_invitation(invitation, accept=True)

    [email] = [m for m in mail.outbox if m.to == [researcher.email]]
    assert email.subject == "A reply to your invitation"
    assert "07911 123456" in email.body and "How they like to be contacted: Text message, Email" in email.body
    assert f"{BASE}/staff/invitations/" in email.body


def test_a_no_shares_nothing_and_a_person_without_consent_is_not_contacted():
    invitation, person, researcher = _invite()
    with committed():
        services.respond_to_invitation(invitation, accept=False)
    [email] = [m for m in mail.outbox if m.to == [researcher.email]]
    assert "Rhys" not in email.body and "07911" not in email.body

    services.record_consent(person, "contact", given=False, how="online")
    with committed():
        services.send_invitation(
            researcher=researcher, organisation=invitation.organisation, contributor=person, message="Again"
        )
    assert Delivery.objects.filter(contributor=person, message__kind="invitation").last().status == "withheld"
