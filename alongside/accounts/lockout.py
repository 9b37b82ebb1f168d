"""Temporary lockout after repeated wrong sign-in codes.

Counted per email address, so a person behind a shared office or proxy address
is not locked out by someone else's mistakes, and a forged X-Forwarded-For
header cannot reset the count. The lock expires by itself: an attacker can slow
a victim down for a while but never lock them out for good.

Both the count and the lock are in the default cache, which only expiry empties (alongside/caches.py):
traffic for other addresses cannot push them out and so undo a lock.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

MAX_FAILURES = 10
LOCK_SECONDS = 15 * 60


def _key(kind: str, email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"signin:{kind}:{digest}"


def record_failure(email: str) -> bool:
    """Count one wrong code; returns True when this failure locks the address."""
    if not email:
        return False
    key = _key("failures", email)
    cache.add(key, 0, LOCK_SECONDS)
    failures = cache.incr(key)
    if failures >= MAX_FAILURES:
        cache.set(_key("locked", email), True, LOCK_SECONDS)
        cache.delete(key)
        return True
    return False


def clear_failures(email: str) -> None:
    cache.delete(_key("failures", email))


def failure_count(email: str) -> int:
    """Wrong codes counted for this address since its last sign-in or lock."""
    return int(cache.get(_key("failures", email), 0)) if email else 0


def is_locked(email: str) -> bool:
    return bool(email) and bool(cache.get(_key("locked", email)))
