"""Done means: one message to 1,000 people with mixed preferences reaches each the right way."""

from __future__ import annotations

import io

from django.core import mail
from pypdf import PdfReader

from alongside.outreach import services
from alongside.outreach.content import Content
from alongside.outreach.models import Delivery, OptOut, OutboxMessage, PrintPack
from alongside.people.choices import Status
from tests.builders import create_organisation
from tests.outreach.people import bulk, send_committed

# Ten kinds of person, a hundred of each.
MIX = [
    ("email", {"preferred_channels": ["email", "letter"]}),
    ("text", {"preferred_channels": ["text", "email"]}),
    ("letter", {"preferred_channels": ["letter"]}),
    ("phone", {"preferred_channels": ["phone"], "times_not_to_call": "Not before 10am"}),
    ("large_letter", {"preferred_channels": ["letter", "email"], "access_needs": ["large_print"]}),
    ("no_consent", {"preferred_channels": ["email"], "consent_contact": False}),
    ("text_no_email", {"preferred_channels": ["email", "text"], "email": ""}),
    ("opted_out", {"preferred_channels": ["email"]}),
    ("unreachable", {"preferred_channels": ["text"], "mobile": "12"}),
    ("paused", {"preferred_channels": ["email"], "status": Status.PAUSED}),
]
CONTENT = Content(
    subject="Help shape a study about ((topic))",
    body="Hello ((first_name)),\n\nWe are looking for people to help shape a study about ((topic)). "
    "It takes about an hour. We pay for your time.\n\nYour reference is ((reference)).",
    context={"topic": "sleep"},
)


def _people(organisation):
    specs, groups = [], []
    for _ in range(100):
        for group, spec in MIX:
            specs.append(spec)
            groups.append(group)
    people = bulk(organisation, specs)
    by_group: dict[str, list] = {}
    for person, group in zip(people, groups, strict=True):
        by_group.setdefault(group, []).append(person)
    OptOut.objects.bulk_create([OptOut(contributor=p, kind="invitation") for p in by_group["opted_out"]])
    return by_group


def test_one_message_to_a_thousand_people_goes_out_by_each_persons_channel():
    organisation = create_organisation()
    groups = _people(organisation)

    result = send_committed(
        "invitation", [p for g in groups.values() for p in g], CONTENT, organisation=organisation
    )

    assert result.by_channel() == {"email": 100, "text": 200, "letter": 200, "phone": 100}
    # Emails in the outbox, one per person, to the right people.
    assert len(mail.outbox) == 100
    assert {m.to[0] for m in mail.outbox} == {p.email for p in groups["email"]}
    # Texts at the local provider, once each.
    texts = OutboxMessage.objects.filter(channel="text")
    assert texts.count() == 200
    expected_numbers = {p.mobile for p in groups["text"] + groups["text_no_email"]}
    assert len({t.to for t in texts}) == 200 == len(expected_numbers)
    # Letters: a standard and a large-print print pack; the PDFs hold exactly the pages recorded.
    packs = list(PrintPack.objects.filter(message=result.message).order_by("large_print"))
    assert [(p.large_print, p.letters) for p in packs] == [(False, 100), (True, 100)]
    for pack in packs:
        reader = PdfReader(io.BytesIO(pack.pdf.read()))
        recorded = [d.page_count for d in pack.deliveries.all()]
        assert len(reader.pages) == pack.pages == sum(recorded)
        assert all(n >= 1 for n in recorded)
    assert packs[1].pages > packs[0].pages, "large print needs more paper"
    # The call list.
    calls = Delivery.objects.filter(message=result.message, channel="phone", status="sent")
    assert set(calls.values_list("contributor_id", flat=True)) == {p.pk for p in groups["phone"]}
    # Nobody without consent (or who opted out, or is paused) receives anything.
    for group in ("no_consent", "opted_out", "paused"):
        people = groups[group]
        assert not {p.email for p in people} & {m.to[0] for m in mail.outbox}
        assert not OutboxMessage.objects.filter(to__in=[p.mobile for p in people]).exists()
        assert set(Delivery.objects.filter(contributor__in=people).values_list("status", flat=True)) == {
            "withheld"
        }
    # People with no usable channel are listed for staff, not dropped.
    unreachable = Delivery.objects.filter(message=result.message, status="no_channel")
    assert set(unreachable.values_list("contributor_id", flat=True)) == {p.pk for p in groups["unreachable"]}
    assert Delivery.objects.filter(message=result.message).count() == 1000


