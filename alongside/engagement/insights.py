"""Engagement's measures on the insights activity dashboard (the contract: ``insights.activity``).

Each kind of participation keeps its measures in a module of its own; this module lists them.
Plain dicts, because engagement sits below insights in the layers and may not import it.
"""

from __future__ import annotations

import datetime

from alongside.engagement.survey_measures import survey_measures

MEASURES = (survey_measures,)


def activity_measures(
    organisation_ids: list[int] | None, start: datetime.date, end: datetime.date
) -> list[dict]:
    """Every engagement measure for the organisations (None: every organisation) in the period."""
    return [item for measure in MEASURES for item in measure(organisation_ids, start, end)]
