"""The two caches and what each may lose (docs/operators.md, "What the caches hold").

``default`` keeps *state*, not copies: sign-in lockouts and failure counters (accounts/lockout.py),
the sign-in library's rate limits and its record of used authenticator codes (django-allauth always
writes to this alias, it has no setting for another), and the public page-cache version. Nothing may
remove an entry but its own expiry: if traffic could push entries out, anyone able to cause enough
cache writes (failed sign-ins for made-up addresses are enough) could undo a lockout or a rate limit.

- Without Redis it is a database table. Django's database cache culls a third of its live entries
  whenever it holds more than ``MAX_ENTRIES`` (300 by default). Here ``MAX_ENTRIES`` is only the size
  at which a write first sweeps out *expired* entries, and ``CULL_FREQUENCY`` is so large that the
  share of live entries culled after that sweep (one in ``CULL_FREQUENCY``) rounds down to none.
  The table's size is set by expiry alone: every entry lives at most 15 minutes, apart from the one
  page-cache version, so it holds what recent sign-in traffic wrote (a few hundred bytes an entry).
- With Redis (``REDIS_URL``) Redis itself must never evict: ``maxmemory-policy noeviction``, checked
  when Alongside starts (alongside/core/checks.py). ``volatile-*`` policies would not do: they evict
  keys that have an expiry, and every lockout and rate limit has one.

``pages`` keeps copies of whole public pages for anonymous visitors (alongside/core/page_cache.py):
losing any of them costs one render. It has a fixed size and may evict as it likes, so it never
shares memory with ``default``: each web process's own memory (2,000 pages), or a Redis of its own
(``PAGE_CACHE_REDIS_URL``, with ``maxmemory`` and ``allkeys-lru``).
"""

from __future__ import annotations

CACHE_TABLE = "alongside_cache"
# Sweep expired rows once the table is bigger than this; live rows are never culled.
SWEEP_EXPIRED_ABOVE = 5_000
# One in this many live entries would be culled after a sweep: rounds down to none below it.
NEVER_CULL = 10**12
PAGES_IN_MEMORY = 2_000


def kept_state(redis_url: str) -> dict:
    if redis_url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
        "OPTIONS": {"MAX_ENTRIES": SWEEP_EXPIRED_ABOVE, "CULL_FREQUENCY": NEVER_CULL},
    }


def pages(pages_redis_url: str) -> dict:
    if pages_redis_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": pages_redis_url,
            "KEY_PREFIX": "pages",
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "alongside-pages",
        "OPTIONS": {"MAX_ENTRIES": PAGES_IN_MEMORY},
    }


def cache_settings(redis_url: str, pages_redis_url: str) -> dict:
    return {"default": kept_state(redis_url), "pages": pages(pages_redis_url)}
