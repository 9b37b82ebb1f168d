"""Sign people out after a spell without activity (the WCAG 2.2.1 warning is accounts/timeout.js).

The time of each person's last request is kept in their session, which lives exactly as long as the
sign-in does: no cache, so no amount of traffic can lose it and sign people out mid-work, and a
signed-in page costs no statement of its own (the session is read anyway). So that pages do not
write the session on every request, the time is written again only once it is ``refresh_seconds``
old; the recorded time may trail the real last request by that much, so pages tell the warning
script the seconds actually left (:func:`seconds_left`), and "Stay signed in" records the time
exactly (:func:`touch`).
"""

from __future__ import annotations

import math
import time

from django.conf import settings

SESSION_KEY = "alongside_last_seen"
# At most one session write a minute for a person who keeps using the site.
MOST_REFRESH_SECONDS = 60


def timeout_seconds() -> int:
    """0 turns the idle sign-out off."""
    return int(getattr(settings, "SESSION_IDLE_TIMEOUT", 0) or 0)


def refresh_seconds() -> int:
    # A thirtieth of the timeout keeps a short timeout (as in the browser tests) just as exact.
    return max(1, min(MOST_REFRESH_SECONDS, timeout_seconds() // 30))


def touch(session) -> None:
    """Record activity now: at sign-in and when the person asks to stay signed in."""
    session[SESSION_KEY] = int(time.time())


def seconds_left(session) -> int:
    """Whole seconds until this session counts as idle (rounded up, so a page never signs out early)."""
    last_seen = session.get(SESSION_KEY)
    if last_seen is None:
        return timeout_seconds()
    return max(0, math.ceil(last_seen + timeout_seconds() - time.time()))


def is_idle(session) -> bool:
    """True when this session has been left for the timeout or longer; otherwise note the activity."""
    last_seen = session.get(SESSION_KEY)
    if last_seen is None:
        # Signed in before tracking began: start now rather than sign them out.
        touch(session)
        return False
    since = time.time() - last_seen
    if since >= timeout_seconds():
        return True
    if since >= refresh_seconds():
        touch(session)
    return False
