"""Work out the insights counts again (run nightly, e.g. from cron: ``alongside refresh_insights``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.insights.services import refresh_counts


class Command(BaseCommand):
    help = "Work out again how many people are involved, per group, for the insights pages."

    def handle(self, *args, **options):
        refresh = refresh_counts()
        seconds = (refresh.finished_at - refresh.started_at).total_seconds()
        self.stdout.write(f"Counts as at {refresh.as_at}: {refresh.rows} rows in {seconds:.1f} s.")
