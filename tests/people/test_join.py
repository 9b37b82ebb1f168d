from django.urls import reverse

from alongside.accounts.models import User
from alongside.people.models import ConsentEvent, Contributor, Topic


def _form(**extra):
    topic = Topic.objects.first()
    return {
        "first_name": "Priya",
        "email": "priya@example.org",
        "channel_email": "1",
        "interests": [topic.pk],
        "access_needs": ["large_print"],
        "consent_contact": "on",
        "consent_findable": "on",
        **extra,
    }


def test_joining_creates_a_profile_a_sign_in_and_the_consents_with_wording_version(client):
    response = client.post(reverse("people:join"), _form())
    assert response.status_code == 302
    person = Contributor.objects.get(first_name="Priya")
    assert person.user == User.objects.get(email="priya@example.org")
    assert person.preferred_channels == ["email"]
    assert person.access_needs == ["large_print"]
    assert person.consent_contact and person.consent_findable and not person.consent_newsletter
    events = ConsentEvent.objects.filter(contributor=person)
    assert {(e.purpose, e.given, e.how, e.wording.version) for e in events} == {
        ("contact", True, "online", 1),
        ("findable", True, "online", 1),
        ("newsletter", False, "online", 1),
    }


def test_joining_without_email_creates_no_sign_in(client):
    client.post(
        reverse("people:join"), _form(email="", mobile="07911 123456", channel_email="", channel_text="1")
    )
    person = Contributor.objects.get()
    assert person.user is None and person.mobile == "+447911123456"


def test_joining_needs_a_way_to_contact_and_keeps_what_was_typed(client):
    response = client.post(reverse("people:join"), _form(email="", channel_email=""))
    body = response.content.decode()
    assert "Give us at least one way to contact you" in body
    assert 'value="Priya"' in body
    assert not Contributor.objects.exists() and not User.objects.exists()


def test_a_chosen_channel_needs_its_details(client):
    response = client.post(reverse("people:join"), _form(channel_letter="2"))
    assert "Give the details we need for letter" in response.content.decode()
    assert not Contributor.objects.exists()


def test_the_join_page_shows_the_exact_consent_wording(client):
    from alongside.people.services import current_wording

    body = client.get(reverse("people:join")).content.decode()
    assert current_wording("findable").text in body


def test_the_paper_form_is_a_pdf_with_the_same_questions():
    from io import BytesIO

    from django.test import Client
    from pypdf import PdfReader

    response = Client().get(reverse("people:join_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    for question in ("First name", "Email address", "Support you need", "interested"):
        assert question in text


def test_joining_twice_with_the_same_email_does_not_reveal_it_on_the_page(client):
    from django.core import mail

    from tests.builders import committed

    client.post(reverse("people:join"), _form())
    with committed():
        response = client.post(reverse("people:join"), _form(first_name="Someone"), follow=True)
    assert "Thank you for joining" in response.content.decode()
    assert Contributor.objects.count() == 1
    assert "already joined" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [_form()["email"]]


def test_a_person_staff_added_is_linked_when_they_sign_in_with_the_same_verified_email(client):
    from tests.builders import create_contributor, create_organisation, create_user, sign_in

    person = create_contributor(create_organisation(), email="lee@example.org")
    user = create_user(email="lee@example.org")
    sign_in(client, user)
    assert person.first_name in client.get(reverse("people:my_profile")).content.decode()
    person.refresh_from_db()
    assert person.user == user
