"""After a payment run each person is told once, through their own channel, even when the follow-up
task runs again; the 'paid' step is recorded once; the emails of a batch share one mail connection."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import IntegrityError, transaction

from alongside.outreach import services as outreach
from alongside.outreach.models import Delivery, OutboxMessage, PrintPack
from alongside.payments import notifications, runs, tasks
from alongside.payments.models import ClaimEvent, ClaimNotice

from .helpers import approved_claim, person

SUBJECT = "Your payment is on its way"


class CountingBackend(LocmemBackend):
    """The test outbox, opening and closing like an SMTP connection: a backend handed a message
    while closed opens a connection for it and closes it again afterwards."""

    opened = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_open = False

    def open(self):
        if self.is_open:
            return False
        type(self).opened += 1
        self.is_open = True
        return True

    def close(self):
        self.is_open = False

    def send_messages(self, messages):
        new = self.open()
        try:
            return super().send_messages(messages)
        finally:
            if new:
                self.close()


@pytest.fixture
def counted(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = 0
    return CountingBackend


def _three_people(team):
    by_email = person(team)
    by_text = person(team, mobile="07700 900123", preferred_channels=["text"])
    by_letter = person(
        team,
        preferred_channels=["letter"],
        address_line_1="1 High Street",
        town="Cardiff",
        postcode="CF10 1AA",
    )
    return by_email, by_text, by_letter


def test_the_paid_follow_up_run_twice_tells_each_person_once_in_their_own_channel(
    team, django_capture_on_commit_callbacks
):
    people = _three_people(team)
    claims = [approved_claim(team, p) for p in people]
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.tell_paid.call(run.pk) == 0  # the retry finds the step recorded
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.payment_sent(run) == 0  # and even past that check, nobody is told again

    told = Delivery.objects.filter(message__subject=SUBJECT)
    assert sorted(told.values_list("contributor_id", "channel")) == sorted(
        [(people[0].pk, "email"), (people[1].pk, "text"), (people[2].pk, "letter")]
    )
    assert set(told.values_list("status", flat=True)) == {"sent"}
    assert [m.to for m in mail.outbox if m.subject == SUBJECT] == [[people[0].email]]
    assert OutboxMessage.objects.filter(channel="text", to__contains="7700").count() == 1
    assert PrintPack.objects.filter(message__subject=SUBJECT).count() == 1
    for claim in claims:
        assert ClaimEvent.objects.filter(claim=claim, kind="paid").count() == 1
        assert ClaimNotice.objects.filter(claim=claim, notice="paid").count() == 1


def test_a_retried_follow_up_records_each_paid_event_once(team):
    claims = [approved_claim(team) for _ in range(3)]
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    runs.record_paid_events(run)
    runs.record_paid_events(run)
    assert ClaimEvent.objects.filter(claim__in=claims, kind="paid").count() == 3


def test_the_database_refuses_a_second_paid_event_or_notice_for_a_claim(team):
    claim = approved_claim(team)
    ClaimEvent.objects.create(claim=claim, kind="paid")
    ClaimNotice.objects.create(claim=claim, notice="paid")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimEvent.objects.create(claim=claim, kind="paid")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimNotice.objects.create(claim=claim, notice="paid")
    ClaimEvent.objects.create(claim=claim, kind="adjusted")  # other steps may repeat
    ClaimEvent.objects.create(claim=claim, kind="adjusted")


def test_the_emails_of_a_batch_share_one_connection(
    team, counted, monkeypatch, django_capture_on_commit_callbacks
):
    for _ in range(5):
        approved_claim(team)
    monkeypatch.setattr(outreach, "BATCH_SIZE", 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    sent = [m for m in mail.outbox if m.subject == SUBJECT]
    assert len(sent) == 5
    assert counted.opened == 2  # two batches (3 and 2 people), one connection each
