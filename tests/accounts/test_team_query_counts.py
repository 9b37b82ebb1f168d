"""Query-count guards: the team, invitation, team-change and organisation lists run the same number
of queries at 10 rows and at 200."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Membership, Organisation, Role, TeamChange, TeamInvitation, User
from tests.builders import create_organisation, create_staff, sign_in

_numbers = itertools.count()


@pytest.fixture
def admins(client):
    org = create_organisation("Northbridge")
    national = create_staff(create_organisation("National"), Role.NATIONAL_ADMIN)
    return {"org": org, "admin": create_staff(org, Role.ORG_ADMIN), "national": national}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _same_at_two_sizes(client, url: str, add) -> None:
    add(10)
    small = _queries(client, url)
    add(190)
    assert _queries(client, url) == small


def _members(org):
    def add(n: int) -> None:
        users = User.objects.bulk_create(User(email=f"member{next(_numbers)}@example.org") for _ in range(n))
        roles = [Role.RESEARCHER, Role.FINANCE]
        Membership.objects.bulk_create(
            Membership(user=u, organisation=org, role=role) for u in users for role in roles
        )

    return add


def _invitations(org, by):
    def add(n: int) -> None:
        ends = timezone.now() + datetime.timedelta(days=7)
        TeamInvitation.objects.bulk_create(
            TeamInvitation(
                organisation=org,
                email=f"invited{next(_numbers)}@example.org",
                roles=[Role.RESEARCHER],
                invited_by=by,
                expires_at=ends,
                nonce_hash="x",
            )
            for _ in range(n)
        )

    return add


def _changes(org, by):
    def add(n: int) -> None:
        TeamChange.objects.bulk_create(
            TeamChange(
                actor=by,
                organisation_ref=org.pk,
                organisation_name=org.name,
                member=by,
                member_email=by.email,
                action=TeamChange.Action.ROLES_CHANGED,
                roles_before=[Role.RESEARCHER],
                roles_after=[Role.FINANCE],
            )
            for _ in range(n)
        )

    return add


def _organisations(n: int) -> None:
    Organisation.objects.bulk_create(
        Organisation(name=f"Guard organisation {i}", slug=f"guard-{i}", type=Organisation.Type.CHARITY)
        for i in (next(_numbers) for _ in range(n))
    )


@pytest.mark.parametrize("who", ["admin", "national"])
def test_the_team_list(client, admins, who):
    sign_in(client, admins[who])
    _same_at_two_sizes(client, reverse("accounts:team"), _members(admins["org"]))


def test_the_team_list_with_waiting_invitations(client, admins):
    sign_in(client, admins["admin"])
    _same_at_two_sizes(client, reverse("accounts:team"), _invitations(admins["org"], admins["admin"]))
    _same_at_two_sizes(
        client, reverse("accounts:team_invitations"), _invitations(admins["org"], admins["admin"])
    )


def test_the_team_changes(client, admins):
    sign_in(client, admins["admin"])
    _same_at_two_sizes(client, reverse("accounts:team_changes"), _changes(admins["org"], admins["admin"]))


def test_the_organisation_list_and_one_organisations_team(client, admins):
    sign_in(client, admins["national"])
    _same_at_two_sizes(client, reverse("accounts:organisations"), _organisations)
    url = reverse("accounts:organisation", args=[admins["org"].pk])
    _same_at_two_sizes(client, url, _members(admins["org"]))
