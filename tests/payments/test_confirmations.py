"""Security catalogue item 91: the bank's confirmation file, imported once, never confirming twice."""

import threading
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from alongside.outreach.models import Delivery
from alongside.payments import confirmations, ledger, runs
from alongside.payments.models import (
    Account,
    Claim,
    ConfirmationImport,
    LedgerEntry,
    PaymentConfirmation,
    PaymentRunItem,
)
from tests.builders import sign_in

from .helpers import TODAY, Team, approved_claim


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    return Team(totp=True)


@pytest.fixture
def run(team):
    for _ in range(3):
        approved_claim(team)
    return runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)


def csv_for(run, statuses: dict[int, str], reasons: dict[int, str] | None = None) -> bytes:
    rows = ["run,line,claim,amount,status,reason"]
    for item in PaymentRunItem.objects.filter(run=run).order_by("sequence"):
        if item.sequence in statuses:
            reason = (reasons or {}).get(item.sequence, "")
            rows.append(
                f"{run.pk},{item.sequence},{item.claim_id},{item.total},{statuses[item.sequence]},{reason}"
            )
    return ("\r\n".join(rows) + "\r\n").encode()


def upload(client, run, data: bytes, name="confirm.csv"):
    url = reverse("payments:run_confirmations", args=[run.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type="text/csv")}, follow=True)


def test_the_template_lists_every_line_of_the_run(team, run, client):
    sign_in(client, team.finance)
    response = client.get(reverse("payments:run_confirmation_template", args=[run.pk]))
    lines = response.content.decode().splitlines()
    assert lines[0] == "run,line,claim,amount,status,reason,bank_reference"
    assert len(lines) == 4 and lines[1].startswith(f"{run.pk},1,")


def test_a_clean_file_confirms_each_line(team, run, client):
    sign_in(client, team.finance)
    page = upload(client, run, csv_for(run, {1: "paid", 2: "PAID", 3: "paid"})).content.decode()
    assert "3 paid, 0 failed" in page
    assert PaymentConfirmation.objects.filter(run=run, status="paid").count() == 3
    assert ConfirmationImport.objects.get(run=run).imported_by == team.finance


def test_a_bad_row_means_nothing_is_applied_and_every_error_is_listed(team, run, client):
    sign_in(client, team.finance)
    item = PaymentRunItem.objects.get(run=run, sequence=2)
    data = (
        "line,claim,status,reason\r\n"
        f"1,{PaymentRunItem.objects.get(run=run, sequence=1).claim_id},paid,\r\n"
        f"2,{item.claim_id},failed,\r\n"
        f"3,999999,paid,\r\n"
        "9,1,paid,\r\n"
        f"2,{item.claim_id},bounced,\r\n"
    ).encode()
    page = upload(client, run, data).content.decode()
    assert "Row 3: a failed line needs the reason" in page
    assert "Row 4: line 3 is claim" in page
    assert "Row 5: line 9 is not a line of run" in page
    assert "Row 6:" in page
    assert not PaymentConfirmation.objects.exists() and not ConfirmationImport.objects.exists()


def test_a_file_without_the_required_columns_is_refused(team, run):
    result = confirmations.import_file(run, b"line,claim\r\n1,2\r\n", by=team.finance)
    assert "missing: status" in result.errors[0]
    assert confirmations.import_file(run, b"\xff\xfe", by=team.finance).errors


def test_importing_the_same_file_twice_does_nothing_the_second_time(team, run, client):
    sign_in(client, team.finance)
    data = csv_for(run, {1: "paid", 2: "failed"}, {2: "Account closed"})
    upload(client, run, data)
    entries = LedgerEntry.objects.count()
    page = upload(client, run, data).content.decode()
    assert "already imported" in page and "Nothing was changed" in page
    assert ConfirmationImport.objects.count() == 1
    assert PaymentConfirmation.objects.count() == 2
    assert LedgerEntry.objects.count() == entries
    assert Claim.objects.filter(repays__isnull=False).count() == 1


def test_a_line_already_confirmed_is_not_confirmed_again(team, run):
    first = confirmations.import_file(run, csv_for(run, {1: "paid"}), by=team.finance)
    again = confirmations.import_file(run, csv_for(run, {1: "paid", 2: "paid"}), by=team.finance2)
    assert (first.paid, again.paid, again.unchanged) == (1, 1, 1)
    assert PaymentConfirmation.objects.filter(item__sequence=1).get().source == first.record


