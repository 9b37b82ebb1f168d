"""Events: registration with a waiting list that moves up, messages through outreach, the calendar
file, and attendance that gives the same contribution an opportunity session does."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.urls import reverse

from alongside.engagement import events
from alongside.engagement.models import EventNotice, Registration
from alongside.opportunities.models import Contribution
from alongside.outreach.models import Delivery, Message
from alongside.payments import services as payments
from alongside.payments.demo import example_policy
from tests.builders import committed, create_user, sign_in
from tests.engagement.event_helpers import NOW, create_event, create_process, person
from tests.engagement.helpers import create_survey, engager

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_beyond_capacity_people_join_the_waiting_list_in_order():
    event = create_event(capacity=2)
    org = event.process.organisation
    people = [person(org) for _n in range(4)]
    registrations = [events.register(event, p) for p in people]
    assert [r.status for r in registrations] == [
        Status.REGISTERED,
        Status.REGISTERED,
        Status.WAITING,
        Status.WAITING,
    ]
    assert events.waiting_place(registrations[3]) == 2


def test_registering_twice_gives_the_same_registration():
    event = create_event()
    someone = person(event.process.organisation)
    assert events.register(event, someone).pk == events.register(event, someone).pk
    assert Registration.objects.count() == 1


def test_the_database_keeps_one_registration_per_person_per_event():
    event = create_event()
    someone = person(event.process.organisation)
    events.register(event, someone)
    with pytest.raises(IntegrityError):
        Registration.objects.create(event=event, contributor=someone)


def test_cancelling_a_place_moves_the_first_waiting_up_and_tells_them():
    event = create_event(capacity=1)
    org = event.process.organisation
    first, second, third = person(org), person(org), person(org)
    place = events.register(event, first)
    events.register(event, second)
    events.register(event, third)
    with committed():
        moved = events.cancel(place)
    assert moved.contributor == second
    assert Registration.objects.get(contributor=second).status == Status.REGISTERED
    assert Registration.objects.get(contributor=third).status == Status.WAITING
    notice = EventNotice.objects.get(registration=moved, kind=EventNotice.Kind.PROMOTED)
    delivery = Delivery.objects.get(message=notice.message)
    assert delivery.contributor == second
    assert "https://meet.example/room" in notice.message.context["online_link"]


def test_cancelling_a_waiting_place_moves_nobody_up():
    event = create_event(capacity=1)
    org = event.process.organisation
    events.register(event, person(org))
    waiting = events.register(event, person(org))
    assert events.cancel(waiting) is None
    assert event.registrations.filter(status=Status.REGISTERED).count() == 1


def test_more_places_move_people_up():
    event = create_event(capacity=1)
    org = event.process.organisation
    events.register(event, person(org))
    waiting = events.register(event, person(org))
    events.update_event(event, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == Status.REGISTERED


def test_only_people_with_a_place_get_the_joining_link():
    event = create_event(capacity=1)
    org = event.process.organisation
    events.register(event, person(org))
    events.register(event, person(org))
    confirmed = Message.objects.get(pk=EventNotice.objects.get(kind="confirmed").message_id)
    waiting = Message.objects.get(pk=EventNotice.objects.get(kind="waiting").message_id)
    assert "((online_link))" in confirmed.body
    assert "((online_link))" not in waiting.body


def test_a_closed_or_draft_event_refuses_registrations():
    event = create_event(open_it=False)
    with pytest.raises(ValidationError, match="not taking registrations"):
        events.register(event, person(event.process.organisation))


def test_topics_must_belong_to_the_process_and_be_chosen_once():
    event = create_event()
    other = create_process()
    someone = person(event.process.organisation)
    with pytest.raises(ValidationError):
        events.register(event, someone, topics=[other.topics.first()])
    topic = event.process.topics.first()
    with pytest.raises(ValidationError):
        events.register(event, someone, topics=[topic, topic])


def test_reminders_go_once_per_person_even_when_the_task_runs_twice():
    event = create_event(days=1, capacity=5)
    org = event.process.organisation
    for _n in range(3):
        events.register(event, person(org))
    from alongside.engagement.tasks import send_event_reminders

    assert send_event_reminders.call(event.pk) == 3
    assert send_event_reminders.call() == 0
    assert EventNotice.objects.filter(kind="reminder").count() == 3


def test_the_calendar_file_has_the_event_but_not_the_joining_link(client):
    event = create_event()
    url = reverse("engagement:event_calendar", args=[event.process.slug, event.slug])
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in body
    assert b"meet.example" not in body


def test_signed_in_person_registers_and_is_taken_to_the_registration_survey(client):
    process = create_process()
    survey = create_survey(
        process.organisation,
        process=process,
        title="Before the event",
        questions=[{"kind": "short_text", "text": "What would you like to talk about?"}],
    )
    event = create_event(process, registration_survey=survey)
    user = create_user()
    someone = person(process.organisation, user=user)
    sign_in(client, user)
    topic = process.topics.first()
    url = reverse("engagement:event_register", args=[process.slug, event.slug])
    response = client.post(url, {"taking_part_as": "carer", "access_needs": "Captions", "topic_1": topic.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("engagement:survey_start", args=[survey.slug])
    registration = Registration.objects.get(contributor=someone)
    assert registration.taking_part_as == "carer"
    assert [c.topic for c in registration.topic_choices.all()] == [topic]


def test_staff_register_someone_who_phoned(client):
    event = create_event()
    org = event.process.organisation
    caller = person(org, email="")
    sign_in(client, engager(org))
    url = reverse("engagement:staff_event_register", args=[event.process.pk, event.pk])
    response = client.post(url, {"reference": caller.reference, "how": "phone", "taking_part_as": "public"})
    assert response.status_code == 302
    assert Registration.objects.get(contributor=caller).how == "phone"


def test_staff_see_a_clear_error_for_an_unknown_reference(client):
    event = create_event()
    sign_in(client, engager(event.process.organisation))
    url = reverse("engagement:staff_event_register", args=[event.process.pk, event.pk])
    response = client.post(url, {"reference": "NOPE", "how": "phone", "taking_part_as": "public"})
    assert response.status_code == 200
    assert "Nobody you can see has this reference" in response.content.decode()
    assert 'value="NOPE"' in response.content.decode()


def test_attendance_gives_a_contribution_a_payment_claim_can_be_made_from():
    process = create_process()
    example_policy(process.organisation, effective_from=datetime.date(2026, 4, 6))
    event = create_event(process, days=2, capacity=5)
    came = events.register(event, person(process.organisation))
    stayed_home = events.register(event, person(process.organisation))
    with time_machine.travel(NOW + datetime.timedelta(days=3), tick=False):
        saved = events.record_attendance(event, [came], by=None)
        contribution = Contribution.objects.get()
        assert saved == [contribution]
        assert contribution.contributor == came.contributor
        assert contribution.activity == event.activity
        assert contribution.minutes == 120
        claim = payments.start_claim(came.contributor, [contribution], by=None, key="event-claim")
    assert claim.lines.get().contribution == contribution
    assert not Contribution.objects.filter(contributor=stayed_home.contributor).exists()


def test_attendance_cannot_be_recorded_before_the_event():
    event = create_event()
    registration = events.register(event, person(event.process.organisation))
    with pytest.raises(ValidationError, match="once the event has started"):
        events.record_attendance(event, [registration], by=None)


def test_unticking_someone_removes_their_unclaimed_contribution():
    event = create_event(days=1)
    registration = events.register(event, person(event.process.organisation))
    with time_machine.travel(NOW + datetime.timedelta(days=2), tick=False):
        events.record_attendance(event, [registration], by=None)
        events.record_attendance(event, [], by=None)
    assert not Contribution.objects.exists()
    registration.refresh_from_db()
    assert not registration.attended


def test_the_public_process_page_links_its_open_events(client):
    event = create_event()
    response = client.get(reverse("engagement:process", args=[event.process.slug]))
    assert reverse("engagement:event", args=[event.process.slug, event.slug]) in response.content.decode()


def test_a_draft_event_has_no_public_page(client):
    event = create_event(open_it=False)
    response = client.get(reverse("engagement:event", args=[event.process.slug, event.slug]))
    assert response.status_code == 404


@pytest.mark.parametrize("size", [3, 20])
def test_the_event_page_for_staff_takes_the_same_queries_at_any_size(
    client, size, django_assert_max_num_queries
):
    event = create_event(capacity=size // 2 + 1)
    org = event.process.organisation
    topic = event.process.topics.first()
    for _n in range(size):
        events.register(event, person(org), topics=[topic])
    sign_in(client, engager(org))
    with django_assert_max_num_queries(22):
        response = client.get(reverse("engagement:staff_event", args=[event.process.pk, event.pk]))
    assert response.status_code == 200


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel registrations need PostgreSQL row locks"
)
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_exceed_capacity():
    import threading

    from django.db import connections

    with time_machine.travel(NOW, tick=False):
        event = create_event(capacity=5)
        people = [person(event.process.organisation) for _n in range(20)]
    barrier = threading.Barrier(len(people))
    errors = []

    def register(someone):
        try:
            with time_machine.travel(NOW, tick=False):
                barrier.wait()
                events.register(event, someone)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert event.registrations.filter(status=Status.REGISTERED).count() == 5
    assert event.registrations.filter(status=Status.WAITING).count() == 15


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize("name", ["engagement:staff_all_events", "engagement:staff_events"])
def test_event_lists_take_the_same_queries_at_any_size(client, count, name, django_assert_max_num_queries):
    process = create_process()
    for _n in range(count):
        create_event(process)
    sign_in(client, engager(process.organisation))
    url = reverse(name, args=[] if name.endswith("all_events") else [process.pk])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Online event") == count


def test_staff_of_another_organisation_cannot_open_an_event(client):
    event = create_event()
    sign_in(client, engager(create_process().organisation))
    response = client.get(reverse("engagement:staff_event", args=[event.process.pk, event.pk]))
    assert response.status_code == 404


def test_the_event_page_is_in_welsh_for_welsh_readers(client):
    event = create_event(title_cy="Digwyddiad ar-lein", access_information_cy="Capsiynau byw.")
    client.cookies["django_language"] = "cy"
    page = client.get(
        reverse("engagement:event", args=[event.process.slug, event.slug]), HTTP_ACCEPT_LANGUAGE="cy"
    ).content.decode()
    assert "Digwyddiad ar-lein" in page
    assert "Capsiynau byw." in page
    assert "Ychwanegwch ef at eich calendr" in page


def test_erasing_a_person_forgets_the_support_they_asked_for():
    from alongside.people.signals import contributor_erased

    event = create_event()
    registration = events.register(event, person(event.process.organisation), access_needs="Wheelchair user")
    contributor_erased.send(sender=None, contributor=registration.contributor)
    registration.refresh_from_db()
    assert registration.access_needs == ""
    assert registration.status == Status.REGISTERED


def test_staff_confirm_before_cancelling_and_the_next_person_moves_up(client):
    event = create_event(capacity=1)
    org = event.process.organisation
    place = events.register(event, person(org))
    waiting = events.register(event, person(org))
    sign_in(client, engager(org))
    url = reverse("engagement:staff_registration_cancel", args=[event.process.pk, event.pk, place.pk])
    assert "Yes, cancel it" in client.get(url).content.decode()
    place.refresh_from_db()
    assert place.status == Status.REGISTERED
    response = client.post(url, follow=True)
    assert "moved up from the waiting list" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.REGISTERED


def test_staff_tick_who_came_on_the_event_page(client):
    event = create_event(days=1, capacity=5)
    org = event.process.organisation
    came, absent = events.register(event, person(org)), events.register(event, person(org))
    with time_machine.travel(NOW + datetime.timedelta(days=2), tick=False):
        sign_in(client, engager(org))
        url = reverse("engagement:staff_event_attendance", args=[event.process.pk, event.pk])
        client.post(url, {"shown": [came.pk, absent.pk], "came": [came.pk]})
    assert list(Contribution.objects.values_list("contributor", flat=True)) == [came.contributor_id]


def test_an_event_made_without_a_session_gets_one_when_attendance_is_recorded():
    from alongside.engagement.models import Event, EventStatus

    process = create_process()
    starts = NOW - datetime.timedelta(days=3)
    event = Event.objects.create(
        process=process,
        title="Made elsewhere",
        slug="made-elsewhere",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        status=EventStatus.CLOSED,
    )
    registration = Registration.objects.create(event=event, contributor=person(process.organisation))
    events.record_attendance(event, [registration], by=None)
    event.refresh_from_db()
    assert Contribution.objects.get().activity == event.activity
    assert event.activity.opportunity == events.opportunity_for(process)
