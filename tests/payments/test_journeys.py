"""The whole journey through the pages: claim, check, approve, pay, see 'paid', download the statement."""

import re

import pytest
import time_machine
from django.urls import reverse

from alongside.accounts.models import AccessLog, Role
from alongside.payments.models import Claim, PaymentRun
from tests.builders import create_staff, create_user, sign_in

from .helpers import TODAY, Team, contribution, person

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    return Team(totp=True)


def _form_key(response) -> str:
    return re.search(r'name="key" value="([0-9a-f]+)"', response.content.decode()).group(1)


def _claim_fee_and_mileage(client, start_url, done):
    page = client.get(start_url)
    assert page.status_code == 200
    response = client.post(start_url, {"key": _form_key(page), "contributions": [str(done.pk)]})
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get()
    url = reverse("payments:claim", args=[claim.pk])
    bad = client.post(url, {"kind": "mileage", "date": "2026-11-02", "miles": "-3"})
    body = bad.content.decode()
    assert "Enter the miles as a number more than 0" in body and 'value="-3"' in body
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        url,
        {"kind": "mileage", "date": "2 11 2026", "miles": "10", "receipt": SimpleUploadedFile("x.png", PNG)},
    )
    client.post(reverse("payments:claim_choice", args=[claim.pk]), {"method": "bank"})
    check = client.get(reverse("payments:check_answers", args=[claim.pk]))
    body = check.content.decode()
    assert "answers before sending" in body and "£54.50" in body  # £50 for two hours, £4.50 for ten miles
    client.post(reverse("payments:check_answers", args=[claim.pk]))
    client.post(reverse("payments:check_answers", args=[claim.pk]))  # a double click
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    return claim


def _check_approve_and_pay(client, team, claim, capture):
    sign_in(client, team.checker)
    page = client.get(reverse("payments:staff_claim", args=[claim.pk]))
    assert "See receipt" in page.content.decode()
    receipt = claim.expenses.get()
    assert client.get(reverse("payments:receipt", args=[claim.pk, receipt.pk])).status_code == 200
    client.post(reverse("payments:staff_claim_action", args=[claim.pk, "check"]))
    sign_in(client, team.finance)
    client.post(reverse("payments:staff_claim_action", args=[claim.pk, "approve"]))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    response = client.post(reverse("payments:run_start"), {"organisation": team.organisation.pk})
    run = PaymentRun.objects.get()
    assert response.url == reverse("payments:run", args=[run.pk])
    # Maker and checker: a second person in finance approves the run before anything is paid.
    assert "you cannot approve it" in client.get(response.url).content.decode()
    sign_in(client, team.finance2)
    with capture(execute=True):
        client.post(reverse("payments:run_approve", args=[run.pk]))
    for kind in ("csv", "bacs", "vouchers"):
        download = client.get(reverse("payments:run_file", args=[run.pk, kind]))
        assert download.status_code == 200
    bacs_text = b"".join(client.get(reverse("payments:run_file", args=[run.pk, "bacs"])).streaming_content)
    assert b"00000005450" in bacs_text  # £54.50 in pence
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID


