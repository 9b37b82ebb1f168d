"""Documents for people: the policy in plain words, the benefits letter and the annual statement.

Each is built once as a list of sections and shown both as a web page and as a
print-ready PDF through ``alongside.core.pdf``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from alongside.core import pdf
from alongside.payments import arrival
from alongside.payments.benefits import tax_year_of
from alongside.payments.models import Basis, Claim, PaymentPolicy
from alongside.payments.money import ZERO, format_money

EXAMPLE_WARNING = (
    "This is an example policy. The figures are examples only and must be checked against the "
    "organisation's current guidance."
)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def _rate_words(rate) -> str:
    per = {
        Basis.HOUR: "an hour",
        Basis.HALF_DAY: "for a half day",
        Basis.DAY: "for a day",
        Basis.FIXED: "for the task",
    }
    return f"{rate.label}: {format_money(rate.amount)} {per[rate.basis]}"


def policy_sections(policy: PaymentPolicy) -> list[Section]:
    org = policy.organisation
    sections = []
    if policy.is_example:
        sections.append(Section("Please note", [EXAMPLE_WARNING]))
    sections.append(
        Section(
            "What we pay for your time",
            [
                f"{org.name} pays public contributors for their time. These rates apply from "
                f"{policy.effective_from:%-d %B %Y}."
            ],
            [_rate_words(rate) for rate in policy.rates.all()],
        )
    )
    covered = []
    if policy.travel_at_cost:
        covered.append("Bus, train and other public transport: what you paid. Keep your tickets or receipts.")
    if policy.mileage_rate > 0:
        covered.append(f"Driving your own car: {format_money(policy.mileage_rate)} a mile.")
    if policy.taxis_by_agreement:
        covered.append("Taxis, if we agree it with you before you travel.")
    if policy.carer_costs:
        covered.append("A carer or support worker, so that you can take part.")
    if policy.home_costs_amount > 0:
        covered.append(
            f"Phone, internet and printing at home: {format_money(policy.home_costs_amount)} each time."
        )
    if policy.subsistence_limit > 0:
        covered.append(f"Food and drink: up to {format_money(policy.subsistence_limit)} a day.")
    sections.append(
        Section("Expenses we cover", ["You will never be out of pocket for taking part."], covered)
    )
    sections.append(
        Section(
            "How and when you are paid",
            [
                f"Send us your claim within {policy.claim_deadline_days} days of taking part. You can "
                f"claim online, "
                "or we can do it with you on the phone or by post.",
                f"We aim to pay within {policy.days_to_pay} days of approving your claim. You can be "
                f"paid by bank "
                "transfer or in vouchers, take a lower amount, choose not to be paid for your time, or "
                "ask us to pay "
                "an organisation you name.",
            ],
        )
    )
    if policy.eligibility_notes:
        sections.append(Section("Who can be paid", [policy.eligibility_notes]))
    benefits = [
        "Payments for your time may count as earnings. Expenses do not. Before you send a claim, we "
        "show you what "
        "it adds to your totals for the week, the month and the tax year, and warn you if it would go "
        "over a limit.",
    ]
    limits = [
        f"{label}: {format_money(value)}"
        for label, value in (
            ("Weekly limit", policy.weekly_limit),
            ("Monthly limit", policy.monthly_limit),
            ("Tax year limit", policy.tax_year_limit),
        )
        if value is not None
    ]
    if policy.benefits_notes:
        benefits.append(policy.benefits_notes)
    benefits.append("We can give you a letter about your involvement for your benefits adviser or Jobcentre.")
    sections.append(Section("If you receive benefits", benefits, limits))
    return sections


def _blocks(sections: list[Section]) -> list:
    blocks = []
    for section in sections:
        blocks.append(pdf.Heading(section.heading, 2))
        blocks.extend(pdf.Text(p) for p in section.paragraphs)
        if section.bullets:
            blocks.append(pdf.Bullets(section.bullets))
    return blocks


def policy_pdf(policy: PaymentPolicy, large_print: bool = False) -> bytes:
    title = f"How {policy.organisation.name} pays public contributors"
    return pdf.render(
        pdf.Document(title=title, blocks=_blocks(policy_sections(policy)), large_print=large_print)
    )


def benefits_letter(contributor, claims) -> bytes:
    today = timezone.localdate()
    rows = [["Date", "What you did", "Payment for time", "Expenses", "How paid"]]
    for claim in claims:
        for line in claim.lines.all():
            rows.append(
                [
                    f"{line.contribution.date:%-d %b %Y}",
                    str(line.contribution.activity),
                    "",
                    "",
                    claim.get_method_display(),
                ]
            )
        rows.append(
            ["", "Claim total", format_money(claim.fee_payable), format_money(claim.expenses_total), ""]
        )
    organisations = sorted({c.organisation.name for c in claims}) or [contributor.organisation.name]
    blocks = [
        pdf.Text(f"Date: {today:%-d %B %Y}"),
        pdf.Text("To whom it may concern,"),
        pdf.Text(
            f"{contributor.first_name} {contributor.last_name} (reference {contributor.reference}) "
            f"takes part as a "
            f"public contributor in health and care research with {', '.join(organisations)}. This is "
            f"voluntary "
            "involvement: they are not an employee, and they choose when to take part."
        ),
        pdf.Text(
            "They may be offered a payment for their time. Expenses (travel, care and similar costs) "
            "are repaid at "
            "cost and are not earnings. They can choose to take vouchers, a lower amount, or no "
            "payment for their time."
        ),
        pdf.Heading("Their involvement and payments", 2),
        pdf.Rows(rows) if len(rows) > 1 else pdf.Text("There are no payments yet."),
        pdf.Text("If you have any questions, please contact the organisation named above."),
    ]
    return pdf.render(
        pdf.Document(
            title="About this person's involvement in research",
            blocks=blocks,
            large_print=contributor.wants_large_print,
        )
    )


def _arrived(claim: Claim) -> str:
    # Sent is not paid: until the bank confirms or the day passes, say when it should arrive.
    if arrival.on_its_way(claim):
        return f"Expected by {arrival.expected_by(claim):%-d %b %Y}"
    return "Yes"


def statement(contributor, year_start: datetime.date, items) -> bytes:
    start, end = tax_year_of(year_start)
    rows = [["Sent to the bank", "Claim", "Payment for time", "Expenses", "Total", "Paid"]]
    fees = expenses = ZERO
    for item in items:
        claim: Claim = item.claim
        rows.append(
            [
                f"{timezone.localtime(item.run.completed_at):%-d %b %Y}",
                str(claim.pk),
                format_money(claim.fee_payable),
                format_money(claim.expenses_total),
                format_money(item.total),
                _arrived(claim),
            ]
        )
        fees += claim.fee_payable
        expenses += claim.expenses_total
    rows.append(["", "Totals", format_money(fees), format_money(expenses), format_money(fees + expenses), ""])
    blocks = [
        pdf.Text(f"{contributor.first_name} {contributor.last_name}, reference {contributor.reference}"),
        pdf.Text(f"Tax year {start:%-d %B %Y} to {end:%-d %B %Y}."),
        pdf.Rows(rows),
        pdf.Text(
            "Payments for your time may need to go on a tax return; expenses repaid at cost usually do not. "
            "HMRC or a tax adviser can tell you what applies to you."
        ),
    ]
    large_print = contributor.wants_large_print
    return pdf.render(pdf.Document(title="Your payments statement", blocks=blocks, large_print=large_print))
