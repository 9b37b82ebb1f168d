"""The code a staff member's authenticator app shows now: for the demo (`alongside totp_code`) and
the browser tests, which sign in as a person would. Never offered in production."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

# Authenticator apps show a new code every 30 seconds (RFC 6238's default, as allauth uses).
PERIOD_SECONDS = 30


def current_code(email: str, at: float | None = None) -> str:
    """The six-digit code for ``email``'s authenticator at ``at`` (now by default).

    Raises ``LookupError`` when the account has no authenticator.
    """
    auth = Authenticator.objects.filter(user__email=email.lower(), type=Authenticator.Type.TOTP).first()
    if auth is None:
        raise LookupError(f"{email} has no authenticator.")
    secret = decrypt(auth.data["secret"])
    moment = time.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // PERIOD_SECONDS))
