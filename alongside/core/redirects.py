"""Where to send someone next: the one check for every ``next`` or return address.

A ``next`` parameter is written by whoever made the link, so it is checked before anyone is sent
there. Only a path on this site is followed ("/payments/claim/3/check/"). Everything else falls back
to a safe default the view chooses: absolute addresses (unless they are exactly ``BASE_URL``'s scheme
and host), scheme-relative "//evil.example", backslashes (browsers read "/\\evil.example" as another
host), "javascript:" and every other scheme, spaces and control characters (browsers drop them, so
"/\t/evil.example" becomes "//evil.example"), letters outside ASCII (a real path from this site is
percent-encoded) and anything longer than any address of ours.

Views call ``safe_next``; allauth asks ``is_safe_next`` through the account adapter; Django's
language switch and admin sign-in are wrapped so that their ``next`` goes through it too.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

LONGEST = 2000


def _base():
    return urlsplit(settings.BASE_URL)


def is_safe_next(candidate) -> bool:
    """True when ``candidate`` is an address on this site that it is safe to send someone to."""
    if not isinstance(candidate, str) or not candidate or len(candidate) > LONGEST:
        return False
    if not candidate.isascii() or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in candidate):
        return False
    if "\\" in candidate:
        return False
    base = _base()
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return False
    elif not candidate.startswith("/"):
        return False
    if parts.path.startswith("//") or candidate.startswith("//"):
        return False  # "//evil.example", also after our own scheme and host
    # Django's own check as well, which knows more browser quirks than any list here.
    return url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={base.netloc}, require_https=base.scheme == "https"
    )


def safe_next(candidate, default: str) -> str:
    """``candidate`` as a path on this site when it is safe to follow, otherwise ``default``."""
    if not is_safe_next(candidate):
        return default
    parts = urlsplit(candidate)
    return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
