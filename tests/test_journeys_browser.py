"""Each role's main journey on the demo, in a real browser, from the home page, by clicking only.

Every journey opens ``/`` once and from then on only clicks links and buttons by the names a
person sees, fills fields by their labels, and checks what the person is shown at each step.
Staff sign in with the demo password and the code their authenticator would show; members of
the public with the code the sign-in email carries, read from the test outbox.

The demo takes a while to load, so it is loaded once for the module and committed, because the
live server answers from its own thread; the tables are emptied when the module ends (as a
live-server test does). The journeys therefore share the demo: each one works on records no
other journey changes, so they pass in any order.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.test.utils import override_settings
from pytest_django.live_server_helper import LiveServer

from alongside.accounts.authenticator_codes import current_code
from alongside.accounts.demo import DEMO_PASSWORD
from alongside.people.services import current_wording
from tests import conftest
from tests.browser import follow, serious_axe_violations

pytestmark = pytest.mark.browser


@dataclass
class DemoSite:
    url: str
    media: Path


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, committed, behind a live server for the whole module; emptied afterwards."""
    media = tmp_path_factory.mktemp("journeys") / "media"
    with override_settings(**conftest.isolated_settings(media)), django_db_blocker.unblock():
        conftest.put_back_migration_rows()
        call_command("load_demo", quiet=True)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield DemoSite(url=server.url, media=media)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            ContentType.objects.clear_cache()
            conftest.tables_emptied()


@pytest.fixture
def db(demo_site):
    """Replaces pytest-django's transaction around each test: the server must see what each click commits.

    The name still tells pytest-django that these tests need the test database set up.
    """


@pytest.fixture(autouse=True)
def _demo_files(settings, demo_site):
    """Receipts and payment files the demo wrote stay readable in every test."""
    settings.MEDIA_ROOT = demo_site.media


@pytest.fixture
def home(chromium_browser, demo_site):
    """A new browser (its own cookies) on the home page: the only address any journey types."""
    context = chromium_browser.new_context(base_url=demo_site.url)
    page = context.new_page()
    page.goto(demo_site.url + "/")
    yield page
    context.close()


# --- helpers: what a person does


def click(page, name: str | re.Pattern, role: str = "link", within: str = "body") -> None:
    """Click the link or button called ``name`` and wait for the page it leads to."""
    follow(page, page.locator(within).get_by_role(role, name=name, exact=True).first)


def press(page, name: str | re.Pattern, within: str = "main") -> None:
    click(page, name, role="button", within=within)


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def main_text(page) -> str:
    return page.locator("main").text_content()


def sign_in_staff(page, email: str) -> None:
    click(page, "Sign in", within="header")
    page.get_by_label("Email address").fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(DEMO_PASSWORD)
    press(page, "Continue")
    page.get_by_label("Code", exact=True).fill(current_code(email))
    press(page, "Sign in")
    click(page, "Staff area", within="header")
    assert heading(page) == "Staff area"


def sign_in_by_code(page, email: str) -> None:
    """Sign in as a member of the public: the email address, then the code that was emailed."""
    page.get_by_label("Email address").fill(email)
    press(page, "Continue")
    sent = [message for message in mail.outbox if email in message.to]
    code = re.search(r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4})\s*$", sent[-1].body, re.M).group(1)
    page.get_by_label("Sign-in code").fill(code)
    press(page, "Sign in")


def download(page, name: str | re.Pattern) -> bytes:
    with page.expect_download() as event:
        page.get_by_role("link", name=name).first.click()
    return Path(event.value.path()).read_bytes()


# --- the journeys


def test_someone_new_finds_an_opportunity_joins_signs_in_by_code_and_applies(home):
    page = home
    click(page, "Find opportunities", within="header")
    assert heading(page) == "Find opportunities"
    page.get_by_label("Topic").select_option(label="Mental health")
    press(page, "Search")
    results = page.locator("main")
    assert results.get_by_role("link", name="Help young people design a mental health app").count() == 1
    assert results.get_by_role("link", name="Join our stroke recovery panel").count() == 0

    click(page, "Help young people design a mental health app", within="main")
    assert heading(page) == "Help young people design a mental health app"
    click(page, re.compile(r"^Apply"), within="main")
    assert heading(page) == "Sign in"
    click(page, "Become a public contributor", within="main")
    page.get_by_label("First name").fill("Rowan")
    page.get_by_label("Email address").fill("rowan.new@example.org")
    page.get_by_role("combobox", name=re.compile(r"^Email")).select_option(label="First choice")
    page.get_by_label("Mental health", exact=True).check()
    page.get_by_label(current_wording("contact").text).check()
    press(page, "Join")
    assert heading(page) == "Thank you for joining"

    click(page, "Sign in", within="main")
    sign_in_by_code(page, "rowan.new@example.org")
    # Back where they were going when they pressed Apply.
    assert heading(page) == "Apply: Help young people design a mental health app"
    page.get_by_label("Why are you interested?").fill("I supported a friend through a hard year at college.")
    press(page, "Send my application")
    assert "We have your application" in main_text(page)
    assert heading(page) == "Your involvement"
    row = page.get_by_role("row", name=re.compile("Help young people design a mental health app"))
    assert "Received" in row.text_content()
    assert serious_axe_violations(page) == []


