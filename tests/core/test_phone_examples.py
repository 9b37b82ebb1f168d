"""Every phone number we give as an example (in a hint or an error) is one we accept (review D7).

The test reads every message and template in the code for numbers given as examples
("like 07700 900 982", "for example …"), so a new hint with a number we would refuse fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

import alongside
from alongside.outreach import contact
from alongside.people import cleaning

SOURCE = Path(alongside.__file__).parent
# A UK number as people write it: 07700 900 982, 0161 496 0000, +44 7700 900 982, +44 (0) 7700 900982.
NUMBER = re.compile(r"(?:\+44 ?(?:\(0\) ?)?|\b0)\d{2,4}[ -]?\d{3}[ -]?\d{3,4}\b")
EXAMPLE_WORDS = re.compile(r"\blike\b|for example|e\.g\.|such as", re.IGNORECASE)
NOT_MESSAGES = ("migrations", "demo", "bench", "locale")


def _examples() -> list[tuple[str, str]]:
    found = []
    for path in sorted([*SOURCE.rglob("*.py"), *SOURCE.rglob("*.html"), *SOURCE.rglob("*.txt")]):
        if any(part in path.parts or part in path.name for part in NOT_MESSAGES):
            continue
        for number_line in path.read_text(encoding="utf-8").splitlines():
            if EXAMPLE_WORDS.search(number_line):
                where = str(path.relative_to(SOURCE))
                found += [(where, number) for number in NUMBER.findall(number_line)]
    return found


EXAMPLES = _examples()


def test_the_hints_and_errors_with_phone_examples_are_found():
    # The messages named in the review: the profile's phone and mobile errors, outreach's validators.
    assert {where for where, _number in EXAMPLES} >= {"people/cleaning.py", "outreach/contact.py"}


@pytest.mark.parametrize(("where", "number"), EXAMPLES)
def test_every_example_number_is_accepted(where, number):
    try:
        cleaning.phone(number)
    except ValidationError as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"{where} gives {number!r} as an example, but it is refused: {exc.messages}")
    assert contact.is_phone(number), f"{where}: {number!r} is refused when a message is sent"
    if re.sub(r"\D", "", number).removeprefix("44").lstrip("0").startswith("7"):
        assert cleaning.phone(number, mobile=True)
        assert contact.is_mobile(number), f"{where}: {number!r} cannot receive texts"
