"""The claim journey in a real browser (Chromium), with an accessibility check on the key pages."""

import re

import pytest

from alongside.accounts.models import Role
from alongside.payments.models import Claim, PaymentRun
from tests.browser import follow, serious_axe_violations
from tests.builders import create_staff, create_user, sign_in_browser

from .helpers import Team, contribution, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, live_server, user):
    """Swap the tab's session for one signed in as ``user``."""
    page.context.clear_cookies()
    sign_in_browser(page, live_server.url, user)


@pytest.fixture
def team(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return Team(totp=True)


def _claim_fee_and_mileage(page, start_url: str, done) -> Claim:
    page.goto(start_url)
    page.get_by_label(str(done.activity), exact=False).check()
    follow(page, page.get_by_role("button", name="Continue"))
    page.get_by_label("Mileage in your own vehicle").check()
    page.get_by_label("Date").fill("2026-11-02")
    page.get_by_label("Miles (for mileage only)").fill("10")
    follow(page, page.get_by_role("button", name="Add expense"))
    assert "The expense was added" in page.content()
    follow(page, page.get_by_role("link", name="Continue"))
    page.get_by_label("Bank transfer", exact=True).check()
    follow(page, page.get_by_role("button", name="Continue"))
    assert re.search(r"Check (your|the) answers before sending (your|their) claim", page.content())
    assert serious_axe_violations(page) == []
    follow(page, page.get_by_role("button", name="Accept and send"))
    assert "claim has been sent" in page.content()
    return Claim.objects.get()


def _check_approve_and_pay(page, live_server, team, claim) -> None:
    _as(page, live_server, team.checker)
    page.goto(f"{live_server.url}/staff/payments/claims/{claim.pk}/")
    follow(page, page.get_by_role("button", name="Mark as checked"))
    _as(page, live_server, team.finance)
    page.goto(f"{live_server.url}/staff/payments/claims/{claim.pk}/")
    follow(page, page.get_by_role("button", name="Approve for payment"))
    page.goto(f"{live_server.url}/staff/payments/runs/")
    follow(page, page.get_by_role("button", name=f"Pay approved claims for {team.organisation.name}"))
    assert "you cannot approve it" in page.content()
    _as(page, live_server, team.finance2)
    page.reload()
    follow(page, page.get_by_role("button", name="Approve and pay"))
    page.reload()
    assert "Bacs Standard 18 file" in page.content()
    assert PaymentRun.objects.get().status == PaymentRun.Status.DONE


def _download_statement(page) -> None:
    with page.expect_download() as download:
        page.get_by_role("link", name="Statement for the tax year 2026 to 2027 (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_a_contributor_claims_in_the_browser_and_sees_paid(browser_page, live_server, team):
    user = create_user()
    done = contribution(team, person(team, user=user))
    page = browser_page
    _as(page, live_server, user)
    claim = _claim_fee_and_mileage(page, f"{live_server.url}/payments/claim/new/", done)
    _check_approve_and_pay(page, live_server, team, claim)

    _as(page, live_server, user)
    page.goto(f"{live_server.url}/payments/")
    assert "Sent to the bank, expected by" in page.content()
    assert serious_axe_violations(page) == []
    _download_statement(page)


def test_staff_claim_for_a_person_without_a_login_in_the_browser(browser_page, live_server, team):
    contributor = person(team)  # no login: they use the phone and the post
    done = contribution(team, contributor)
    page = browser_page
    officer = create_staff(team.organisation, Role.INVOLVEMENT_STAFF)
    _as(page, live_server, officer)
    start = f"{live_server.url}/staff/payments/people/{contributor.pk}/claim/new/"
    claim = _claim_fee_and_mileage(page, start, done)
    assert claim.created_by == officer
    _check_approve_and_pay(page, live_server, team, claim)  # checked by a colleague, team.checker

    _as(page, live_server, officer)
    page.goto(f"{live_server.url}/staff/payments/people/{contributor.pk}/")
    assert "Sent to the bank, expected by" in page.locator("main").inner_text()
    assert serious_axe_violations(page) == []
    _download_statement(page)


def test_the_finance_safeguard_pages_pass_axe(browser_page, live_server, team):
    """The pages added for holds, confirmations and cancelling runs, checked with axe-core."""
    from alongside.payments import runs, services

    from .helpers import approved_claim

    held = person(team)
    services.set_bank_details(held, account_name="A Person", sort_code="40-00-00", account_number="12345678")
    approved_claim(team)
    paid = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    approved_claim(team)
    waiting = runs.start_run(team.organisation, by=team.finance)
    page = browser_page
    _as(page, live_server, team.finance2)
    for path in (
        "/staff/payments/runs/",
        "/staff/payments/bank-holds/",
        f"/staff/payments/bank-holds/{held.pk}/release/",
        f"/staff/payments/runs/{paid.pk}/",
        f"/staff/payments/runs/{paid.pk}/confirmations/",
        f"/staff/payments/runs/{waiting.pk}/",
        f"/staff/payments/runs/{waiting.pk}/cancel/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        assert serious_axe_violations(page) == [], path
    # A form with errors keeps its error summary accessible too.
    follow(page, page.get_by_role("button", name="Cancel this run"))
    assert "There is a problem" in page.content()
    assert serious_axe_violations(page) == []
