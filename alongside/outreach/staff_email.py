"""Email to members of staff (who are not contributors, so have no channels or consent to honour).

Email only, sent after the surrounding transaction commits, so a change that rolls back tells nobody.
Lower apps (accounts) ask for it through ``accounts.signals.staff_email_requested``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.dispatch import receiver

from alongside.accounts.signals import staff_email_requested


def send_staff_email(user_or_email, subject: str, body: str, *, reply_to: list[str] | None = None) -> None:
    """Email ``body`` to a staff user (or an address, for someone not yet signed up) after commit."""
    to = getattr(user_or_email, "email", user_or_email)
    message = EmailMessage(
        subject=" ".join(subject.split()),  # never a line break in a header
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=reply_to,
    )
    transaction.on_commit(message.send)


@receiver(staff_email_requested)
def _send_for_accounts(sender, *, to: str, subject: str, body: str, **kwargs) -> None:
    send_staff_email(to, subject, body)
