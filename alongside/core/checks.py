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


# The privacy notice's invented demo values (settings.py); a deployment names its real controller.
_DEMO_PRIVACY = {
    "PRIVACY_CONTROLLER_NAME": "The Alongside national team (demonstration)",
    "PRIVACY_EMAIL": "privacy@alongside.invalid",
    "PRIVACY_DPO_EMAIL": "dpo@alongside.invalid",
    "PRIVACY_ICO_REGISTRATION": "ZA000000",
}


@register(Tags.security, deploy=True)
def privacy_notice_names_the_controller(app_configs, **kwargs) -> list[Warning]:
    """The privacy notice (/privacy/) must name who is responsible for people's information."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    unset = sorted(name for name, demo in _DEMO_PRIVACY.items() if getattr(settings, name, demo) == demo)
    if not unset:
        return []
    return [
        Warning(
            f"The privacy notice still shows the demo's invented values for {', '.join(unset)}.",
            hint="Set them to your organisation's details (README, configuration); see docs/operators.md.",
            id="alongside.W002",
        )
    ]
