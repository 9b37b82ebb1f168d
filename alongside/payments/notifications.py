"""Telling contributors what happened to their claims: one function, so outreach can take over.

Today this sends email when the person has an address. When the outreach app
offers delivery through each person's chosen channel, only ``notify`` changes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail


def notify(contributor, subject: str, body: str) -> bool:
    if not contributor.email:
        return False
    greeting = f"Dear {contributor.display_name},\n\n"
    send_mail(subject, greeting + body, settings.DEFAULT_FROM_EMAIL, [contributor.email])
    return True
