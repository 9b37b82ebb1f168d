"""Links to the insights pages for the staff area (see alongside/core/links.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.core.links import PEOPLE, Link

STAFF_LINKS = [
    Link(
        "insights:representation",
        _("Who is involved and who is missing"),
        PEOPLE,
        _(
            "Compare the people involved with the population they serve, by age, sex, ethnic group, "
            "disability and region."
        ),
        order=60,
    ),
    Link(
        "insights:trends",
        _("Who is involved over time"),
        PEOPLE,
        _("The same comparison quarter by quarter, to see change and the effect of outreach."),
        order=61,
    ),
    Link(
        "insights:activity",
        _("Activity: opportunities, selection and payments"),
        PEOPLE,
        _(
            "Opportunities published and filled, applicants per place, who applied and who was selected, "
            "payments and how long they took."
        ),
        order=62,
    ),
]
