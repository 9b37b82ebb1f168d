"""Bar charts as SVG drawn on the server: each with a title and a description, and its table beside it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from alongside.engagement.results import ALL, QuestionResult

WIDTH = 600
LABEL_HEIGHT = 22
BAR_HEIGHT = 20
GAP = 12
BAR_SPACE = 470  # the rest of the width holds the figure after each bar


@dataclass
class Bar:
    label: str
    figure: str
    label_y: int
    bar_y: int
    width: int
    text_x: int


@dataclass
class Chart:
    id: str
    title: str
    description: str
    height: int
    bars: list[Bar]


def bar_chart(result: QuestionResult, *, key: str = ALL, top: bool = False) -> Chart | None:
    """Bars of the percentage choosing each option (or, with ``top``, putting it in their top N)."""
    if not result.rows or result.answered.count is None:
        return None
    bars, y = [], 0
    for row in result.rows:
        figure = (row.top if top and row.top else row.figures)[key]
        percent = figure.percent
        words = _("hidden: fewer than 10") if figure.hidden else f"{percent}%"
        width = 0 if percent is None else round(float(percent) / 100 * BAR_SPACE)
        bars.append(Bar(row.label, words, y + 16, y + LABEL_HEIGHT, width, width + 8))
        y += LABEL_HEIGHT + BAR_HEIGHT + GAP
    return Chart(
        id=f"chart-{result.question.pk}{'-top' if top else ''}",
        title=result.question.text,
        description=_describe(result, bars),
        height=y,
        bars=bars,
    )


def _describe(result: QuestionResult, bars: list[Bar]) -> str:
    parts = "; ".join(f"{bar.label}: {bar.figure}" for bar in bars)
    return _("Bar chart of the %(n)s people who answered. %(parts)s.") % {
        "n": result.answered.count,
        "parts": parts,
    }
