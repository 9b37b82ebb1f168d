"""Every URL the project serves, read from the URL resolver, with a concrete address for each.

Security tests walk this list so that a new page is covered the moment it is added.
Parameters are filled with values that match no real record.
"""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import dataclass

from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

# Tried in turn for each parameter until the resolver accepts the address.
SAMPLE_VALUES = ("999999", str(uuid.UUID(int=999999)), "no-such-thing", "accounts")


UNNAMED = "<unnamed>"


@dataclass(frozen=True)
class Route:
    name: str | None
    pattern: str
    callback: object

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if self.name and ":" in self.name else ""


def routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", ""))


def _walk(patterns, prefix: str, namespace: str):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name
            if namespace:
                # Unnamed routes inside a namespace (the admin's redirects) are covered by its wildcard.
                name = f"{namespace}:{entry.name or UNNAMED}"
            yield Route(name=name, pattern=prefix + str(entry.pattern), callback=entry.callback)


def address(route: Route) -> str | None:
    """A concrete address for ``route``, or None when no sample value fits."""
    if route.name is None or route.name.endswith(UNNAMED):
        return _filled_in(route)
    parameters = _parameter_names(route)
    for values in itertools.product(SAMPLE_VALUES, repeat=len(parameters)):
        try:
            return reverse(route.name, kwargs=dict(zip(parameters, values, strict=True)))
        except NoReverseMatch:
            continue
    return None


def _filled_in(route: Route) -> str | None:
    candidate = "/" + re.sub(r"\(\?P<\w+>[^)]*\)", SAMPLE_VALUES[2], route.pattern)
    candidate = re.sub(r"<[^>]+>", SAMPLE_VALUES[0], candidate).replace("^", "").replace("$", "")
    try:
        match = resolve(candidate)
    except Resolver404:
        return None
    return candidate if match.func is route.callback else None


def _parameter_names(route: Route) -> list[str]:
    """Parameter names in the order they appear, from both path() and re_path() patterns."""
    names: list[str] = []
    for fragment in route.pattern.replace("(?P<", "<").split("<")[1:]:
        name = fragment.split(">")[0].split(":")[-1]
        if name and name not in names:
            names.append(name)
    return names
