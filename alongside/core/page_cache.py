"""Whole public pages, kept for anonymous visitors so that busy pages are not rendered again each time.

A page is served from the cache only to a visitor the server knows nothing about: a GET with no
cookies other than the CSRF and language cookies (so no session, no sign-in, no pending messages).
Everything else is rendered as usual and never stored. The key is the scheme, host, full path with
its query, the active language and today's date (pages say whether an opportunity is still open).

Every page carries a CSRF token (the language switcher is a form). The token is never stored: the
stored body is split where tokens were, and each visitor's own token is put back on the way out, so
the CSRF cookie and ``Vary: Cookie`` are set exactly as a fresh render sets them.

Content changes (see ``alongside.opportunities.signals``) call :func:`invalidate`, which writes a
new version into the shared default cache. Each web process re-reads the version at most every
``PAGE_CACHE_CHECK_SECONDS`` and every entry expires after ``PAGE_CACHE_SECONDS``; docs/performance.md
states the worst-case staleness this gives.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
# The value of every hidden CSRF field Django's {% csrf_token %} writes; page text is escaped, so
# an opportunity's own words can never look like this.
_CSRF_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(?=")')
_local = {"version": "", "checked": 0.0}
# Striped locks (no per-page lock to clean up); two pages rarely share one.
_RENDER_LOCKS = [threading.Lock() for _ in range(64)]


def _enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _version() -> str:
    """The shared content version, re-read from the default cache at most every few seconds."""
    now = time.monotonic()
    if _local["version"] and now - _local["checked"] < settings.PAGE_CACHE_CHECK_SECONDS:
        return _local["version"]
    shared = caches["default"]
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, uuid.uuid4().hex[:12], timeout=None)
        version = shared.get(VERSION_KEY)
    _local.update(version=version, checked=now)
    return version


def _new_version() -> None:
    version = uuid.uuid4().hex[:12]
    _local.update(version=version, checked=time.monotonic())
    try:
        caches["default"].set(VERSION_KEY, version, timeout=None)
    except Exception:  # noqa: BLE001 - saving content must not fail because the cache is down
        logger.warning("page cache version not shared; other processes catch up on expiry", exc_info=True)


def invalidate() -> None:
    """Forget every cached page: public content changed.

    Done at once and again after the transaction commits, so a page rendered from the old rows by
    another process while the change was uncommitted is not kept under the new version.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _eligible(request: HttpRequest) -> bool:
    if request.method != "GET" or not _enabled():
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in allowed for name in request.COOKIES)


def _key(request: HttpRequest, version: str) -> str:
    parts = (
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{version}:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Only a plain 200 page that told this visitor nothing of their own."""
    if response.status_code != 200 or response.streaming or response.cookies:
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


def _serve(request: HttpRequest, entry: tuple) -> HttpResponse:
    content_type, chunks, never_cache = entry
    token = get_token(request).encode() if len(chunks) > 1 else b""
    response = HttpResponse(token.join(chunks), content_type=content_type)
    return _mark(response, "hit", never_cache=never_cache)


def anonymous_page(view):
    """Serve ``view`` from the page cache to anonymous visitors; see the module docstring."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not _eligible(request):
            return view(request, *args, **kwargs)
        try:
            key = _key(request, _version())
            entry = caches["pages"].get(key)
        except Exception:  # noqa: BLE001 - a cache outage must not take the page down
            logger.warning("page cache unavailable", exc_info=True)
            return view(request, *args, **kwargs)
        if entry is not None:
            return _serve(request, entry)
        # One render per page at a time in this process: when a page is missing (first visit,
        # or after content changed) the other threads asking for it wait for that render and
        # are then served from the cache, instead of all rendering the same page at once.
        with _RENDER_LOCKS[hash(key) % len(_RENDER_LOCKS)]:
            return _render_and_keep(request, key, view, *args, **kwargs)

    return wrapper


def _render_and_keep(request: HttpRequest, key: str, view, *args, **kwargs) -> HttpResponse:
    try:
        entry = caches["pages"].get(key)  # rendered by another thread while this one waited
    except Exception:  # noqa: BLE001
        entry = None
    if entry is not None:
        return _serve(request, entry)
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if not _storable(request, response):
        return response
    chunks = _CSRF_VALUE.split(response.content)
    never_cache = _never_cache(response)
    try:
        entry = (response["Content-Type"], chunks, never_cache)
        caches["pages"].set(key, entry, settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("page cache unavailable", exc_info=True)
    return _mark(response, "miss", never_cache=never_cache)
