"""What the representation page shows, built once for the page and for its downloads."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.insights import charts, exports, present
from alongside.insights.models import CensusRelease, CountRefresh, Involvement
from alongside.insights.queries import Scope, Table


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
                "; ".join(p.organisation.name for p in row.partners),
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
