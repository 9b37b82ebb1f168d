"""Load a census release: ``alongside load_census`` (the bundled figures) or a newer file beside them."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.insights.census import BUNDLED, CensusFileError, ReleaseSpec, bundled_file, load_release


class Command(BaseCommand):
    help = "Load census population figures (a file in the format of core/data/census/population.csv)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="The CSV file; the bundled figures when left out.")
        parser.add_argument("--slug", help="A short name for the release, e.g. census-2031.")
        parser.add_argument("--name", help="The release's name as pages show it.")
        parser.add_argument("--published", help="The date the release was published, YYYY-MM-DD.")

    def handle(self, *args, file, slug, name, published, **options):
        spec, path = BUNDLED, bundled_file()
        if file:
            if not (slug and name and published):
                raise CommandError("A file needs --slug, --name and --published too.")
            try:
                day = datetime.date.fromisoformat(published)
            except ValueError as exc:
                raise CommandError("Give --published as a date like 2031-11-30.") from exc
            spec, path = ReleaseSpec(slug=slug, name=name, published_on=day), Path(file)
        try:
            release = load_release(spec, path)
        except CensusFileError as exc:
            raise CommandError("Nothing was loaded:\n" + "\n".join(exc.errors)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {path}") from exc
        self.stdout.write(f"Loaded {release.figures.count()} figures as “{release.name}”.")
