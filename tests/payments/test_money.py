from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.payments.money import format_money, split, to_money

amounts = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2)


def test_it_rounds_half_up_to_the_penny():
    assert to_money("2.345") == Decimal("2.35")
    assert to_money("2.344") == Decimal("2.34")
    assert to_money("-2.345") == Decimal("-2.35")
    assert to_money(Decimal("25") * Decimal(50) / Decimal(60)) == Decimal("20.83")


def test_it_refuses_floats_and_nonsense():
    with pytest.raises(TypeError):
        to_money(0.1)
    with pytest.raises(ValueError):
        to_money("twelve")
    with pytest.raises(ValueError):
        to_money("NaN")


def test_it_splits_ten_pounds_three_ways_without_losing_a_penny():
    assert split("10.00", 3) == [Decimal("3.34"), Decimal("3.33"), Decimal("3.33")]


def test_it_formats_pounds():
    assert format_money("1234.5") == "£1,234.50"


@settings(max_examples=100, deadline=None)
@given(total=amounts, parts=st.integers(min_value=1, max_value=40))
def test_equal_splits_never_gain_or_lose_a_penny(total, parts):
    shares = split(total, parts)
    assert sum(shares) == total
    assert max(shares) - min(shares) <= Decimal("0.01")


@settings(max_examples=100, deadline=None)
@given(
    total=amounts,
    weights=st.lists(st.decimals(min_value=0, max_value=1000, places=2), min_size=1, max_size=20).filter(
        lambda ws: sum(ws) > 0
    ),
)
def test_weighted_splits_never_gain_or_lose_a_penny(total, weights):
    shares = split(total, weights)
    assert sum(shares) == total
    assert all(share.as_tuple().exponent == -2 for share in shares)
    # No share is more than a penny away from its exact proportion.
    whole = sum(weights)
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - total * weight / whole) < Decimal("0.01")
