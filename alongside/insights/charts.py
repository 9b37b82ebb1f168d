"""Charts drawn on the server as SVG that screen readers can use.

Each chart has a title and a description (``role="img"`` with ``aria-labelledby``), every bar has
its figure written beside it in words, so no meaning rests on colour, and the page shows the
same figures in a table beside the chart. No script, no external files.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
GAP = 14
BAR_LEFT = 8
BAR_SPACE = 440  # the widest bar; the rest of the width holds the figure written beside it
COLOURS = ("#1d70b8", "#505a5f")  # involved, population: both at least 4.5:1 against white


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # 0..1, None when hidden or unknown
    words: str  # the figure as written beside the bar, e.g. "23%" or "fewer than 10"


@dataclass(frozen=True)
class Group:
    label: str
    bars: tuple[Bar, ...]


def paired_bars(chart_id: str, title: str, description: str, groups: list[Group]) -> SafeString:
    """Horizontal bars, a group per category (e.g. involved share, then population share)."""
    largest = max((bar.value or 0 for g in groups for bar in g.bars), default=0) or 1
    parts, y = [], 0
    for group in groups:
        parts.append(
            format_html('<text x="{}" y="{}" class="chart__label">{}</text>', BAR_LEFT, y + 14, group.label)
        )
        y += LABEL_HEIGHT
        for index, bar in enumerate(group.bars):
            parts.append(_bar(bar, y, COLOURS[index % len(COLOURS)], largest))
            y += BAR_HEIGHT + 4
        y += GAP
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img"'
        ' aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}</svg>",
        w=WIDTH,
        h=max(y, 1),
        id=chart_id,
        title=title,
        desc=description,
        body=format_html_join("", "{}", ((p,) for p in parts)),
    )


def _bar(bar: Bar, y: int, colour: str, largest: float) -> SafeString:
    length = round(BAR_SPACE * (bar.value or 0) / largest, 1)
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" class="chart__figure">{}: {}</text>',
        BAR_LEFT,
        y,
        length,
        BAR_HEIGHT,
        colour,
        BAR_LEFT + length + 6,
        y + 12,
        bar.label,
        bar.words,
    )


def legend_words() -> tuple[str, str]:
    return _("Involved"), _("Population")


@dataclass(frozen=True)
class Line:
    label: str
    values: tuple[float | None, ...]  # 0..1 per period; None where hidden (the line breaks)


PLOT_LEFT, PLOT_TOP, PLOT_WIDTH, PLOT_HEIGHT = 48, 12, 420, 200
LINE_COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#505a5f")


def lines(chart_id: str, title: str, description: str, periods: list[str], series: list[Line]) -> SafeString:
    """A line per group over the periods, each named at its last point; a gap where a value is hidden."""
    top = max((v for line in series for v in line.values if v is not None), default=0) or 1
    top = min(1.0, (int(top * 10) + 1) / 10)  # the next 10% above the largest share
    step = PLOT_WIDTH / max(len(periods) - 1, 1)

    def point(index: int, value: float) -> tuple[float, float]:
        return (round(PLOT_LEFT + index * step, 1), round(PLOT_TOP + PLOT_HEIGHT * (1 - value / top), 1))

    parts = [_axes(periods, step, top)]
    for number, line in enumerate(series):
        colour = LINE_COLOURS[number % len(LINE_COLOURS)]
        parts += [_path(run, colour) for run in _runs(line.values, point)]
        last = next(((i, v) for i, v in reversed(list(enumerate(line.values))) if v is not None), None)
        if last:
            x, y = point(*last)
            parts.append(
                format_html('<text x="{}" y="{}" class="chart__figure">{}</text>', x + 6, y + 4, line.label)
            )
    height = PLOT_TOP + PLOT_HEIGHT + 40
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img"'
        ' aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH + 120,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        body=format_html_join("", "{}", ((p,) for p in parts)),
    )


def _runs(values, point) -> list[list[tuple[float, float]]]:
    runs, current = [], []
    for index, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point(index, value))
    return [*runs, current] if current else runs


def _path(run: list[tuple[float, float]], colour: str) -> SafeString:
    if len(run) == 1:
        x, y = run[0]
        return format_html('<circle cx="{}" cy="{}" r="3" fill="{}"></circle>', x, y, colour)
    d = " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y) in enumerate(run))
    return format_html('<path d="{}" fill="none" stroke="{}" stroke-width="2"></path>', d, colour)


def _axes(periods: list[str], step: float, top: float) -> SafeString:
    bottom = PLOT_TOP + PLOT_HEIGHT
    ticks = [
        format_html(
            '<text x="{}" y="{}" class="chart__figure" text-anchor="middle">{}</text>',
            round(PLOT_LEFT + i * step, 1), bottom + 18, label,
        )
        for i, label in enumerate(periods)
        if (len(periods) - 1 - i) % 2 == 0  # every other period, ending with the latest
    ]  # fmt: skip
    scale = [
        format_html('<text x="{}" y="{}" class="chart__figure" text-anchor="end">{}%</text>', PLOT_LEFT - 6,
                    round(PLOT_TOP + PLOT_HEIGHT * (1 - f), 1) + 4, round(100 * top * f))
        for f in (0, 0.5, 1)
    ]  # fmt: skip
    axis = format_html(
        '<path d="M{},{} L{},{} L{},{}" fill="none" stroke="#0b0c0c"></path>',
        PLOT_LEFT, PLOT_TOP, PLOT_LEFT, bottom, PLOT_LEFT + PLOT_WIDTH, bottom,
    )  # fmt: skip
    return format_html_join("", "{}", ((p,) for p in [axis, *scale, *ticks]))
