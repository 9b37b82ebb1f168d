"""What kinds of message Alongside sends, and the rules each kind follows.

Three groups:

* **Unprompted** messages (an opportunity you might like, invitations, updates, newsletters)
  need a recorded consent, go only to people whose status is active, and honour every opt-out.
* **Service** messages are about something the person started (their application, a session
  they signed up for, a buddy they asked for). They need no marketing consent and reach people
  who have paused, but a person may still stop them.
* **Essential** messages (security, claims and payments, their account) are sent even to people
  who opted out of everything else, and cannot be stopped; only the channel can be changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.people.choices import Channel

ALL_CHANNELS = (Channel.EMAIL, Channel.TEXT, Channel.LETTER, Channel.PHONE)


class Kind(models.TextChoices):
    MATCH = "match", _("An opportunity you might like")
    INVITATION = "invitation", _("Invitation to get involved")
    APPLICATION = "application", _("Your application")
    OUTCOME = "outcome", _("Outcome of an application")
    PAYMENT = "payment", _("Payment notice")
    WHAT_HAPPENED_NEXT = "what_next", _("What happened next")
    REMINDER = "reminder", _("Reminder")
    NEWSLETTER = "newsletter", _("Newsletter")
    SECURITY = "security", _("Security notice")
    ACCOUNT = "account", _("About your account")
    BUDDY = "buddy", _("Digital buddy introduction")
    UPDATE = "update", _("General update")


@dataclass(frozen=True)
class Policy:
    essential: bool
    # The consent purpose (people.ConsentPurpose) a person must have given, if any. A kind that
    # needs consent is unprompted: people who have paused or left do not get it either.
    consent: str | None
    channels: tuple[str, ...] = ALL_CHANNELS

    @property
    def unprompted(self) -> bool:
        return self.consent is not None


POLICIES: dict[str, Policy] = {
    Kind.MATCH: Policy(essential=False, consent="contact"),
    Kind.INVITATION: Policy(essential=False, consent="contact"),
    Kind.UPDATE: Policy(essential=False, consent="contact"),
    Kind.NEWSLETTER: Policy(
        # A newsletter read out over the phone helps nobody; letters carry it instead.
        essential=False,
        consent="newsletter",
        channels=(Channel.EMAIL, Channel.TEXT, Channel.LETTER),
    ),
    Kind.APPLICATION: Policy(essential=False, consent=None),
    Kind.OUTCOME: Policy(essential=False, consent=None),
    Kind.WHAT_HAPPENED_NEXT: Policy(essential=False, consent=None),
    Kind.REMINDER: Policy(essential=False, consent=None),
    Kind.BUDDY: Policy(essential=False, consent=None),
    Kind.PAYMENT: Policy(essential=True, consent=None),
    Kind.SECURITY: Policy(essential=True, consent=None),
    # Said to the sign-in address only: someone tried to join again with it.
    Kind.ACCOUNT: Policy(essential=True, consent=None, channels=(Channel.EMAIL,)),
}


def policy(kind: str) -> Policy:
    try:
        return POLICIES[kind]
    except KeyError:
        raise ValueError(f"Unknown message kind {kind!r}") from None
