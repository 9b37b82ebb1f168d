"""Whole public pages, kept for anonymous visitors so that busy pages are not rendered again each time.

A page is served from the cache only to a visitor the server knows nothing about: a GET with no
cookies other than the CSRF and language cookies (so no session, no sign-in, no pending messages).
Everything else is rendered as usual and never stored. The key is the scheme, host, full path with
its query, the active language and today's date (pages say whether an opportunity is still open).

Every page carries a CSRF token (the language switcher is a form). The token is never stored: the
stored body is split where tokens were, and each visitor's own token is put back on the way out, so
the CSRF cookie and ``Vary: Cookie`` are set exactly as a fresh render sets them.

**What a page depends on.** Each stored page records the versions of the *scopes* it was built
from, and is served only while every one of them is unchanged:

- ``SITE``: everything on every page (templates, organisations, topics, levels, the glossary);
- ``LISTING``: which opportunities are open and what their cards say (the search, the way in,
  similar opportunities on a closed opportunity's page);
- ``opportunity_scope(slug)``: one opportunity's own page.

A view names its scopes with ``anonymous_page(depends_on=...)``; a response may add more while it
renders (``depends_on(response, ...)``). Content changes (``alongside.opportunities.signals``) call
:func:`changed` with the scopes they affect: saving a draft nobody can see changes no scope, and
editing one public opportunity forgets its page and the listing, not every page. :func:`invalidate`
forgets everything.

Versions live in the shared default cache. Each web process re-reads a version at most every
``PAGE_CACHE_CHECK_SECONDS``, and every page expires after ``PAGE_CACHE_SECONDS``;
docs/performance.md states the worst-case staleness this gives.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

logger = logging.getLogger(__name__)

# The site-wide version keeps the key it always had, so `clear_page_cache` and older processes agree.
VERSION_KEY = "page-cache:version"
SITE = "site"
LISTING = "listing"
_SCOPE_PREFIX = "page-cache:scope:"
# A scope nobody has changed yet has this version (nothing is written for it).
_UNCHANGED = "0"
# Versions a process remembers; beyond this it starts again (each is a few dozen bytes).
_MEMORY_LIMIT = 50_000
# The value of every hidden CSRF field Django's {% csrf_token %} writes; page text is escaped, so
# an opportunity's own words can never look like this.
_CSRF_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(?=")')
# scope -> (version, monotonic time it was read)
_known: dict[str, tuple[str, float]] = {}
# Striped locks (no per-page lock to clean up); two pages rarely share one.
_RENDER_LOCKS = [threading.Lock() for _ in range(64)]
_RESPONSE_SCOPES = "_page_cache_scopes"


def opportunity_scope(slug: str) -> str:
    return f"opportunity:{slug}"


def _enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _shared_key(scope: str) -> str:
    return VERSION_KEY if scope == SITE else _SCOPE_PREFIX + scope


def _version_lifetime() -> int:
    """How long a scope's version is kept: longer than any page built under the version before it.

    A page stored while a scope had no version (``_UNCHANGED``) is gone before the version written
    by the next change expires, so the unchanged version can never bring that page back.
    """
    return settings.PAGE_CACHE_SECONDS * 2 + 60


def _versions(scopes: Iterable[str]) -> tuple[str, ...]:
    """The current version of each scope, re-read from the shared cache at most every few seconds."""
    scopes = tuple(scopes)
    now = time.monotonic()
    fresh_for = settings.PAGE_CACHE_CHECK_SECONDS
    stale = [s for s in scopes if s not in _known or now - _known[s][1] >= fresh_for]
    if stale:
        shared = caches["default"].get_many([_shared_key(s) for s in stale])
        if len(_known) > _MEMORY_LIMIT:
            _known.clear()
        for scope in stale:
            version = shared.get(_shared_key(scope))
            if version is None and scope == SITE:
                caches["default"].add(VERSION_KEY, uuid.uuid4().hex[:12], timeout=None)
                version = caches["default"].get(VERSION_KEY)
            _known[scope] = (version or _UNCHANGED, now)
    return tuple(_known[s][0] for s in scopes)


def versions_of(*scopes: str) -> str:
    """The current versions of ``scopes`` as one string, for keys of anything derived from them."""
    return ":".join(_versions((SITE, *scopes)))


def versions_of_each(scopes: Iterable[str]) -> list[str]:
    """``versions_of(scope)`` for each of ``scopes``, read together."""
    site, *each = _versions((SITE, *scopes))
    return [f"{site}:{version}" for version in each]


def forget_known_versions() -> None:
    """Read every version from the shared cache again (tests, after the shared cache was emptied)."""
    _known.clear()


def _write_versions(scopes: tuple[str, ...]) -> None:
    now = time.monotonic()
    new = {scope: uuid.uuid4().hex[:12] for scope in scopes}
    for scope, version in new.items():
        _known[scope] = (version, now)
    try:
        shared = caches["default"]
        if SITE in new:
            shared.set(VERSION_KEY, new[SITE], timeout=None)
        others = {_shared_key(s): v for s, v in new.items() if s != SITE}
        if others:
            shared.set_many(others, timeout=_version_lifetime())
    except Exception:  # noqa: BLE001 - saving content must not fail because the cache is down
        logger.warning("page cache version not shared; other processes catch up on expiry", exc_info=True)


def changed(*scopes: str) -> None:
    """Forget the cached pages built from ``scopes``: their content changed.

    Done at once and again after the transaction commits, so a page rendered from the old rows by
    another process while the change was uncommitted is not kept under the new version.
    """
    scopes = tuple(dict.fromkeys(s for s in scopes if s))
    if not scopes:
        return
    _write_versions(scopes)
    transaction.on_commit(lambda: _write_versions(scopes))


def invalidate() -> None:
    """Forget every cached page (a change that shows on every page, or an operator's request)."""
    changed(SITE)


def depends_on(response: HttpResponse, *scopes: str) -> HttpResponse:
    """Say that ``response`` was also built from ``scopes`` (known only once the view ran)."""
    setattr(response, _RESPONSE_SCOPES, (*getattr(response, _RESPONSE_SCOPES, ()), *scopes))
    return response


def _eligible(request: HttpRequest) -> bool:
    if request.method != "GET" or not _enabled():
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in allowed for name in request.COOKIES)


