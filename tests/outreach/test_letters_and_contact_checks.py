"""Letters are checked before posting and laid out for a windowed envelope; contact details are checked."""

from __future__ import annotations

import csv
import io

import pytest
from django import forms
from pypdf import PdfReader

from alongside.outreach import contact, services
from alongside.outreach.content import Content
from alongside.outreach.letters import (
    WINDOW_HEIGHT,
    WINDOW_LEFT,
    WINDOW_TOP,
    WINDOW_WIDTH,
    Letter,
    build_print_pack,
)
from alongside.outreach.models import Delivery
from tests.builders import create_organisation
from tests.outreach.people import bulk


def _letter(**fields) -> Letter:
    values = {
        "reference": "ABCD2345",
        "address": ["Sam Example", "1 High Street", "Leeds", "LS1 1AA"],
        "greeting": "Dear Sam,",
        "subject": "A study",
        "body": "Hello.",
        "sender": "Example Trust",
        "contact_phone": "0300 000 0000",
    }
    values.update(fields)
    return Letter(**values)


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["A", "1", "2", "3", "4", "5", "6", "LS1 1AA"], "more than 7 lines"),
        (["Sam Example", "1 High Street", "Leeds"], "UK postcode or a BFPO"),
        (["Sam Example", "LS1 1AA"], "at least one address line"),
        (["Sam Example", "1 Rue de la Paix", "Paris", "France"], "UK postcode or a BFPO"),
        (["Sam Example", "x" * 60, "LS1 1AA"], "longer than 50"),
    ],
)
def test_addresses_that_cannot_be_posted_are_caught(lines, problem):
    assert any(problem in p for p in contact.address_problems(lines))


@pytest.mark.parametrize(
    "lines",
    [["Sam Example", "1 High Street", "Leeds", "ls1 1aa"], ["Cpl Sam Example", "Unit 12", "BFPO 105"]],
)
def test_addresses_that_can_be_posted_pass(lines):
    assert contact.address_problems(lines) == []


def test_a_letter_to_an_unpostable_address_is_not_printed_and_falls_back():
    organisation = create_organisation()
    [person] = bulk(organisation, [{"preferred_channels": ["letter", "email"], "postcode": "NOWHERE"}])
    result = services.send(
        "reminder", [person], Content(subject="Hi", body="Hello"), organisation=organisation
    )
    # Routing already skipped the letter: the address cannot be posted.
    assert Delivery.objects.get(message=result.message).channel == "email"


def test_the_address_sits_inside_the_envelope_window_on_the_first_page_only():
    pack = build_print_pack([_letter(body="Words. " * 700)])
    reader = PdfReader(io.BytesIO(pack.pdf))
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip() in {"Sam Example", "LS1 1AA"}:
            found.append((tm[4], tm[5]))

    reader.pages[0].extract_text(visitor_text=visit)
    assert len(found) == 2
    for x, y in found:
        assert WINDOW_LEFT <= x <= WINDOW_LEFT + WINDOW_WIDTH
        assert WINDOW_TOP - WINDOW_HEIGHT <= y <= WINDOW_TOP
    assert pack.page_counts[0] > 1
    assert "Sam Example" not in reader.pages[1].extract_text()


def test_each_letter_starts_on_its_own_page_and_carries_the_phone_number_and_a_reply_slip():
    pack = build_print_pack([_letter(reference=f"REF{n}") for n in range(3)])
    reader = PdfReader(io.BytesIO(pack.pdf))
    assert len(reader.pages) == sum(pack.page_counts) == 3
    for n, page in enumerate(reader.pages):
        text = page.extract_text()
        assert f"REF{n}" in text and "0300 000 0000" in text and "Reply slip" in text


def test_large_print_letters_use_more_pages_and_the_manifest_says_so():
    words = "We would like to hear what you think about how the study is run. " * 40
    standard = build_print_pack([_letter(body=words)])
    large = build_print_pack([_letter(body=words, large_print=True)])
    assert large.pages > standard.pages
    [row] = list(csv.DictReader(io.StringIO(large.manifest)))
    assert row["large_print"] == "yes" and int(row["pages"]) == large.pages


def test_the_manifest_cannot_smuggle_a_spreadsheet_formula():
    pack = build_print_pack([_letter(address=['=HYPERLINK("http://x")', "1 High Street", "LS1 1AA"])])
    [row] = list(csv.DictReader(io.StringIO(pack.manifest)))
    assert row["name"].startswith("'=")


def test_markup_and_control_characters_in_names_are_printed_as_plain_text():
    pack = build_print_pack([_letter(greeting="Dear <b>Sam</b>\x00,", body="<script>alert(1)</script>")])
    text = PdfReader(io.BytesIO(pack.pdf)).pages[0].extract_text()
    assert "<script>alert(1)</script>" in text and "<b>Sam</b>" in text


@pytest.mark.parametrize(
    ("number", "mobile", "phone"),
    [
        ("07911 123456", True, True),
        ("+44 7911 123456", True, True),
        ("0113 496 0000", False, True),
        # Ofcom's numbers for examples and drama, which our own hints and the demo use.
        ("07700 900 982", True, True),
        ("+44 7700 900982", True, True),
        ("01632 960 001", False, True),
        ("07700 901 000", False, False),
        ("12", False, False),
        ("07911 12345x", False, False),
        ("", False, False),
    ],
)
def test_phone_numbers_are_checked_with_phonenumbers(number, mobile, phone):
    assert contact.is_mobile(number) is mobile
    assert contact.is_phone(number) is phone


def test_invalid_numbers_and_emails_are_caught_at_entry():
    class Entry(forms.Form):
        mobile = forms.CharField(validators=[contact.validate_mobile])
        phone = forms.CharField(validators=[contact.validate_phone])
        email = forms.EmailField()

    form = Entry({"mobile": "0113 496 0000", "phone": "999", "email": "not-an-email"})
    assert not form.is_valid()
    assert set(form.errors) == {"mobile", "phone", "email"}
    assert Entry({"mobile": "07911 123456", "phone": "0113 496 0000", "email": "a@example.org"}).is_valid()
