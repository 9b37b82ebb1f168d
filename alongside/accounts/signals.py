from __future__ import annotations

import logging

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import login_code_rejected, user_logged_in
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in as django_user_logged_in
from django.dispatch import Signal, receiver

from alongside.accounts import idle, lockout

logger = logging.getLogger("alongside.signin")

# Accounts asks for an email to a member of staff (``to``, ``subject``, ``body``); outreach, which
# sits above accounts, sends it (``alongside.outreach.staff_email``). Sent inside the transaction
# of the change, so the email goes only if the change is kept.
staff_email_requested = Signal()


@receiver(login_code_rejected)
def count_wrong_code(sender, request, user, last_attempt: bool = False, **kwargs):
    email = user.email if user else ""
    if lockout.record_failure(email):
        logger.warning("sign-in locked after repeated wrong codes", extra={"user_id": user.pk})
    else:
        logger.info("wrong sign-in code", extra={"user_id": getattr(user, "pk", None)})


@receiver(user_logged_in)
def reset_failures(sender, request, user, **kwargs):
    lockout.clear_failures(user.email)


@receiver(django_user_logged_in)
def start_idle_tracking(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        idle.touch(request.session)


@receiver(authenticator_added)
def count_enrolment_as_second_factor(sender, request, user, authenticator, **kwargs):
    # Setting up the authenticator needed a valid code from it, so this session has
    # already shown the second factor; staff are not sent round the sign-in again.
    record_authentication(request, user, "mfa", id=authenticator.pk, enrolled=True)