def test_every_email_and_text_carries_a_preferences_link_and_the_filled_wording():
    organisation = create_organisation()
    [by_email, by_text] = bulk(
        organisation, [{"preferred_channels": ["email"]}, {"preferred_channels": ["text"]}]
    )

    send_committed("invitation", [by_email, by_text], CONTENT, organisation=organisation)

    [email] = mail.outbox
    assert email.subject == "Help shape a study about sleep"
    assert f"Hello {by_email.first_name}" in email.body
    assert "https://alongside.example/messages/preferences/" in email.body
    assert email.extra_headers["List-Unsubscribe"].startswith(
        "<https://alongside.example/messages/preferences/"
    )
    text = OutboxMessage.objects.get(channel="text")
    assert "https://alongside.example/messages/preferences/" in text.body
    assert text.to == "+44" + by_text.mobile.replace(" ", "")[1:]


def test_queuing_the_same_message_again_sends_nothing_twice():
    organisation = create_organisation()
    people = bulk(organisation, [{"preferred_channels": ["email"]}, {"preferred_channels": ["text"]}] * 5)
    result = send_committed("invitation", people, CONTENT, organisation=organisation)

    again = services.queue_deliveries(result.message, people)
    for batch in result.batches:
        services.deliver_batch(result.message.pk, batch)

    assert again.queued == 10  # routes were worked out, but the unique key kept the old rows
    assert Delivery.objects.filter(message=result.message).count() == 10
    assert len(mail.outbox) == 5
    assert OutboxMessage.objects.count() == 5


def test_security_and_payment_notices_still_reach_people_who_opted_out():
    organisation = create_organisation()
    [person] = bulk(organisation, [{"preferred_channels": ["email"], "consent_contact": False}])
    services.opt_out(person, "")

    send_committed(
        "payment", [person], Content(subject="Your payment", body="We paid you."), organisation=organisation
    )
    send_committed("invitation", [person], CONTENT, organisation=organisation)

    assert [m.subject for m in mail.outbox] == ["Your payment"]
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_newsletters_need_the_newsletter_consent_and_are_never_phoned():
    organisation = create_organisation()
    people = bulk(
        organisation,
        [
            {"preferred_channels": ["email"], "consent_newsletter": True},
            {"preferred_channels": ["email"], "consent_newsletter": False},
            {"preferred_channels": ["phone", "letter"], "consent_newsletter": True},
        ],
    )

    result = send_committed(
        "newsletter", people, Content(subject="News", body="News."), organisation=organisation
    )

    statuses = dict(Delivery.objects.filter(message=result.message).values_list("contributor_id", "status"))
    channels = dict(Delivery.objects.filter(message=result.message).values_list("contributor_id", "channel"))
    assert statuses[people[1].pk] == "withheld"
    assert channels[people[2].pk] == "letter"
    assert len(mail.outbox) == 1


def test_easy_read_and_language_versions_reach_the_people_who_need_them():
    organisation = create_organisation()
    people = bulk(
        organisation,
        [
            {"preferred_channels": ["email"], "access_needs": ["easy_read"]},
            {"preferred_channels": ["email"], "languages": ["cy"]},
            {"preferred_channels": ["email"]},
            # As the profile form stores it: the language in words.
            {"preferred_channels": ["email"], "languages": ["English", "Welsh"]},
        ],
    )
    content = Content(
        subject="A study",
        body="Standard words.",
        easy_read_body="Easy words.",
        translations={"cy": {"subject": "Astudiaeth", "body": "Geiriau Cymraeg."}},
    )

    send_committed("invitation", people, content, organisation=organisation)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[people[0].email].body.startswith("Easy words.")
    assert by_address[people[1].email].subject == "Astudiaeth"
    assert by_address[people[1].email].body.startswith("Geiriau Cymraeg.")
    assert by_address[people[2].email].body.startswith("Standard words.")
    assert by_address[people[3].email].subject == "Astudiaeth"


def test_consent_withdrawn_after_queuing_stops_the_message_being_sent(settings):
    organisation = create_organisation()
    [person] = bulk(organisation, [{"preferred_channels": ["email"]}])
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    result = send_committed("invitation", [person], CONTENT, organisation=organisation)
    person.consent_contact = False
    person.save(update_fields=["consent_contact"])

    services.send_due()

    assert mail.outbox == []
    assert Delivery.objects.get(message=result.message).status == "withheld"
