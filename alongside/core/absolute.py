"""Absolute links for anything that leaves the site: emails, texts, letters, calendar files.

Every link is built from ``settings.BASE_URL``, never from the request's ``Host`` header:
a forged header must not be able to put someone else's address into a message, and a
message written by a background worker has no request at all.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse


def absolute_url(target: str = "/", *args, **kwargs) -> str:
    """``BASE_URL`` plus a path ("/join/") or the path of a URL name ("people:join", args…)."""
    path = target if target.startswith("/") else reverse(target, args=args or None, kwargs=kwargs or None)
    return settings.BASE_URL.rstrip("/") + path


def on_base_url(url: str) -> str:
    """The same link with its scheme and host replaced by ``BASE_URL``'s (for links a library built)."""
    parts = urlsplit(url)
    base = urlsplit(settings.BASE_URL)
    prefix = base.path.rstrip("/")
    return urlunsplit((base.scheme, base.netloc, prefix + (parts.path or "/"), parts.query, parts.fragment))


def site_domain() -> str:
    """The host name in ``BASE_URL``: for identifiers that must be stable, like calendar event ids."""
    return urlsplit(settings.BASE_URL).hostname or "alongside"
