"""Links to the engagement app's pages, for the staff area (see core/links.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.core.links import Link, Section

ENGAGEMENT = Section("engagement", _("Engagement and surveys"), 25)

STAFF_LINKS = [
    Link(
        "engagement:staff_processes",
        _("Engagement processes"),
        ENGAGEMENT,
        _("Run a process in phases, from scoping to action planning, with a public page for each."),
        order=10,
    ),
    Link(
        "engagement:staff_surveys",
        _("Surveys"),
        ENGAGEMENT,
        _("Build surveys, take answers online, on paper and by phone, and read the results."),
        order=20,
    ),
]

# Ideas, prioritisation and actions
STAFF_LINKS.append(
    Link(
        "engagement:staff_priorities",
        _("Ideas, priorities and actions"),
        ENGAGEMENT,
        _("Ideas raised at events, prioritisation rounds and the actions agreed, by process."),
        order=30,
    )
)

# --- Events and breakout groups ---
STAFF_LINKS.append(
    Link(
        "engagement:staff_all_events",
        _("Events"),
        ENGAGEMENT,
        _("Plan events, take registrations and a waiting list, record who came, and run breakout groups."),
        order=30,
    )
)
