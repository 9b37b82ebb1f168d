"""Survey responses by channel, for the activity dashboard (``engagement.insights``).

One aggregate query in the database: responses sent in the period, counted by the way they came
in (online, phone, paper, imported), for the given organisations' surveys or for every survey.
A response counts on the day it was sent; for an anonymous survey that day is kept only as the
first of its month, so such a response counts in the quarter its month falls in.

These count responses, not people, and say nothing about anyone's answers, so they are shown as
they are (like the counts of opportunities and claims); the survey's own results page applies the
small-number rules to answers.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from alongside.engagement.models import Channel, Response

LABELS = {
    Channel.ONLINE: _("Survey responses online"),
    Channel.PHONE: _("Survey responses by phone"),
    Channel.PAPER: _("Survey responses on paper"),
    Channel.IMPORT: _("Survey responses gathered elsewhere and imported"),
}


def survey_measures(
    organisation_ids: list[int] | None, start: datetime.date, end: datetime.date
) -> list[dict]:
    """Responses sent from ``start`` to ``end`` (both included), in total and by channel."""
    sent = Response.objects.filter(
        state=Response.State.SUBMITTED, submitted_on__gte=start, submitted_on__lte=end
    )
    if organisation_ids is not None:
        sent = sent.filter(survey__organisation_id__in=organisation_ids)
    counts = sent.aggregate(
        total=Count("pk"), **{channel: Count("pk", filter=Q(channel=channel)) for channel in LABELS}
    )
    return [
        {
            "key": "survey_responses",
            "label": _("Survey responses"),
            "value": counts["total"],
            "note": _("Sent in the period, by every channel. Anonymous responses count in the month sent."),
        },
        *({"key": f"survey_responses_{c.value}", "label": LABELS[c], "value": counts[c]} for c in LABELS),
    ]
