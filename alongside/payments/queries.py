"""Read-side selectors for payments pages."""

from __future__ import annotations

import datetime

from django.db.models import Q, Sum

from alongside.accounts.models import Organisation
from alongside.accounts.permissions import organisation_ids, scope
from alongside.opportunities.models import Contribution
from alongside.payments.benefits import tax_year_of
from alongside.payments.models import Account, Claim, CostPlan, LedgerEntry, PaymentRun, PaymentRunItem
from alongside.payments.money import ZERO, to_money
from alongside.payments.policy import current_policy
from alongside.payments.roles import APPROVERS, CHECKERS


def claims_of(contributor):
    return (
        Claim.objects.filter(contributor=contributor)
        .exclude(status=Claim.Status.DRAFT, lines__isnull=True)
        # What the status says depends on the run and the bank's confirmation (payments.arrival).
        .select_related("organisation", "run_item__run", "run_item__confirmation")
        .order_by("-created_at", "-pk")
    )


def policy_organisations(contributor) -> list[Organisation]:
    """Whose payment policy applies to the person: the organisations they took part with.

    A person who joined online belongs to the national pool, whose policy says nothing about
    what Northbridge pays them; only before taking part anywhere is their own organisation's
    policy the one to show. Organisations with no policy in force have no public page yet.
    """
    ids = set(Contribution.objects.filter(contributor=contributor).values_list("organisation_id", flat=True))
    organisations = Organisation.objects.filter(pk__in=ids or {contributor.organisation_id}).order_by("name")
    return [organisation for organisation in organisations if current_policy(organisation.pk)]


def claims_seen_by(user, contributor):
    """The person's claims with the user's organisations (every claim, for national admins)."""
    return scope(user, claims_of(contributor), roles=CHECKERS | APPROVERS)


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


def claims_waiting_for(user) -> int:
    """Claims the person should act on next: sent ones to check, checked ones to approve."""
    to_check, to_approve = organisation_ids(user, CHECKERS), organisation_ids(user, APPROVERS)
    if not (to_check or to_approve):
        return 0
    return Claim.objects.filter(
        Q(organisation_id__in=to_check, status=Claim.Status.SUBMITTED)
        | Q(organisation_id__in=to_approve, status=Claim.Status.CHECKED)
    ).count()


def runs_waiting_for(user) -> int:
    """Payment runs waiting for a second person in finance: those someone else prepared."""
    organisations = organisation_ids(user, APPROVERS)
    if not organisations:
        return 0
    return (
        PaymentRun.objects.filter(organisation_id__in=organisations, status=PaymentRun.Status.READY)
        .exclude(created_by=user)
        .count()
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
        .select_related("claim", "run", "confirmation")
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
    return {account: found.get(account, ZERO) for account in (Account.FEES, Account.EXPENSES)}


def cost_plans_for(user):
    return scope(user, CostPlan.objects.all()).select_related("project", "organisation")


def organisation_ids_for(user, roles) -> set[int]:
    return organisation_ids(user, roles)
