"""Links to the opportunities app's pages, for the staff area and the account page (see core/links.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from alongside.core.links import GETTING_INVOLVED, RESEARCH, Link
from alongside.opportunities.queries import waiting_for_review
from alongside.people.queries import takes_part

STAFF_LINKS = [
    Link(
        "opportunities:staff_list",
        _("Opportunities"),
        RESEARCH,
        _("Write opportunities, send them for review, and run their sessions, applicants and selection."),
        order=10,
        waiting=waiting_for_review,
        waiting_words=ngettext_lazy(
            "%(count)s opportunity waiting for review", "%(count)s opportunities waiting for review", "count"
        ),
        waiting_query="?status=in_review",
    ),
    Link(
        "opportunities:staff_new",
        _("Write an opportunity"),
        RESEARCH,
        _("Describe what you are asking people to do; a plain-language check helps as you write."),
        order=20,
    ),
    Link(
        "opportunities:staff_projects",
        _("Projects"),
        RESEARCH,
        _("The research projects your opportunities belong to, and their budgets."),
        order=30,
    ),
]

ACCOUNT_LINKS = [
    Link(
        "opportunities:list",
        _("Find opportunities"),
        GETTING_INVOLVED,
        _("See what researchers are asking for help with, and apply."),
        order=10,
        shown_when=takes_part,
    ),
    Link(
        "opportunities:involvement",
        _("Your involvement"),
        GETTING_INVOLVED,
        _("What you have applied for, and what you have taken part in."),
        order=20,
        shown_when=takes_part,
    ),
]
