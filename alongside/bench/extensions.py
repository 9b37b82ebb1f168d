"""Generator steps for capabilities that land after the core models: claims and messages.

Each step is added only when its app provides the models it needs, so the
generator keeps working while the capability apps are still being built.
"""

from __future__ import annotations

import json

import numpy as np

from alongside.bench.tables import DAY, stamps, write


def steps(generator) -> list:
    found = []
    if _available("alongside.payments.runs"):
        found.append(("claims awaiting a payment run", lambda: claims(generator)))
    if _available("alongside.outreach.services"):
        found.append(("messages and deliveries", lambda: messages(generator)))
    return found


def _available(module: str) -> bool:
    from importlib.util import find_spec

    try:
        return find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def extension_tables() -> list[str]:
    """Tables the extension steps fill, so a database generated before an app landed is rebuilt."""
    tables = []
    if _available("alongside.payments.runs"):
        from alongside.payments.models import Claim

        tables.append(Claim._meta.db_table)
    if _available("alongside.outreach.services"):
        from alongside.outreach.models import Delivery

        tables.append(Delivery._meta.db_table)
    return tables


# ---- payments --------------------------------------------------------------------------------------
def busiest_organisation(g) -> int:
    """Index of the organisation with most contributions."""
    org_of_contribution = np.searchsorted(g.org_ids, g.o_org[g.a_owner[g.k_activity]])
    return int(np.bincount(org_of_contribution, minlength=len(g.org_ids)).argmax())


def claims(g) -> None:
    """Approved claims of the busiest organisation, one per contribution, waiting for a payment run.

    As the payments app writes them: a claim with one fee line per contribution at the policy's
    hourly rate, bank details for each person (encrypted), and the approval posted to the ledger.
    """
    from alongside.payments import crypto
    from alongside.payments.bench import BENCH_BACS_DETAILS
    from alongside.payments.demo import example_policy
    from alongside.payments.models import (
        Account,
        BankDetails,
        Claim,
        ClaimLine,
        FinanceSettings,
        LedgerEntry,
        LedgerTransaction,
        PaymentPolicy,
        PolicyRate,
    )

    if len(g.k_activity) == 0:
        return
    index = busiest_organisation(g)
    organisation = int(g.org_ids[index])
    mine = np.flatnonzero(np.searchsorted(g.org_ids, g.o_org[g.a_owner[g.k_activity]]) == index)
    chosen = np.sort(g.rng.permutation(mine)[: g.scale.claims])
    if len(chosen) == 0:
        return
    policy = example_policy(_organisation(organisation), effective_from=_day(g, g.today - 3 * 365))
    g.writer.record(PaymentPolicy, [policy.pk])
    g.writer.record(PolicyRate, policy.rates.values_list("pk", flat=True))
    finance_settings, made = FinanceSettings.objects.get_or_create(
        organisation_id=organisation, defaults=BENCH_BACS_DETAILS
    )
    if made:
        g.writer.record(FinanceSettings, [finance_settings.pk])
    finance = int(g.staff_ids[index * 4 + 2])
    people = g.c_ids[g.k_contributor[chosen]]
    minutes = g.a_minutes[g.k_activity[chosen]]
    pence = minutes * 2500 // 60  # £25 an hour
    fees = [f"{p // 100}.{p % 100:02d}" for p in pence.tolist()]
    approved = stamps(g.writer, g.a_start[g.k_activity[chosen]] + 10 * DAY)
    first_claim = write(
        g.writer,
        Claim,
        len(chosen),
        lambda a, b: {
            "organisation_id": organisation,
            "contributor_id": people[a:b],
            "idempotency_key": [f"gen-{g.seed}-{i}" for i in range(a, b)],
            "status": "approved",
            "method": "bank",
            "fee_full": fees[a:b],
            "fee_payable": fees[a:b],
            "expenses_total": "0.00",
            "created_at": approved[a:b],
            "submitted_at": approved[a:b],
            "checked_at": approved[a:b],
            "approved_at": approved[a:b],
            "approved_by_id": finance,
        },
    )
    claim_ids = np.arange(first_claim, first_claim + len(chosen))
    write(
        g.writer,
        ClaimLine,
        len(chosen),
        lambda a, b: {
            "claim_id": claim_ids[a:b],
            "contribution_id": g.k_first + chosen[a:b],
            "policy_id": policy.pk,
            "basis": "hour",
            "rate": "25.00",
            "units": [f"{m / 60:.4f}" for m in minutes[a:b].tolist()],
            "fee": fees[a:b],
        },
    )
    payees = np.unique(people)
    write(
        g.writer,
        BankDetails,
        len(payees),
        lambda a, b: {
            "contributor_id": payees[a:b],
            "encrypted": [
                crypto.encrypt(
                    json.dumps(
                        {"name": f"Account {p}", "sort_code": "309430", "account_number": f"{p % 10**8:08d}"}
                    ),
                    crypto.bank_context(p),
                )
                for p in payees[a:b].tolist()
            ],
            "account_number_last2": [f"{p % 100:02d}" for p in payees[a:b].tolist()],
        },
    )
    approval = write(
        g.writer,
        LedgerTransaction,
        1,
        lambda a, b: {
            "organisation_id": organisation,
            "kind": LedgerTransaction.Kind.APPROVAL,
            "memo": "Generated approvals",
            "created_by_id": finance,
        },
    )
    # Two entries per claim: the fee as a cost, and the same amount owed to the person.
    owner = np.repeat(np.arange(len(chosen)), 2)
    accounts = [Account.FEES, Account.OWED] * len(chosen)
    write(
        g.writer,
        LedgerEntry,
        len(owner),
        lambda a, b: {
            "transaction_id": approval,
            "organisation_id": organisation,
            "account": accounts[a:b],
            "amount": [
                fees[o] if k % 2 == 0 else f"-{fees[o]}"
                for k, o in zip(range(a, b), owner[a:b].tolist(), strict=True)
            ],
            "contributor_id": people[owner[a:b]],
            "claim_id": claim_ids[owner[a:b]],
        },
    )


