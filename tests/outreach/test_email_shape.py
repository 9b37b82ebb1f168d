"""The quick check of an email address gives the same answer as Django's full validator."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.outreach.contact import is_email


def _full(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return bool(address)


@pytest.mark.parametrize(
    "address",
    [
        "sam@example.org",
        "sam.o'neill@example.org",
        "a+b@mail.example.co.uk",
        "a@b.c",
        "a@-example.org",
        "a@example-.org",
        "a..b@example.org",
        ".a@example.org",
        "a@example.org\n",
        "a@example.123",
        "a@localhost",
        "a@[127.0.0.1]",
        "élise@example.org",
        "a@exämple.org",
        "a" * 250 + "@example.org",
        "",
        "@example.org",
        "a@",
    ],
)
def test_the_quick_check_agrees_with_the_full_validator(address):
    assert is_email(address) == _full(address)


@settings(deadline=None, max_examples=300)
@given(st.from_regex(r"\A[a-z0-9.+_-]{1,12}@[a-z0-9.-]{1,15}\.[a-z0-9]{1,5}\Z"))
def test_the_quick_check_agrees_on_generated_addresses(address):
    assert is_email(address) == _full(address)
