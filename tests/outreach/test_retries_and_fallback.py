"""Done means: a provider that fails for a while causes retries, with nothing lost or sent twice."""

from __future__ import annotations

import datetime

import time_machine
from django.core import mail
from django.utils import timezone

from alongside.outreach import services
from alongside.outreach.content import Content
from alongside.outreach.models import Delivery, OutboxMessage
from tests.builders import create_organisation
from tests.outreach.fakes import FlakyProvider
from tests.outreach.people import bulk, send_committed

CONTENT = Content(subject="Reminder", body="Your meeting is tomorrow, ((first_name)).")


def _run_until_settled(traveller, rounds: int = 30) -> None:
    for _ in range(rounds):
        if not Delivery.objects.filter(status__in=["queued", "sending"]).exists():
            return
        traveller.shift(datetime.timedelta(hours=1, minutes=10))
        services.send_due()


def test_a_provider_failing_for_a_while_is_retried_and_every_text_goes_exactly_once(settings):
    settings.OUTREACH_PROVIDER = "tests.outreach.fakes.FlakyProvider"
    # 120 failures across 50 people: timeouts (some after the provider kept the message), 429s and 500s.
    FlakyProvider.reset(failures=120)
    organisation = create_organisation()
    people = bulk(organisation, [{"preferred_channels": ["text"]}] * 50)

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        result = send_committed("reminder", people, CONTENT, organisation=organisation)
        assert Delivery.objects.filter(message=result.message, status="queued", attempts=1).count() == 50
        _run_until_settled(traveller)

    deliveries = Delivery.objects.filter(message=result.message)
    assert set(deliveries.values_list("status", flat=True)) == {"sent"}
    assert OutboxMessage.objects.count() == 50
    assert set(OutboxMessage.objects.values_list("to", flat=True)) == {
        "+44" + p.mobile.replace(" ", "")[1:] for p in people
    }
    assert all(d.attempts >= 1 for d in deliveries)


def test_a_retry_waits_for_its_backoff():
    settings_provider = "tests.outreach.fakes.FlakyProvider"
    FlakyProvider.reset(failures=2)
    organisation = create_organisation()
    [person] = bulk(organisation, [{"preferred_channels": ["text"]}])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        from django.test import override_settings

        with override_settings(OUTREACH_PROVIDER=settings_provider):
            result = send_committed("reminder", [person], CONTENT, organisation=organisation)
            delivery = Delivery.objects.get(message=result.message)
            assert delivery.attempts == 1 and delivery.next_attempt_at > timezone.now()

            services.send_due()  # too soon: nothing happens
            assert Delivery.objects.get(pk=delivery.pk).attempts == 1

            traveller.shift(datetime.timedelta(seconds=34))
            services.send_due()
            second = Delivery.objects.get(pk=delivery.pk)
            assert second.attempts == 2
            assert second.next_attempt_at - timezone.now() >= datetime.timedelta(seconds=60)

            traveller.shift(datetime.timedelta(seconds=67))
            services.send_due()
    assert Delivery.objects.get(pk=delivery.pk).status == "sent"
    assert OutboxMessage.objects.count() == 1


def test_a_provider_that_never_recovers_ends_in_a_technical_failure_for_staff(settings):
    settings.OUTREACH_PROVIDER = "tests.outreach.fakes.FlakyProvider"
    FlakyProvider.reset(failures=10_000)
    organisation = create_organisation()
    [person] = bulk(organisation, [{"preferred_channels": ["text"]}])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        result = send_committed("reminder", [person], CONTENT, organisation=organisation)
        _run_until_settled(traveller)

    delivery = Delivery.objects.get(message=result.message)
    assert delivery.status == "failed"
    assert delivery.reason.startswith("Technical failure after 6 attempts")
    assert delivery.attempts == 6


def test_a_refused_email_falls_back_to_the_next_channel_the_person_allows(settings):
    settings.EMAIL_BACKEND = "tests.outreach.fakes.RefusingEmailBackend"
    organisation = create_organisation()
    [person, no_fallback] = bulk(
        organisation,
        [
            {"preferred_channels": ["email", "text"], "email": "gone@bounce.example"},
            {"preferred_channels": ["email"], "email": "gone2@bounce.example"},
        ],
    )

    result = send_committed("reminder", [person, no_fallback], CONTENT, organisation=organisation)

    delivery = Delivery.objects.get(message=result.message, contributor=person)
    assert (delivery.channel, delivery.status, delivery.tried_channels) == ("text", "sent", ["email"])
    assert OutboxMessage.objects.filter(channel="text").count() == 1
    failed = Delivery.objects.get(message=result.message, contributor=no_fallback)
    assert failed.status == "failed" and "refused" in failed.reason
    assert list(delivery.events.values_list("status", flat=True)) == ["failed", "sent"]


def test_an_email_that_bounces_later_is_sent_by_letter_instead():
    organisation = create_organisation()
    [person] = bulk(organisation, [{"preferred_channels": ["email", "letter"]}])
    result = send_committed("reminder", [person], CONTENT, organisation=organisation)
    delivery = Delivery.objects.get(message=result.message)

    services.record_bounce(delivery, "Mailbox full")

    delivery.refresh_from_db()
    assert (delivery.channel, delivery.status) == ("letter", "sent")
    assert delivery.print_pack is not None and delivery.page_count >= 1
    assert len(mail.outbox) == 1


def test_an_email_server_that_is_down_is_retried_not_dropped(settings):
    settings.EMAIL_BACKEND = "tests.outreach.fakes.DownEmailBackend"
    organisation = create_organisation()
    [person] = bulk(organisation, [{"preferred_channels": ["email"]}])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        result = send_committed("reminder", [person], CONTENT, organisation=organisation)
        assert Delivery.objects.get(message=result.message).status == "queued"
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        _run_until_settled(traveller)
    assert Delivery.objects.get(message=result.message).status == "sent"
    assert len(mail.outbox) == 1


def test_a_worker_that_died_mid_send_is_picked_up_and_the_provider_dedupes_it():
    organisation = create_organisation()
    [person] = bulk(organisation, [{"preferred_channels": ["text"]}])
    result = send_committed("reminder", [person], CONTENT, organisation=organisation)
    delivery = Delivery.objects.get(message=result.message)
    # As if the worker sent the text and died before recording it.
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now())

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=20)):
        services.send_due()

    assert Delivery.objects.get(pk=delivery.pk).status == "sent"
    assert OutboxMessage.objects.count() == 1


def test_delivery_statuses_are_refreshed_from_the_provider():
    organisation = create_organisation()
    [person] = bulk(organisation, [{"preferred_channels": ["text"]}])
    result = send_committed("reminder", [person], CONTENT, organisation=organisation)

    services.refresh_statuses(result.message)

    delivery = Delivery.objects.get(message=result.message)
    assert delivery.status == "delivered" and delivery.delivered_at is not None
