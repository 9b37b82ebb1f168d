"""An EXAMPLE payment policy for each demo organisation.

These figures are an example only, to show how Alongside works. They are not
advice. Every organisation must set its own rates and limits, checked against its
current guidance (for example the NIHR's payment guidance, HMRC's approved mileage
rates and the Department for Work and Pensions' current permitted-earnings limits).
"""

from __future__ import annotations

import datetime

from alongside.accounts.models import Organisation
from alongside.payments import services
from alongside.payments.models import Basis, PaymentPolicy

EXAMPLE_NOTICE = (
    "This is an example policy in the demo data. The figures are examples only: check them "
    "against your organisation's current guidance before using them."
)

EXAMPLE_RATES = [
    ("meeting", "Meeting or focus group", Basis.HOUR, "25.00"),
    ("workshop", "Workshop", Basis.HALF_DAY, "75.00"),
    ("panel", "Full-day panel or event", Basis.DAY, "150.00"),
    ("review", "Reviewing a document", Basis.FIXED, "50.00"),
]


def example_policy(organisation, *, effective_from=datetime.date(2026, 4, 6), created_by=None):
    """The example policy from ``effective_from``, or the version already there (safe to run again)."""
    existing = PaymentPolicy.objects.filter(organisation=organisation, effective_from=effective_from).first()
    if existing is not None:
        return existing
    return services.create_policy(
        organisation,
        effective_from=effective_from,
        rates=EXAMPLE_RATES,
        created_by=created_by,
        backdated=True,
        title="Example payment policy",
        is_example=True,
        mileage_rate="0.45",
        home_costs_amount="10.00",
        subsistence_limit="15.00",
        claim_deadline_days=90,
        days_to_pay=14,
        eligibility_notes=(
            "People paid a full-time public sector salary for related work are not usually paid for their "
            "time, but their expenses are covered. " + EXAMPLE_NOTICE
        ),
        weekly_limit="195.50",
        monthly_limit="847.00",
        tax_year_limit="10000.00",
        benefits_notes=(
            "If you receive benefits, payments for your time may affect them. You can choose vouchers, a "
            "lower amount, or no payment for your time; expenses are always paid and do not "
            "count as earnings. " + EXAMPLE_NOTICE
        ),
    )


def load_demo() -> None:
    for organisation in Organisation.objects.exclude(payment_policies__isnull=False):
        example_policy(organisation)
