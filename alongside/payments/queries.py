"""Read-side selectors for payments pages."""

from __future__ import annotations

import datetime

from django.db.models import Sum

from alongside.accounts.permissions import organisation_ids, scope
from alongside.payments.benefits import tax_year_of
from alongside.payments.models import Account, Claim, CostPlan, LedgerEntry, PaymentRun, PaymentRunItem
from alongside.payments.money import ZERO, to_money
from alongside.payments.roles import APPROVERS, CHECKERS


def claims_of(contributor):
    return (
        Claim.objects.filter(contributor=contributor)
        .exclude(status=Claim.Status.DRAFT, lines__isnull=True)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def staff_claims(user, status: str | None = None):
    claims = scope(user, Claim.objects.all(), roles=CHECKERS | APPROVERS).select_related(
        "contributor", "organisation"
    )
    if status:
        claims = claims.filter(status=status)
    return claims.order_by("submitted_at", "pk")


def claim_for_staff(user):
    return scope(user, Claim.objects.all(), roles=CHECKERS | APPROVERS).select_related(
        "contributor", "organisation", "checked_by", "approved_by"
    )


def runs_for(user):
    return scope(user, PaymentRun.objects.all(), roles=APPROVERS).select_related(
        "organisation", "created_by", "approved_by"
    )


def paid_in_tax_year(contributor, year_start: datetime.date):
    """Paid claims whose payment date falls in the tax year starting ``year_start`` (Europe/London)."""
    start, end = tax_year_of(year_start)
    items = (
        PaymentRunItem.objects.filter(
            claim__contributor=contributor,
            claim__status=Claim.Status.PAID,
            run__completed_at__date__gte=start,
            run__completed_at__date__lte=end,
        )
        .select_related("claim", "run")
        .order_by("run__completed_at", "pk")
    )
    return start, end, items


def project_actuals(project) -> dict[str, object]:
    rows = (
        LedgerEntry.objects.filter(project=project, account__in=[Account.FEES, Account.EXPENSES])
        .values("account")
        .annotate(total=Sum("amount"))
    )
    found = {row["account"]: to_money(row["total"]) for row in rows}
    return {"fees": found.get(Account.FEES, ZERO), "expenses": found.get(Account.EXPENSES, ZERO)}


def cost_plans_for(user):
    return scope(user, CostPlan.objects.all()).select_related("project", "organisation")


def organisation_ids_for(user, roles) -> set[int]:
    return organisation_ids(user, roles)
