"""Who sees whose record (people/queries.py, visible_contributors; docs/people.md, "Who sees whom").

People who join online are held by the national pool. An organisation's staff see them once they
apply to one of its opportunities, accept one of its invitations or claim payment from it;
national admins see everyone; researchers still see only search cards.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities import services as opportunity_services
from alongside.payments import services as payment_services
from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor, OrganisationLink
from tests.builders import create_organisation, create_staff, sign_in
from tests.payments.helpers import Team, contribution, key


def _join(first_name="Alex", email="alex.tester@example.org") -> Contributor:
    consents = {"contact": True, "findable": True, "newsletter": False}
    return services.join(
        consents=consents, how=HowGiven.ONLINE, first_name=first_name, last_name="Tester", email=email
    )


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def world():
    team_a = Team(create_organisation("Northbridge"), totp=True)
    org_b = create_organisation("Riverside")
    alex = _join()
    return {
        "a": team_a,
        "alex": alex,
        "admin_a": create_staff(team_a.organisation, Role.ORG_ADMIN),
        "researcher_a": create_staff(team_a.organisation, Role.RESEARCHER),
        "staff_b": create_staff(org_b, Role.INVOLVEMENT_STAFF),
        "finance_b": create_staff(org_b, Role.FINANCE),
        "national": create_staff(create_organisation("National team"), Role.NATIONAL_ADMIN),
    }


def _apply(world):
    return opportunity_services.apply(
        world["a"].opportunity, world["alex"], why_interested="I care for my mum"
    )


def _claim(world):
    alex = world["alex"]
    payment_services.set_bank_details(
        alex, account_name="Alex Tester", sort_code="30-94-30", account_number="00733445"
    )
    return payment_services.start_claim(alex, [contribution(world["a"], alex)], by=None, key=key())


def _detail(pk: int) -> str:
    return reverse("people:detail", args=[pk])


def test_someone_who_joined_online_is_held_by_the_national_pool_and_seen_by_national_admins(world):
    alex = world["alex"]
    assert alex.organisation.slug == "alongside"
    national = _client(world["national"])
    assert "Alex Tester" in national.get(reverse("people:list")).content.decode()
    assert national.get(_detail(alex.pk)).status_code == 200
    staff_a = _client(world["a"].checker)
    assert "Alex Tester" not in staff_a.get(reverse("people:list")).content.decode()
    assert staff_a.get(_detail(alex.pk)).status_code == 404


def test_after_applying_to_a_the_staff_of_a_see_them_and_b_does_not(world):
    _apply(world)
    alex = world["alex"]
    for user in (world["a"].checker, world["admin_a"], world["national"]):
        client = _client(user)
        assert "Alex Tester" in client.get(reverse("people:list")).content.decode()
        page = client.get(_detail(alex.pk))
        assert page.status_code == 200
        assert "Applied to one of its opportunities" in page.content.decode()
        assert client.get(reverse("outreach:person_messages", args=[alex.pk])).status_code == 200
    staff_b = _client(world["staff_b"])
    assert "Alex Tester" not in staff_b.get(reverse("people:list")).content.decode()
    for url in (_detail(alex.pk), reverse("outreach:person_messages", args=[alex.pk])):
        assert staff_b.get(url).status_code == 404


def test_researchers_still_see_no_records(world):
    _apply(world)
    researcher = _client(world["researcher_a"])
    assert researcher.get(reverse("people:list")).status_code == 403
    assert researcher.get(_detail(world["alex"].pk)).status_code == 403
    cards = researcher.get(reverse("people:search")).content.decode()
    assert "Alex Tester" not in cards


def test_keeping_the_record_stays_with_its_holder_and_national_admins(world):
    _apply(world)
    alex = world["alex"]
    staff_a = _client(world["a"].checker)
    for url in (
        reverse("people:equality", args=[alex.pk]),
        reverse("people:data", args=[alex.pk, "json"]),
        reverse("people:erase", args=[alex.pk]),
    ):
        assert staff_a.get(url).status_code == 404
    assert "handled by Alongside national team" in staff_a.get(_detail(alex.pk)).content.decode()
    national = _client(world["national"])
    assert national.get(reverse("people:erase", args=[alex.pk])).status_code == 200


def test_finance_reach_the_bank_details_and_payments_of_someone_who_joined_online(world):
    """Review D10: both links on the claim page work for a person who joined online."""
    claim = _claim(world)
    alex = world["alex"]
    finance_a = _client(world["a"].finance)
    page = finance_a.get(reverse("payments:staff_claim", args=[claim.pk]))
    assert page.status_code == 200
    for url in (
        reverse("payments:finance_bank_details", args=[alex.pk]),
        reverse("payments:staff_person", args=[alex.pk]),
    ):
        assert url in page.content.decode()
        assert finance_a.get(url).status_code == 200
    person_page = finance_a.get(reverse("payments:staff_person", args=[alex.pk])).content.decode()
    assert "Make a claim for this person" not in person_page  # finance read; involvement staff act
    assert _client(world["admin_a"]).get(reverse("payments:staff_person", args=[alex.pk])).status_code == 200
    finance_b = _client(world["finance_b"])
    for url in (
        reverse("payments:finance_bank_details", args=[alex.pk]),
        reverse("payments:staff_person", args=[alex.pk]),
    ):
        assert finance_b.get(url).status_code == 404
    # Full bank details are for finance, not national admins.
    national = _client(world["national"])
    assert national.get(reverse("payments:finance_bank_details", args=[alex.pk])).status_code == 404


def test_claiming_payment_links_the_paying_organisation(world):
    _claim(world)
    links = OrganisationLink.objects.filter(contributor=world["alex"], organisation=world["a"].organisation)
    assert set(links.values_list("reason", flat=True)) == {OrganisationLink.Reason.PAID}


def test_accepting_an_invitation_links_the_inviting_organisation(world):
    org_c = create_organisation("Canal Street")
    researcher_c = create_staff(org_c, Role.RESEARCHER)
    staff_c = _client(create_staff(org_c, Role.INVOLVEMENT_STAFF))
    invitation = services.send_invitation(
        researcher=researcher_c, organisation=org_c, contributor=world["alex"], message="Join our panel"
    )
    assert staff_c.get(_detail(world["alex"].pk)).status_code == 404  # an invitation alone shows nothing
    services.respond_to_invitation(invitation, accept=True)
    assert staff_c.get(_detail(world["alex"].pk)).status_code == 200
    assert _client(researcher_c).get(_detail(world["alex"].pk)).status_code == 403


def test_declining_links_nobody_and_linking_twice_keeps_one_row(world):
    org_c = create_organisation("Canal Street")
    researcher_c = create_staff(org_c, Role.RESEARCHER)
    invitation = services.send_invitation(
        researcher=researcher_c, organisation=org_c, contributor=world["alex"], message="Join our panel"
    )
    services.respond_to_invitation(invitation, accept=False)
    assert not OrganisationLink.objects.exists()
    for _ in range(2):
        services.link_organisation(world["alex"], org_c.pk, OrganisationLink.Reason.INVITATION)
    assert OrganisationLink.objects.count() == 1


def test_the_migration_links_people_who_applied_before_links_existed(world):
    _apply(world)
    OrganisationLink.objects.all().delete()
    migration = importlib.import_module(
        "alongside.opportunities.migrations.0006_link_applicants_to_organisations"
    )
    migration.link_applicants(apps, None)
    migration.link_applicants(apps, None)  # safe to run again
    link = OrganisationLink.objects.get()
    assert (link.contributor, link.organisation, link.reason) == (
        world["alex"],
        world["a"].organisation,
        OrganisationLink.Reason.APPLIED,
    )


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("people:list"))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_contributor_list_runs_the_same_queries_for_10_and_200_linked_people(world):
    opportunity = world["a"].opportunity
    staff_a = _client(world["a"].checker)

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            person = _join(first_name=f"Person{i}", email=f"person{i}@example.org")
            opportunity_services.apply(opportunity, person)

    add(10, 0)
    small = _list_queries(staff_a)
    add(190, 10)
    assert _list_queries(staff_a) == small
    assert "Page 1 of 4" in staff_a.get(reverse("people:list")).content.decode()


def test_the_person_sees_who_can_see_their_record(world):
    _apply(world)
    client = Client()
    sign_in(client, world["alex"].user)
    page = client.get(reverse("people:my_profile")).content.decode()
    assert "Who can see your record" in page
    assert "Alongside national team, which keeps it" in page
    assert "Northbridge: Applied to one of its opportunities" in page


def test_a_national_admin_adds_someone_who_phoned_to_the_national_pool(world):
    national = _client(world["national"])
    form = {"first_name": "Pat", "last_name": "Caller", "mobile": "07911 123456", "how": "phone"}
    response = national.post(reverse("people:create"), {**form, "channel_phone": "1"})
    assert response.status_code == 302
    assert Contributor.objects.get(first_name="Pat").organisation.slug == "alongside"
