"""The view behind each URL name, read once from the URL resolver.

Links and buttons ask whether a person may use a page before showing it; the answer comes
from what the view itself declares (``alongside.accounts.permissions.staff_required``), so a
link can never promise a page that its view refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from django.core.signals import setting_changed
from django.urls import URLPattern, URLResolver, get_resolver


@cache
def _views() -> dict[str, Callable]:
    views: dict[str, Callable] = {}
    for name, view in _walk(get_resolver().url_patterns, ""):
        views.setdefault(name, view)  # the first pattern with a name is the one reverse() gives
    return views


def _walk(patterns, namespace: str) -> Iterator[tuple[str, Callable]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


def view_for(url_name: str) -> Callable:
    """The view that serves ``url_name``; a KeyError names a URL that does not exist."""
    return _views()[url_name]


def url_names() -> list[str]:
    return list(_views())


def _forget(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _views.cache_clear()


setting_changed.connect(_forget)
