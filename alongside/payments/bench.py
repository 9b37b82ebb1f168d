"""Synthetic approved claims at scale, and a timed payment run, for the bench helper.

``make_approved_claims(n)`` builds ``n`` approved claims (each with its
contribution, bank details and approval ledger posting) with bulk inserts;
``timed_run(organisation)`` runs ``runs.run_payments`` (prepared by one finance
user, approved by the other) and returns the seconds it took. The run itself is the real code path.
"""

from __future__ import annotations

import datetime
import json
import time

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Membership, Organisation, Role, User
from alongside.opportunities.models import Activity, Contribution, Opportunity
from alongside.payments import crypto, runs
from alongside.payments.models import (
    Account,
    BankDetails,
    Claim,
    ClaimLine,
    FinanceSettings,
    LedgerEntry,
    LedgerTransaction,
    Method,
)
from alongside.people.models import Contributor

BATCH = 5000
# Made-up but well-formed Bacs details: benchmarks write a bank file, never send one.
BENCH_BACS_DETAILS = {"service_user_number": "123456", "sort_code": "400000", "account_number": "12345678"}


def _people(organisation, n: int, tag: str) -> list[Contributor]:
    Contributor.objects.bulk_create(
        (
            Contributor(
                organisation=organisation,
                reference=f"B{tag[-4:]}{i:07d}",
                first_name="Bench",
                last_name=f"P{i}",
            )
            for i in range(n)
        ),
        batch_size=BATCH,
    )
    return list(Contributor.objects.filter(organisation=organisation, first_name="Bench").order_by("pk"))


@transaction.atomic
def make_approved_claims(n: int, *, organisation: Organisation | None = None, fee: str = "25.00"):
    """``n`` approved bank-transfer claims in a new organisation; returns (organisation, finance user)."""
    from alongside.payments.demo import example_policy

    tag = f"{int(time.time() * 1000) % 10**6:06d}"
    organisation = organisation or Organisation.objects.create(
        name=f"Bench {tag}", slug=f"bench-{tag}", type="research"
    )
    policy = example_policy(organisation, effective_from=datetime.date(2000, 1, 1))
    FinanceSettings.objects.get_or_create(organisation=organisation, defaults=BENCH_BACS_DETAILS)
    finance = User.objects.create_user(email=f"bench-finance-{tag}@example.org")
    Membership.objects.create(user=finance, organisation=organisation, role=Role.FINANCE)
    second_finance_user(organisation, other_than=finance)
    opportunity = Opportunity.objects.create(
        organisation=organisation, title="Bench", slug=f"bench-{tag}", summary="-"
    )
    activity = Activity.objects.create(opportunity=opportunity, title="Bench meeting")
    people = _people(organisation, n, tag)
    BankDetails.objects.bulk_create(
        (
            BankDetails(
                contributor=p,
                encrypted=crypto.encrypt(
                    json.dumps(
                        {"name": f"P {i}", "sort_code": "309430", "account_number": f"{i % 10**8:08d}"}
                    ),
                    crypto.bank_context(p.pk),
                ),
                account_number_last2=f"{i % 100:02d}",
            )
            for i, p in enumerate(people)
        ),
        batch_size=BATCH,
    )
    today = datetime.date.today()
    Contribution.objects.bulk_create(
        (
            Contribution(
                contributor=p,
                activity=activity,
                opportunity=opportunity,
                organisation=organisation,
                date=today,
                minutes=60,
            )
            for p in people
        ),
        batch_size=BATCH,
    )
    contributions = dict(Contribution.objects.filter(activity=activity).values_list("contributor_id", "pk"))
    now = timezone.now()
    Claim.objects.bulk_create(
        (
            Claim(
                organisation=organisation,
                contributor=p,
                idempotency_key=f"bench-{tag}-{p.pk}",
                status=Claim.Status.APPROVED,
                method=Method.BANK,
                fee_full=fee,
                fee_payable=fee,
                submitted_at=now,
                approved_at=now,
            )
            for p in people
        ),
        batch_size=BATCH,
    )
    claims = list(Claim.objects.filter(organisation=organisation).values_list("pk", "contributor_id"))
    ClaimLine.objects.bulk_create(
        (
            ClaimLine(
                claim_id=pk,
                contribution_id=contributions[cid],
                policy=policy,
                basis="hour",
                rate=fee,
                units=1,
                fee=fee,
            )
            for pk, cid in claims
        ),
        batch_size=BATCH,
    )
    approval = LedgerTransaction.objects.create(
        organisation=organisation, kind=LedgerTransaction.Kind.APPROVAL, memo="Bench"
    )
    entries = []
    for pk, cid in claims:
        entries.append(
            LedgerEntry(
                transaction=approval,
                organisation=organisation,
                account=Account.FEES,
                amount=fee,
                contributor_id=cid,
                claim_id=pk,
            )
        )
        entries.append(
            LedgerEntry(
                transaction=approval,
                organisation=organisation,
                account=Account.OWED,
                amount=f"-{fee}",
                contributor_id=cid,
                claim_id=pk,
            )
        )
    LedgerEntry.objects.bulk_create(entries, batch_size=BATCH)
    return organisation, finance


def second_finance_user(organisation, *, other_than) -> User:
    """A finance user of ``organisation`` other than ``other_than`` (made once if there is none)."""
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.FINANCE, ended_at__isnull=True)
        .exclude(user=other_than)
        .select_related("user")
        .first()
    )
    if membership:
        return membership.user
    user, _ = User.objects.get_or_create(email=f"bench-approver-{organisation.pk}@example.org")
    Membership.objects.create(user=user, organisation=organisation, role=Role.FINANCE)
    return user


def timed_run(organisation) -> tuple[float, object]:
    """Seconds taken by a full payment run (start, approve, files written, claims paid, ledger posted)."""
    finance = Membership.objects.filter(organisation=organisation, role=Role.FINANCE).order_by("pk")
    maker = finance.first().user
    approver = second_finance_user(organisation, other_than=maker)
    started = time.perf_counter()
    run = runs.run_payments(organisation, by=maker, approver=approver)
    return time.perf_counter() - started, run
