"""Ceiling views for benchmarks: the cheapest response Django can give through the same stack.

Both answer 404 unless ``BENCH_VIEWS`` is on, and it is never on in production.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

MINIMAL_BODY = b"<!doctype html><title>Alongside</title><p>OK</p>\n"

# The bench command puts a page's bytes here, so the ceiling returns exactly the same bytes.
echo_body: dict[str, bytes] = {"body": MINIMAL_BODY}


def _enabled() -> None:
    if not getattr(settings, "BENCH_VIEWS", False):
        raise Http404


def minimal(request: HttpRequest) -> HttpResponse:
    _enabled()
    return HttpResponse(MINIMAL_BODY, content_type="text/html; charset=utf-8")


def echo(request: HttpRequest) -> HttpResponse:
    _enabled()
    return HttpResponse(echo_body["body"], content_type="text/html; charset=utf-8")
