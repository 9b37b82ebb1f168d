"""The claim journey in a real browser (Chromium), with an accessibility check on the key pages."""

import os

import pytest
from django.conf import settings as django_settings
from django.test import Client

from alongside.payments.models import Claim, FinanceSettings, PaymentRun
from tests.builders import create_user, sign_in

from .helpers import Team, contribution, person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_page():
    playwright_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context()
        yield context
        browser.close()


def _as(context, live_server, user):
    """Give the browser the session of ``user`` signed in the proper way."""
    client = Client()
    sign_in(client, user)
    context.clear_cookies()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _no_serious_axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_a_contributor_claims_in_the_browser_and_sees_paid(browser_page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    team = Team(totp=True)
    FinanceSettings.objects.create(
        organisation=team.organisation, service_user_number="123456", sort_code="400000"
    )
    user = create_user()
    contributor = person(team, user=user)
    done = contribution(team, contributor)
    page = browser_page.new_page()

    _as(browser_page, live_server, user)
    page.goto(f"{live_server.url}/payments/claim/new/")
    page.get_by_label(str(done.activity), exact=False).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Mileage in your own vehicle").check()
    page.get_by_label("Date").fill("2026-11-02")
    page.get_by_label("Miles (for mileage only)").fill("10")
    page.get_by_role("button", name="Add expense").click()
    assert "The expense was added" in page.content()
    page.get_by_role("link", name="Continue").click()
    page.get_by_label("Bank transfer", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    assert "Check your answers" in page.content()
    _no_serious_axe_violations(page)
    page.get_by_role("button", name="Accept and send").click()
    assert "Your claim has been sent" in page.content()

    claim = Claim.objects.get()
    _as(browser_page, live_server, team.checker)
    page.goto(f"{live_server.url}/staff/payments/claims/{claim.pk}/")
    page.get_by_role("button", name="Mark as checked").click()
    _as(browser_page, live_server, team.finance)
    page.goto(f"{live_server.url}/staff/payments/claims/{claim.pk}/")
    page.get_by_role("button", name="Approve for payment").click()
    page.goto(f"{live_server.url}/staff/payments/runs/")
    page.get_by_role("button", name=f"Pay approved claims for {team.organisation.name}").click()
    page.reload()
    assert "Bacs Standard 18 file" in page.content()
    assert PaymentRun.objects.get().status == PaymentRun.Status.DONE

    _as(browser_page, live_server, user)
    page.goto(f"{live_server.url}/payments/")
    assert "Paid" in page.content()
    _no_serious_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Statement for the tax year 2026 to 2027 (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
