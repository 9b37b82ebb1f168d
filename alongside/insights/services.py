"""Keeping the counts behind the representation view current, and loading census releases."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from alongside.insights import counting
from alongside.insights.census import ReleaseSpec, bundled_file, load_release
from alongside.insights.models import CountRefresh, InvolvedCount, Involvement
from alongside.insights.periods import quarter_ends


def refresh_counts(today: datetime.date | None = None) -> CountRefresh:
    """Work out every count again: today's and one for the end of each of the last 8 quarters.

    The new counts replace the old in one transaction, so a page never sees half of them.
    """
    today = today or timezone.localdate()
    refresh = CountRefresh(as_at=today)
    rows = []
    for day in [*quarter_ends(today), today]:
        for involvement in Involvement.values:
            counts = counting.count_everywhere(involvement, day) + counting.count_by_organisation(
                involvement, day
            )
            rows += [
                InvolvedCount(
                    as_at=day,
                    involvement=involvement,
                    organisation_id=org,
                    region=region,
                    dimension=dimension,
                    category=category,
                    count=n,
                )
                for (org, region, dimension, category), n in counts.items()
            ]
    with transaction.atomic():
        InvolvedCount.objects.all().delete()
        InvolvedCount.objects.bulk_create(rows, batch_size=2000)
        refresh.rows = len(rows)
        refresh.finished_at = timezone.now()
        refresh.save()
    return refresh


def load_census(spec: ReleaseSpec | None = None, path=None):
    """Load a census release (the bundled one unless told otherwise)."""
    from alongside.insights.census import BUNDLED

    return load_release(spec or BUNDLED, path or bundled_file())
