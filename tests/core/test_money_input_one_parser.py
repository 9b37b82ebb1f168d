"""Money input family: one parser reads every amount people type, and refuses what it cannot read exactly.

"5,00" was £500 and "12.345" was silently £12.35; these properties say it can never happen again.
The form-level half (every money field in every form is a ``MoneyField``) is at the bottom.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

import alongside
from alongside.core.forms import MoneyField, NumberField
from alongside.core.numbers import AmountError, message, parse_money, parse_number

MAXIMUM = Decimal("10000.00")
pounds = st.decimals(min_value=0, max_value=MAXIMUM, places=2, allow_nan=False, allow_infinity=False)


def _styles(amount: Decimal) -> list[str]:
    """Every way of writing ``amount`` that people use and the parser accepts."""
    return [
        f"{amount:f}",
        f"{amount:.2f}",
        f"{amount:,.2f}",
        f"£{amount:.2f}",
        f"£{amount:,.2f}",
        f"£ {amount:,.2f}",
        f"  {amount:,.2f}\t",
        f" £{amount:f} ",
    ]


@settings(max_examples=300, deadline=None)
@given(amount=pounds)
def test_every_amount_in_pounds_and_pence_reads_back_exactly_in_every_accepted_style(amount):
    for text in _styles(amount):
        assert parse_money(text) == amount, text
        assert parse_money(text).as_tuple().exponent == -2


@settings(max_examples=200, deadline=None)
@given(amount=pounds.filter(lambda d: d > 0))
def test_a_minus_sign_is_read_only_where_the_field_allows_it(amount):
    text = f"-{amount:,.2f}"
    assert parse_money(text, allow_negative=True) == -amount
    with pytest.raises(AmountError) as refused:
        parse_money(text)
    assert refused.value.code == "negative"


@settings(max_examples=200, deadline=None)
@given(amount=pounds)
def test_a_decimal_comma_is_refused_never_read_as_thousands(amount):
    for text in (f"{amount:.2f}".replace(".", ","), f"{amount:,.2f}".replace(",", " ").replace(".", ",")):
        with pytest.raises(AmountError):
            parse_money(text)
    european = f"{amount:,.2f}".replace(",", "#").replace(".", ",").replace("#", ".")
    with pytest.raises(AmountError):
        parse_money(european)


@settings(max_examples=200, deadline=None)
@given(amount=pounds, extra=st.from_regex(r"[0-9]{0,3}[1-9]", fullmatch=True))
def test_three_or_more_decimal_places_are_refused_never_rounded(amount, extra):
    text = f"{amount:.2f}{extra}"  # at least three places, the last one not zero
    with pytest.raises(AmountError) as refused:
        parse_money(text)
    assert refused.value.code == "places"
    with pytest.raises(AmountError):
        parse_money(Decimal(text))


@pytest.mark.parametrize(
    "text", ["NaN", "nan", "sNaN", "-NaN", "Infinity", "-Infinity", "inf", "Inf", "1e3", "1E3", "5e-2"]
)
def test_non_finite_and_scientific_amounts_are_refused(text):
    with pytest.raises(AmountError):
        parse_money(text)
    with pytest.raises(AmountError):
        parse_number(text, places=1, maximum=None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("5,00", "decimal_comma"),
        ("1,23", "decimal_comma"),
        ("1.234,56", "decimal_comma"),
        ("1,2345.00", "invalid"),
        ("12,34,567", "invalid"),
        ("12.345", "places"),
        ("£", "invalid"),
        ("5.", "invalid"),
        ("+5", "invalid"),
        ("٥", "invalid"),  # an Arabic-Indic digit: Python's Decimal would read it
        ("5 00", "invalid"),
        ("-5", "negative"),
        ("10000.01", "maximum"),
        ("9" * 60, "invalid"),
    ],
)
def test_each_kind_of_slip_is_named(text, code):
    with pytest.raises(AmountError) as refused:
        parse_money(text)
    assert refused.value.code == code


def _plainly(text: str) -> Decimal | None:
    """What ``text`` says once only the accepted styling is removed, or None if that is not a number."""
    text = text.strip()
    text = re.sub(r"^(-?)£ *", r"\1", text)
    if not re.fullmatch(r"-?([0-9]{1,3}(,[0-9]{3})+|[0-9]*)(\.[0-9]{1,2})?", text, re.ASCII):
        return None
    digits = text.replace(",", "")
    return Decimal(digits) if digits.strip("-.") else None


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("0123456789.,£- eE+naifNI\t"), max_size=14) | st.text(max_size=10)
)
def test_anything_else_is_refused_or_read_exactly_as_written(text):
    try:
        amount = parse_money(text, allow_negative=True)
    except AmountError:
        return
    assert _plainly(text) == amount, text


def test_floats_are_never_money():
    with pytest.raises(TypeError):
        parse_money(0.1)


def test_numbers_keep_their_own_places():
    assert parse_number("12.5", places=1, maximum=Decimal("2000")) == Decimal("12.5")
    with pytest.raises(AmountError):
        parse_number("12.55", places=1, maximum=Decimal("2000"))
    with pytest.raises(AmountError):
        parse_number("£12", places=1, maximum=None)


def test_the_message_names_the_field():
    with pytest.raises(AmountError) as refused:
        parse_money("5,00")
    assert message(refused.value, "the bus fare").startswith("Enter the bus fare with a full stop")
    assert message("invalid", "the bus fare") == "Enter the bus fare in pounds and pence, like 12.50"


class _Fare(forms.Form):
    fare = MoneyField(label="Bus fare", what="the bus fare", allow_zero=False)


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("5,00", "Enter the bus fare with a full stop before the pence, like 12.50, not a comma"),
        (
            "12.345",
            "Enter the bus fare to the nearest penny, with no more than 2 numbers after the full stop",
        ),
        ("NaN", "Enter the bus fare in pounds and pence, like 12.50"),
        ("0", "Enter the bus fare of more than £0"),
        ("", "Enter the bus fare"),
    ],
)
def test_the_money_field_refuses_with_a_message_naming_the_field_and_keeps_what_was_typed(typed, error):
    form = _Fare({"fare": typed})
    assert not form.is_valid()
    assert form.errors["fare"] == [error]
    assert f'value="{typed}"' in str(form["fare"]) or typed == ""


def test_the_money_field_gives_a_decimal():
    form = _Fare({"fare": " £1,234.5 "})
    assert form.is_valid()
    assert form.cleaned_data["fare"] == Decimal("1234.50")


# ---------------------------------------------------------------- every form field that takes money


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(alongside.__path__, "alongside."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "admin"} or ".forms." in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return [cls for cls in found if cls.__module__.startswith("alongside.")]


# Names that say a field holds an amount of money (or a quantity typed the same way).
MONEYISH = re.compile(r"amount|fee|cost|price|rate$|_limit$|total|pounds|miles|hours")


def _refused_field(name: str, field: forms.Field) -> bool:
    if isinstance(field, NumberField):
        return False
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return True  # Django's own number fields read "1e3" as 1000
    return isinstance(field, forms.CharField) and bool(MONEYISH.search(name))


def test_every_form_field_that_takes_money_is_read_by_the_one_parser():
    wrong = sorted(
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in _form_classes()
        for name, field in getattr(cls, "base_fields", {}).items()
        if _refused_field(name, field)
    )
    assert not wrong, f"use core.forms.MoneyField or NumberField for: {wrong}"


def test_every_admin_form_that_takes_money_is_read_by_the_one_parser(django_user_model):
    _form_classes()  # imports every admin module
    request = RequestFactory().get("/admin/")
    request.user = django_user_model(is_superuser=True, is_staff=True)
    wrong = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("alongside."):
            continue
        admins = [model_admin] + [inline(model, admin.site) for inline in model_admin.inlines]
        for each in admins:
            form = each.get_formset(request).form if hasattr(each, "get_formset") else each.get_form(request)
            for name, field in form.base_fields.items():
                if _refused_field(name, field):
                    wrong.append(f"{each.__class__.__name__}.{name}")
    assert not wrong, f"admin forms that read money with Django's own number fields: {wrong}"
