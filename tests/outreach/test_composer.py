"""Staff write a message for a saved audience, preview it per channel, and send or schedule it."""

from __future__ import annotations

import datetime
import io

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from alongside.accounts.models import Role
from alongside.core.models import TaskProgress
from alongside.outreach import services
from alongside.outreach.models import Delivery, Message, MessageTemplate, SavedAudience
from tests.builders import committed, create_organisation, create_staff, sign_in
from tests.outreach.people import bulk

LONDON = "London"


def _setup(client):
    organisation = create_organisation()
    staff = create_staff(organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    audience = SavedAudience.objects.create(organisation=organisation, name="London", region=LONDON)
    return organisation, staff, audience


def _form(audience, **fields):
    data = {
        "audience": audience.pk,
        "kind": "invitation",
        "subject": "Help shape a study",
        "body": "Hello ((first_name)). Would you like to help us? It takes an hour.",
        "action": "preview",
    }
    data.update(fields)
    return data


def test_an_unknown_placeholder_fails_at_preview_not_at_send(client):
    _, _, audience = _setup(client)

    response = client.post(
        reverse("outreach:compose"), _form(audience, body="Hello ((nickname))", action="send")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "We cannot fill ((nickname))" in html
    assert 'href="#id_body"' in html  # the error summary links to the field
    assert "Hello ((nickname))" in html  # what was typed is kept
    assert not Message.objects.exists()


def test_the_preview_shows_each_channel_the_audience_size_and_the_plain_language_check(client):
    organisation, _, audience = _setup(client)
    bulk(organisation, [{"region": LONDON}] * 3 + [{"region": LONDON, "consent_contact": False}] + [{}])
    bulk(create_organisation(), [{"region": LONDON}])  # another organisation's people are not counted

    response = client.post(
        reverse("outreach:compose"), _form(audience, body="Hello ((first_name)). We will utilise your views.")
    )

    html = response.content.decode()
    assert "This will go to 3 people" in html
    assert "Hello Sam." in html
    assert "Stop or change these messages" in html
    assert 'Instead of "utilise", try "use"' in html


def test_the_letter_preview_is_a_pdf_in_standard_and_large_print(client):
    _, _, audience = _setup(client)
    url = reverse("outreach:compose")

    standard = client.post(url, _form(audience, action="letter", body="Words. " * 300))
    large = client.post(url + "?large_print=1", _form(audience, action="letter", body="Words. " * 300))

    assert standard["Content-Type"] == "application/pdf"
    standard_pages = len(PdfReader(io.BytesIO(standard.content)).pages)
    large_pages = len(PdfReader(io.BytesIO(large.content)).pages)
    assert 1 <= standard_pages < large_pages


def test_sending_shows_a_progress_page_and_reaches_only_people_with_consent(client):
    organisation, staff, audience = _setup(client)
    consenting = bulk(organisation, [{"region": LONDON}] * 4)
    bulk(organisation, [{"region": LONDON, "consent_contact": False}])

    with committed():
        response = client.post(reverse("outreach:compose"), _form(audience, action="send"), follow=True)

    progress = TaskProgress.objects.get(owner=staff)
    assert response.redirect_chain[-1][0] == reverse("core:task_progress", args=[progress.pk])
    assert progress.status == "done" and progress.done == progress.total == 4
    assert {m.to[0] for m in mail.outbox} == {p.email for p in consenting}


def test_a_scheduled_message_waits_for_its_time(client):
    organisation, _, audience = _setup(client)
    bulk(organisation, [{"region": LONDON}] * 2)
    send_at = timezone.localtime() + datetime.timedelta(days=1)

    with committed():
        client.post(
            reverse("outreach:compose"),
            _form(audience, action="send", send_at=send_at.strftime("%Y-%m-%dT%H:%M")),
        )

    message = Message.objects.get()
    assert message.status == "scheduled" and mail.outbox == []
    assert Delivery.objects.filter(message=message, status="queued").count() == 2
    with time_machine.travel(send_at + datetime.timedelta(minutes=1)):
        services.send_due()
    assert len(mail.outbox) == 2
    message.refresh_from_db()
    assert message.status == "sent"


def test_a_time_in_the_past_is_refused(client):
    _, _, audience = _setup(client)
    response = client.post(reverse("outreach:compose"), _form(audience, send_at="2020-01-01T09:00"))
    assert "The time to send must be in the future" in response.content.decode()


def test_another_organisations_audience_cannot_be_used(client):
    _setup(client)
    theirs = SavedAudience.objects.create(organisation=create_organisation(), name="Theirs")

    response = client.post(reverse("outreach:compose"), _form(theirs, action="send"))

    assert "Select a valid choice" in response.content.decode()
    assert not Message.objects.exists()


def test_a_subject_with_a_new_line_is_refused(client):
    _, _, audience = _setup(client)
    response = client.post(reverse("outreach:compose"), _form(audience, subject="Hi\r\nBcc: x@example.org"))
    assert "Write this on one line" in response.content.decode()


def test_staff_save_audiences_and_templates_and_start_from_a_template(client):
    organisation, _, _ = _setup(client)

    client.post(reverse("outreach:audiences"), {"name": "North", "region": "North East", "status": "active"})
    refused = client.post(
        reverse("outreach:templates"),
        {"name": "Bad", "kind": "invitation", "subject": "Hi ((who))", "body": "Hello"},
    )
    client.post(
        reverse("outreach:templates"),
        {"name": "Invite", "kind": "invitation", "subject": "Join us", "body": "Hello ((first_name))"},
    )

    assert SavedAudience.objects.filter(organisation=organisation, name="North").exists()
    assert "We cannot fill ((who))" in refused.content.decode()
    template = MessageTemplate.objects.get()
    page = client.get(reverse("outreach:compose") + f"?template={template.pk}").content.decode()
    assert "Hello ((first_name))" in page


def test_researchers_cannot_send_messages(client):
    organisation = create_organisation()
    sign_in(client, create_staff(organisation, Role.RESEARCHER))
    assert client.get(reverse("outreach:compose")).status_code == 403


def _letter_text(response) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_plain_language_check_reads_what_staff_wrote_not_the_sample_details(client):
    _, _, audience = _setup(client)
    body = "Hello ((first_name)). Your reference is ((reference)). The CAG meets in May."

    html = client.post(reverse("outreach:compose"), _form(audience, body=body)).content.decode()

    assert "Your reference is ABCD2345" in html  # the preview still shows the sample person
    assert 'Explain "ABCD2345"' not in html and 'Explain "CAG"' in html


def test_a_letter_greets_the_person_once_and_the_preview_says_how_it_starts(client):
    _, _, audience = _setup(client)
    url = reverse("outreach:compose")
    own = _form(audience, body="Dear ((first_name)),\n\nThank you for your help this year.")
    plain = _form(audience, body="Thank you for your help this year.")

    assert "Your message starts with a greeting" in client.post(url, own).content.decode()
    assert "each letter starts with one: “Dear Sam Example,”" in client.post(url, plain).content.decode()
    greeted = _letter_text(client.post(url, {**own, "action": "letter"}))
    added = _letter_text(client.post(url, {**plain, "action": "letter"}))
    assert greeted.count("Dear") == 1 and "Dear Sam," in greeted
    assert added.count("Dear") == 1 and "Dear Sam Example," in added


def test_the_letter_does_not_say_calls_to_us_are_free(client):
    _, _, audience = _setup(client)
    text = _letter_text(client.post(reverse("outreach:compose"), _form(audience, action="letter")))
    assert "phone us on 0300 000 0000" in text and "free" not in text.lower()