def test_a_confirmed_line_cannot_change_status(team, run):
    confirmations.import_file(run, csv_for(run, {1: "paid"}), by=team.finance)
    result = confirmations.import_file(run, csv_for(run, {1: "failed"}, {1: "Closed"}), by=team.finance)
    assert "already confirmed as paid" in result.errors[0]
    assert not Claim.objects.filter(status=Claim.Status.FAILED).exists()


def test_a_failed_line_is_reversed_paid_again_later_and_the_person_told(
    team, run, django_capture_on_commit_callbacks
):
    item = PaymentRunItem.objects.get(run=run, sequence=2)
    with django_capture_on_commit_callbacks(execute=True):
        confirmations.import_file(run, csv_for(run, {2: "failed"}, {2: "Account closed"}), by=team.finance)
    failed = Claim.objects.get(pk=item.claim_id)
    assert failed.status == Claim.Status.FAILED
    assert PaymentConfirmation.objects.get(item=item).reason == "Account closed"
    # Reversed, never deleted: the payment posting is still there, with its mirror.
    assert ledger.balance(Account.OWED, claim=failed) == 0
    assert ledger.balance(Account.OWED, contributor=failed.contributor) == Decimal("-50.00")
    assert list(ledger.unbalanced_transactions()) == []
    again = Claim.objects.get(repays=failed)
    assert again.status == Claim.Status.APPROVED and again.total == failed.total
    notice = Delivery.objects.get(
        contributor=failed.contributor,
        message__kind="payment",
        message__subject__contains="did not go through",
    )
    assert notice.status == "sent"
    told = [m for m in mail.outbox if m.subject == "Your payment did not go through"]
    assert told[0].to == [failed.contributor.email] and "Account closed" in told[0].body
    # A later run takes the new claim and pays it once.
    later = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    assert list(later.items.values_list("claim_id", flat=True)) == [again.pk]
    assert ledger.balance(Account.OWED, organisation=team.organisation) == 0
    assert ledger.balance(Account.BANK, organisation=team.organisation) == Decimal("-150.00")
    assert ledger.balance(Account.FEES, organisation=team.organisation) == Decimal("150.00")


def test_a_file_for_another_run_is_refused(team, run):
    data = csv_for(run, {1: "paid"}).replace(f"\n{run.pk},".encode(), b"\n99999,")
    result = confirmations.import_file(run, data, by=team.finance)
    assert "it is for run 99999" in result.errors[0]


def test_only_finance_of_the_organisation_can_import(team, run, client):
    sign_in(client, team.checker)
    assert upload(client, run, csv_for(run, {1: "paid"})).status_code == 403
    sign_in(client, Team(totp=True).finance)
    assert upload(client, run, csv_for(run, {1: "paid"})).status_code == 404
    assert not PaymentConfirmation.objects.exists()


def test_the_run_page_shows_confirmations(team, run, client):
    confirmations.import_file(
        run, csv_for(run, {1: "paid", 3: "failed"}, {3: "No such account"}), by=team.finance
    )
    sign_in(client, team.finance)
    page = client.get(reverse("payments:run", args=[run.pk])).content.decode()
    assert "1 paid and 1 failed, of 3 lines" in page and "No such account" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent imports need PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_files_failing_the_same_line_at_once_reverse_it_once():
    from django.db import connections

    with time_machine.travel(TODAY, tick=False):
        team = Team()
        for _ in range(2):
            approved_claim(team)
        run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    first = csv_for(run, {1: "failed"}, {1: "Account closed"})
    second = csv_for(run, {1: "failed", 2: "paid"}, {1: "Account closed"})
    barrier = threading.Barrier(2)
    errors = []

    def load(data, user):
        try:
            barrier.wait()
            confirmations.import_file(run, data, by=user)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=load, args=(data, user))
        for data, user in ((first, team.finance), (second, team.finance2))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ConfirmationImport.objects.count() == 2
    assert PaymentConfirmation.objects.filter(status="failed").count() == 1
    failed = Claim.objects.get(status=Claim.Status.FAILED)
    assert Claim.objects.filter(repays=failed).count() == 1
    assert ledger.balance(Account.OWED, claim=failed) == 0
    assert list(ledger.unbalanced_transactions()) == []
