"""Sent-is-not-paid family: a claim whose bank file is written is "sent to the bank, expected by
<date>" on every page, notice and statement until the bank confirms it or the day passes.

Before: claims were marked and announced "paid" ("We have paid your claim") the moment the run's
files were written, while the bank had confirmed none of them.
"""

from __future__ import annotations

import datetime
import io

import pypdf
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alongside.payments import arrival, runs
from alongside.payments.models import Claim, PaymentRun, PaymentRunItem
from tests.builders import create_user, sign_in

from .helpers import approved_claim, person

pytestmark = pytest.mark.usefixtures("on_the_test_day")  # Tuesday 10 November 2026


@pytest.fixture
def paid(team, mailoutbox, django_capture_on_commit_callbacks):
    user = create_user()
    contributor = person(team, user=user)
    claim = approved_claim(team, contributor)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    claim.refresh_from_db()
    return user, claim, run


@pytest.mark.parametrize(
    ("sent_on", "arrives"),
    [
        (datetime.date(2026, 11, 10), datetime.date(2026, 11, 12)),  # Tuesday: in on Thursday
        (datetime.date(2026, 11, 13), datetime.date(2026, 11, 17)),  # Friday: over the weekend
        (datetime.date(2026, 11, 14), datetime.date(2026, 11, 18)),  # Saturday: goes in on Monday
        (datetime.date(2026, 12, 24), datetime.date(2026, 12, 30)),  # Christmas and Boxing Day (28th)
        (datetime.date(2027, 3, 25), datetime.date(2027, 3, 31)),  # Good Friday and Easter Monday
    ],
)
def test_money_sent_to_the_bank_arrives_on_the_third_bacs_working_day(sent_on, arrives):
    assert arrival.bacs_arrival(sent_on) == arrives


def test_the_run_records_when_the_money_should_arrive(paid):
    _user, claim, run = paid
    assert run.expected_arrival == datetime.date(2026, 11, 12)
    assert claim.status == Claim.Status.PAID
    assert arrival.status_text(claim) == "Sent to the bank, expected by 12 November 2026"


def test_the_person_is_told_it_was_sent_not_that_it_was_paid(paid, mailoutbox):
    body = mailoutbox[-1].body
    assert "sent your payment of £50.00 to the bank" in body and "12 November 2026" in body
    assert "We have paid" not in body


def test_every_page_says_sent_until_the_bank_confirms(client, team, paid):
    user, claim, run = paid
    sign_in(client, user)
    for url in (reverse("payments:my_payments"), reverse("payments:check_answers", args=[claim.pk])):
        page = client.get(url).content.decode()
        assert "Sent to the bank, expected by 12 November 2026" in page, url
        assert ">Paid<" not in page
    sign_in(client, team.checker)
    for url in (
        reverse("payments:staff_person", args=[claim.contributor_id]),
        reverse("payments:staff_claim", args=[claim.pk]),
    ):
        assert "Sent to the bank, expected by 12 November 2026" in client.get(url).content.decode(), url
    sign_in(client, team.finance)
    assert (
        "Files written and claims sent to the bank"
        in client.get(reverse("payments:run", args=[run.pk])).content.decode()
    )


def test_the_statement_says_when_money_sent_should_arrive(client, paid):
    user, _claim, _run = paid
    sign_in(client, user)
    statement = client.get(reverse("payments:statement", args=[2026]))
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(statement.content)).pages)
    words = " ".join(text.split())  # table cells wrap
    assert "Sent to the bank" in words and "Expected by 12 Nov 2026" in words


def test_it_is_paid_once_the_bank_confirms(client, team, paid):
    user, claim, run = paid
    item = PaymentRunItem.objects.get(run=run)
    data = f"run,line,claim,status\r\n{run.pk},1,{item.claim_id},paid\r\n".encode()
    sign_in(client, team.finance)
    client.post(
        reverse("payments:run_confirmations", args=[run.pk]),
        {"file": SimpleUploadedFile("confirm.csv", data, content_type="text/csv")},
    )
    sign_in(client, user)
    page = client.get(reverse("payments:my_payments")).content.decode()
    assert "Sent to the bank" not in page and "tag--green" in page and ">Paid<" in page


def test_it_is_paid_once_the_expected_day_has_passed_with_no_word_from_the_bank(client, paid):
    user, claim, _run = paid
    with time_machine.travel(datetime.datetime(2026, 11, 13, 9, 0), tick=False):
        claim = Claim.objects.select_related("run_item__run").get(pk=claim.pk)
        assert arrival.status_text(claim) == "Paid"
        sign_in(client, user)
        assert ">Paid<" in client.get(reverse("payments:my_payments")).content.decode()


def test_a_run_that_is_not_finished_has_no_expected_day(team):
    approved_claim(team)
    run = runs.start_run(team.organisation, by=team.finance)
    assert PaymentRun.objects.get(pk=run.pk).expected_arrival is None
