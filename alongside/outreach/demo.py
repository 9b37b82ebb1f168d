"""The demo's messages: a newsletter and an update sent to Northbridge's contributors in every
channel, a print pack posted and one waiting to post, a call list with calls made, saved
audiences and templates, and digital buddies with loans.

Messages go through ``services.send``; each batch is then delivered at once, as the background
worker would, so the emails, texts (in the outbox), letters (in print packs) and calls (on the
call list) are there as soon as the demo is loaded.
"""

from __future__ import annotations

from django.utils import translation

from alongside.accounts.demo import staff_user
from alongside.accounts.models import Organisation, Region
from alongside.core.demodata import Story, chance
from alongside.outreach import buddies, feedback, services
from alongside.outreach.content import Content
from alongside.outreach.kinds import Kind
from alongside.outreach.models import (
    Buddy,
    CallAttempt,
    Delivery,
    Loan,
    Message,
    MessageTemplate,
    SavedAudience,
)
from alongside.people.choices import Channel, Status
from alongside.people.demo import cast, cast_is_here
from alongside.people.models import Contributor, Topic
from alongside.people.queries import mailing_list

NEWSLETTER = Content(
    subject="Involvement news from Northbridge",
    body=(
        "Hello ((first_name)),\n\n"
        "Thank you to everyone who took part in our research this year. Here is what happened next.\n\n"
        "Diabetes foot checks: 11 of you tested our reminder letters. We rewrote them in plain words, "
        "and more people now come to their check.\n\n"
        "Getting to appointments: you told us the hospital bus timetable was hard to find. It is now "
        "printed on every appointment letter.\n\n"
        "New ways to get involved are open now, including a panel on recovering from a stroke. Find them "
        "on the Find opportunities page, or phone us on ((contact_phone)) and we will post them to you.\n\n"
        "Your reference is ((reference))."
    ),
    easy_read_body=(
        "Hello ((first_name)).\n\n"
        "Thank you for helping with our research.\n\n"
        "You helped us make our letters easier to read.\n\n"
        "There are new ways to help us. Phone ((contact_phone)) to hear about them."
    ),
    translations={
        "cy": {
            "subject": "Newyddion cymryd rhan gan Northbridge",
            "body": (
                "Helo ((first_name)),\n\n"
                "Diolch i bawb a gymerodd ran yn ein hymchwil eleni. Dyma beth ddigwyddodd nesaf.\n\n"
                "Archwiliadau traed diabetes: fe wnaeth 11 ohonoch chi brofi ein llythyrau atgoffa. Rydym "
                "wedi eu hailysgrifennu mewn geiriau clir, ac mae mwy o bobl yn dod i'w harchwiliad.\n\n"
                "Cyrraedd apwyntiadau: dywedoch chi wrthym ei bod yn anodd dod o hyd i amserlen bws yr "
                "ysbyty. Mae hi bellach ar bob llythyr apwyntiad.\n\n"
                "Mae ffyrdd newydd o gymryd rhan ar agor nawr, gan gynnwys panel ar wella ar ôl strôc. "
                "Ffoniwch ni ar ((contact_phone)) a byddwn yn eu hanfon atoch chi.\n\n"
                "Eich cyfeirnod yw ((reference))."
            ),
        }
    },
)

PARKING = Content(
    subject="Parking at Northbridge General is changing",
    body=(
        "Hello ((first_name)),\n\n"
        "From next month the visitor car park at Northbridge General moves to the new building on "
        "Moss Lane. If you come to a meeting with us, we will still pay your parking: keep your ticket "
        "and add it to your claim.\n\n"
        "Blue Badge spaces stay by the main entrance. If you would like someone to meet you at the door, "
        "phone us on ((contact_phone))."
    ),
    phone_script=(
        "Hello, this is the involvement team at Northbridge. We are calling everyone who comes to our "
        "meetings because the visitor car park is moving to Moss Lane next month. We still pay for parking "
        "if they keep the ticket. Blue Badge spaces stay by the main entrance. Ask if they would like "
        "someone to meet them at the door, and note it."
    ),
)

AUDIENCES = [
    ("Everyone in the North West", Region.NORTH_WEST, [], ""),
    ("People who asked for letters", "", [], Channel.LETTER),
    ("People interested in dementia care", "", ["Dementia care"], ""),
]

TEMPLATES = [
    (
        "Thank you after a session",
        Kind.WHAT_HAPPENED_NEXT,
        "Thank you for taking part",
        "Hello ((first_name)),\n\nThank you for joining us. We will write to you within a month to tell "
        "you what we changed because of what you said.",
    ),
    (
        "Reminder the day before",
        Kind.REMINDER,
        "See you tomorrow",
        "Hello ((first_name)),\n\nThis is a reminder about tomorrow's session. If you cannot come, or need "
        "anything to take part, phone us on ((contact_phone)).",
    ),
]

BUDDIES = [
    (
        "Bronwen Ellis",
        "bronwen.ellis@example.org",
        "",
        Channel.EMAIL,
        Region.WALES,
        "LL",
        ["Welsh", "English"],
    ),
    ("Kofi Boateng", "", "+447700900951", Channel.TEXT, Region.NORTH_WEST, "M", ["English", "Twi"]),
    (
        "Hannah Whitfield",
        "hannah.whitfield@example.com",
        "",
        Channel.EMAIL,
        Region.NORTH_WEST,
        "SK",
        ["English"],
    ),
]


