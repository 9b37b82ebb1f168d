"""Family: erasure leaves nothing behind (security review "Trust", item 7; catalogue item 111).

One person, with unmistakable canary values, is put into every table and file that can hold
them: profile, consents, equality answers, applications with free text, an invitation, messages
in every channel (outbox rows, rendered bodies, a print pack shared with someone else, the call
list), a digital buddy and a loan, bank details, claims with expenses and receipts (one paid in a
payment run), an import that included them, access-log and admin-log labels and the search
index. They are erased through the real service. Then every column of every table the database
has (read through the introspection API, so new tables are covered without changing this test)
and every file in the media folder (PDFs read as text) is searched for the canaries.

What may remain is what docs/people.md and docs/payments.md say is kept: for a person who was
paid, the paid claim's expense description and receipt, and the payment-run files as sent to the
bank, until the retention period ends.
"""

from __future__ import annotations

import datetime
import re
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from alongside.core import pdf
from alongside.opportunities.models import Application
from alongside.outreach import buddies
from alongside.outreach import services as outreach
from alongside.outreach.content import Content
from alongside.outreach.models import Buddy, CallAttempt, Delivery, PrintPack
from alongside.payments import runs
from alongside.payments import services as payments
from alongside.payments.models import ExpenseKind
from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import (
    CommunityChampion,
    CommunityPartner,
    ImportBatch,
    Invitation,
    ProfileChange,
    StatusChange,
)
from tests.builders import committed, create_opportunity, create_organisation, create_user, sign_in
from tests.payments.helpers import TODAY, Team, contribution, key

FIRST, LAST, KNOWN = "Quillonia", "Vantablake", "Quillcanary"
EMAIL = "quillonia.vantablake@canary.example"
MOBILE, LANDLINE = "07911 123461", "029 2018 0461"
ADDRESS = ("17 Canarywharf Lane", "Flat Canaryseven", "Canaryton")
POSTCODE = "CF10 4QQ"
FREE = "canaryfreetext"
CANARIES = (FIRST, LAST, KNOWN, EMAIL, *ADDRESS, POSTCODE, "CF104QQ", FREE)
DIGITS = ("7911123461", "2920180461")
OTHER = "Bronwen Other"

# Documented as kept for a paid person (docs/payments.md, "After erasure"): the expense
# description of a paid claim, its receipt, and the payment-run files sent to the bank.
KEPT_COLUMNS = {("payments_expense", "description")}
KEPT_FILES = ("receipts/", "payment-runs/")
RECEIPT_PDF = pdf.render(pdf.Document("Bus ticket", [pdf.Text(f"Return fare {FREE}")]))
NAMED_RECEIPT = pdf.render(pdf.Document("Taxi", [pdf.Text(f"Passenger {FIRST} {LAST}")]))


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OUTREACH_PROVIDER = "alongside.outreach.providers.OutboxProvider"
    with time_machine.travel(TODAY, tick=False):
        yield


def _person(team: Team):
    user = create_user(email=EMAIL)
    person = services.create_contributor(
        organisation=team.organisation,
        user=user,
        how=HowGiven.ONLINE,
        first_name=FIRST,
        last_name=LAST,
        known_as=KNOWN,
        email=EMAIL,
        mobile=MOBILE,
        landline=LANDLINE,
        address_line_1=ADDRESS[0],
        address_line_2=ADDRESS[1],
        town=ADDRESS[2],
        postcode=POSTCODE,
        times_not_to_call=f"{FREE} mornings",
        access_needs_other=f"{FREE} needs",
        lived_experience_other=f"{FREE} experience",
        preferred_channels=["email"],
    )
    for purpose in ("contact", "findable", "equality", "newsletter"):
        services.record_consent(person, purpose, given=True, how=HowGiven.ONLINE)
    services.save_equality(person, {"gender_identity": FREE, "year_of_birth": 1970})
    ProfileChange.objects.create(contributor=person, how=HowGiven.PHONE, note=f"{FREE} said")
    StatusChange.objects.create(contributor=person, to_status="paused", reason=f"{FIRST} is away")
    person.refresh_from_db()
    return person


def _opportunities(team: Team, person) -> None:
    Application.objects.create(
        opportunity=team.opportunity,
        contributor=person,
        why_interested=f"{FREE} because of my mum",
        anything_else=f"Call me on {MOBILE}",
        outcome_message=f"Dear {FIRST}, thank you",
    )
    Invitation.objects.create(
        researcher=team.checker, organisation=team.organisation, contributor=person, message=f"Dear {FIRST}"
    )
    partner = CommunityPartner.objects.create(organisation=create_organisation(), communities_served="All")
    CommunityChampion.objects.create(partner=partner, contributor=person, name=f"{FIRST} {LAST}")


def _messages(team: Team, person) -> None:
    """One message in each channel, the letter in a print pack shared with someone else."""
    other = services.create_contributor(
        organisation=team.organisation,
        how=HowGiven.PHONE,
        first_name="Bronwen",
        last_name="Other",
        address_line_1="2 Heol Fach",
        postcode="CF11 1AA",
        preferred_channels=["letter"],
    )
    services.record_consent(other, "contact", given=True, how=HowGiven.PHONE)
    content = Content(subject="News for ((first_name))", body="Hello ((first_name)), see you at ((venue)).")
    for channels, route in ((["email"], "print_pack"), (["text"], "print_pack"), (["letter"], "provider")):
        person.preferred_channels = channels
        person.save(update_fields=["preferred_channels"])
        outreach.send(
            "reminder",
            [person],
            content,
            organisation=team.organisation,
            personalisation={person.pk: {"venue": f"{FREE} hall"}},
            letter_route=route,
        )
    person.preferred_channels = ["letter"]
    person.save(update_fields=["preferred_channels"])
    outreach.send(
        "reminder",
        [person, other],
        content,
        organisation=team.organisation,
        personalisation={person.pk: {"venue": f"{FREE} hall"}, other.pk: {"venue": "the library"}},
    )
    person.preferred_channels = ["phone"]
    person.save(update_fields=["preferred_channels"])
    venue = {person.pk: {"venue": "x"}}
    outreach.send("reminder", [person], content, organisation=team.organisation, personalisation=venue)
    phoned = Delivery.objects.filter(contributor=person, channel="phone").get()
    CallAttempt.objects.create(delivery=phoned, outcome="reached", notes=f"{FREE}: lives at {ADDRESS[0]}")
    buddy = Buddy.objects.create(
        organisation=team.organisation, name="Alex", mobile="07911 123999", preferred_channel="text"
    )
    buddies.match(person, buddy)
    buddies.tell_buddy(buddy, person)
    buddies.lend(person, item="tablet", follow_up_on=datetime.date(2026, 12, 1), description=f"{FREE} iPad")


