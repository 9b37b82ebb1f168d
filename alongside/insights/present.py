"""Figures in words, the same on the page, in charts and in downloads."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from alongside.insights.disclosure import Published


def people(count: Published) -> str:
    if count.value is not None:
        return number_format(count.value, force_grouping=True)
    return _("fewer than 10") if count.small else _("hidden to protect a small group")


def percent(share: float | None) -> str:
    return "—" if share is None else f"{number_format(round(100 * share, 1), 1)}%"


def points(gap: float | None) -> str:
    """A gap in percentage points with its sign: "−4.2" or "+1.0"."""
    if gap is None:
        return "—"
    sign = "+" if gap >= 0.05 else ("−" if gap <= -0.05 else "")
    return f"{sign}{number_format(abs(round(gap, 1)), 1)}"


def ratio(value: float | None) -> str:
    return "—" if value is None else number_format(round(value, 2), 2)


def flag(under: bool) -> str:
    return _("Under-represented") if under else ""
