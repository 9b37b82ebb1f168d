"""Feedback about the website (the beta banner's link): recorded, national admins told, old feedback removed.

Anyone may send it, signed in or not. National admins run the service, so they read it (the staff
area, *Feedback about the website*) and each is emailed when some arrives. It is kept for
``KEEP_DAYS`` days, as the privacy notice says; older feedback is deleted whenever new arrives, so
no scheduled job is needed.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from alongside.accounts.models import Membership, Role
from alongside.core.absolute import absolute_url
from alongside.core.redirects import safe_next
from alongside.outreach.models import ServiceFeedback
from alongside.outreach.services import send_staff_email

KEEP_DAYS = 2 * 365


@transaction.atomic
def record_feedback(
    *, doing: str, problem: str, email: str = "", page: str = "", user=None
) -> ServiceFeedback:
    """Keep what the person told us and tell the national admins, once the transaction commits."""
    feedback = ServiceFeedback.objects.create(
        doing=doing.strip(),
        problem=problem.strip(),
        email=email.strip(),
        # Only a path on this site, so the staff list never links anywhere else.
        page=safe_next(page, "")[:300],
        language=translation.get_language() or "",
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    remove_old_feedback()
    _tell_national_admins(feedback)
    return feedback


def remove_old_feedback(now=None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    deleted, _by_model = ServiceFeedback.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _national_admin_emails() -> list[str]:
    rows = Membership.objects.filter(
        role=Role.NATIONAL_ADMIN, ended_at__isnull=True, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({email for email in rows if email})


def _tell_national_admins(feedback: ServiceFeedback) -> None:
    # Staff read this in English, whatever language the person used on the website.
    with translation.override("en-gb"):
        subject = gettext("New feedback about the website")
        body = "\n\n".join(
            [
                gettext("Someone has sent feedback about the website."),
                gettext("What they were doing:") + "\n" + feedback.doing,
                gettext("What went wrong:") + "\n" + feedback.problem,
                gettext("Read all feedback: %(link)s") % {"link": absolute_url("outreach:feedback_list")},
            ]
        )
    for address in _national_admin_emails():
        send_staff_email(address, subject, body)
