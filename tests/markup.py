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
        self.headings: list[tuple[int, str | None]] = []  # (level, role)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append((int(tag[1]), attributes.get("role")))
        for name in (attributes.get("aria-describedby") or "").split():
            label = attributes.get("name") or attributes.get("id") or tag
            self.described_by.append((f"<{tag} {label}>", name))


def markup_problems(html: str) -> list[str]:
    """Every ``aria-describedby`` id that no element has, every id used more than once, and headings
    out of order or with a role."""
    parser = _Ids()
    parser.feed(html)
    problems = [
        f"{element} is described by #{name}, which is not on the page"
        for element, name in parser.described_by
        if name not in parser.ids
    ]
    problems += [f"id {name!r} is used {count} times" for name, count in parser.ids.items() if count > 1]
    return problems + _heading_problems(parser.headings)


def _heading_problems(headings: list[tuple[int, str | None]]) -> list[str]:
    """Headings go down one level at a time and keep their role (axe: heading-order, aria-allowed-role)."""
    problems = [f"<h{level}> has role={role!r}" for level, role in headings if role]
    previous = 1
    for level, _role in headings:
        if level > previous + 1:
            problems.append(f"<h{level}> follows <h{previous}>, skipping a level")
        previous = level
    return problems
