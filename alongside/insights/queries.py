"""Read-side: the representation tables, built from the kept counts and a census release.

Every figure on the page comes from ``disclosure`` (hidden, rounded) and ``measures`` (worked out
from the published figures only). The exact counts never leave this module.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.functional import Promise

from alongside.accounts.models import Organisation
from alongside.insights import disclosure, measures, partners
from alongside.insights.census import Benchmark, benchmark
from alongside.insights.groups import DIMENSIONS, REGION, UNKNOWN, Dimension
from alongside.insights.models import CensusRelease, CountRefresh, InvolvedCount
from alongside.insights.periods import quarter_ends


@dataclass(frozen=True)
class Scope:
    """Whose people: the whole country, everyone living in a region, or one organisation's."""

    region: str = ""
    organisation: Organisation | None = None

    @property
    def national(self) -> bool:
        return not self.region and self.organisation is None

    @property
    def benchmark_area(self) -> str | None:
        """The population compared with: the region, the organisation's region, or the UK."""
        if self.organisation is not None:
            return self.organisation.region or None
        return self.region or None

    def counts(self):
        rows = InvolvedCount.objects.all()
        if self.organisation is not None:
            return rows.filter(organisation=self.organisation)
        rows = rows.filter(organisation__isnull=True)
        return rows.filter(region=self.region) if self.region else rows

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return DIMENSIONS if self.national else tuple(d for d in DIMENSIONS if d is not REGION)

    @property
    def key(self) -> str:
        if self.organisation is not None:
            return f"org-{self.organisation.pk}"
        return f"region-{self.region}" if self.region else "national"


@dataclass(frozen=True)
class Row:
    key: str
    label: str | Promise
    count: disclosure.Published
    comparison: measures.Comparison | None
    partners: tuple = ()


@dataclass
class Table:
    dimension: Dimension
    rows: list[Row]
    unknown: disclosure.Published
    answered: disclosure.Published
    total: disclosure.Published
    has_benchmark: bool
    missing_areas: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[Row]:
        return [row for row in self.rows if row.comparison and row.comparison.under_represented]


def latest_refresh() -> CountRefresh | None:
    return CountRefresh.objects.filter(finished_at__isnull=False).first()


def current_release(slug: str | None = None) -> CensusRelease | None:
    releases = CensusRelease.objects.all()
    return (releases.filter(slug=slug).first() if slug else None) or releases.first()


def exact_counts(scope: Scope, involvement: str, as_at: datetime.date) -> dict[str, dict[str, int]]:
    """dimension -> group -> people: one aggregate query over the kept counts."""
    rows = (
        scope.counts()
        .filter(involvement=involvement, as_at=as_at)
        .values("dimension", "category")
        .annotate(n=Sum("count"))
        .order_by()
    )
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["dimension"], {})[row["category"]] = row["n"]
    return found


def representation(
    scope: Scope, involvement: str, as_at: datetime.date, release: CensusRelease | None, *, with_partners=True
) -> list[Table]:
    counts = exact_counts(scope, involvement, as_at)
    nearby = partners.partners_in(scope.benchmark_area) if with_partners else []
    tables = []
    for dimension in scope.dimensions:
        population = benchmark(release, dimension, scope.benchmark_area) if release else Benchmark()
        tables.append(_table(dimension, counts.get(dimension.key, {}), population, nearby))
    return tables


def _table(dimension: Dimension, counts: dict[str, int], population: Benchmark, nearby=()) -> Table:
    # The groups are the table that rules 1 and 2 protect (their total is the people who answered);
    # "not answered" and "everyone counted" are single figures, hidden below 10 and rounded.
    cells = {g.key: counts.get(g.key, 0) for g in dimension.groups}
    unknown = counts.get(UNKNOWN, 0)
    published = disclosure.publish_table(cells)
    answered = disclosure.publish_total(sum(cells.values()))
    rows = []
    for group in dimension.groups:
        count = published[group.key]
        comparison = measures.compare(
            count.value, answered.value, population.share(group.key), small=count.small
        )
        shown = partners.serving(nearby, dimension.key, group.key) if comparison.under_represented else []
        rows.append(Row(group.key, group.label, count, comparison, tuple(shown)))
    return Table(
        dimension=dimension,
        rows=rows,
        unknown=disclosure.publish_total(unknown),
        answered=answered,
        total=disclosure.publish_total(sum(cells.values()) + unknown),
        has_benchmark=bool(population.counts),
        missing_areas=population.missing_areas if dimension is not REGION else [],
    )


# --- Trends ------------------------------------------------------------------------------------


@dataclass
class TrendRow:
    key: str
    label: str | Promise
    points: list[measures.Comparison | None]  # one per period
    counts: list[disclosure.Published]

    @property
    def cells(self) -> list[tuple[measures.Comparison | None, disclosure.Published]]:
        return list(zip(self.points, self.counts, strict=True))

    @property
    def population_share(self) -> float | None:
        return self.points[-1].population_share if self.points and self.points[-1] else None


@dataclass
class Trend:
    dimension: Dimension
    periods: list[datetime.date]
    rows: list[TrendRow]
    answered: list[disclosure.Published]


def trends(
    scope: Scope, involvement: str, as_at: datetime.date, release: CensusRelease | None
) -> list[Trend]:
    """Each dimension's shares at the end of each kept quarter and today: one aggregate query."""
    periods = [*quarter_ends(as_at), as_at]
    # The days named, so the index (involvement, as_at, organisation, region) finds the rows.
    rows = (
        scope.counts()
        .filter(involvement=involvement, as_at__in=periods)
        .values("as_at", "dimension", "category")
        .annotate(n=Sum("count"))
        .order_by()
    )
    by_period: dict[datetime.date, dict[str, dict[str, int]]] = {}
    for row in rows:
        by_period.setdefault(row["as_at"], {}).setdefault(row["dimension"], {})[row["category"]] = row["n"]
    result = []
    for dimension in scope.dimensions:
        population = benchmark(release, dimension, scope.benchmark_area) if release else Benchmark()
        tables = [_table(dimension, by_period.get(p, {}).get(dimension.key, {}), population) for p in periods]
        result.append(_trend(dimension, periods, tables))
    return result


def _trend(dimension: Dimension, periods: list[datetime.date], tables: list[Table]) -> Trend:
    rows = [
        TrendRow(
            group.key,
            group.label,
            [table.rows[index].comparison for table in tables],
            [table.rows[index].count for table in tables],
        )
        for index, group in enumerate(dimension.groups)
    ]
    return Trend(dimension, periods, rows, [table.answered for table in tables])
