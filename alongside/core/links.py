"""The link registry: each app declares the links to its own pages, and the hubs read them.

An app lists its links in ``alongside/<app>/links.py``:

    STAFF_LINKS = [Link("payments:runs", _("Payment runs"), PAYMENTS, _("Prepare and approve ..."))]
    ACCOUNT_LINKS = [Link("payments:my_payments", _("Your payments"), YOUR_PAYMENTS, ...)]

A record's page can also offer other apps' pages about it: ``OPPORTUNITY_LINKS`` and
``PROJECT_LINKS``, ``CONTRIBUTOR_LINKS`` name pages that take the record's id (a project's budget lives in
payments, which the opportunities app may not import).

The staff area (``/staff/``) shows each staff link to the people whose roles let them use the
page, and the account page (``/account/``) shows the account links. Who may use a page is not
written here: it is what the view itself declares (``accounts.permissions.staff_required``),
so a link and its page cannot disagree. ``roles`` narrows a link further when a page is open
to more people than the link is useful for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alongside.core.discovery import app_modules


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    order: int


# Staff area
RESEARCH = Section("research", _("Research and opportunities"), 10)
PEOPLE = Section("people", _("People"), 20)
MESSAGES = Section("messages", _("Messages"), 30)
PAYMENTS = Section("payments", _("Payments"), 40)
ADMINISTRATION = Section("administration", _("Administration"), 50)
YOUR_WORK = Section("you", _("You"), 60)

# A contributor's account page
GETTING_INVOLVED = Section("involved", _("Getting involved"), 10)
YOUR_PAYMENTS = Section("payments", _("Payments and expenses"), 20)
YOUR_INFORMATION = Section("information", _("Your information"), 30)


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str | Promise
    section: Section
    description: str | Promise = ""
    order: int = 100
    # Narrower than the page's own rule, for pages open to more roles than the link suits.
    roles: frozenset[str] | None = None
    # For account links: shown only when this says so (for example, once the person has a
    # contributor profile, without which the page answers 404).
    shown_when: Callable[[Any], bool] | None = None
    # "Waiting for you": how many things wait for this person there (one aggregate query), and
    # the words for the number, e.g. ngettext_lazy("%(count)s to check", "%(count)s to check", "count").
    waiting: Callable[[Any], int] | None = None
    waiting_words: str | Promise = ""
    # Added to the address in the "waiting for you" list, to open the page filtered to those things.
    waiting_query: str = ""
    kwargs: tuple[tuple[str, str], ...] = ()
    # For record links: the name the page gives the record's id in its address.
    record_kwarg: str = "pk"

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs=dict(self.kwargs))

    def url_for(self, pk: int) -> str:
        return reverse(self.url_name, kwargs={**dict(self.kwargs), self.record_kwarg: pk})


def _declared(attribute: str) -> tuple[Link, ...]:
    links = [link for _config, module in app_modules("links") for link in getattr(module, attribute, ())]
    return tuple(sorted(links, key=lambda link: (link.section.order, link.order)))


@cache
def staff_links() -> tuple[Link, ...]:
    return _declared("STAFF_LINKS")


@cache
def account_links() -> tuple[Link, ...]:
    return _declared("ACCOUNT_LINKS")


@cache
def record_links(kind: str) -> tuple[Link, ...]:
    """Links other apps offer on the page of a record of ``kind`` ("opportunity", "project")."""
    return _declared(f"{kind.upper()}_LINKS")


STAFF_LINKS = [
    Link(
        "core:my_tasks",
        _("Long jobs you started"),
        YOUR_WORK,
        _("Follow messages while they are sent and lists while they are imported."),
        order=20,
    ),
]
