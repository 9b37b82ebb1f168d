"""Reading a payment run's lines fast, and turning each into its CSV row.

At 100,000 lines, per-line Python is the cost of a run, so the database does what it
can: the payee's name, the formula guard on text people typed, each line's total and
the approval's local date all come from SQL. A line is a plain tuple (see ``FIELDS``);
a CSV row is picked from it by position with ``operator.itemgetter``, and only the
bank columns (decrypted in Python) are added per line, when the layout asks for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from operator import itemgetter

from django.db import connection
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Cast, Concat, Left, TruncDate
from django.db.models.lookups import In
from django.utils import timezone

from alongside.payments.models import PaymentRun, PaymentRunItem
from alongside.payments.money import PENNY, ZERO

BATCH = 5000
# Text starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

FIELDS = (
    "sequence",
    "claim_id",
    "claim__contributor_id",
    "to_bank",
    "to_vouchers",
    "to_organisation",
    "claim__fee_payable",
    "claim__expenses_total",
    "claim__method",
    "line_payee_organisation",
    "line_approved_on",
    "line_reference",
    "line_name",
    "claim__contributor__bank_details__encrypted",
    "line_total",
    "run_id",
)
(
    SEQUENCE,
    CLAIM,
    CONTRIBUTOR,
    TO_BANK,
    TO_VOUCHERS,
    TO_ORG,
    FEE,
    EXPENSES,
    METHOD,
    PAYEE_ORGANISATION,
    APPROVED_ON,
    REFERENCE,
    NAME,
    ENCRYPTED,
    TOTAL,
    RUN,
) = range(len(FIELDS))
_AMOUNTS = (TO_BANK, TO_VOUCHERS, TO_ORG, FEE, EXPENSES, TOTAL)

# CSV column → position in a line. The bank columns are added after the line's own fields.
_POSITIONS = {
    "run": RUN,
    "sequence": SEQUENCE,
    "claim": CLAIM,
    "contributor_reference": REFERENCE,
    "payee_name": NAME,
    "method": METHOD,  # one of Method's values: Alongside's own words
    "payee_organisation": PAYEE_ORGANISATION,
    "fee": FEE,
    "expenses": EXPENSES,
    "to_bank": TO_BANK,
    "to_vouchers": TO_VOUCHERS,
    "to_organisation": TO_ORG,
    "total": TOTAL,
    "approved_on": APPROVED_ON,
    "sort_code": len(FIELDS),
    "account_number": len(FIELDS) + 1,
}
BANK_COLUMNS = {"sort_code", "account_number"}


def guarded(expression):
    """``expression`` with a quote put before a leading formula character, worked out in SQL."""
    return Case(
        When(In(Left(expression, 1), FORMULA_STARTS), then=Concat(Value("'"), expression)),
        default=expression,
        output_field=CharField(),
    )


def _payee_name():
    first, last = F("claim__contributor__first_name"), F("claim__contributor__last_name")
    return Case(
        When(Q(claim__contributor__last_name=""), then=first),
        When(Q(claim__contributor__first_name=""), then=last),
        default=Concat(first, Value(" "), last),
        output_field=CharField(),
    )


def _annotations() -> dict:
    zone = timezone.get_current_timezone()
    return {
        "line_payee_organisation": guarded(F("claim__payee_organisation")),
        "line_approved_on": Cast(TruncDate("claim__approved_at", tzinfo=zone), CharField()),
        "line_reference": guarded(F("claim__contributor__reference")),
        "line_name": guarded(_payee_name()),
        "line_total": F("to_bank") + F("to_vouchers") + F("to_organisation"),
    }


def money_reader() -> Callable:
    """Decimal pounds from a raw database value: PostgreSQL gives Decimals; SQLite gives numbers."""
    if connection.vendor == "postgresql":
        return lambda value: value
    return lambda value: Decimal(repr(value)).quantize(PENNY) if value is not None else ZERO


def lines(run: PaymentRun) -> Iterator[tuple]:
    """The run's lines in order, as tuples laid out as ``FIELDS``, amounts as Decimals."""
    query = (
        PaymentRunItem.objects.filter(run=run)
        .order_by("sequence")
        .annotate(**_annotations())
        .values_list(*FIELDS)
    )
    sql, params = query.query.sql_with_params()
    exact = connection.vendor == "postgresql"  # amounts already arrive as Decimals
    money = money_reader()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(BATCH):
            if exact:
                yield from chunk
                continue
            for line in chunk:
                line = list(line)
                for position in _AMOUNTS:
                    line[position] = money(line[position])
                line[NAME] = line[NAME] or ""
                yield tuple(line)


def csv_maker(columns: list[str]) -> Callable[[tuple, dict], tuple]:
    """A function giving one CSV row from a line (and its decrypted bank details, if any)."""
    pick = itemgetter(*(_POSITIONS[column] for column in columns))
    single = len(columns) == 1
    if BANK_COLUMNS & set(columns):

        def with_bank(line: tuple, bank: dict) -> tuple:
            row = pick((*line, bank.get("sort_code", ""), bank.get("account_number", "")))
            return (row,) if single else row

        return with_bank
    if single:
        return lambda line, bank: (pick(line),)
    return lambda line, bank: pick(line)
