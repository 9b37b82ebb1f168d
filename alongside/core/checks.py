"""Deployment checks (``alongside check --deploy``) for settings Django cannot judge itself."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def base_url_is_public(app_configs, **kwargs) -> list[Warning]:
    """Every emailed link and letter uses BASE_URL: in production it must be the public https address."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    parts = urlsplit(settings.BASE_URL)
    if parts.scheme == "https" and parts.hostname not in (None, "127.0.0.1", "localhost", "::1"):
        return []
    return [
        Warning(
            f"BASE_URL is {settings.BASE_URL!r}: links in emails, texts and letters would not work.",
            hint="Set BASE_URL to the public https address people use, e.g. https://involve.example.org.",
            id="alongside.W001",
        )
    ]
