"""Staff see delivery status per message and per person, the call list and print packs."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import AccessLog, Role
from alongside.outreach import queries
from alongside.outreach.content import Content
from alongside.outreach.models import Delivery, Message
from tests.builders import create_organisation, create_staff, sign_in
from tests.outreach.people import bulk, send_committed

CONTENT = Content(
    subject="Your meeting", body="See you on Tuesday, ((first_name)).", phone_script="Say hello."
)


@pytest.fixture
def org_and_staff(client):
    organisation = create_organisation()
    staff = create_staff(organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    return organisation, staff


def _message_with(organisation, n: int, **spec) -> Message:
    people = bulk(organisation, [spec] * n)
    return send_committed("reminder", people, CONTENT, organisation=organisation).message


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_message_page_shows_status_per_channel_and_lists_people_it_could_not_reach(client, org_and_staff):
    organisation, _ = org_and_staff
    people = bulk(
        organisation, [{"preferred_channels": ["email"]}, {"preferred_channels": ["text"], "mobile": ""}]
    )
    message = send_committed("reminder", people, CONTENT, organisation=organisation).message

    html = client.get(reverse("outreach:message", args=[message.pk]) + "?status=no_channel").content.decode()

    assert "no_channel" in html and "No usable contact details" in html
    assert people[1].display_name in html and people[0].display_name not in html


def _bulk_deliveries(message, people, **fields):
    Delivery.objects.bulk_create(
        [
            Delivery(message=message, contributor=p, idempotency_key=f"{message.pk}-{p.pk}", **fields)
            for p in people
        ]
    )


def test_message_page_query_count_does_not_grow_with_its_deliveries(client, org_and_staff):
    organisation, _ = org_and_staff
    small = _message_with(organisation, 10)
    large = _message_with(organisation, 0)
    _bulk_deliveries(large, bulk(organisation, [{}] * 1000), channel="email", status="sent")
    assert _queries(client, reverse("outreach:message", args=[small.pk])) == _queries(
        client, reverse("outreach:message", args=[large.pk])
    )


def test_another_organisations_message_is_not_found(client, org_and_staff):
    theirs = _message_with(create_organisation(), 1)
    assert client.get(reverse("outreach:message", args=[theirs.pk])).status_code == 404


def test_a_persons_record_shows_everything_sent_to_them_and_the_view_is_logged(client, org_and_staff):
    organisation, staff = org_and_staff
    [person] = bulk(organisation, [{"preferred_channels": ["email"]}])
    send_committed("reminder", [person], CONTENT, organisation=organisation)
    send_committed(
        "payment", [person], Content(subject="Paid", body="We paid you."), organisation=organisation
    )

    html = client.get(reverse("outreach:person_messages", args=[person.pk])).content.decode()

    assert [d.message.subject for d in queries.deliveries_for(person)] == ["Paid", "Your meeting"]
    assert "Your meeting" in html and "Paid" in html
    assert AccessLog.objects.filter(actor=staff, subject_id=str(person.pk)).exists()


def test_person_page_query_count_does_not_grow_and_other_organisations_people_are_hidden(
    client, org_and_staff
):
    organisation, _ = org_and_staff
    [few, many] = bulk(organisation, [{}, {}])
    for n in range(12):
        for person in [few, many] if n < 2 else [many]:
            send_committed("reminder", [person], CONTENT, organisation=organisation)
    assert _queries(client, reverse("outreach:person_messages", args=[few.pk])) == _queries(
        client, reverse("outreach:person_messages", args=[many.pk])
    )
    [stranger] = bulk(create_organisation(), [{}])
    assert client.get(reverse("outreach:person_messages", args=[stranger.pk])).status_code == 404


def test_the_call_list_shows_times_not_to_call_and_the_script_and_records_the_outcome(client, org_and_staff):
    organisation, _ = org_and_staff
    message = _message_with(organisation, 2, preferred_channels=["phone"], times_not_to_call="Not on Fridays")
    first, second = Delivery.objects.filter(message=message)

    listing = client.get(reverse("outreach:call_list")).content.decode()
    call_page = client.get(reverse("outreach:record_call", args=[first.pk])).content.decode()
    client.post(reverse("outreach:record_call", args=[first.pk]), {"outcome": "reached", "notes": "Fine"})
    client.post(reverse("outreach:record_call", args=[second.pk]), {"outcome": "no_answer"})

    assert "Not on Fridays" in listing
    assert "Say hello." in call_page
    assert Delivery.objects.get(pk=first.pk).status == "delivered"
    assert Delivery.objects.get(pk=second.pk).status == "sent"  # still on the list
    assert first.contributor.display_name not in client.get(reverse("outreach:call_list")).content.decode()


def test_national_admins_see_the_call_list_but_are_not_offered_calls_and_cannot_record_one(
    client, org_and_staff
):
    organisation, _ = org_and_staff
    message = _message_with(organisation, 1, preferred_channels=["phone"])
    delivery = Delivery.objects.get(message=message)
    record = reverse("outreach:record_call", args=[delivery.pk])
    assert record in client.get(reverse("outreach:call_list")).content.decode()

    sign_in(client, create_staff(create_organisation(), Role.NATIONAL_ADMIN))
    listing = client.get(reverse("outreach:call_list")).content.decode()
    assert delivery.contributor.display_name in listing and record not in listing
    assert client.post(record, {"outcome": "reached"}).status_code == 403
    assert Delivery.objects.get(pk=delivery.pk).status == "sent"


def test_a_wrong_number_moves_the_message_to_the_next_channel(client, org_and_staff):
    organisation, _ = org_and_staff
    message = _message_with(organisation, 1, preferred_channels=["phone", "letter"])
    delivery = Delivery.objects.get(message=message)

    client.post(reverse("outreach:record_call", args=[delivery.pk]), {"outcome": "wrong_number"})

    delivery.refresh_from_db()
    assert (delivery.channel, delivery.status, delivery.tried_channels) == ("letter", "sent", ["phone"])


def test_call_list_query_count_does_not_grow(client, org_and_staff):
    organisation, _ = org_and_staff
    url = reverse("outreach:call_list")
    _message_with(organisation, 10, preferred_channels=["phone"])
    few = _queries(client, url)
    message = _message_with(organisation, 0)
    _bulk_deliveries(message, bulk(organisation, [{}] * 1000), channel="phone", status="sent")
    assert _queries(client, url) == few


def test_staff_download_the_print_pack_and_its_manifest_and_mark_it_posted(client, org_and_staff):
    organisation, _ = org_and_staff
    message = _message_with(organisation, 3, preferred_channels=["letter"])
    pack = message.print_packs.get()

    pdf = client.get(reverse("outreach:print_pack_file", args=[pack.pk, "pdf"]))
    manifest = client.get(reverse("outreach:print_pack_file", args=[pack.pk, "csv"]))
    client.post(reverse("outreach:print_pack_posted", args=[pack.pk]))

    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    rows = list(csv.DictReader(io.StringIO(b"".join(manifest.streaming_content).decode())))
    assert len(rows) == 3 and sum(int(r["pages"]) for r in rows) == pack.pages
    assert set(Delivery.objects.filter(message=message).values_list("status", flat=True)) == {"delivered"}
    pack.refresh_from_db()
    assert pack.posted_at is not None and pack.posted_at <= timezone.now()


def test_another_organisations_print_pack_is_not_found(client, org_and_staff):
    pack = _message_with(create_organisation(), 1, preferred_channels=["letter"]).print_packs.get()
    assert client.get(reverse("outreach:print_pack_file", args=[pack.pk, "pdf"])).status_code == 404
    assert client.post(reverse("outreach:print_pack_posted", args=[pack.pk])).status_code == 404


def test_message_list_is_paginated_and_signed_out_people_are_sent_to_sign_in(client, org_and_staff):
    organisation, _ = org_and_staff
    _message_with(organisation, 1)
    assert "Your meeting" in client.get(reverse("outreach:messages")).content.decode()
    client.logout()
    assert client.get(reverse("outreach:messages")).status_code == 302


def test_letters_to_post_gathers_every_unposted_print_pack_of_the_organisation(client, org_and_staff):
    organisation, _ = org_and_staff
    first = _message_with(organisation, 1, preferred_channels=["letter"])
    second = _message_with(organisation, 2, preferred_channels=["letter"])
    _message_with(create_organisation(), 1, preferred_channels=["letter"])  # not theirs

    page = client.get(reverse("outreach:letters_to_post")).content.decode()
    assert page.count("Mark as posted") == 2
    assert reverse("outreach:message", args=[first.pk]) in page and "2 letters" in page

    response = client.post(
        reverse("outreach:print_pack_posted", args=[second.print_packs.get().pk]), {"listed_on": "letters"}
    )
    assert response["Location"] == reverse("outreach:letters_to_post")
    assert client.get(response["Location"]).content.decode().count("Mark as posted") == 1


def test_letters_to_post_queries_do_not_grow_with_packs(client, org_and_staff):
    from alongside.outreach.models import PrintPack

    organisation, _ = org_and_staff
    message = _message_with(organisation, 1, preferred_channels=["email"])
    url = reverse("outreach:letters_to_post")

    def add(n):
        PrintPack.objects.bulk_create(
            PrintPack(message=message, batch=i, letters=1, pages=1, pdf="p.pdf", manifest="p.csv")
            for i in range(n)
        )

    add(2)
    small = _queries(client, url)
    add(60)
    assert _queries(client, url) == small
