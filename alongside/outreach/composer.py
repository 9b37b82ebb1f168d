"""Staff compose a message for a saved audience: preview per channel, check, schedule, send."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from alongside.core import plain_language
from alongside.core import services as progress_services
from alongside.outreach import content as wording
from alongside.outreach import services
from alongside.outreach.content import Content
from alongside.outreach.kinds import policy
from alongside.outreach.letters import build_print_pack
from alongside.outreach.models import Delivery, Message, SavedAudience
from alongside.people.models import Contributor


def audience_people(audience: SavedAudience, kind: str) -> QuerySet[Contributor]:
    """Everyone the saved filter matches who has given the consent this kind of message needs."""
    people = Contributor.objects.filter(organisation_id=audience.organisation_id, erased_at__isnull=True)
    if audience.status:
        people = people.filter(status=audience.status)
    if audience.region:
        people = people.filter(region=audience.region)
    if audience.channel:
        people = people.filter(preferred_channels__0=audience.channel)
    interests = list(audience.interests.values_list("pk", flat=True))
    if interests:
        people = people.filter(pk__in=Contributor.objects.filter(interests__in=interests).values("pk"))
    # Only people with the matching consent; opportunities need "contact" at the least.
    consent = policy(kind).consent or "contact"
    return people.filter(**{f"consent_{consent}": True})


@dataclass
class Preview:
    subject: str
    body: str
    text: str
    phone_script: str
    checks: plain_language.PlainLanguageReport
    # What letters add above the words ("Dear Sam Example,"), or "" when the words greet already.
    letter_greeting: str = ""


def as_written(text: str) -> str:
    """The wording with each ((placeholder)) read as plain words ("first name").

    The plain-language check reads what staff wrote, not the sample person's details: a
    sample reference such as ABCD2345 is not an acronym the writer has to explain.
    """
    return wording.PLACEHOLDER.sub(lambda m: m.group(1).replace("_", " "), text or "")


def _sample() -> Contributor:
    """Stands in for a person in previews, so no one's real details are shown or logged."""
    return Contributor(
        first_name="Sam",
        last_name="Example",
        reference="ABCD2345",
        address_line_1="1 High Street",
        town="Leeds",
        postcode="LS1 1AA",
    )


def preview(content: Content, organisation, sample=None, *, large_print: bool = False) -> Preview:
    """Fill the wording for one person. Unknown placeholders raise PlaceholderError here."""
    wording.check(content)
    message = Message(
        organisation=organisation,
        kind="update",
        subject=content.subject,
        body=content.body,
        easy_read_body=content.easy_read_body,
        phone_script=content.phone_script,
        context=content.context,
    )
    person = sample or _sample()
    rendered = wording.render(message, Delivery(large_print=large_print), person)
    return Preview(
        subject=rendered.subject,
        body=rendered.body,
        text=f"{rendered.body}\n\nStop or change these messages: (link)",
        phone_script=rendered.phone_script,
        checks=plain_language.check(as_written(f"{content.subject}. {content.body}")),
        letter_greeting=services.letter_greeting(rendered.body, person),
    )


def preview_letter(content: Content, organisation, sample=None, *, large_print: bool = False) -> bytes:
    wording.check(content)
    message = Message(
        organisation=organisation,
        kind="update",
        subject=content.subject,
        body=content.body,
        context=content.context,
    )
    delivery = Delivery(large_print=large_print)
    delivery.contributor = sample or _sample()
    letter = services.letter_for(message, delivery)
    return build_print_pack([letter], title=f"Preview: {content.subject}").pdf


@transaction.atomic
def start_send(audience: SavedAudience, kind: str, content: Content, *, user, send_at=None) -> Message:
    """Record the message and hand the audience to a background task, with a progress page."""
    policy(kind)
    wording.check(content)
    progress = progress_services.start_progress(user, f"Sending: {content.subject}"[:200])
    message = services.new_message(
        kind,
        content,
        organisation=audience.organisation,
        sent_by=user,
        send_at=send_at,
        audience=audience,
        progress=progress,
    )
    from alongside.outreach import tasks

    transaction.on_commit(lambda: tasks.send_to_audience.enqueue(message.pk))
    return message


def queue_for_audience(message_id: int) -> int:
    message = Message.objects.select_related("audience").get(pk=message_id)
    if message.audience is None:
        return 0
    result = services.queue_deliveries(message, audience_people(message.audience, message.kind))
    return result.queued
