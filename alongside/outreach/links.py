"""Links to the outreach app's pages, for the staff area (see alongside/core/links.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.core.links import ADMINISTRATION, MESSAGES, Link

STAFF_LINKS = [
    Link(
        "outreach:messages",
        _("Messages sent"),
        MESSAGES,
        _("Every message and how each delivery went, by email, text, letter and phone."),
        order=10,
    ),
    Link(
        "outreach:compose",
        _("Write a message"),
        MESSAGES,
        _("Write to a saved audience; each person hears in the way they chose."),
        order=20,
    ),
    Link(
        "outreach:call_list",
        _("Call list"),
        MESSAGES,
        _("People who asked for a phone call: call them and record how it went."),
        order=30,
    ),
    Link(
        "outreach:audiences",
        _("Audiences"),
        MESSAGES,
        _("Saved groups of people to write to, by interest and region."),
        order=40,
    ),
    Link(
        "outreach:templates",
        _("Message templates"),
        MESSAGES,
        _("Wording you use again and again."),
        order=50,
    ),
    Link(
        "outreach:buddies",
        _("Digital buddies"),
        MESSAGES,
        _("People who would like help getting online, buddies to help them, and devices to lend."),
        order=60,
    ),
    Link(
        "outreach:feedback_list",
        _("Feedback about the website"),
        ADMINISTRATION,
        _("What people told us on the feedback page, to improve the service."),
        order=80,
    ),
]

# Offered on a contributor's staff page.
CONTRIBUTOR_LINKS = [
    Link(
        "outreach:person_messages",
        _("Messages sent to them"),
        MESSAGES,
        _("Every message sent to this person and how it was delivered."),
    ),
]