def _payments(team: Team, person) -> None:
    payments.set_bank_details(
        person, account_name=f"{FIRST} {LAST}", sort_code="30-94-30", account_number="00733445"
    )
    paid = payments.start_claim(person, [contribution(team, person)], by=None, key=key())
    receipt = SimpleUploadedFile("ticket.pdf", RECEIPT_PDF)
    payments.add_expense(
        paid,
        kind=ExpenseKind.TRAVEL,
        amount="4.20",
        date=datetime.date(2026, 11, 2),
        receipt=receipt,
        description=f"Bus {FREE}",
        by=None,
    )
    payments.submit(paid, by=None)
    payments.check(paid, by=team.checker)
    payments.approve(paid, by=team.finance)
    runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    draft = payments.start_claim(
        person, [contribution(team, person, date=datetime.date(2026, 11, 3))], by=None, key=key()
    )
    payments.add_expense(
        draft,
        kind=ExpenseKind.TRAVEL,
        amount="9.00",
        date=datetime.date(2026, 11, 3),
        receipt=SimpleUploadedFile("taxi.pdf", NAMED_RECEIPT),
        description=f"Taxi for {FIRST} {LAST}",
        by=None,
    )


def _records(team: Team, person, client) -> None:
    ImportBatch.objects.create(
        organisation=team.organisation,
        created_by=team.checker,
        filename="list.csv",
        status=ImportBatch.Status.CHECKED,
        rows=[
            {"_row": 2, "first_name": FIRST, "last_name": LAST, "email": EMAIL, "postcode": POSTCODE},
            {"_row": 3, "first_name": "Bronwen", "last_name": "Other", "email": "bronwen@example.org"},
        ],
        errors=[{"row": 2, "field": "mobile", "value": MOBILE, "message": "Not a mobile number."}],
    )
    LogEntry.objects.create(
        user=team.checker,
        content_type=ContentType.objects.get_for_model(person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
    )
    sign_in(client, team.checker)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200


def _database_hits() -> set[tuple[str, str, str]]:
    """(table, column, canary) for every canary found anywhere in the database."""
    hits = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    hits |= {(table, column, c) for c in _canaries_in(value)}
    return hits


def _canaries_in(value) -> set[str]:
    if isinstance(value, memoryview | bytes):
        value = _text_of(bytes(value))
    if not isinstance(value, str):
        return set()
    digits = re.sub(r"\D", "", value)
    return {c for c in CANARIES if c.lower() in value.lower()} | {d for d in DIGITS if d in digits}


def _text_of(content: bytes) -> str:
    if content.startswith(b"%PDF"):
        return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return content.decode("utf-8", errors="ignore")


def _file_hits(root: Path) -> set[tuple[str, str]]:
    hits = set()
    for path in root.rglob("*"):
        if path.is_file():
            name = path.relative_to(root).as_posix()
            hits |= {(name, c) for c in _canaries_in(path.read_bytes())}
    return hits


def test_erasure_leaves_no_canary_anywhere_but_the_documented_payment_records(client, settings):
    team = Team(totp=True)
    create_opportunity(team.organisation)
    person = _person(team)
    with committed():  # messages, print packs and notices are made once each change commits
        _opportunities(team, person)
        _messages(team, person)
        _payments(team, person)
    _records(team, person, client)
    assert {c for _t, _c, c in _database_hits()} >= {FIRST, LAST, EMAIL, FREE, *DIGITS}, "seeding failed"
    assert any(c in (FIRST, FREE) for _n, c in _file_hits(Path(settings.MEDIA_ROOT)))

    services.erase_contributor(person, erased_by=team.checker)

    left = {(t, col, c) for t, col, c in _database_hits() if (t, col) not in KEPT_COLUMNS}
    assert left == set()
    kept = {(t, col, c) for t, col, c in _database_hits() if (t, col) in KEPT_COLUMNS}
    assert {c for *_where, c in kept} <= {FREE}, "a kept record names the person"
    files = _file_hits(Path(settings.MEDIA_ROOT))
    assert {(n, c) for n, c in files if not n.startswith(KEPT_FILES)} == set()
    # The kept receipt is the paid claim's; the draft claim's receipt, which named them, is gone.
    assert {c for n, c in files if n.startswith("receipts/")} <= {FREE}


def test_a_shared_print_pack_keeps_the_other_peoples_letters(settings):
    team = Team()
    person = _person(team)
    with committed():
        _messages(team, person)
    services.erase_contributor(person)
    [pack] = PrintPack.objects.filter(deliveries__isnull=False).distinct()
    text = _text_of(pack.pdf.open("rb").read())
    assert "Bronwen" in text and FIRST not in text
    assert pack.letters == 1 and OTHER.split()[0] in pack.manifest.open("rb").read().decode()
