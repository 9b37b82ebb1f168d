"""Team management in a real browser (Chromium): invite, accept, manage; axe-core on every new page."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alongside.accounts.models import Membership, Role
from tests.browser import follow, serious_axe_violations
from tests.builders import create_contributor, create_organisation, create_staff, sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a brand new passphrase for work 7"


def _as(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in_browser(page, live_server.url, user)


def _checked(page, path: str) -> None:
    page.goto(path)
    assert page.locator("h1").count() == 1, path
    assert serious_axe_violations(page) == [], path


def test_an_org_admin_invites_a_second_finance_person_who_accepts(browser_page, live_server, settings):
    settings.BASE_URL = live_server.url
    org = create_organisation("Northbridge")
    admin = create_staff(org, Role.ORG_ADMIN)
    page = browser_page
    _as(page, live_server, admin)
    _checked(page, "/staff/team/")
    follow(page, page.get_by_role("link", name="Invite someone"))
    follow(page, page.get_by_role("button", name="Send the invitation"))
    assert "There is a problem" in page.content()
    assert serious_axe_violations(page) == []
    page.get_by_label("Email address").fill("helen.two@northbridge.example")
    page.get_by_label("Name (optional)").fill("Helen Two")
    page.get_by_label("Finance: approves payment runs", exact=False).check()
    follow(page, page.get_by_role("button", name="Send the invitation"))
    assert "Invitation sent to helen.two@northbridge.example" in page.content()
    assert serious_axe_violations(page) == []

    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    assert serious_axe_violations(page) == []
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Join the team"))
    assert "You have joined the team at Northbridge" in page.content()
    assert Membership.objects.filter(user__email="helen.two@northbridge.example", role=Role.FINANCE).exists()


def test_the_team_member_removal_and_organisation_pages_pass_axe(browser_page, live_server):
    org = create_organisation("Northbridge")
    admin = create_staff(org, Role.ORG_ADMIN)
    member = create_staff(org, Role.FINANCE)
    create_contributor(org)
    national = create_staff(create_organisation("National team"), Role.NATIONAL_ADMIN)
    page = browser_page
    _as(page, live_server, admin)
    for path in (
        f"/staff/team/{org.slug}/{member.pk}/",
        f"/staff/team/{org.slug}/{member.pk}/remove/",
        "/staff/team/changes/",
    ):
        _checked(page, path)
    _as(page, live_server, national)
    for path in (
        "/staff/organisations/",
        "/staff/organisations/new/",
        f"/staff/organisations/{org.pk}/",
        f"/staff/organisations/{org.pk}/edit/",
        f"/staff/organisations/{org.pk}/delete/",
    ):
        _checked(page, path)
    page.goto("/staff/organisations/new/")
    follow(page, page.get_by_role("button", name="Add the organisation"))
    assert "There is a problem" in page.content()
    assert serious_axe_violations(page) == []
