"""Working out how many people were involved, per group, in the database.

Only people who consented to equality monitoring have answers (``people.EqualityMonitoring``
exists only while that consent stands), so every count starts from those answers. Each query
groups by a few small columns and returns at most a few thousand rows: the database reads the
contributors, Python only adds up the groups.

"Involved" on a day ``as_at``:
- registered: joined by then, not erased and not left;
- active: took part in an activity (a recorded contribution) in the 12 months up to then;
- selected: chosen for an opportunity (the application was marked selected by then);
- paid: had a claim paid by then.
Answers (age, sex, ethnic group, disability) and consent are as they are now: history is not
kept for special-category data, and someone who withdraws consent leaves past figures too.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Value, When

from alongside.insights.groups import AGE_BANDS, DISABILITY, ETHNIC_GROUP, SEX, UNKNOWN
from alongside.insights.models import Involvement
from alongside.opportunities.models import Application, Contribution
from alongside.payments.models import Claim
from alongside.people.choices import Status
from alongside.people.models import EqualityMonitoring

LONDON = ZoneInfo("Europe/London")
ANSWER_DIMENSIONS = ("age", "sex", "ethnic", "disability")


@dataclass(frozen=True)
class Way:
    """How one kind of involvement is found: who, and through which organisation."""

    organisation: str  # the path from EqualityMonitoring to the organisation
    condition: callable  # (start, end) -> Q on EqualityMonitoring, joined to the organisation
    exists: callable  # (start, end) -> an Exists() for counting distinct people everywhere


def _end(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=LONDON)


def _registered(day):
    return Q(contributor__created_at__lt=_end(day)) & ~Q(contributor__status=Status.LEFT)


def _active(day):
    return Q(contributor__contributions__date__gt=day - datetime.timedelta(days=365)) & Q(
        contributor__contributions__date__lte=day
    )


def _active_exists(day):
    return Exists(
        Contribution.objects.filter(
            contributor=OuterRef("contributor"), date__gt=day - datetime.timedelta(days=365), date__lte=day
        )
    )


def _selected(day):
    return Q(contributor__applications__status=Application.Status.SELECTED) & Q(
        contributor__applications__updated_at__lt=_end(day)
    )


def _selected_exists(day):
    return Exists(
        Application.objects.filter(
            contributor=OuterRef("contributor"), status=Application.Status.SELECTED, updated_at__lt=_end(day)
        )
    )


def _paid(day):
    return Q(contributor__claims__status=Claim.Status.PAID) & Q(contributor__claims__paid_at__lt=_end(day))


def _paid_exists(day):
    return Exists(
        Claim.objects.filter(
            contributor=OuterRef("contributor"), status=Claim.Status.PAID, paid_at__lt=_end(day)
        )
    )


WAYS = {
    Involvement.REGISTERED: Way("contributor__organisation", _registered, lambda day: Value(True)),
    Involvement.ACTIVE: Way("contributor__contributions__organisation", _active, _active_exists),
    Involvement.SELECTED: Way(
        "contributor__applications__opportunity__organisation", _selected, _selected_exists
    ),
    Involvement.PAID: Way("contributor__claims__organisation", _paid, _paid_exists),
}


def _answers():
    return EqualityMonitoring.objects.filter(
        contributor__consent_equality=True, contributor__erased_at__isnull=True
    )


def group_columns(day: datetime.date, prefix: str = "") -> dict:
    """Each answer as its group key, worked out in SQL (age from the year of birth on ``day``).

    ``prefix`` is the path to the answers from the model queried, e.g. "contributor__equality__".
    """
    born = f"{prefix}year_of_birth"
    bands = [
        When(**{f"{born}__gte": day.year - high, f"{born}__lte": day.year - low}, then=Value(band))
        for band, low, high in AGE_BANDS
    ]
    return {
        "group_age": Case(
            When(**{f"{prefix}age_prefer_not": True}, then=Value(UNKNOWN)),
            *bands,
            default=Value(UNKNOWN),
            output_field=CharField(),
        ),
        "group_sex": _known(f"{prefix}sex", SEX),
        "group_ethnic": _known(f"{prefix}ethnic_group_high", ETHNIC_GROUP),
        "group_disability": _known(f"{prefix}disability", DISABILITY),
    }


def _known(column: str, dimension) -> Case:
    whens = [When(**{column: g.key}, then=Value(g.key)) for g in dimension.groups]
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


Key = tuple[str | None, str, str, str]  # organisation id (None: everywhere), region, dimension, group


def count_everywhere(involvement: str, day: datetime.date) -> Counter:
    """Distinct people across every organisation, by the region they live in."""
    way = WAYS[involvement]
    queryset = _answers()
    queryset = (
        queryset.filter(_registered(day))
        if involvement == Involvement.REGISTERED
        else queryset.filter(way.exists(day))
    )
    columns = group_columns(day)
    rows = queryset.annotate(**columns).values("contributor__region", *columns).annotate(n=Count("pk"))
    counts: Counter = Counter()
    for row in rows.order_by():
        region = row["contributor__region"] or ""
        counts[(None, region, "region", region or UNKNOWN)] += row["n"]
        for dimension in ANSWER_DIMENSIONS:
            counts[(None, region, dimension, row[f"group_{dimension}"])] += row["n"]
    return counts


def count_by_organisation(involvement: str, day: datetime.date) -> Counter:
    """People per organisation they are involved with: one small query per characteristic."""
    way = WAYS[involvement]
    queryset = _answers().filter(way.condition(day))
    columns = group_columns(day)
    counts: Counter = Counter()
    for dimension in ANSWER_DIMENSIONS:
        rows = (
            queryset.annotate(group=columns[f"group_{dimension}"])
            .values(way.organisation, "group")
            .annotate(n=Count("contributor", distinct=True))
            .order_by()
        )
        for row in rows:
            counts[(row[way.organisation], "", dimension, row["group"])] += row["n"]
    return counts
