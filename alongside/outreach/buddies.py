"""Digital buddies: volunteers matched with people who asked for help getting online."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.core import phones, words
from alongside.outreach import contact, services
from alongside.outreach.content import Content
from alongside.outreach.models import Buddy, BuddyMatch, Loan
from alongside.outreach.providers import get_provider
from alongside.people.choices import Channel

INTRODUCTION = Content(
    subject="We have found a digital buddy for you",
    body=(
        "Hello ((first_name)),\n\n"
        "You asked for help getting online. ((buddy)) is a volunteer digital buddy and will get in touch "
        "with you in the next week to arrange a time that suits you.\n\n"
        "If you have any questions, phone us on ((contact_phone)). Your reference is ((reference))."
    ),
)


@dataclass
class Suggestion:
    buddy: Buddy
    score: int
    reasons: list[str] = field(default_factory=list)


def _languages(values) -> set[str]:
    return {str(v).strip().lower() for v in values or [] if str(v).strip()} or {"english"}


def suggest(contributor, buddies) -> list[Suggestion]:
    """Active buddies with room, best match first: same area, a shared language, shared days."""
    available = (
        buddies.filter(active=True)
        .annotate(open_matches=Count("matches", filter=Q(matches__status=BuddyMatch.Status.INTRODUCED)))
        .order_by("name", "pk")
    )
    person_languages = _languages(contributor.languages)
    person_days = set(contributor.available_days or [])
    suggestions = []
    for buddy in available:
        if buddy.open_matches >= buddy.max_people:
            continue
        score, reasons = 0, []
        if contributor.postcode_area and buddy.postcode_area == contributor.postcode_area:
            score, reasons = score + 3, [*reasons, _("same postcode area")]
        elif contributor.region and buddy.region == contributor.region:
            score, reasons = score + 2, [*reasons, _("same region")]
        shared = person_languages & _languages(buddy.languages)
        if shared:
            spoken = words.and_list(sorted(language.title() for language in shared))
            score, reasons = score + 2, [*reasons, _("speaks %(languages)s") % {"languages": spoken}]
        days = person_days & set(buddy.available_days or [])
        if days:
            free = _("free on %(days)s") % {"days": words.days(days)}
            score, reasons = score + min(len(days), 2), [*reasons, free]
        suggestions.append(Suggestion(buddy, score, reasons))
    return sorted(suggestions, key=lambda s: -s.score)


@transaction.atomic
def match(contributor, buddy: Buddy, *, matched_by=None) -> BuddyMatch:
    """Record the match and introduce both people, each through their own channel."""
    if BuddyMatch.objects.filter(contributor=contributor, status=BuddyMatch.Status.INTRODUCED).exists():
        raise ValueError("This person already has a digital buddy.")
    result = services.send(
        "buddy",
        [contributor],
        Content(subject=INTRODUCTION.subject, body=INTRODUCTION.body, context={"buddy": buddy.name}),
        organisation=buddy.organisation,
        sent_by=matched_by,
    )
    found = BuddyMatch.objects.create(
        contributor=contributor, buddy=buddy, matched_by=matched_by, introduction=result.message
    )
    transaction.on_commit(lambda: tell_buddy(buddy, contributor))
    return found


def _how_to_reach(contributor) -> str:
    for channel in contributor.preferred_channels or [Channel.PHONE, Channel.EMAIL]:
        if channel in (Channel.PHONE, Channel.LETTER) and (contributor.landline or contributor.mobile):
            return f"phone {phones.for_people(contributor.landline or contributor.mobile)}"
        if channel == Channel.TEXT and contributor.mobile:
            return f"text or phone {phones.for_people(contributor.mobile)}"
        if channel == Channel.EMAIL and contributor.email:
            return f"email {contributor.email}"
    return f"through us on {settings.ALONGSIDE_CONTACT_PHONE}"


def tell_buddy(buddy: Buddy, contributor) -> None:
    """The buddy gets the person's first name, area and the one way they prefer to be contacted."""
    name = contributor.known_as or contributor.first_name
    area = contributor.postcode_area or contributor.get_region_display()
    words = (
        f"Hello {buddy.name}, thank you for being a digital buddy. Please get in touch with {name} ({area}) "
        f"within a week: {_how_to_reach(contributor)}. Their reference is {contributor.reference}."
    )
    if buddy.preferred_channel == Channel.TEXT and contact.is_mobile(buddy.mobile):
        get_provider().send_text(
            to=contact.international(buddy.mobile), body=words, reference=f"buddy-{buddy.pk}-{contributor.pk}"
        )
    elif buddy.email:
        services.send_staff_email(buddy.email, "Someone to help as a digital buddy", words)


@transaction.atomic
def end_match(found: BuddyMatch) -> None:
    BuddyMatch.objects.filter(pk=found.pk).update(status=BuddyMatch.Status.ENDED, ended_at=timezone.now())


@transaction.atomic
def lend(contributor, *, item: str, follow_up_on, description: str = "", recorded_by=None) -> Loan:
    open_match = BuddyMatch.objects.filter(
        contributor=contributor, status=BuddyMatch.Status.INTRODUCED
    ).first()
    return Loan.objects.create(
        contributor=contributor,
        match=open_match,
        item=item,
        description=description,
        follow_up_on=follow_up_on,
        recorded_by=recorded_by,
    )


@transaction.atomic
def follow_up(loan: Loan, *, returned: bool = False, next_follow_up=None) -> None:
    today = timezone.localdate()
    fields = {"followed_up_on": today}
    if returned:
        fields["returned_on"] = today
    elif next_follow_up:
        fields["follow_up_on"] = next_follow_up
    Loan.objects.filter(pk=loan.pk).update(**fields)