def test_a_contributor_claims_for_a_session_and_downloads_their_statement(home):
    page = home
    click(page, "Sign in", within="header")
    sign_in_by_code(page, "llyr@public.example")
    click(page, "Your payments", within="header")
    assert heading(page) == "Your payments"
    click(page, "Claim for your time and expenses", within="main")
    page.get_by_label(re.compile("choosing the first study")).check()
    press(page, "Continue")
    page.get_by_label("Home phone, data and printing").check()
    page.get_by_label("Date", exact=True).fill("2026-11-24")
    press(page, "Add expense")
    assert "The expense was added" in main_text(page)
    click(page, "Continue", within="main")
    page.get_by_label("Vouchers", exact=True).check()
    press(page, "Continue")
    press(page, "Accept and send")

    assert "Your claim has been sent" in main_text(page)
    assert heading(page) == "Your payments"
    sent = page.get_by_role("row", name=re.compile("sent, waiting to be checked", re.I))
    assert sent.count() == 1 and "£60.00" in sent.text_content()
    statement = download(page, re.compile(r"^Statement for the tax year"))
    assert statement.startswith(b"%PDF")


def test_a_researcher_writes_an_opportunity_sends_it_for_review_and_invites_people(home):
    page = home
    sign_in_staff(page, "researcher@northbridge.example")
    click(page, "Opportunities", within="main")
    click(page, "Write an opportunity", within="main")
    page.get_by_label("Organisation").select_option(label="Northbridge Teaching Hospitals NHS Trust")
    page.get_by_label("Title").fill("Tell us what makes a clinic letter clear")
    page.get_by_label("Summary, in plain words").fill(
        "Our PPIE team is rewriting the letters we send before a clinic visit."
    )
    page.get_by_label("Format").select_option(label="Online")
    closing = datetime.date.today() + datetime.timedelta(days=40)
    page.get_by_label("Closing date").fill(closing.isoformat())
    press(page, "Check my writing")
    check = page.get_by_role("region", name="Plain-language check")
    assert "Unexplained acronyms" in check.text_content() and "PPIE" in check.text_content()

    page.get_by_label("Summary, in plain words").fill(
        "We are rewriting the letters we send before a clinic visit. Read two short letters and "
        "tell us which is clearer, in a one-hour online meeting."
    )
    press(page, "Check my writing")
    assert "No problems found" in page.get_by_role("region", name="Plain-language check").text_content()
    press(page, "Save")
    assert heading(page) == "Tell us what makes a clinic letter clear"
    press(page, "Send for review")
    assert "Sent to your involvement team for review" in main_text(page)
    assert "waiting for review" in main_text(page).lower()

    click(page, "Staff area", within="header")
    click(page, "Find contributors", within="main")
    page.get_by_label("North West", exact=True).check()
    press(page, "Search")
    assert "people found" in main_text(page)
    target = page.get_by_label("What to invite them to")
    target.select_option(label="Opportunity: Join our stroke recovery panel")
    page.get_by_label("How many people to invite").fill("3")
    press(page, "Continue")
    assert heading(page) == "Invite people from your search"
    press(page, "Send the invitations")
    assert re.search(r"invit", main_text(page), re.I)
    assert serious_axe_violations(page) == []


def test_involvement_staff_publish_draw_record_attendance_and_check_a_claim(home):
    page = home
    sign_in_staff(page, "involvement@northbridge.example")
    click(page, re.compile(r"waiting for review$"), within="main")
    click(page, "Help us test a new appointment letter", within="main")
    click(page, "Review", within="main")
    page.get_by_label("Approve and publish").check()
    press(page, "Record decision")
    assert "Your decision has been recorded" in main_text(page)
    assert "published" in main_text(page).lower()

    click(page, "All opportunities", within="main")
    click(page, "Share your experience of maternity care", within="main")
    click(page, "Applicants", within="main")
    click(page, "Draw a representative panel", within="main")
    page.get_by_label("Places to fill").fill("3")
    press(page, "Draw")
    assert heading(page) == "Draw result: Share your experience of maternity care"
    press(page, "Use this draw and tell everyone")
    assert "3 drawn applicants are now selected" in main_text(page)

    click(page, "Back to the opportunity", within="main")
    click(page, "All opportunities", within="main")
    click(page, "Join our stroke recovery panel", within="main")
    session = page.get_by_role("row", name=re.compile("choosing the first study"))
    follow(page, session.get_by_role("link", name="Record attendance"))
    assert heading(page).startswith("Who took part")
    took_part = page.get_by_role("checkbox", checked=True).count()
    page.get_by_role("checkbox", checked=False).first.check()
    press(page, "Save attendance")
    assert f"Attendance saved for {took_part + 1} people" in main_text(page)

    click(page, "Staff area", within="header")
    click(page, "Claims", within="main")
    click(page, re.compile(r"^Claim \d+$"), within="main table")
    assert "sent, waiting to be checked" in main_text(page).lower()
    press(page, "Mark as checked")
    assert "Claim checked. It now goes to finance." in main_text(page)
    assert serious_axe_violations(page) == []


