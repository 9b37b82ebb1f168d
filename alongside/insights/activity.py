"""Activity dashboards: opportunities, selection and payments, per organisation and nationally.

Every figure is an aggregate worked out in the database for one period. Other apps add their own
measures (events, feedback owed, impact entries) by offering ``<app>/insights.py`` with

    def activity_measures(organisation_ids: list[int] | None, start: date, end: date) -> list[dict]

each dict with the fields of ``Measure`` (``key``, ``label``, ``value``, optionally ``kind`` and
``note``; ``organisation_ids`` None means every organisation). Plain dicts, because those apps
sit below insights and may not import it. The dashboard finds them with
``core.discovery.app_modules("insights")``, as the staff area finds each app's ``links.py``, so
insights never imports an app that is built after it.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Max, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alongside.core.discovery import app_modules
from alongside.insights import disclosure
from alongside.insights.counting import LONDON, group_columns
from alongside.insights.groups import AGE, DISABILITY, ETHNIC_GROUP, SEX, Dimension
from alongside.opportunities.models import Application, Opportunity
from alongside.payments.models import Claim
from alongside.payments.money import PENNY


@dataclass(frozen=True)
class Measure:
    """One figure on the dashboard. ``kind`` says how to show it: count, days, ratio or money."""

    key: str
    label: str | Promise
    value: int | float | Decimal | None
    kind: str = "count"
    note: str | Promise = ""


@dataclass(frozen=True)
class Period:
    label: str
    start: datetime.date  # inclusive
    end: datetime.date  # inclusive

    @property
    def since(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time(), tzinfo=LONDON)

    @property
    def until(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time(), tzinfo=LONDON
        )


def recent_quarters(today: datetime.date, count: int = 4) -> list[Period]:
    """The last ``count`` whole quarters, oldest first, then this quarter so far."""
    start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    periods = [Period(_quarter_label(start, today), start, today)]
    for _quarter in range(count):
        end = start - datetime.timedelta(days=1)
        start = datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
        periods.append(Period(_quarter_label(start, end), start, end))
    return periods[::-1]


def _quarter_label(start: datetime.date, end: datetime.date) -> str:
    from django.utils.formats import date_format

    return f"{date_format(start, 'M Y')} – {date_format(end, 'j M Y')}"


def last_twelve_months(today: datetime.date) -> Period:
    start = today - datetime.timedelta(days=365)
    return Period(_quarter_label(start, today), start, today)


def _org(queryset, organisation_ids: list[int] | None, field: str = "organisation_id"):
    return queryset if organisation_ids is None else queryset.filter(**{f"{field}__in": organisation_ids})


def opportunity_measures(organisation_ids: list[int] | None, period: Period) -> list[Measure]:
    in_period = Opportunity.objects.filter(published_at__gte=period.since, published_at__lt=period.until)
    published = _org(in_period, organisation_ids)
    totals = published.aggregate(count=Count("pk"), places=Sum("places"))
    offered = published.filter(places__gt=0)
    with_places = offered.annotate(
        chosen=Count("applications", filter=Q(applications__status=Application.Status.SELECTED)),
        last_chosen=Max(
            "applications__updated_at", filter=Q(applications__status=Application.Status.SELECTED)
        ),
    )
    filled = list(with_places.filter(chosen__gte=F("places")).values_list("published_at", "last_chosen"))
    applied = Application.objects.filter(opportunity__in=offered).exclude(status=Application.Status.WITHDRAWN)
    days = [(chosen - published).days for published, chosen in filled if chosen and published]
    return [
        Measure("published", _("Opportunities published"), totals["count"]),
        Measure("places", _("Places offered"), totals["places"] or 0),
        Measure("filled", _("Opportunities with every place filled"), len(filled)),
        Measure("time_to_fill", _("Time to fill every place (median)"),
                statistics.median(days) if days else None, "days",
                _("From publishing to the last person selected.")),
        Measure("applicants_per_place", _("Applicants per place"),
                _ratio(applied.count(), offered.aggregate(n=Sum("places"))["n"]), "ratio"),
    ]  # fmt: skip


def payment_measures(organisation_ids: list[int] | None, period: Period) -> list[Measure]:
    paid = _org(
        Claim.objects.filter(status=Claim.Status.PAID, paid_at__gte=period.since, paid_at__lt=period.until),
        organisation_ids,
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    totals = paid.aggregate(
        count=Count("pk"), amount=Sum(F("fee_payable") + F("expenses_total"), output_field=money)
    )
    waits = [
        (paid_at - submitted).days
        for submitted, paid_at in paid.exclude(submitted_at=None).values_list("submitted_at", "paid_at")
    ]
    return [
        Measure("payments", _("Claims paid"), totals["count"]),
        Measure("paid_amount", _("Paid for time and expenses"), _money(totals["amount"]), "money"),
        Measure("claim_to_payment", _("Time from claim to payment (median)"),
                statistics.median(waits) if waits else None, "days"),
    ]  # fmt: skip


def _money(amount) -> Decimal:
    return Decimal(str(amount or 0)).quantize(PENNY)


def _ratio(top, bottom) -> float | None:
    return round(top / bottom, 1) if top and bottom else None


def measures(organisation_ids: list[int] | None, period: Period) -> list[Measure]:
    found = opportunity_measures(organisation_ids, period) + payment_measures(organisation_ids, period)
    for _config, module in app_modules("insights"):
        found += [
            Measure(**item) for item in module.activity_measures(organisation_ids, period.start, period.end)
        ]
    return found


# --- Who applied and who was selected --------------------------------------------------------


@dataclass(frozen=True)
class SelectionRow:
    label: str | Promise
    applied: disclosure.Published
    selected: disclosure.Published

    @property
    def rate(self) -> float | None:
        if self.applied.value and self.selected.value is not None:
            return self.selected.value / self.applied.value
        return None


@dataclass(frozen=True)
class SelectionTable:
    dimension: Dimension
    rows: list[SelectionRow]


def applied_and_selected(organisation_ids: list[int] | None, period: Period) -> list[SelectionTable]:
    """Applicants who consented to equality monitoring, and how many were selected, by group."""
    applications = _org(
        Application.objects.filter(
            created_at__gte=period.since, created_at__lt=period.until,
            contributor__consent_equality=True, contributor__equality__isnull=False,
        ),
        organisation_ids, "opportunity__organisation_id",
    )  # fmt: skip
    columns = group_columns(period.end, "contributor__equality__")
    tables = []
    for dimension in (AGE, SEX, ETHNIC_GROUP, DISABILITY):
        rows = (
            applications.annotate(group=columns[f"group_{dimension.key}"])
            .values("group")
            .annotate(applied=Count("pk"), selected=Count("pk", filter=Q(status=Application.Status.SELECTED)))
            .order_by()
        )
        found = {row["group"]: row for row in rows}
        applied = disclosure.publish_table(
            {g.key: found.get(g.key, {}).get("applied", 0) for g in dimension.groups}
        )
        selected = disclosure.publish_table(
            {g.key: found.get(g.key, {}).get("selected", 0) for g in dimension.groups}
        )
        tables.append(SelectionTable(dimension, [
            SelectionRow(g.label, applied[g.key], selected[g.key]) for g in dimension.groups
        ]))  # fmt: skip
    return tables
