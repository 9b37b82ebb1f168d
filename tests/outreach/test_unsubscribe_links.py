"""Done means: the link in every email and text works without sign-in and cannot be forged."""

from __future__ import annotations

import datetime
import re

import time_machine
from django.core import mail
from django.utils import timezone

from alongside.outreach import services
from alongside.outreach.content import Content
from alongside.outreach.models import OptOut
from tests.builders import create_organisation
from tests.outreach.people import bulk, send_committed

INVITE = Content(subject="Get involved", body="Would you like to help?")


def _link_path(body: str) -> str:
    return re.search(r"https://alongside\.example(/messages/preferences/\S+/)", body).group(1)


def _emailed_link(kind="invitation", **fields):
    organisation = create_organisation()
    [person] = bulk(organisation, [{"preferred_channels": ["email"], **fields}])
    send_committed(kind, [person], INVITE, organisation=organisation)
    return person, organisation, _link_path(mail.outbox[-1].body)


def test_the_link_in_an_email_stops_that_kind_of_message_without_signing_in(client):
    person, organisation, path = _emailed_link()

    page = client.get(path)
    assert page.status_code == 200
    assert "Stop messages like this one" in page.content.decode()
    done = client.post(path, {"action": "stop_kind"})

    assert done.status_code == 200
    assert OptOut.objects.filter(contributor=person, kind="invitation").exists()
    send_committed("invitation", [person], INVITE, organisation=organisation)
    send_committed(
        "reminder", [person], Content(subject="Reminder", body="Tomorrow."), organisation=organisation
    )
    assert [m.subject for m in mail.outbox] == ["Get involved", "Reminder"]


def test_the_link_can_stop_everything_except_essential_notices(client):
    person, organisation, path = _emailed_link()

    client.post(path, {"action": "stop_all"})

    send_committed(
        "reminder", [person], Content(subject="Reminder", body="Tomorrow."), organisation=organisation
    )
    send_committed(
        "security", [person], Content(subject="New sign-in", body="Was this you?"), organisation=organisation
    )
    assert [m.subject for m in mail.outbox] == ["Get involved", "New sign-in"]


def test_the_link_changes_the_channels_a_person_wants(client):
    person, _, path = _emailed_link()

    client.post(path, {"action": "channels", "channels": ["letter", "phone"]})

    person.refresh_from_db()
    assert person.preferred_channels == ["letter", "phone"]


def test_choosing_no_channel_is_refused_with_a_message_next_to_the_field(client):
    _, _, path = _emailed_link()

    page = client.post(path, {"action": "channels"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Choose at least one way for us to contact you" in html
    assert 'class="error-summary' in html


def test_essential_notices_cannot_be_stopped_from_their_link(client):
    person, _, path = _emailed_link(kind="security", consent_contact=False)

    page = client.get(path).content.decode()
    client.post(path, {"action": "stop_kind"})

    assert "Stop messages like this one" not in page
    assert not OptOut.objects.filter(contributor=person).exists()


def test_a_forged_or_altered_link_is_refused(client):
    person, _, path = _emailed_link()
    token = path.rstrip("/").rsplit("/", 1)[1]
    altered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    # A link made with the right shape but without the server's secret.
    from django.core import signing

    forged = signing.dumps({"c": person.pk, "k": "invitation"}, key="not-the-secret", salt=services.LINK_SALT)

    for bad in (altered, forged, "nonsense"):
        response = client.post(f"/messages/preferences/{bad}/", {"action": "stop_all"})
        assert response.status_code == 404
    assert not OptOut.objects.filter(contributor=person).exists()


def test_a_link_for_one_person_cannot_be_turned_into_anothers(client):
    person, _, path = _emailed_link()
    token = path.rstrip("/").rsplit("/", 1)[1]
    payload, rest = token.split(":", 1)
    from django.core import signing

    other = signing.b64_encode(f'{{"c":{person.pk + 1},"k":"invitation"}}'.encode()).decode()
    response = client.post(f"/messages/preferences/{other}:{rest}/", {"action": "stop_all"})
    assert response.status_code == 404


def test_an_expired_link_is_refused_with_a_phone_number(client, settings):
    person, _, path = _emailed_link()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=settings.OUTREACH_LINK_DAYS + 1)):
        response = client.post(path, {"action": "stop_all"})

    assert response.status_code == 410
    assert settings.ALONGSIDE_CONTACT_PHONE in response.content.decode()
    assert not OptOut.objects.filter(contributor=person).exists()
