"""Bacs details family: no bank file is written with placeholder originator details; finance are
told what to fill in and where, and have a page to fill it in.

Before: with no organisation bank details the Bacs file's contra used sort code 000000, account
00000001 and service user number 000000, which a bank would reject.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.accounts.models import AccessLog
from alongside.payments import bacs, runs
from alongside.payments.models import FinanceSettings, PaymentRun
from alongside.payments.runs import RunError
from tests.builders import sign_in

from .helpers import Team, approved_claim

pytestmark = pytest.mark.usefixtures("on_the_test_day")


@pytest.fixture
def team():
    return Team(totp=True, bacs=False)


DETAILS = {
    "service_user_number": "654321",
    "originator_name": "Northbridge Trust",
    "sort_code": "20-00-00",
    "account_number": "5566 7788",
    "bank_change_hold_days": "3",
    "confirmation_due_days": "5",
}


def test_no_run_is_prepared_without_the_organisations_bacs_details(team):
    approved_claim(team)
    with pytest.raises(RunError, match="Bacs details") as refused:
        runs.start_run(team.organisation, by=team.finance)
    assert "service user number" in str(refused.value) and "Payment runs, Bacs details" in str(refused.value)
    assert not PaymentRun.objects.exists()


@pytest.mark.parametrize(
    "placeholder",
    [
        {"service_user_number": "000000", "sort_code": "400000", "account_number": "12345678"},
        {"service_user_number": "123456", "sort_code": "000000", "account_number": "12345678"},
        {"service_user_number": "123456", "sort_code": "400000", "account_number": "00000000"},
    ],
)
def test_placeholder_zeros_are_not_details(team, placeholder):
    FinanceSettings.objects.create(organisation=team.organisation, **placeholder)
    approved_claim(team)
    with pytest.raises(RunError, match="Bacs details"):
        runs.start_run(team.organisation, by=team.finance)


def test_finance_are_told_on_the_runs_page_and_sent_to_fill_them_in(client, team):
    approved_claim(team)
    sign_in(client, team.finance)
    page = client.post(reverse("payments:run_start"), {"organisation": team.organisation.pk}, follow=True)
    body = page.content.decode()
    assert "No bank file can be written until" in body
    assert f"{reverse('payments:finance_settings')}?organisation={team.organisation.pk}" in body
    assert not PaymentRun.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"service_user_number": "000000"}, "the 6 digits your bank gave you"),
        ({"service_user_number": "12345"}, "the 6 digits your bank gave you"),
        ({"sort_code": "00-00-00"}, "Enter the sort code of your organisation"),
        ({"account_number": "1234"}, "Enter a valid account number"),
        ({"originator_name": "Trust <script>"}, "letters, numbers, spaces and . &amp; / -"),
        ({"bank_change_hold_days": "1e3"}, "Enter a whole number"),
    ],
)
def test_the_details_are_checked_when_filled_in(client, team, change, message):
    sign_in(client, team.finance)
    response = client.post(reverse("payments:finance_settings"), DETAILS | change)
    assert response.status_code == 200 and message in response.content.decode()
    assert not FinanceSettings.objects.filter(organisation=team.organisation).exists()


def test_once_filled_in_the_bank_file_carries_them(client, team, django_capture_on_commit_callbacks):
    sign_in(client, team.finance)
    page = client.get(reverse("payments:finance_settings")).content.decode()
    assert "No bank file can be written until these are filled in" in page
    response = client.post(reverse("payments:finance_settings"), DETAILS)
    assert response.status_code == 302
    saved = FinanceSettings.objects.get(organisation=team.organisation)
    assert (saved.service_user_number, saved.sort_code, saved.account_number) == (
        "654321",
        "200000",
        "55667788",
    )
    assert saved.updated_by == team.finance
    assert AccessLog.objects.filter(actor=team.finance, action="change Bacs details").exists()
    approved_claim(team)
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    from django.core.files.storage import default_storage

    with default_storage.open(runs.file_name(run, "bacs")) as stored:
        parsed = bacs.parse(stored.read().decode())
    assert parsed.service_user_number == "654321"
    assert parsed.contra_pence == 5000


def test_approval_is_refused_if_the_details_went_missing(team):
    FinanceSettings.objects.create(
        organisation=team.organisation,
        service_user_number="123456",
        sort_code="400000",
        account_number="12345678",
    )
    approved_claim(team)
    run = runs.start_run(team.organisation, by=team.finance)
    FinanceSettings.objects.filter(organisation=team.organisation).update(account_number="")
    with pytest.raises(RunError, match="Bacs details"):
        runs.approve_run(run, by=team.finance2)


def test_only_finance_of_the_organisation_fill_them_in(client, team):
    sign_in(client, team.checker)
    assert client.get(reverse("payments:finance_settings")).status_code == 403
    other = Team(totp=True)
    sign_in(client, other.finance)
    url = f"{reverse('payments:finance_settings')}?organisation={team.organisation.pk}"
    assert client.post(url, DETAILS).status_code == 404
    assert not FinanceSettings.objects.filter(organisation=team.organisation).exists()