def load_demo() -> None:
    northbridge = Organisation.objects.get(slug="northbridge")
    if Message.objects.filter(organisation=northbridge, subject=NEWSLETTER.subject).exists():
        return  # the story is already there
    if not cast_is_here():
        return
    story, tom = Story(), staff_user("involvement@northbridge.example")
    _audiences_and_templates(northbridge, tom)
    with story.at(-40, 10):
        newsletter = send(
            Kind.NEWSLETTER, mailing_list(northbridge, "newsletter"), NEWSLETTER, northbridge, tom
        )
    with story.at(-38, 15):
        for pack in newsletter.print_packs.all():
            services.mark_pack_posted(pack, tom)
    with story.at(-6, 9):
        update = send(Kind.UPDATE, mailing_list(northbridge, "contact"), PARKING, northbridge, tom)
    _calls(story, update, tom)
    _buddies(story, northbridge, tom)
    _website_feedback(story)


WEBSITE_FEEDBACK = [
    (
        -20,
        "en-gb",
        "Looking for something about stroke near Leeds.",
        "I could not tell which opportunities were online and which meant travelling. Could the list say?",
        "/opportunities/",
        "",
    ),
    (
        -9,
        "cy",
        "Ymuno ar fy ffôn.",
        "Roedd y blwch cod post yn gwrthod fy nghod post nes i mi dynnu'r bwlch.",
        "/join/",
        "eirlys.demo@example.org",
    ),
    (
        -2,
        "en-gb",
        "Claiming for my bus fare.",
        "It took me a while to find where to upload the photo of my ticket. Otherwise easy, thank you.",
        "/payments/",
        "",
    ),
]


def _website_feedback(story: Story) -> None:
    """What three people wrote on the feedback page (national admins read it in the staff area)."""
    for offset, language, doing, problem, page, email in WEBSITE_FEEDBACK:
        with story.at(offset, 14), translation.override(language):
            feedback.record_feedback(doing=doing, problem=problem, email=email, page=page)


def send(kind: str, recipients, content: Content, organisation, by) -> Message:
    """Send through outreach, then deliver every batch now, as the background worker would."""
    result = services.send(kind, recipients, content, organisation=organisation, sent_by=by)
    return deliver_now(result.message)


def deliver_now(message: Message) -> Message:
    for batch in Delivery.objects.filter(message=message).values_list("batch", flat=True).distinct():
        services.deliver_batch(message.pk, batch)
    return message


def _audiences_and_templates(organisation, by) -> None:
    # Staff save these from a form; there is no service to call (raw writes).
    for name, region, interests, channel in AUDIENCES:
        audience = SavedAudience.objects.create(
            organisation=organisation, name=name, region=region, channel=channel, created_by=by
        )
        audience.interests.set(Topic.objects.filter(name__in=interests))
    for name, kind, subject, body in TEMPLATES:
        MessageTemplate.objects.create(
            organisation=organisation, name=name, kind=kind, subject=subject, body=body, created_by=by
        )


def _calls(story: Story, message: Message, by) -> None:
    """Tom works through part of the call list; the rest is still to call."""
    rng = chance("calls")
    waiting = list(Delivery.objects.filter(message=message, channel=Channel.PHONE).order_by("pk"))
    outcomes = [
        (CallAttempt.Outcome.REACHED, "Would like someone to meet them at the main entrance."),
        (CallAttempt.Outcome.REACHED, ""),
        (CallAttempt.Outcome.VOICEMAIL, "Left a short message with our number."),
        (CallAttempt.Outcome.NO_ANSWER, ""),
        (CallAttempt.Outcome.REACHED, "Has a Blue Badge; no help needed."),
    ]
    with story.at(-5, 11):
        for delivery, (outcome, notes) in zip(
            rng.sample(waiting, min(len(waiting), 5)), outcomes, strict=False
        ):
            services.record_call(delivery, outcome, notes=notes, called_by=by)


def _buddies(story: Story, organisation, by) -> None:
    """Three volunteer buddies; two people matched, with a tablet and a data SIM lent."""
    # Staff add buddies from a form; there is no service to call (raw writes).
    with story.at(-150, 10):
        found = [
            Buddy.objects.create(
                organisation=organisation,
                name=name,
                email=email,
                mobile=mobile,
                preferred_channel=channel,
                region=region,
                postcode_area=area,
                languages=languages,
                available_days=["tue", "thu"],
            )
            for name, email, mobile, channel, region, area, languages in BUDDIES
        ]
    margaret = cast("margaret")
    other = (
        Contributor.objects.filter(organisation=organisation, wants_digital_buddy=True, status=Status.ACTIVE)
        .exclude(pk=margaret.pk)
        .order_by("pk")
        .first()
    )
    with story.at(-30, 14):
        deliver_now(buddies.match(margaret, found[2], matched_by=by).introduction)
        buddies.lend(
            margaret,
            item=Loan.Item.TABLET,
            description="Large-screen tablet with the hospital's video app set up",
            follow_up_on=story.day(-1),
            recorded_by=by,
        )
    if other is not None:
        with story.at(-45, 11):
            deliver_now(buddies.match(other, found[1], matched_by=by).introduction)
            loan = buddies.lend(
                other,
                item=Loan.Item.DATA,
                description="SIM with 20 GB of data",
                follow_up_on=story.day(-3),
                recorded_by=by,
            )
        with story.at(-2, 16):
            buddies.follow_up(loan, next_follow_up=story.day(28))
