"""System checks for settings Django cannot judge itself (``alongside check``, ``check --deploy``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


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


def _redis_location(alias: str) -> str:
    cache = settings.CACHES.get(alias, {})
    return cache.get("LOCATION", "") if cache.get("BACKEND", "").endswith("RedisCache") else ""


def _redis_server(location: str) -> str:
    parts = urlsplit(location)
    return f"{parts.hostname}:{parts.port or 6379}" if parts.hostname else parts.path


def _eviction_policy(location: str) -> str:
    import redis

    client = redis.Redis.from_url(location, socket_connect_timeout=3, socket_timeout=3)
    try:
        return client.config_get("maxmemory-policy")["maxmemory-policy"]
    finally:
        client.close()


@register(Tags.caches)
def kept_state_is_never_evicted(app_configs, **kwargs) -> list[CheckMessage]:
    """Lockouts and rate limits in Redis must leave only by expiry (alongside/caches.py says why)."""
    location = _redis_location("default")
    if not location:
        return []
    messages: list[CheckMessage] = []
    if _redis_server(_redis_location("pages")) == _redis_server(location):
        messages.append(
            Warning(
                "The public page cache shares a Redis with sign-in lockouts and rate limits.",
                hint="Give PAGE_CACHE_REDIS_URL a Redis of its own, or leave it unset to keep pages "
                "in each web process's memory.",
                id="alongside.W003",
            )
        )
    try:
        policy = _eviction_policy(location)
    except Exception as error:  # noqa: BLE001 - a managed Redis may refuse CONFIG; say so, do not crash
        return [*messages, _unreadable_policy(error)]
    if policy != "noeviction":
        messages.append(
            Error(
                f"Redis at REDIS_URL may evict keys (maxmemory-policy {policy}): traffic could "
                "remove sign-in lockouts and rate limits before they expire.",
                hint="Set maxmemory-policy noeviction on that Redis (docs/operators.md, Redis).",
                id="alongside.E001",
            )
        )
    return messages


def _unreadable_policy(error: Exception) -> Warning:
    return Warning(
        f"Could not read Redis's maxmemory-policy at REDIS_URL ({type(error).__name__}).",
        hint="Make sure it is noeviction (docs/operators.md, Redis); if your provider hides CONFIG and "
        "you have checked it there, add alongside.W002 to SILENCED_SYSTEM_CHECKS.",
        id="alongside.W002",
    )


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
            id="alongside.W004",
        )
    ]
