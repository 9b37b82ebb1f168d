"""Links to the accounts app's pages, for the staff area (see alongside/core/links.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.core.links import ADMINISTRATION, YOUR_WORK, Link

STAFF_LINKS = [
    Link(
        "accounts:team",
        _("Team"),
        ADMINISTRATION,
        _("Who works in your organisation and the role each person has."),
        order=10,
    ),
    Link(
        "accounts:organisations",
        _("Organisations"),
        ADMINISTRATION,
        _("Every organisation using Alongside, their teams, and adding a new one."),
        order=20,
    ),
    Link(
        "accounts:team_changes",
        _("Changes to the team"),
        ADMINISTRATION,
        _("Every invitation, change of roles and removal: who made it and when."),
        order=30,
    ),
    Link(
        "accounts:access_log",
        _("Access log"),
        ADMINISTRATION,
        _("Who looked at people's records, when and why."),
        order=80,
    ),
    Link(
        "accounts:home",
        _("Your account"),
        YOUR_WORK,
        _("Your email address, password and authenticator app."),
        order=10,
    ),
]
