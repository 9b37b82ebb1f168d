"""Census releases: the bundled one comes with migrate, newer ones sit beside it, bad files change nothing."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from alongside.insights.census import BUNDLED, benchmark
from alongside.insights.groups import AGE, ETHNIC_GROUP, REGION
from alongside.insights.models import CensusRelease, PopulationFigure
from alongside.insights.queries import current_release

HEADER = "area_code,area_name,dimension,category,count,percent,source\n"


def test_the_bundled_release_is_loaded_by_migrate():
    release = CensusRelease.objects.get(slug=BUNDLED.slug)
    assert release.figures.count() == 376
    white = release.figures.get(area_name="North West", dimension="ethnic_group", category="White")
    assert white.count == 6347394


def test_a_newer_release_sits_beside_the_older_and_becomes_the_default(tmp_path):
    path = tmp_path / "census-2031.csv"
    path.write_text(HEADER + "E12000002,North West,ethnic_group,White,100,50.00,test\n"
                    "E12000002,North West,ethnic_group,Other ethnic group,100,50.00,test\n")  # fmt: skip
    call_command(
        "load_census", file=str(path), slug="census-2031", name="Census 2031", published="2033-01-01"
    )
    assert CensusRelease.objects.count() == 2
    assert current_release().slug == "census-2031"
    assert current_release(BUNDLED.slug).slug == BUNDLED.slug
    shares = benchmark(current_release(), ETHNIC_GROUP, "North West")
    assert shares.share("white") == 0.5


def test_a_file_with_a_bad_row_changes_nothing_and_names_every_problem(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "E12000002,North West,sex,Female,lots,50.00,x\n"
                    "E12000002,North West,sex,Male,10,150,x\n")  # fmt: skip
    before = PopulationFigure.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("load_census", file=str(path), slug="bad", name="Bad", published="2030-01-01")
    assert "Row 2: count 'lots'" in str(error.value)
    assert "Row 3: percent '150'" in str(error.value)
    assert PopulationFigure.objects.count() == before
    assert not CensusRelease.objects.filter(slug="bad").exists()


def test_reloading_a_release_replaces_its_figures_rather_than_doubling_them():
    call_command("load_census")
    assert CensusRelease.objects.get(slug=BUNDLED.slug).figures.count() == 376


def test_uk_figures_add_up_the_parts_and_say_which_parts_have_no_table():
    release = current_release()
    age = benchmark(release, AGE, None)
    assert age.missing_areas == ["Northern Ireland"]
    north_west = release.figures.get(area_name="North West", dimension="age_18plus", category="80+").count
    assert age.counts["80+"] > north_west
    regions = benchmark(release, REGION, None)
    assert len(regions.counts) == 12 and regions.counts["London"] == 8799728
