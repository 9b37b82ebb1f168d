"""Load the census figures bundled with Alongside, so every installation has a benchmark.

Later releases are loaded with ``alongside load_census``; they sit beside this one.
"""

from django.db import migrations


def load(apps, schema_editor):
    from alongside.insights.census import BUNDLED, bundled_file, load_release

    load_release(
        BUNDLED,
        bundled_file(),
        release_model=apps.get_model("insights", "CensusRelease"),
        figure_model=apps.get_model("insights", "PopulationFigure"),
    )


def unload(apps, schema_editor):
    apps.get_model("insights", "CensusRelease").objects.filter(slug="census-2021").delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
