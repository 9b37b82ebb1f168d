"""Staff email asked for by lower apps (accounts cannot import outreach).

``accounts.signals.staff_email_requested`` reaches ``services.send_staff_email``, the one door for
people who are not contributors: email only, after the surrounding transaction commits.
"""

from __future__ import annotations

from django.dispatch import receiver

from alongside.accounts.signals import staff_email_requested
from alongside.outreach import services


@receiver(staff_email_requested)
def _send_for_accounts(sender, *, to: str, subject: str, body: str, **kwargs) -> bool:
    return services.send_staff_email(to, subject, body)
