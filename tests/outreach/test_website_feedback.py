"""The feedback page behind the beta banner: anyone sends, national admins read and are told."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.models import Role
from alongside.outreach import feedback
from alongside.outreach.models import ServiceFeedback
from tests.builders import committed, create_organisation, create_staff, sign_in

pytestmark = pytest.mark.django_db

GOOD = {
    "doing": "Looking for an opportunity about diabetes.",
    "problem": "The filter for Wales did not stay ticked.",
    "email": "",
    "page": "/opportunities/",
}


@pytest.fixture
def national_admin():
    return create_staff(
        create_organisation("National team"), Role.NATIONAL_ADMIN, email="nat@national.example"
    )


def test_the_beta_banner_links_to_the_feedback_page_with_the_page_it_was_on(client):
    html = client.get("/join/").content.decode()
    assert 'href="/feedback/?from=/join/"' in html
    page = client.get("/feedback/?from=/join/").content.decode()
    assert 'name="page" value="/join/"' in page
    assert "What were you doing?" in page


def test_anyone_can_send_feedback_and_national_admins_are_emailed(client, national_admin):
    create_staff(create_organisation(), Role.ORG_ADMIN, email="orgadmin@org.example")
    with committed():
        response = client.post("/feedback/", GOOD)
    assert response.status_code == 302 and response["Location"] == "/feedback/sent/"
    saved = ServiceFeedback.objects.get()
    assert (saved.doing, saved.problem, saved.page, saved.user) == (
        GOOD["doing"],
        GOOD["problem"],
        "/opportunities/",
        None,
    )
    assert [m.to for m in mail.outbox] == [["nat@national.example"]]
    assert "The filter for Wales did not stay ticked." in mail.outbox[0].body
    assert "/outreach/feedback/" in mail.outbox[0].body


def test_a_missing_answer_is_explained_and_what_was_typed_is_kept(client):
    response = client.post("/feedback/", {**GOOD, "problem": "", "email": "not an email"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tell us what went wrong, or what could be better." in html
    assert "Enter an email address like name@example.org, or leave it empty." in html
    assert "Looking for an opportunity about diabetes." in html
    assert not ServiceFeedback.objects.exists()


def test_the_page_it_came_from_is_kept_only_when_it_is_on_this_site(client):
    client.post("/feedback/", {**GOOD, "page": "https://evil.example/phish"})
    assert ServiceFeedback.objects.get().page == ""


def test_a_flood_from_one_address_is_refused_with_the_text_kept(client):
    for _ in range(5):
        assert client.post("/feedback/", GOOD).status_code == 302
    response = client.post("/feedback/", GOOD)
    assert response.status_code == 429
    assert "Wait 10 minutes" in response.content.decode()
    assert "The filter for Wales did not stay ticked." in response.content.decode()
    assert ServiceFeedback.objects.count() == 5


def test_the_form_needs_its_csrf_token(national_admin):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/feedback/", GOOD).status_code == 403


def test_only_national_admins_read_feedback(client, national_admin):
    feedback.record_feedback(doing="Joining", problem="The postcode box was too small.", email="a@b.example")
    org_admin = create_staff(create_organisation(), Role.ORG_ADMIN)
    sign_in(client, org_admin)
    assert client.get("/outreach/feedback/").status_code == 403
    sign_in(client, national_admin)
    html = client.get("/outreach/feedback/").content.decode()
    assert "The postcode box was too small." in html and "mailto:a@b.example" in html
    assert "Feedback about the website" in client.get("/staff/").content.decode()


def test_the_feedback_list_runs_the_same_queries_for_few_and_many(client, national_admin):
    sign_in(client, national_admin)

    def queries_for(n: int) -> int:
        ServiceFeedback.objects.bulk_create(ServiceFeedback(doing="d", problem="p") for _ in range(n))
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/outreach/feedback/").status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(60)


def test_feedback_older_than_two_years_is_deleted_when_new_feedback_arrives():
    with time_machine.travel(datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.UTC)):
        feedback.record_feedback(doing="old", problem="old")
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)):
        feedback.record_feedback(doing="recent", problem="recent")
    with time_machine.travel(datetime.datetime(2026, 1, 2, 12, tzinfo=datetime.UTC)):
        feedback.record_feedback(doing="new", problem="new")
    assert sorted(ServiceFeedback.objects.values_list("doing", flat=True)) == ["new", "recent"]


def test_erasing_a_person_deletes_the_feedback_that_gave_their_address():
    from alongside.people.services import erase_contributor
    from tests.builders import create_contributor

    person = create_contributor(email="rhian@example.org")
    feedback.record_feedback(doing="Joining", problem="Slow.", email="Rhian@example.org")
    feedback.record_feedback(doing="Searching", problem="Fine.", email="someone.else@example.org")
    erase_contributor(person)
    assert list(ServiceFeedback.objects.values_list("email", flat=True)) == ["someone.else@example.org"]
