"""Loading census releases and reading population benchmarks from them.

A release file has the columns of ``core/data/census/population.csv`` (see its README). Every row
is checked before anything is written; a file with any bad row changes nothing. Loading a release
again under the same slug replaces its figures, so a corrected file can be reloaded; a newer
release gets its own slug and sits beside the older one.
"""

from __future__ import annotations

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from alongside.accounts.models import Region
from alongside.insights.groups import REGION, Dimension

COLUMNS = ("area_code", "area_name", "dimension", "category", "count", "percent", "source")
# The parts of the UK whose figures add up to the whole country (regions of England, the nations).
UK_PREFIXES = ("E12", "W92", "S92", "N92")


@dataclass(frozen=True)
class ReleaseSpec:
    slug: str
    name: str
    published_on: datetime.date
    notes: str = ""


BUNDLED = ReleaseSpec(
    slug="census-2021",
    name="Census 2021 (England, Wales and Northern Ireland) with Scotland's Census 2022",
    # The last of its tables to be published (ONS TS038 Disability, 19 January 2023).
    published_on=datetime.date(2023, 1, 19),
    notes="ONS Census 2021, NRS Scotland's Census 2022 and NISRA Census 2021 tables; "
    "Crown copyright, Open Government Licence v3.0. Sources for every figure are in the census README.",
)


def bundled_file() -> Path:
    return Path(settings.CENSUS_DIR) / "population.csv"


class CensusFileError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


def read_rows(path: Path) -> list[dict]:
    """Every row of ``path``, checked; raises ``CensusFileError`` listing every problem."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise CensusFileError([f"The file has no column {', '.join(missing)}."])
        rows, errors = [], []
        for number, raw in enumerate(reader, start=2):
            row, problems = _checked(raw)
            rows.append(row)
            errors += [f"Row {number}: {problem}" for problem in problems]
    seen = defaultdict(list)
    for number, row in enumerate(rows, start=2):
        seen[(row["area_code"], row["dimension"], row["category"])].append(number)
    errors += [
        f"Rows {', '.join(map(str, lines))} repeat {key}." for key, lines in seen.items() if len(lines) > 1
    ]
    if errors:
        raise CensusFileError(errors)
    return rows


def _checked(raw: dict) -> tuple[dict, list[str]]:
    row = {column: (raw.get(column) or "").strip() for column in COLUMNS}
    problems = [f"{column} is empty." for column in COLUMNS[:4] if not row[column]]
    try:
        row["count"] = int(row["count"])
        if row["count"] < 0:
            raise ValueError
    except ValueError:
        problems.append(f"count {raw.get('count')!r} is not a whole number of people.")
    try:
        row["percent"] = Decimal(row["percent"])
        if not Decimal(0) <= row["percent"] <= Decimal(100):
            raise InvalidOperation
    except InvalidOperation:
        problems.append(f"percent {raw.get('percent')!r} is not between 0 and 100.")
    return row, problems


def load_release(spec: ReleaseSpec, path: Path, *, release_model=None, figure_model=None):
    """Load (or reload) a release from ``path``. The models can be given for a data migration."""
    from alongside.insights.models import CensusRelease, PopulationFigure

    release_model = release_model or CensusRelease
    figure_model = figure_model or PopulationFigure
    rows = read_rows(path)
    with transaction.atomic():
        release, _ = release_model.objects.update_or_create(
            slug=spec.slug,
            defaults={"name": spec.name, "published_on": spec.published_on, "notes": spec.notes},
        )
        figure_model.objects.filter(release=release).delete()
        figure_model.objects.bulk_create(
            [figure_model(release=release, **row) for row in rows], batch_size=500
        )
    return release


# --- Reading benchmarks -------------------------------------------------------------------------


@dataclass
class Benchmark:
    """Population counts per group of one dimension, for one area (or the UK)."""

    counts: dict[str, int] = field(default_factory=dict)
    # Parts of the UK left out of a UK figure because they publish no such table.
    missing_areas: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, group: str) -> float | None:
        count = self.counts.get(group)
        return None if count is None or not self.total else count / self.total


def benchmark(release, dimension: Dimension, region: str | None) -> Benchmark:
    """The population of ``region`` (or of the UK, when None) in ``dimension``'s groups."""
    from alongside.insights.models import PopulationFigure

    figures = PopulationFigure.objects.filter(release=release, dimension=dimension.census_dimension)
    if dimension is REGION:
        figures = figures.filter(category="All usual residents", area_name__in=Region.values)
        return Benchmark(dict(figures.values_list("area_name", "count")))
    wanted = {g.census_category: g.key for g in dimension.groups}
    if region:
        figures = figures.filter(area_name=region, category__in=wanted)
        return Benchmark({wanted[category]: n for category, n in figures.values_list("category", "count")})
    return _uk(figures.filter(category__in=wanted), wanted)


def _uk(figures, wanted: dict[str, str]) -> Benchmark:
    result = Benchmark()
    present = set()
    for code, name, category, count in figures.values_list("area_code", "area_name", "category", "count"):
        if code.startswith(UK_PREFIXES):
            present.add(name)
            key = wanted[category]
            result.counts[key] = result.counts.get(key, 0) + count
    result.missing_areas = [name for name in Region.values if name not in present] if present else []
    return result