def _organisation(pk: int):
    from alongside.accounts.models import Organisation

    return Organisation.objects.get(pk=pk)


def _day(g, number: int):
    import datetime

    return datetime.date(1970, 1, 1) + datetime.timedelta(days=int(number))


# ---- outreach --------------------------------------------------------------------------------------
MESSAGE_SUBJECTS = (
    ("newsletter", "News from {org}: what happened next"),
    ("invitation", "An opportunity you might like"),
    ("update", "Changes to how we pay for your time"),
    ("what_next", "What happened because of your help"),
    ("reminder", "Reminder: meeting next week"),
)


def messages(g) -> None:
    """Sent messages with one delivery per person, in each person's first chosen channel."""
    from alongside.outreach.models import Delivery, Message

    total = g.scale.messages
    per_message = min(5_000, max(20, g.scale.contributors // 10))
    count = max(1, total // per_message)
    org = g.rng.choice(len(g.org_ids), count, p=g.org_weights)
    kind = g.rng.integers(0, len(MESSAGE_SUBJECTS), count)
    sent_day = g.rng.integers(g.today - 365, g.today, count)
    names = dict(_organisation_names(g))
    first_message = write(
        g.writer,
        Message,
        count,
        lambda a, b: {
            "organisation_id": g.org_ids[org[a:b]],
            "kind": [MESSAGE_SUBJECTS[k][0] for k in kind[a:b].tolist()],
            "subject": [
                MESSAGE_SUBJECTS[k][1].format(org=names[int(g.org_ids[o])])[:150]
                for k, o in zip(kind[a:b].tolist(), org[a:b].tolist(), strict=True)
            ],
            "body": "Thank you for being part of our research community. Here is what has happened recently.",
            "status": "sent",
            "created_at": stamps(g.writer, sent_day[a:b] * DAY),
        },
    )
    owner = np.repeat(np.arange(count), per_message)
    # Recipients per message: distinct people who agreed to be contacted.
    reachable = np.flatnonzero(g.c_consent["contact"])
    people = np.concatenate(
        [g.rng.choice(reachable, min(per_message, len(reachable)), replace=False) for _ in range(count)]
    )
    owner = owner[: len(people)]
    by_letter = ~g.c_has_email[people]
    write(
        g.writer,
        Delivery,
        len(people),
        lambda a, b: {
            "message_id": first_message + owner[a:b],
            "contributor_id": g.c_ids[people[a:b]],
            "idempotency_key": [
                f"{first_message + m}-{c}"
                for m, c in zip(owner[a:b].tolist(), g.c_ids[people[a:b]].tolist(), strict=True)
            ],
            "channel": np.where(by_letter[a:b], "letter", "email"),
            "tried_channels": [json.dumps([c]) for c in np.where(by_letter[a:b], "letter", "email").tolist()],
            "status": g.pick(["delivered", "sent", "failed"], b - a, p=[0.85, 0.13, 0.02]),
            "batch": 1 + (np.arange(a, b) % per_message) // 500,
            "queued_at": stamps(g.writer, sent_day[owner[a:b]] * DAY),
            "sent_at": stamps(g.writer, sent_day[owner[a:b]] * DAY + 600),
        },
    )


def _organisation_names(g):
    from alongside.accounts.models import Organisation

    return Organisation.objects.filter(pk__in=g.org_ids.tolist()).values_list("pk", "name")
