"""Template filters that show stored values as words (see ``alongside.core.words``).

Loaded in every template (the "builtins" in settings.TEMPLATES), so no {% load %} is needed:

    {{ claim.total|money }}                      £1,234.50
    {{ opportunity.time_needed_hours|hours }}    1½ hours
    {{ session.duration_minutes|minutes }}       45 minutes
    {{ contributor.available_days|days }}        Tuesdays and Thursdays
    {{ contributor.mobile|phone }}               07911 123456
    {{ session.starts_at|when }}                 Tuesday 16 December 2026, 10am
    {{ session.starts_at|day }}                  Tuesday 16 December 2026
    {{ event.at|when:"short" }}                  16 Dec 2026, 10am (tables and logs)
    {{ expense.miles|miles }}                    12 miles
    {{ probability|percent }}                    33.3%
    {{ result.mean|number }}                     15 (not 15.0), 15.5, 1,200
    {{ contributor.access_needs|labels:"AccessNeed"|and_list }}   Large print and Regular breaks
    {{ contributor.region|label:"Region" }}      Wales
    {{ value|or_none }}  {{ value|or_none:_("none given") }}       — or the words given
"""

from __future__ import annotations

from django import template

from alongside.core import words

register = template.Library()

SIMPLE = ("money", "hours", "minutes", "days", "phone", "clock", "miles", "number", "percent", "and_list")
for _name in SIMPLE:
    register.filter(_name, getattr(words, _name))


@register.filter
def when(value, style: str = "") -> str:
    return words.when(value, style)


@register.filter
def day(value, style: str = "") -> str:
    return words.day(value, style)


@register.filter
def labels(values, choices: str) -> list[str]:
    return words.labels(values, choices)


@register.filter
def label(value, choices: str) -> str:
    return words.label(value, choices)


@register.filter
def or_none(value, text=None):
    return words.or_none(value, text)
