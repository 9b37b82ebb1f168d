"""Sign people out after a spell without activity (the WCAG 2.2.1 warning is accounts/timeout.js).

The time of each person's last request is kept in the cache, not the session, so that
pages do not write to the session table on every request. A session that is being
tracked but has no entry in the cache (idle past the cache lifetime, or the cache was
lost) is treated as idle: the check fails closed.
"""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.core.cache import cache

SESSION_KEY = "alongside_idle_id"


def timeout_seconds() -> int:
    """0 turns the idle sign-out off."""
    return int(getattr(settings, "SESSION_IDLE_TIMEOUT", 0) or 0)


def _cache_key(idle_id: str) -> str:
    return f"idle:{idle_id}"


def start(session) -> None:
    """Begin tracking a freshly signed-in session."""
    idle_id = uuid.uuid4().hex
    session[SESSION_KEY] = idle_id
    touch(idle_id)


def touch(idle_id: str) -> None:
    cache.set(_cache_key(idle_id), int(time.time()), settings.SESSION_COOKIE_AGE)


def is_idle(session) -> bool:
    """True when this session has been left for longer than the timeout."""
    idle_id = session.get(SESSION_KEY)
    if idle_id is None:
        # Signed in before tracking began: start now rather than sign them out.
        start(session)
        return False
    last_seen = cache.get(_cache_key(idle_id))
    if last_seen is None or time.time() - last_seen > timeout_seconds():
        return True
    touch(idle_id)
    return False
