"""The staff area: each role sees its own sections, in words, with what is waiting for it."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts.models import Membership, Organisation, Role
from alongside.opportunities import services as opportunity_services
from alongside.payments import runs
from alongside.payments import services as payment_services
from alongside.payments.models import Claim
from tests.builders import create_opportunity, create_organisation, create_staff, sign_in
from tests.payments.helpers import Team, approved_claim, submitted_claim

NOW = datetime.datetime(2026, 11, 10, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _page(client, user) -> str:
    sign_in(client, user)
    response = client.get(reverse("accounts:staff_home"))
    assert response.status_code == 200
    return response.content.decode()


def _sections(html: str) -> list[str]:
    return re.findall(r'<h2 class="heading-m" id="section-[^"]+">([^<]+)</h2>', html)


def _hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#?]+)', html))


def test_a_researcher_sees_research_and_their_account_only(client):
    organisation = create_organisation("Northbridge")
    html = _page(client, create_staff(organisation, Role.RESEARCHER))
    assert _sections(html) == ["Research and opportunities", "People", "You"]
    assert "Researcher at Northbridge" in html
    for name in ("opportunities:staff_list", "people:search", "payments:cost_plans", "people:partners"):
        assert reverse(name) in _hrefs(html)
    for name in ("people:list", "outreach:messages", "payments:staff_claims", "accounts:team"):
        assert reverse(name) not in _hrefs(html)


def test_finance_see_payments_and_nothing_about_writing_opportunities(client):
    html = _page(client, create_staff(create_organisation(), Role.FINANCE))
    assert "Payments" in _sections(html)
    for name in ("payments:staff_claims", "payments:runs", "payments:bank_holds", "payments:policy_versions"):
        assert reverse(name) in _hrefs(html)
    for name in ("opportunities:staff_list", "people:search", "outreach:messages"):
        assert reverse(name) not in _hrefs(html)


def test_an_organisation_admin_sees_administration(client):
    html = _page(client, create_staff(create_organisation(), Role.ORG_ADMIN))
    assert "Administration" in _sections(html)
    assert {reverse("accounts:team"), reverse("accounts:access_log")} <= _hrefs(html)


def test_a_national_admin_is_told_what_their_role_reads_and_is_not_offered_sending(client):
    national = create_staff(
        create_organisation("National team", type=Organisation.Type.NIHR), Role.NATIONAL_ADMIN
    )
    html = _page(client, national)
    assert "National admin at National team" in html
    assert "read the records of every organisation" in html
    assert reverse("outreach:messages") in _hrefs(html)
    for name in ("outreach:compose", "outreach:buddies", "payments:policy_versions", "payments:csv_layout"):
        assert reverse(name) not in _hrefs(html)


def test_someone_with_two_roles_sees_them_in_words_per_organisation(client):
    first, second = create_organisation("Alpha Trust"), create_organisation("Beta Centre")
    user = create_staff(first, Role.FINANCE)
    Membership.objects.create(user=user, organisation=first, role=Role.ORG_ADMIN)
    Membership.objects.create(user=user, organisation=second, role=Role.RESEARCHER)
    html = _page(client, user)
    assert "Finance, Organisation admin at Alpha Trust" in html
    assert "Researcher at Beta Centre" in html


def test_involvement_staff_see_opportunities_to_review_and_claims_to_check(client):
    team = Team(totp=True)
    draft = create_opportunity(team.organisation, status="draft")
    opportunity_services.submit_for_review(draft, by=None)
    submitted_claim(team)
    submitted_claim(team)
    html = _page(client, team.checker)
    assert "1 opportunity waiting for review" in html
    assert "2 claims waiting for you" in html


def test_finance_see_checked_claims_and_runs_someone_else_prepared(client):
    team = Team(totp=True)
    approved_claim(team)
    runs.start_run(team.organisation, by=team.finance)
    payment_services.check(submitted_claim(team), by=team.checker)
    checker_html = _page(client, team.finance2)
    assert "1 claim waiting for you" in checker_html
    assert "1 payment run waiting for your approval" in checker_html
    maker_html = _page(client, team.finance)
    assert "payment run waiting" not in maker_html


def test_nothing_waiting_is_said_plainly(client):
    html = _page(client, create_staff(create_organisation(), Role.INVOLVEMENT_STAFF))
    assert "Nothing is waiting for you at the moment." in html


def test_the_staff_area_makes_the_same_queries_however_much_is_waiting(client):
    team = Team(totp=True)
    Membership.objects.create(user=team.checker, organisation=team.organisation, role=Role.FINANCE)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("accounts:staff_home")).status_code == 200
        return len(captured)

    sign_in(client, team.checker)
    submitted_claim(team)
    small = count()
    for _ in range(15):
        submitted_claim(team)
    checked = list(Claim.objects.filter(status=Claim.Status.SUBMITTED).values_list("pk", flat=True)[:5])
    Claim.objects.filter(pk__in=checked).update(status=Claim.Status.CHECKED)
    for _ in range(5):
        opportunity_services.submit_for_review(create_opportunity(team.organisation, status="draft"), by=None)
    assert count() == small
    assert small <= 12
