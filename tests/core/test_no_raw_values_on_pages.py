"""No page shows a stored code where people expect words (issue 10, review D8).

A contributor with support needs, free days, channels and a mobile number; an opportunity with
hours, support offered and a session; a claim with a mileage expense and no receipt. Then the
main pages the contributor and the staff who work with them open, each read as text and checked
for "large_print", "tue", "3.0", "None", "+44…" and other stored values.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
import time_machine
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities import services as opportunity_services
from alongside.opportunities.models import Activity
from alongside.payments import services as payment_services
from tests.builders import create_contributor, create_staff, create_user, sign_in
from tests.payments.helpers import TODAY, Team, contribution, key
from tests.words_check import raw_values, visible_text


def assert_words_only(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    problems = raw_values(page)
    assert not problems, f"{url}: " + "\n".join(problems)
    return " ".join(visible_text(page).split())


@pytest.fixture
def story():
    with time_machine.travel(TODAY, tick=False):
        yield _story()


def _story():
    team = Team()
    user = create_user("margaret@example.org")
    person = create_contributor(
        team.organisation,
        user=user,
        email="margaret@example.org",
        mobile="07911 123456",
        landline="029 2012 3456",
        preferred_channels=["email", "text", "letter"],
        access_needs=["large_print", "hearing_loop"],
        available_days=["tue", "thu"],
        available_times=["morning"],
        languages=["English", "Welsh"],
        in_person=True,
        online=True,
        travel_miles=12,
        device="smartphone",
    )
    opportunity = team.opportunity
    opportunity.time_needed_hours = Decimal("3.0")
    opportunity.support_offered = ["large_print", "breaks"]
    opportunity.region = "Wales"
    opportunity.closes_on = datetime.date(2026, 12, 20)
    opportunity.save()
    Activity.objects.create(
        opportunity=opportunity,
        title="Workshop",
        duration_minutes=90,
        starts_at=datetime.datetime(2026, 12, 16, 10, 0, tzinfo=datetime.UTC),
    )
    opportunity_services.apply(opportunity, person, why_interested="My mother had dementia.")
    payment_services.set_bank_details(
        person, account_name="M Jones", sort_code="30-94-30", account_number="00733445"
    )
    done = contribution(team, person, minutes=180)
    claim = payment_services.start_claim(person, [done], by=None, key=key())
    payment_services.add_expense(
        claim, kind="mileage", date=datetime.date(2026, 11, 2), miles=Decimal("12.0"), by=None
    )
    return team, user, person, opportunity, claim


def test_the_contributors_own_pages_show_words(client, story):
    team, user, person, opportunity, claim = story
    sign_in(client, user)
    profile = assert_words_only(client, reverse("people:my_profile"))
    assert "Large print and Hearing loop" in profile
    assert "Tuesdays and Thursdays" in profile
    assert "07911 123456" in profile
    assert "Email, Text message and Letter" in profile
    page = assert_words_only(client, reverse("opportunities:detail", args=[opportunity.slug]))
    assert "3 hours" in page and "Large print" in page and "Wednesday 16 December 2026, 10am" in page
    assert "1½ hours" in page
    assert_words_only(client, reverse("opportunities:list"))
    claim_page = assert_words_only(client, reverse("payments:claim", args=[claim.pk]))
    assert "12 miles" in claim_page and "Times you took part" in claim_page
    assert_words_only(client, reverse("payments:check_answers", args=[claim.pk]))
    assert_words_only(client, reverse("payments:my_payments"))


def test_the_staff_pages_about_them_show_words_and_speak_about_them(client, story):
    team, user, person, opportunity, claim = story
    payment_services.submit(claim, by=user)
    officer = create_staff(team.organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, officer)
    record = assert_words_only(client, reverse("people:detail", args=[person.pk]))
    assert "Their choices about their information" in record
    assert "Your choices about your information" not in record
    assert_words_only(client, reverse("opportunities:staff_detail", args=[opportunity.pk]))
    assert_words_only(client, reverse("opportunities:staff_applicants", args=[opportunity.pk]))
    claim_page = assert_words_only(client, reverse("payments:staff_claim", args=[claim.pk]))
    assert "Times they took part" in claim_page and "Times you took part" not in claim_page
    form = client.get(reverse("people:create")).content.decode()
    assert "What should we call them?" in form and "What should we call you?" not in form


def test_a_claim_staff_make_for_someone_speaks_about_them(client, story):
    team, user, person, opportunity, claim = story
    officer = create_staff(team.organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, officer)
    contribution(team, person, minutes=45)
    start = client.get(reverse("payments:staff_start_claim", args=[person.pk])).content.decode()
    assert "Which times did they take part?" in start
    assert "Monday 2 November 2026 (45 minutes)" in start


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    reader = pypdf.PdfReader(io.BytesIO(body))
    # Table cells wrap, so compare the words with single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_documents_they_download_show_words(client, story):
    team, user, person, opportunity, claim = story
    sign_in(client, user)
    everything = pdf_text(client.get(reverse("people:my_data", args=["pdf"])))
    assert "Large print and Hearing loop" in everything and "Tuesdays and Thursdays" in everything
    assert "07911 123456" in everything and "+44" not in everything and "large_print" not in everything
    flyer = pdf_text(client.get(reverse("opportunities:pdf", args=[opportunity.slug])))
    assert "3 hours" in flyer and "1½ hours" in flyer and "3.0" not in flyer
