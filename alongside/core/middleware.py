from __future__ import annotations

import uuid

from django.http import HttpResponseNotAllowed

from alongside.core.logging import request_id_var


class RequestIdMiddleware:
    """Give every request an id that appears in each log line and in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-Id"] = request.request_id
        return response


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in person may hold personal data: never cache them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response


class AllowedMethodsMiddleware:
    """Refuse TRACE, TRACK, CONNECT and made-up methods before any view sees them.

    TRACE echoes the request back (cross-site tracing); no page of ours needs it, so it is
    refused everywhere rather than left to each view.
    """

    ALLOWED = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ALLOWED:
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)
