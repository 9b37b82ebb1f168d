"""What the representation page shows, built once for the page and for its downloads."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.insights import activity, charts, exports, present
from alongside.insights.models import CensusRelease, CountRefresh, Involvement
from alongside.insights.queries import Scope, Table, Trend


@dataclass
class RepresentationPage:
    scope: Scope
    scope_name: str
    involvement: str
    release: CensusRelease | None
    refresh: CountRefresh
    tables: list[Table]

    @property
    def area_name(self) -> str:
        return self.scope.benchmark_area or _("the United Kingdom")

    def about(self) -> list[tuple[str, str]]:
        return [
            (_("Whose people"), self.scope_name),
            (_("Counted"), str(Involvement(self.involvement).label)),
            (_("Figures as at"), date_format(self.refresh.as_at, "j F Y")),
            (_("Compared with"), f"{self.release.name if self.release else '—'} ({self.area_name})"),
            (
                _("Small numbers"),
                _("Counts below 10 are hidden and every count is rounded to the nearest 5."),
            ),
        ]

    @property
    def sections(self) -> list[tuple[Table, str]]:
        return [(table, self.chart(table)) for table in self.tables]

    def chart(self, table: Table):
        involved, population = charts.legend_words()
        groups = [
            charts.Group(
                str(row.label),
                (
                    charts.Bar(
                        involved,
                        row.comparison.share,
                        present.percent(row.comparison.share)
                        if not row.count.hidden
                        else present.people(row.count),
                    ),
                    charts.Bar(
                        population,
                        row.comparison.population_share,
                        present.percent(row.comparison.population_share),
                    ),
                ),
            )
            for row in table.rows
        ]
        title = _("%(what)s: people involved and the population") % {"what": table.dimension.title}
        description = _(
            "For each group, the share of involved people who answered (first bar) beside the group's "
            "share of the population of %(area)s (second bar). The table below gives the same figures."
        ) % {"area": self.area_name}
        return charts.paired_bars(f"chart-{table.dimension.key}", title, description, groups)

    def sheets(self) -> list[exports.Sheet]:
        header = [
            _("Group"), _("People involved"), _("Share of those who answered (%)"),
            _("Share of the population (%)"), _("Gap (percentage points)"), _("Representation ratio"),
            _("Under-represented"), _("Community partners to reach out to first"),
        ]  # fmt: skip
        return [exports.Sheet(str(t.dimension.title), header, self._rows(t)) for t in self.tables]

    def _rows(self, table: Table) -> list[list]:
        rows = []
        for row in table.rows:
            c = row.comparison
            rows.append([
                str(row.label), _count(row.count),
                _number(c.share, 100, 1), _number(c.population_share, 100, 1),
                _number(c.gap_points, 1, 1), _number(c.ratio, 1, 2), present.flag(c.under_represented),
                "; ".join(p.name for p in row.partners),
            ])  # fmt: skip
        totals = (
            (_("People who answered (the base for the shares)"), table.answered),
            (_("Not answered or preferred not to say"), table.unknown),
            (_("Everyone counted"), table.total),
        )
        rows += [[str(label), _count(count)] + [""] * 6 for label, count in totals]
        return rows


def _count(count):
    """A number for a spreadsheet, or the words that stand for a hidden count."""
    return count.value if count.value is not None else present.people(count)


def _number(value: float | None, scale: float, places: int):
    return "" if value is None else round(value * scale, places)


@dataclass
class TrendsPage:
    scope: Scope
    scope_name: str
    involvement: str
    release: CensusRelease | None
    refresh: CountRefresh
    trends: list[Trend]

    @property
    def area_name(self) -> str:
        return self.scope.benchmark_area or _("the United Kingdom")

    about = RepresentationPage.about

    def period_labels(self, trend: Trend) -> list[str]:
        return [_("now") if day == self.refresh.as_at else date_format(day, "M Y") for day in trend.periods]

    @property
    def sections(self) -> list[tuple[Trend, list[str], str]]:
        return [(t, self.period_labels(t), self.chart(t)) for t in self.trends]

    def chart(self, trend: Trend):
        series = [
            charts.Line(str(row.label), tuple(c.share if c else None for c in row.points))
            for row in trend.rows
        ]
        title = _("%(what)s: share of involved people over time") % {"what": trend.dimension.title}
        description = _(
            "One line per group: its share of involved people who answered, at the end of each quarter "
            "and now. A line breaks where a group had fewer than 10 people. The table below gives the "
            "figures and each group's share of the population of %(area)s."
        ) % {"area": self.area_name}
        return charts.lines(
            f"trend-{trend.dimension.key}", title, description, self.period_labels(trend), series
        )

    def sheets(self) -> list[exports.Sheet]:
        sheets = []
        for trend in self.trends:
            labels = self.period_labels(trend)
            header = [_("Group"), *labels, _("Share of the population (%)")]
            rows = [
                [str(row.label), *(_trend_cell(c, n) for c, n in zip(row.points, row.counts, strict=True)),
                 _number(row.points[-1].population_share if row.points else None, 100, 1)]
                for row in trend.rows
            ]  # fmt: skip
            rows.append([str(_("People who answered")), *(_count(n) for n in trend.answered), ""])
            sheets.append(exports.Sheet(str(trend.dimension.title), header, rows))
        return sheets


def _trend_cell(comparison, count):
    """A share in per cent, or the words for a hidden count."""
    if count.value is None:
        return present.people(count)
    return _number(comparison.share if comparison else None, 100, 1)


@dataclass
class ActivityPage:
    scope_name: str
    periods: list[activity.Period]
    table: list[tuple[activity.Measure, list[activity.Measure]]]  # first period's measure, then each's
    selection: list[activity.SelectionTable]
    selection_period: activity.Period

    def about(self) -> list[tuple[str, str]]:
        return [
            (_("Whose activity"), self.scope_name),
            (_("Who applied and who was selected"), self.selection_period.label),
            (_("Small numbers"), _("Counts of people below 10 are hidden and rounded to the nearest 5.")),
        ]

    def sheets(self) -> list[exports.Sheet]:
        header = [_("Measure"), *(p.label for p in self.periods)]
        rows = [[str(first.label), *(_measure_cell(m) for m in each)] for first, each in self.table]
        sheets = [exports.Sheet(_("Activity"), header, rows)]
        for table in self.selection:
            rows = [
                [str(r.label), _count(r.applied), _count(r.selected), _number(r.rate, 100, 1)]
                for r in table.rows
            ]
            sheets.append(exports.Sheet(
                str(table.dimension.title),
                [_("Group"), _("Applied"), _("Selected"), _("Share of applicants selected (%)")],
                rows,
            ))  # fmt: skip
        return sheets


def _measure_cell(measure: activity.Measure):
    if measure.value is None:
        return ""
    return str(measure.value) if measure.kind == "money" else measure.value
