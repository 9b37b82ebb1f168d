"""Links to the people app's pages, for the staff area and the account page (see alongside/core/links.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.core.links import PEOPLE, RESEARCH, YOUR_INFORMATION, Link
from alongside.people.queries import has_profile, takes_part

STAFF_LINKS = [
    Link(
        "people:search",
        _("Find contributors"),
        RESEARCH,
        _("Search the registry for people open to invitations, by topic, region and more."),
        order=40,
    ),
    Link(
        "people:sent_invitations",
        _("Invitations you have sent"),
        RESEARCH,
        _("Who you invited from the registry, and who has replied."),
        order=50,
    ),
    Link(
        "people:list",
        _("Contributors"),
        PEOPLE,
        _("Everyone in your pool: profiles, consent, contact choices and support needs."),
        order=10,
    ),
    Link(
        "people:create",
        _("Add someone who joined by phone or post"),
        PEOPLE,
        _("Enter the details from a phone call or a paper form, then record their consent."),
        order=20,
    ),
    Link(
        "people:import_upload",
        _("Import a list"),
        PEOPLE,
        _("Add many people at once from a spreadsheet. Nothing changes until every row is right."),
        order=30,
    ),
    Link(
        "people:partners",
        _("Community partners"),
        PEOPLE,
        _("Groups you work with to reach people, their contacts and community champions."),
        order=40,
    ),
]

ACCOUNT_LINKS = [
    Link(
        "people:my_profile",
        _("Your profile"),
        YOUR_INFORMATION,
        _("Your details, the support you need, your permissions and invitations from researchers."),
        order=10,
        shown_when=takes_part,
    ),
    Link(
        "people:my_profile_edit",
        _("How we contact you"),
        YOUR_INFORMATION,
        _("Email, text message, letter or phone call, in the language you prefer."),
        order=20,
        shown_when=has_profile,
    ),
    Link(
        "people:my_equality",
        _("Questions about you"),
        YOUR_INFORMATION,
        _("Optional questions that help us check we hear from everyone."),
        order=30,
        shown_when=has_profile,
    ),
    Link(
        "people:my_data",
        _("Download your information"),
        YOUR_INFORMATION,
        _("Everything we hold about you, as a PDF."),
        order=40,
        shown_when=has_profile,
        kwargs=(("fmt", "pdf"),),
    ),
]