def test_finance_one_person_prepares_a_payment_run_and_another_approves_it(home, chromium_browser, demo_site):
    page = home
    sign_in_staff(page, "finance@northbridge.example")
    click(page, "Claims", within="main")
    page.get_by_label("Show claims that are").select_option(label="Checked, waiting for finance")
    press(page, "Show")
    click(page, re.compile(r"^Claim \d+$"), within="main table")
    press(page, "Approve for payment")
    assert "Claim approved" in main_text(page)
    click(page, "Staff area", within="header")
    click(page, "Payment runs", within="main")
    press(page, re.compile(r"^Pay approved claims for Northbridge"))
    assert "Someone else in finance must now check and approve it" in main_text(page)
    run = heading(page)  # "Payment run 3"
    assert page.get_by_role("button", name=re.compile(r"^Approve and pay")).count() == 0

    second = chromium_browser.new_context(base_url=demo_site.url)
    page = second.new_page()
    page.goto(demo_site.url + "/")
    sign_in_staff(page, "finance2@northbridge.example")
    click(page, "Payment runs", within="main")
    click(page, run.replace("Payment run", "Run"), within="main")
    assert heading(page) == run
    press(page, re.compile(r"^Approve and pay \d+ claim"))
    assert "Run approved" in main_text(page)
    if "files being written" in main_text(page):
        page.reload()  # the page asks to be refreshed while the files are written
    assert "Files written and claims sent to the bank" in main_text(page)
    assert serious_axe_violations(page) == []
    assert download(page, "Payments (CSV for the finance system)").strip()
    assert download(page, "Bacs Standard 18 file").strip()
    second.close()


def test_an_organisation_admin_invites_someone_changes_a_role_and_sees_it_recorded(home):
    page = home
    sign_in_staff(page, "admin@northbridge.example")
    click(page, "Team", within="main")
    click(page, "Invite someone", within="main")
    page.get_by_label("Email address").fill("nia.roberts@northbridge.example")
    page.get_by_label("Name (optional)").fill("Nia Roberts")
    page.get_by_role("checkbox", name=re.compile(r"^Researcher")).check()
    press(page, "Send the invitation")
    waiting = page.get_by_role("row", name=re.compile("nia.roberts@northbridge.example"))
    assert "Researcher" in waiting.text_content()

    click(page, "Tom Okafor", within="main")
    page.get_by_role("checkbox", name=re.compile(r"^Researcher")).check()
    press(page, "Save roles")
    assert "Roles saved" in main_text(page)
    click(page, "Back to the team", within="main")
    click(page, re.compile(r"^Changes to the team"), within="main")
    changes = page.locator("main table").text_content()
    assert "Roles changed" in changes and "involvement@northbridge.example" in changes
    assert "Invited to the team" in changes and "nia.roberts@northbridge.example" in changes
    assert serious_axe_violations(page) == []


def test_a_national_admin_adds_an_organisation_and_reads_the_pool_and_a_run(home):
    page = home
    sign_in_staff(page, "national@national.example")
    click(page, "Organisations", within="main")
    click(page, "Add an organisation", within="main")
    page.get_by_label("Name", exact=True).fill("Valley Hospice Research")
    page.get_by_label("Type of organisation").select_option(label="Charity")
    page.get_by_label("Region (optional)").select_option(label="Wales")
    press(page, "Add the organisation")
    assert "Valley Hospice Research has been added" in main_text(page)

    click(page, "Staff area", within="header")
    click(page, "Contributors", within="main")
    assert "Alongside national team" in main_text(page)  # people who joined online: the national pool

    click(page, "Staff area", within="header")
    click(page, "Payment runs", within="main")
    waiting = page.get_by_role("row", name=re.compile("Waiting for a second person in finance"))
    follow(page, waiting.get_by_role("link").first)
    assert "Only finance staff at Northbridge Teaching Hospitals NHS Trust can approve" in main_text(page)
    assert page.get_by_role("button", name=re.compile(r"^Approve")).count() == 0
    assert serious_axe_violations(page) == []