def _key(request: HttpRequest) -> str:
    parts = (
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Only a plain page (200, or 410 for a closed opportunity) that told this visitor nothing."""
    if response.status_code not in (200, 410) or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Disposition"):
        return False
    # A page may say it must not be kept by browsers (never_cache, as the sign-in page does); that is
    # said again on every hit. Any other caching instruction from a view is a reason not to store.
    if response.has_header("Cache-Control") and not _never_cache(response):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    stored_messages = getattr(request, "_messages", None)
    if stored_messages is not None and stored_messages.added_new:
        return False
    # A nonce used in the page belongs to this response's Content-Security-Policy header only.
    return not isinstance(getattr(request, "_csp_nonce", None), str)


def _never_cache(response: HttpResponse) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def _mark(response: HttpResponse, state: str, *, never_cache: bool = False) -> HttpResponse:
    if never_cache:
        add_never_cache_headers(response)
    else:
        # The body holds this visitor's CSRF token: no shared cache may keep it.
        response["Cache-Control"] = "private, max-age=0"
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    response["X-Page-Cache"] = state
    return response


def _current(entry) -> bool:
    """Whether every scope the stored page was built from still has the version it had then."""
    scopes, versions = entry[4], entry[5]
    return _versions(scopes) == versions


def _serve(request: HttpRequest, entry: tuple) -> HttpResponse:
    content_type, chunks, never_cache, status = entry[:4]
    token = get_token(request).encode() if len(chunks) > 1 else b""
    response = HttpResponse(token.join(chunks), content_type=content_type, status=status)
    return _mark(response, "hit", never_cache=never_cache)


Scopes = Callable[..., Iterable[str]]


def anonymous_page(view=None, *, depends_on: Scopes | None = None):
    """Serve ``view`` from the page cache to anonymous visitors; see the module docstring.

    ``depends_on(request, *args, **kwargs)`` names the scopes the page is built from besides
    ``SITE``; without it a page changes only with the whole site.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not _eligible(request):
                return view(request, *args, **kwargs)
            named = tuple(depends_on(request, *args, **kwargs)) if depends_on else ()
            try:
                key = _key(request)
                entry = _fresh(caches["pages"].get(key))
            except Exception:  # noqa: BLE001 - a cache outage must not take the page down
                logger.warning("page cache unavailable", exc_info=True)
                return view(request, *args, **kwargs)
            if entry is not None:
                return _serve(request, entry)
            # One render per page at a time in this process: when a page is missing (first visit,
            # or after content changed) the other threads asking for it wait for that render and
            # are then served from the cache, instead of all rendering the same page at once.
            with _RENDER_LOCKS[hash(key) % len(_RENDER_LOCKS)]:
                return _render_and_keep(request, key, named, view, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def _fresh(entry):
    """The stored page if it is of this layout and still current, else None."""
    if entry is None or len(entry) != 6:
        return None
    return entry if _current(entry) else None


def _render_and_keep(request: HttpRequest, key: str, named: tuple, view, *args, **kwargs) -> HttpResponse:
    try:
        entry = _fresh(caches["pages"].get(key))  # rendered by another thread while this one waited
    except Exception:  # noqa: BLE001
        entry = None
    if entry is not None:
        return _serve(request, entry)
    try:
        # Read before rendering: a change made during the render leaves the page out of date at once.
        scopes = (SITE, *named)
        versions = _versions(scopes)
    except Exception:  # noqa: BLE001
        logger.warning("page cache unavailable", exc_info=True)
        return view(request, *args, **kwargs)
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if not _storable(request, response):
        return response
    added = tuple(s for s in getattr(response, _RESPONSE_SCOPES, ()) if s not in scopes)
    if added:
        try:
            scopes, versions = scopes + added, versions + _versions(added)
        except Exception:  # noqa: BLE001
            return response
    chunks = _CSRF_VALUE.split(response.content)
    never_cache = _never_cache(response)
    try:
        entry = (response["Content-Type"], chunks, never_cache, response.status_code, scopes, versions)
        caches["pages"].set(key, entry, settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("page cache unavailable", exc_info=True)
    return _mark(response, "miss", never_cache=never_cache)
