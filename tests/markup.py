"""Checks on a page's markup that axe-core misses (review D13, D14).

axe reads the page a browser shows, one state at a time, and passed pages where a hint's
``aria-describedby`` named an id that was not there and where two fields shared one id.
These checks read the HTML itself, so any page the tests render can be checked.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.described_by: list[tuple[str, str]] = []  # (the element, the id it names)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        for name in (attributes.get("aria-describedby") or "").split():
            label = attributes.get("name") or attributes.get("id") or tag
            self.described_by.append((f"<{tag} {label}>", name))


def markup_problems(html: str) -> list[str]:
    """Every ``aria-describedby`` id that no element has, and every id used more than once."""
    parser = _Ids()
    parser.feed(html)
    problems = [
        f"{element} is described by #{name}, which is not on the page"
        for element, name in parser.described_by
        if name not in parser.ids
    ]
    problems += [f"id {name!r} is used {count} times" for name, count in parser.ids.items() if count > 1]
    return problems
