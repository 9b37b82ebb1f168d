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
