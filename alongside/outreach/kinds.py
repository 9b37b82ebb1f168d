"""What kinds of message Alongside sends, and the rules each kind follows.

Essential messages (security, payment notices) are sent even to people who have
opted out of other messages. Non-essential messages honour every opt-out. Some
kinds also need a recorded consent before anyone receives them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.people.choices import Channel

ALL_CHANNELS = (Channel.EMAIL, Channel.TEXT, Channel.LETTER, Channel.PHONE)


class Kind(models.TextChoices):
    INVITATION = "invitation", _("Invitation to get involved")
    OUTCOME = "outcome", _("Outcome of an application")
    PAYMENT = "payment", _("Payment notice")
    WHAT_HAPPENED_NEXT = "what_next", _("What happened next")
    REMINDER = "reminder", _("Reminder")
    NEWSLETTER = "newsletter", _("Newsletter")
    SECURITY = "security", _("Security notice")
    BUDDY = "buddy", _("Digital buddy introduction")
    UPDATE = "update", _("General update")


@dataclass(frozen=True)
class Policy:
    essential: bool
    # The consent purpose (people.ConsentPurpose) a person must have given, if any.
    consent: str | None
    channels: tuple[str, ...] = ALL_CHANNELS


POLICIES: dict[str, Policy] = {
    Kind.INVITATION: Policy(essential=False, consent="contact"),
    Kind.UPDATE: Policy(essential=False, consent="contact"),
    Kind.NEWSLETTER: Policy(
        # A newsletter read out over the phone helps nobody; letters carry it instead.
        essential=False,
        consent="newsletter",
        channels=(Channel.EMAIL, Channel.TEXT, Channel.LETTER),
    ),
    Kind.OUTCOME: Policy(essential=False, consent=None),
    Kind.WHAT_HAPPENED_NEXT: Policy(essential=False, consent=None),
    Kind.REMINDER: Policy(essential=False, consent=None),
    Kind.BUDDY: Policy(essential=False, consent=None),
    Kind.PAYMENT: Policy(essential=True, consent=None),
    Kind.SECURITY: Policy(essential=True, consent=None),
}


def policy(kind: str) -> Policy:
    try:
        return POLICIES[kind]
    except KeyError:
        raise ValueError(f"Unknown message kind {kind!r}") from None
