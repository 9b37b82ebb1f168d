"""Cooling-off holds after a person's bank details change (security catalogue item 93).

When existing bank details change, bank transfers to that person wait for a few days
(``FinanceSettings.bank_change_hold_days``, default 3, 0 for none) so that a notice on
their usual channel can reach them first. Their approved claims stay approved; a payment
run simply leaves them out until the hold ends or finance release it early.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.permissions import has_role
from alongside.payments.errors import HoldError
from alongside.payments.models import BankDetails, BankDetailsChange, FinanceSettings, Method
from alongside.payments.roles import APPROVERS


def hold_days(organisation_id: int) -> int:
    return FinanceSettings.of(organisation_id).bank_change_hold_days


def hold_end(organisation_id: int, now: datetime.datetime) -> datetime.datetime | None:
    days = hold_days(organisation_id)
    return now + datetime.timedelta(days=days) if days else None


def held_contributor_ids(organisation=None, now: datetime.datetime | None = None) -> QuerySet:
    """Ids of contributors whose bank details are on hold at ``now``.

    Not narrowed to ``organisation``: a person can claim from an organisation other than
    the one that holds their profile, and a hold protects their account whoever pays.
    """
    now = now or timezone.now()
    return BankDetails.objects.filter(hold_until__gt=now).values("contributor_id")


def held_claims_filter(organisation=None, now: datetime.datetime | None = None) -> Q:
    """Claims a payment run must leave out now: they would send money to held bank details.

    Use as ``claims.exclude(held_claims_filter(organisation))``. The contributor test is a
    subquery (no join), so it is safe next to ``select_for_update(skip_locked=True)``.
    Vouchers and fees to a named organisation with no expenses send nothing to the person's bank.
    """
    no_bank_transfer = Q(method=Method.VOUCHER) | Q(
        method__in=[Method.ORGANISATION, Method.DECLINE], expenses_total=0
    )
    return Q(contributor_id__in=held_contributor_ids(organisation, now)) & ~no_bank_transfer


def on_hold(organisations, now: datetime.datetime | None = None) -> QuerySet:
    """The open holds in these organisations (a queryset or list), soonest to end first."""
    now = now or timezone.now()
    return (
        BankDetails.objects.filter(contributor__organisation__in=organisations, hold_until__gt=now)
        .select_related("contributor", "updated_by")
        .order_by("hold_until", "pk")
    )


def latest_change(contributor) -> BankDetailsChange | None:
    return BankDetailsChange.objects.filter(contributor=contributor).first()


@transaction.atomic
def release(record: BankDetails, *, by, reason: str) -> BankDetails:
    """Finance end a hold early, with a reason; never the person who made the change."""
    record = BankDetails.objects.select_for_update().select_related("contributor").get(pk=record.pk)
    contributor = record.contributor
    if not has_role(by, contributor.organisation_id, APPROVERS):
        raise PermissionDenied
    change = latest_change(contributor)
    if contributor.user_id == by.pk or (change is not None and change.changed_by_id == by.pk):
        raise PermissionDenied(
            _("Someone else in finance must release this hold: you changed these details.")
        )
    if record.hold_until is None or record.hold_until <= timezone.now():
        raise HoldError(_("These bank details are not on hold."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise HoldError(_("Enter the reason for releasing the hold"))
    record.hold_until = None
    record.save(update_fields=["hold_until"])
    if change is not None:
        change.released_by, change.released_at, change.release_reason = by, timezone.now(), reason
        change.save(update_fields=["released_by", "released_at", "release_reason"])
    return record