def test_a_contributor_claims_and_is_paid_and_downloads_a_statement(
    client, team, django_capture_on_commit_callbacks
):
    user = create_user()
    contributor = person(team, user=user)
    done = contribution(team, contributor)
    sign_in(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        claim = _claim_fee_and_mileage(client, reverse("payments:start_claim"), done)
    _check_approve_and_pay(client, team, claim, django_capture_on_commit_callbacks)
    sign_in(client, user)
    page = client.get(reverse("payments:my_payments")).content.decode()
    assert "Sent to the bank, expected by 12 November 2026" in page  # Bacs: sent Tuesday, in on Thursday
    statement = client.get(reverse("payments:statement", args=[2026]))
    assert statement.status_code == 200 and statement.content.startswith(b"%PDF")
    assert client.get(reverse("payments:benefits_letter")).content.startswith(b"%PDF")


def test_staff_claim_for_a_person_without_a_login(client, team, django_capture_on_commit_callbacks):
    contributor = person(team)
    done = contribution(team, contributor)
    officer = create_staff(team.organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, officer)
    claim = _claim_fee_and_mileage(client, reverse("payments:staff_start_claim", args=[contributor.pk]), done)
    assert claim.created_by == officer
    # The officer who made the claim does not check it: a colleague (team.checker) does.
    _check_approve_and_pay(client, team, claim, django_capture_on_commit_callbacks)
    assert AccessLog.objects.filter(subject_id=str(contributor.pk), actor=officer).exists()
    # Staff see "paid" and print the person's statement and benefits letter to post to them.
    sign_in(client, officer)
    page = client.get(reverse("payments:staff_person", args=[contributor.pk])).content.decode()
    assert "Sent to the bank, expected by" in page and "Statement for the tax year 2026 to 2027" in page
    statement = client.get(reverse("payments:staff_statement", args=[contributor.pk, 2026]))
    assert statement.status_code == 200 and statement.content.startswith(b"%PDF")
    letter = client.get(reverse("payments:staff_benefits_letter", args=[contributor.pk]))
    assert letter.content.startswith(b"%PDF")


def test_another_organisations_staff_get_404(client, team):
    contributor = person(team)
    done = contribution(team, contributor)
    from alongside.payments import services

    claim = services.start_claim(contributor, [done], by=None, key="k1")
    other = Team(totp=True)
    sign_in(client, other.checker)
    for url in (
        reverse("payments:staff_claim", args=[claim.pk]),
        reverse("payments:claim", args=[claim.pk]),
        reverse("payments:staff_person", args=[contributor.pk]),
        reverse("payments:staff_bank_details", args=[contributor.pk]),
    ):
        assert client.get(url).status_code == 404, url
    sign_in(client, other.finance)
    assert client.get(reverse("payments:finance_bank_details", args=[contributor.pk])).status_code == 404


def test_a_contributor_cannot_see_someone_elses_claim(client, team):
    from alongside.payments import services

    theirs = person(team)
    claim = services.start_claim(theirs, [contribution(team, theirs)], by=None, key="k2")
    me = create_user()
    person(team, user=me)
    sign_in(client, me)
    assert client.get(reverse("payments:claim", args=[claim.pk])).status_code == 404
    assert client.get(reverse("payments:check_answers", args=[claim.pk])).status_code == 404


def test_bank_details_are_masked_except_to_finance_and_each_view_is_logged(client, team):
    contributor = person(team)
    sign_in(client, team.checker)
    page = client.get(reverse("payments:staff_bank_details", args=[contributor.pk])).content.decode()
    assert "00733445" not in page and "ending 45" in page
    sign_in(client, team.finance)
    before = AccessLog.objects.filter(action="view bank details").count()
    page = client.get(reverse("payments:finance_bank_details", args=[contributor.pk])).content.decode()
    assert "00733445" in page and "309430" in page
    assert AccessLog.objects.filter(action="view bank details").count() == before + 1


def test_bad_bank_details_get_clear_messages_and_keep_what_was_typed(client, team):
    user = create_user()
    person(team, user=user, bank=False)
    sign_in(client, user)
    response = client.post(
        reverse("payments:bank_details"),
        {"account_name": "Sam Taylor", "sort_code": "12-34", "account_number": "123"},
    )
    body = response.content.decode()
    assert "Enter a valid sort code" in body and 'value="Sam Taylor"' in body


def test_the_public_policy_page_and_pdf(client, team):
    page = client.get(reverse("payments:policy", args=[team.organisation.slug])).content.decode()
    assert "£25.00 an hour" in page and "example" in page.lower()
    assert client.get(reverse("payments:policy_pdf", args=[team.organisation.slug])).content.startswith(
        b"%PDF"
    )
