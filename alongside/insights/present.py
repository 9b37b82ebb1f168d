"""Figures in words, the same on the page, in charts and in downloads."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def measure(item) -> str:
    """An activity measure in words: "12", "4.5", "£1,250.00", "9 days", or a dash when there is none."""
    value = item.value
    if value is None:
        return "—"
    if item.kind == "money":
        return f"£{number_format(value, 2, force_grouping=True)}"
    if item.kind == "days":
        days = round(value)
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": number_format(days, force_grouping=True)}
    if item.kind == "ratio":
        return number_format(value, 1)
    return number_format(value, force_grouping=True)
