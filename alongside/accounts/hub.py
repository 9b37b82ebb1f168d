"""What the staff area and the account page show a person: the registry's links they may use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby

from alongside.accounts.models import Role
from alongside.accounts.permissions import may, memberships
from alongside.core.links import Link, Section, account_links, record_links, staff_links


@dataclass(frozen=True)
class ShownLink:
    link: Link
    url: str
    waiting: int = 0

    @property
    def waiting_text(self) -> str:
        return str(self.link.waiting_words % {"count": self.waiting}) if self.waiting else ""


@dataclass(frozen=True)
class ShownSection:
    section: Section
    links: list[ShownLink] = field(default_factory=list)


def staff_sections(user) -> list[ShownSection]:
    return _sections(user, staff_links(), with_waiting=True)


def account_sections(user) -> list[ShownSection]:
    return _sections(user, account_links(), with_waiting=False)


def links_for_record(user, kind: str, record) -> list[ShownLink]:
    """Other apps' pages about ``record`` that ``user`` may open, with the role held in its organisation."""
    answers: dict[Callable, bool] = {}
    return [
        ShownLink(link, link.url_for(record.pk))
        for link in record_links(kind)
        if _visible(link, user, answers, organisation=record.organisation_id)
    ]


def waiting_for(sections: Iterable[ShownSection]) -> list[ShownLink]:
    return [shown for section in sections for shown in section.links if shown.waiting]


def roles_by_organisation(user) -> list[tuple[str, list[str]]]:
    """The person's roles in words, per organisation: [("Northbridge…", ["Researcher", "Finance"])]."""
    rows = sorted(memberships(user), key=lambda m: (m.organisation.name, m.role))
    return [
        (name, [str(Role(m.role).label) for m in group])
        for name, group in groupby(rows, key=lambda m: m.organisation.name)
    ]


def _sections(user, links: Iterable[Link], *, with_waiting: bool) -> list[ShownSection]:
    answers: dict[Callable, bool] = {}  # each condition asked once, however many links share it
    shown = [
        ShownLink(link, link.url, _waiting(link, user) if with_waiting else 0)
        for link in links
        if _visible(link, user, answers)
    ]
    return [
        ShownSection(section, list(group)) for section, group in groupby(shown, key=lambda s: s.link.section)
    ]


def _visible(link: Link, user, answers: dict[Callable, bool], organisation: int | None = None) -> bool:
    if link.roles is not None and not {m.role for m in memberships(user)} & link.roles:
        return False
    if link.shown_when is not None:
        if link.shown_when not in answers:
            answers[link.shown_when] = link.shown_when(user)
        if not answers[link.shown_when]:
            return False
    return may(user, link.url_name, organisation)


def _waiting(link: Link, user) -> int:
    return link.waiting(user) if link.waiting is not None else 0
