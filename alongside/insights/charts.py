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
