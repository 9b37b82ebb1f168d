import csv
import datetime
import io
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import connection

from alongside.payments import bacs, ledger, runs, services
from alongside.payments.models import (
    Account,
    Claim,
    CsvLayout,
    FinanceSettings,
    Method,
    PaymentRun,
    PaymentRunItem,
)
from alongside.payments.runs import RunError

from .helpers import TODAY, Team, approved_claim, person


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    team = Team()
    FinanceSettings.objects.filter(organisation=team.organisation).update(originator_name="Example Trust")
    return team


def read(run, kind):
    with default_storage.open(runs.file_name(run, kind)) as handle:
        return handle.read().decode()


def test_a_run_pays_each_approved_claim_once_and_writes_the_files(team):
    claims = [approved_claim(team) for _ in range(3)]
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    assert run.status == PaymentRun.Status.DONE
    assert set(Claim.objects.filter(status="paid").values_list("pk", flat=True)) == {c.pk for c in claims}
    parsed = bacs.parse(read(run, "bacs"))
    assert [c.pence for c in parsed.credits] == [5000, 5000, 5000]
    assert parsed.contra_pence == parsed.trailer_credit_pence == 15000
    assert parsed.trailer_credit_count == 3
    assert parsed.service_user_number == "123456"
    assert parsed.credits[0].sort_code == "309430" and parsed.credits[0].account_number == "00733445"
    table = read(run, "csv").splitlines()
    assert len(table) == 4 and "Total" in table[0]
    assert ledger.balance(Account.OWED, organisation=team.organisation) == 0
    assert ledger.balance(Account.BANK, organisation=team.organisation) == Decimal("-150.00")
    assert list(ledger.unbalanced_transactions()) == []


def test_running_again_changes_nothing(team):
    approved_claim(team)
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    first = read(run, "bacs")
    again = runs.process_run(run.pk)
    assert read(again, "bacs") == first
    assert ledger.balance(Account.BANK, organisation=team.organisation) == Decimal("-50.00")
    with pytest.raises(RunError):
        runs.start_run(team.organisation, by=team.finance)


@pytest.mark.parametrize(
    "point",
    [
        "start",
        "row:0",
        "row:1",
        "files_built",
        "saved:csv",
        "saved:bacs",
        "saved:vouchers",
        "claims_marked",
        "ledger_posted",
        "before_commit",
    ],
)
def test_a_run_interrupted_anywhere_and_resumed_pays_each_claim_once(team, point):
    claims = [approved_claim(team) for _ in range(2)]
    run = runs.start_run(team.organisation, by=team.finance)
    runs.approve_run(run, by=team.finance2)

    def crash(at):
        if at == point:
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        runs.process_run(run.pk, crash=crash)
    assert Claim.objects.filter(status="paid").count() == 0
    runs.process_run(run.pk)
    assert Claim.objects.filter(status="paid").count() == len(claims)
    assert ledger.balance(Account.BANK, organisation=team.organisation) == Decimal("-100.00")
    assert len(bacs.parse(read(run, "bacs")).credits) == 2


def test_a_claim_is_taken_by_one_run_only(team):
    first, second = approved_claim(team), approved_claim(team)
    run = runs.start_run(team.organisation, by=team.finance, claim_ids=[first.pk])
    other = runs.start_run(team.organisation, by=team.finance2)
    assert list(run.items.values_list("claim_id", flat=True)) == [first.pk]
    assert list(other.items.values_list("claim_id", flat=True)) == [second.pk]


def test_only_finance_start_runs(team):
    approved_claim(team)
    with pytest.raises(PermissionDenied):
        runs.start_run(team.organisation, by=team.checker)


def test_vouchers_go_on_the_voucher_list_not_the_bank_file(team):
    approved_claim(team, method=Method.VOUCHER)
    approved_claim(team)
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    assert len(bacs.parse(read(run, "bacs")).credits) == 1
    vouchers = read(run, "vouchers").splitlines()
    assert len(vouchers) == 2 and vouchers[1].endswith(",50.00")
    assert ledger.balance(Account.VOUCHERS, organisation=team.organisation) == Decimal("-50.00")


def test_a_fee_for_an_organisation_is_in_the_csv_only(team):
    approved_claim(team, method=Method.ORGANISATION, payee_organisation="Riverside Food Bank")
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    assert bacs.parse(read(run, "bacs")).credits == []
    assert "Riverside Food Bank" in read(run, "csv")


def test_the_csv_follows_the_organisations_layout(team):
    CsvLayout.objects.create(
        organisation=team.organisation, columns=["claim", "total", "sort_code", "nonsense"]
    )
    claim = approved_claim(team)
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    assert read(run, "csv").splitlines() == ["Claim,Total,Sort code", f"{claim.pk},50.00,309430"]


def test_text_people_typed_cannot_become_a_spreadsheet_formula(team):
    CsvLayout.objects.create(
        organisation=team.organisation, columns=["payee_name", "payee_organisation", "contributor_reference"]
    )
    tricky = person(team, first_name="=HYPERLINK(x)", last_name="")
    approved_claim(team, tricky, method=Method.ORGANISATION, payee_organisation="+SUM(A1)")
    voucher = person(team, first_name="@Ann", last_name="Lee")
    approved_claim(team, voucher, method=Method.VOUCHER)
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    table = list(csv.reader(io.StringIO(read(run, "csv"))))
    assert table[1][:2] == ["'=HYPERLINK(x)", "'+SUM(A1)"]
    assert table[2][:2] == ["'@Ann Lee", ""]
    assert list(csv.reader(io.StringIO(read(run, "vouchers"))))[1][2] == "'@Ann Lee"


def test_the_csv_gives_the_approval_date_in_uk_time(team):
    CsvLayout.objects.create(organisation=team.organisation, columns=["claim", "approved_on"])
    claim = approved_claim(team)
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (British Summer Time).
    Claim.objects.filter(pk=claim.pk).update(
        approved_at=datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    )
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    assert read(run, "csv").splitlines()[1] == f"{claim.pk},2026-07-01"


def test_the_bank_reference_never_cuts_the_claim_number():
    assert runs.bank_reference(42) == "INVOLVEMENT 42"
    assert runs.bank_reference(999_999) == "INVOLVEMENT 999999"
    assert runs.bank_reference(12_345_678) == "INV 12345678"
    assert runs.bank_reference(10**13) == "INV 10000000000000"  # 18 characters, the most Bacs takes


def test_a_reversed_paid_claim_restores_the_balance(team):
    claim = approved_claim(team)
    runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    services.reverse_claim(Claim.objects.get(pk=claim.pk), by=team.finance2, reason="Returned by the bank")
    assert ledger.balance(organisation=team.organisation) == 0
    assert ledger.balance(Account.BANK, organisation=team.organisation) == 0
    assert ledger.balance(Account.FEES, organisation=team.organisation) == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks with SKIP LOCKED need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_finance_users_starting_runs_at_once_never_share_a_claim():
    from django.db import connections

    with time_machine.travel(TODAY, tick=False):
        team = Team()
        for _ in range(40):
            approved_claim(team)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def start(user):
        try:
            barrier.wait()
            results.append(runs.start_run(team.organisation, by=user).pk)
        except RunError:
            results.append(None)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start, args=(u,)) for u in (team.finance, team.finance2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    claims = list(PaymentRunItem.objects.values_list("claim_id", flat=True))
    assert len(claims) == len(set(claims)) == 40
