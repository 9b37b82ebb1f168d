"""National admins manage organisations: find, create, change, see the team, invite the first admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.accounts.models import Organisation, Role, TeamChange, TeamInvitation
from tests.builders import create_contributor, create_organisation, create_staff, sign_in


@pytest.fixture
def national(client):
    admin = create_staff(create_organisation("National Involvement Team"), Role.NATIONAL_ADMIN)
    sign_in(client, admin)
    return admin


def _create(client, **fields):
    data = {
        "name": "Harbourside Research Trust",
        "type": Organisation.Type.CHARITY,
        "region": "Wales",
        "slug": "",
    }
    return client.post(reverse("accounts:organisation_create"), {**data, **fields})


def test_a_national_admin_adds_an_organisation_and_a_short_name_is_made_from_the_name(client, national):
    response = _create(client)
    organisation = Organisation.objects.get(name="Harbourside Research Trust")
    assert response["Location"] == reverse("accounts:organisation", args=[organisation.pk])
    assert organisation.slug == "harbourside-research-trust" and organisation.region == "Wales"
    change = TeamChange.objects.get()
    assert (change.action, change.actor, change.organisation_name) == (
        TeamChange.Action.ORGANISATION_CREATED,
        national,
        "Harbourside Research Trust",
    )
    page = client.get(response["Location"]).content.decode()
    assert "no organisation admin yet" in page and "Invite the first organisation admin" in page


def test_names_and_short_names_must_be_unique_and_errors_say_so(client, national):
    riverside = create_organisation("Riverside")
    page = _create(client, name="Riverside").content.decode()
    assert "There is a problem" in page and "already exists" in page
    page = _create(client, slug=riverside.slug).content.decode()
    assert "Another organisation uses this short name" in page
    page = _create(client, slug="Not A Slug!").content.decode()
    assert "There is a problem" in page
    assert not Organisation.objects.filter(name="Harbourside Research Trust").exists()


def test_a_national_admin_finds_and_changes_an_organisation(client, national):
    organisation = create_organisation("Canal Street Voices", region="London")
    listing = client.get(reverse("accounts:organisations") + "?q=canal").content.decode()
    assert "Canal Street Voices" in listing and "National Involvement Team" not in listing
    data = {"name": "Canal Street Community Voices", "type": organisation.type, "region": "West Midlands"}
    client.post(
        reverse("accounts:organisation_edit", args=[organisation.pk]), {**data, "slug": organisation.slug}
    )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.region) == ("Canal Street Community Voices", "West Midlands")
    change = TeamChange.objects.get(action=TeamChange.Action.ORGANISATION_CHANGED)
    assert "name" in change.note and "region" in change.note


def test_a_national_admin_invites_the_first_org_admin_and_sees_the_team(client, national):
    organisation = create_organisation("Harbourside")
    form = client.get(reverse("accounts:team_invite") + f"?organisation={organisation.slug}&role=org_admin")
    assert (
        'value="org_admin" checked' in form.content.decode().replace("\n", " ")
        or "checked" in form.content.decode()
    )
    client.post(
        reverse("accounts:team_invite"),
        {"organisation": organisation.pk, "email": "lead@harbourside.example", "roles": [Role.ORG_ADMIN]},
    )
    assert TeamInvitation.objects.get().organisation == organisation
    member = create_staff(organisation, Role.RESEARCHER)
    page = client.get(reverse("accounts:organisation", args=[organisation.pk])).content.decode()
    assert member.email in page and "lead@harbourside.example" in page


def test_an_organisation_that_holds_records_cannot_be_deleted_and_the_page_says_why(client, national):
    organisation = create_organisation("Northbridge")
    create_contributor(organisation)
    create_staff(organisation, Role.FINANCE)
    page = client.get(reverse("accounts:organisation_delete", args=[organisation.pk])).content.decode()
    assert "cannot be deleted" in page and "1 contributor" in page and "1 team role" in page
    client.post(reverse("accounts:organisation_delete", args=[organisation.pk]))
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_an_empty_organisation_can_be_deleted_after_confirming_and_its_history_stays(client, national):
    _create(client)
    organisation = Organisation.objects.get(name="Harbourside Research Trust")
    assert client.get(reverse("accounts:organisation_delete", args=[organisation.pk])).status_code == 200
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    client.post(reverse("accounts:organisation_delete", args=[organisation.pk]))
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    actions = list(
        TeamChange.objects.filter(organisation_ref=organisation.pk).values_list("action", flat=True)
    )
    assert actions == [TeamChange.Action.ORGANISATION_DELETED, TeamChange.Action.ORGANISATION_CREATED]


@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.FINANCE, Role.RESEARCHER])
def test_only_national_admins_manage_organisations(client, role):
    organisation = create_organisation()
    sign_in(client, create_staff(organisation, role))
    for url in (
        reverse("accounts:organisations"),
        reverse("accounts:organisation_create"),
        reverse("accounts:organisation", args=[organisation.pk]),
        reverse("accounts:organisation_delete", args=[organisation.pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("accounts:organisation_delete", args=[organisation.pk])).status_code == 403
    assert Organisation.objects.filter(pk=organisation.pk).exists()
