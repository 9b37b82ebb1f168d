"""The cost calculator: what involvement will cost, from the organisation's policy rates."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _lazy

from alongside.core import pdf
from alongside.payments.models import Account, CostPlan, CostRow
from alongside.payments.money import ZERO, format_money, to_money
from alongside.payments.policy import NoPolicy, current_policy, fee_for


@dataclass
class CostedRow:
    row: CostRow
    each: Decimal
    total: Decimal
    note: str = ""


def cost_row(row: CostRow, policy) -> CostedRow:
    """Activities are costed from the policy's rate for the activity type; other rows from their unit cost."""
    quantity = row.people * row.sessions
    if row.category == CostRow.Category.ACTIVITY and row.activity_type:
        if policy is None:
            return CostedRow(row, ZERO, ZERO, "There is no payment policy yet.")
        try:
            each = fee_for(policy, row.activity_type, int(row.hours * 60) or 60).amount
        except NoPolicy as exc:
            return CostedRow(row, ZERO, ZERO, str(exc))
    elif row.hours:
        each = to_money(row.unit_cost * row.hours)
    else:
        each = to_money(row.unit_cost)
    return CostedRow(row, each, to_money(each * quantity))


def cost_plan(plan: CostPlan) -> tuple[list[CostedRow], dict[str, Decimal], Decimal]:
    policy = current_policy(plan.organisation_id)
    costed = [cost_row(row, policy) for row in plan.rows.all()]
    by_category: dict[str, Decimal] = {}
    for item in costed:
        label = item.row.get_category_display()
        by_category[label] = by_category.get(label, ZERO) + item.total
    return costed, by_category, sum((c.total for c in costed), ZERO)


# Planned costs compared with what the ledger records as spent, like with like. The ledger holds
# what Alongside pays contributors: payments for time (from involvement activities) and their
# expenses, which include carers and support workers (access support). Venues, staff time, training
# and other costs are paid outside Alongside, so their plan is shown without a figure spent.
BUDGET_LINES = (
    (_lazy("Payments for time"), (CostRow.Category.ACTIVITY,), Account.FEES),
    (
        _lazy("Expenses and access support paid to contributors"),
        (CostRow.Category.EXPENSES, CostRow.Category.ACCESS),
        Account.EXPENSES,
    ),
    (CostRow.Category.TRAINING.label, (CostRow.Category.TRAINING,), None),
    (CostRow.Category.VENUE.label, (CostRow.Category.VENUE,), None),
    (CostRow.Category.STAFF.label, (CostRow.Category.STAFF,), None),
    (CostRow.Category.OTHER.label, (CostRow.Category.OTHER,), None),
)


@dataclass
class BudgetLine:
    label: str
    planned: Decimal
    spent: Decimal | None  # None: not paid through Alongside, so not recorded here


def project_budget(project, spent_by_account: dict[str, Decimal]) -> tuple[list[BudgetLine], BudgetLine]:
    """Each kind of cost planned for ``project`` beside what was spent on the same kind, and the
    total of the kinds Alongside pays (planned and spent)."""
    planned: dict[str, Decimal] = {}
    for plan in CostPlan.objects.filter(project=project).prefetch_related("rows"):
        for item in cost_plan(plan)[0]:
            planned[item.row.category] = planned.get(item.row.category, ZERO) + item.total
    lines = [
        BudgetLine(
            str(label),
            sum((planned.get(category, ZERO) for category in categories), ZERO),
            spent_by_account.get(account, ZERO) if account else None,
        )
        for label, categories, account in BUDGET_LINES
    ]
    paid_here = [line for line in lines if line.spent is not None]
    total = BudgetLine(
        str(_lazy("Paid through Alongside")),
        sum((line.planned for line in paid_here), ZERO),
        sum((line.spent for line in paid_here), ZERO),
    )
    return lines, total


HEADER = ["Category", "Description", "People", "Sessions", "Hours", "Each", "Total", "Notes"]


def _cells(item: CostedRow) -> list[str]:
    r = item.row
    notes = " ".join(n for n in (r.notes, item.note) if n)
    return [
        r.get_category_display(),
        r.description,
        str(r.people),
        str(r.sessions),
        str(r.hours),
        str(item.each),
        str(item.total),
        notes,
    ]


def plan_csv(plan: CostPlan) -> str:
    costed, by_category, total = cost_plan(plan)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for item in costed:
        writer.writerow([_safe(c) for c in _cells(item)])
    for label, amount in by_category.items():
        writer.writerow(["Total", label, "", "", "", "", str(amount), ""])
    writer.writerow(["Total", "All involvement costs", "", "", "", "", str(total), ""])
    return out.getvalue()


def _safe(value: str) -> str:
    return (
        "'" + value
        if value[:1] in ("=", "+", "@", "\t", "\r") or value.startswith("-") and not _number(value)
        else value
    )


def _number(value: str) -> bool:
    try:
        Decimal(value)
    except Exception:
        return False
    return True


def plan_pdf(plan: CostPlan) -> bytes:
    costed, by_category, total = cost_plan(plan)
    rows = [HEADER[:2] + HEADER[5:]] + [
        [c[0], c[1], format_money(item.each), format_money(item.total), c[7]]
        for item in costed
        for c in [_cells(item)]
    ]
    blocks = [
        pdf.Text(
            f"Costs of public involvement for {plan.organisation}. Rates come from the payment policy "
            f"in force today."
        ),
        pdf.Rows(rows),
        pdf.Heading("Totals", 2),
        pdf.Rows(
            [
                ["What", "Total"],
                *[[k, format_money(v)] for k, v in by_category.items()],
                ["All involvement costs", format_money(total)],
            ]
        ),
    ]
    return pdf.render(pdf.Document(title=plan.title, blocks=blocks))
