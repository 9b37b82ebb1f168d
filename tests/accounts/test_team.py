"""Team management: organisation admins invite, change roles and remove; invitees accept by link."""

from __future__ import annotations

import datetime
import re
import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from alongside.accounts import services
from alongside.accounts.models import Membership, Role, TeamChange, TeamInvitation, User
from tests.builders import (
    STAFF_PASSWORD,
    create_contributor,
    create_organisation,
    create_staff,
    create_user,
    has_totp,
    sign_in,
)

NEW_PASSWORD = "a brand new passphrase for work 7"
LINK = re.compile(r"https?://\S+/accounts/invitation/[^/\s]+/")


@pytest.fixture
def team(settings, django_capture_on_commit_callbacks):
    settings.BASE_URL = "https://alongside.example:8443"
    org = create_organisation("Northbridge")
    return {
        "org": org,
        "admin": create_staff(org, Role.ORG_ADMIN),
        "other": create_organisation("Riverside"),
        "committed": lambda: django_capture_on_commit_callbacks(execute=True),
    }


def _invite(client, team, email="new.person@example.org", roles=(Role.FINANCE,), **extra):
    sign_in(client, team["admin"])
    data = {"organisation": team["org"].pk, "email": email, "full_name": "Nia Patel", "roles": list(roles)}
    with team["committed"]():  # the email goes once the invitation is saved
        return client.post(reverse("accounts:team_invite"), {**data, **extra})


def _link(message=None) -> str:
    message = message or mail.outbox[-1]
    return LINK.search(message.body).group(0)


def _path(link: str) -> str:
    return link.split("alongside.example:8443", 1)[1]


def _accept(client, link: str, password: str = NEW_PASSWORD, name: str = "Nia Patel"):
    return client.post(_path(link), {"full_name": name, "new_password1": password, "new_password2": password})


def _roles(org, user) -> set[str]:
    return set(
        Membership.objects.filter(organisation=org, user=user, ended_at=None).values_list("role", flat=True)
    )


# --- Inviting and accepting ----------------------------------------------------------------------


def test_an_org_admin_invites_someone_and_the_email_has_an_absolute_link(client, team):
    response = _invite(client, team)
    assert response.status_code == 302
    invitation = TeamInvitation.objects.get()
    assert invitation.email == "new.person@example.org" and invitation.roles == [Role.FINANCE]
    assert mail.outbox[-1].to == ["new.person@example.org"]
    assert _link().startswith("https://alongside.example:8443/accounts/invitation/")
    change = TeamChange.objects.get()
    assert (change.action, change.actor, change.member_email) == (
        TeamChange.Action.INVITED,
        team["admin"],
        "new.person@example.org",
    )


def test_opening_the_link_changes_nothing_and_accepting_sets_a_password(client, team):
    _invite(client, team)
    link = _link()
    client.logout()
    assert client.get(_path(link)).status_code == 200
    assert client.head(_path(link)).status_code == 200
    assert TeamInvitation.objects.get().is_open  # a mail scanner opening the link uses nothing up
    response = _accept(client, link)
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "Nia Patel" and user.check_password(NEW_PASSWORD)
    assert _roles(team["org"], user) == {Role.FINANCE}
    assert user.emailaddress_set.get().verified
    assert TeamChange.objects.filter(action=TeamChange.Action.JOINED, member=user).exists()


# Committed for real: allauth counts a new authenticator as the session's second factor only after commit.
@pytest.mark.django_db(transaction=True)
def test_a_new_member_must_set_up_an_authenticator_before_any_staff_page(client, team):
    _invite(client, team)
    link = _link()
    client.logout()
    _accept(client, link)
    client.post(reverse("account_login"), {"login": "new.person@example.org", "password": NEW_PASSWORD})
    for url in (reverse("accounts:staff_home"), reverse("payments:runs"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/totp/activate")
    # allauth asks for the password once more before an authenticator is added.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": NEW_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_activate_totp"), {"code": code})
    assert has_totp(User.objects.get(email="new.person@example.org"))
    assert client.get(reverse("payments:runs")).status_code == 200


def test_an_invitation_link_works_once(client, team):
    _invite(client, team)
    link = _link()
    client.logout()
    _accept(client, link)
    other = client.__class__()
    assert other.get(_path(link)).status_code == 404
    assert _accept(other, link, password="yet another good passphrase 9").status_code == 404
    assert User.objects.get(email="new.person@example.org").check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused_even_through_a_password_reset(client, team):
    _invite(client, team)
    link = _link()
    client.logout()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=TeamInvitation.INVITE_DAYS, seconds=1)):
        assert client.get(_path(link)).status_code == 404
        assert _accept(client, link).status_code == 404
        client.post(reverse("account_reset_password"), {"email": "new.person@example.org"})
    assert not Membership.objects.filter(user__email="new.person@example.org").exists()


def test_a_tampered_link_is_refused(client, team):
    _invite(client, team)
    path = _path(_link())
    client.logout()
    token = path.rstrip("/").rsplit("/", 1)[1]
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    for bad in (flipped, token[:-5], token + "x", "999999"):
        assert client.get(reverse("accounts:invitation", args=[bad])).status_code == 404


def test_sending_again_replaces_the_link_and_cancelling_stops_it(client, team):
    _invite(client, team)
    first = _link()
    invitation = TeamInvitation.objects.get()
    with team["committed"]():
        assert client.post(reverse("accounts:invitation_resend", args=[invitation.pk])).status_code == 302
    second = _link()
    assert first != second
    assert client.get(_path(first)).status_code == 404
    assert client.get(reverse("accounts:invitation_cancel", args=[invitation.pk])).status_code == 200
    assert TeamInvitation.objects.get().is_open  # the confirmation step changes nothing
    client.post(reverse("accounts:invitation_cancel", args=[invitation.pk]))
    client.logout()
    assert client.get(_path(second)).status_code == 404
    actions = set(TeamChange.objects.values_list("action", flat=True))
    assert {TeamChange.Action.INVITATION_RESENT, TeamChange.Action.INVITATION_CANCELLED} <= actions


def test_a_weak_password_is_refused_and_the_name_is_kept(client, team):
    _invite(client, team)
    link = _link()
    client.logout()
    response = _accept(client, link, password="password1234567", name="Nia P")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and 'value="Nia P"' in page
    assert TeamInvitation.objects.get().is_open


def test_someone_with_a_password_signs_in_as_themselves_to_accept(client, team):
    elsewhere = create_staff(team["other"], Role.RESEARCHER, email="ana@example.org")
    _invite(client, team, email="ana@example.org", roles=(Role.RESEARCHER,))
    link = _link()
    client.logout()
    page = client.get(_path(link)).content.decode()
    assert "Sign in to accept" in page
    assert _accept(client, link).status_code == 200  # no password is set for an existing account
    assert elsewhere.memberships.count() == 1
    sign_in(client, elsewhere)
    assert client.post(_path(link)).status_code == 302
    assert _roles(team["org"], elsewhere) == {Role.RESEARCHER}
    assert User.objects.get(pk=elsewhere.pk).check_password(STAFF_PASSWORD)


def test_a_public_contributor_can_be_invited_and_then_needs_a_password(client, team):
    person = create_user(email="sam@example.org")
    create_contributor(user=person)
    _invite(client, team, email="sam@example.org", roles=(Role.INVOLVEMENT_STAFF,))
    link = _link()
    sign_in(client, person)  # signed in with an emailed code
    assert _accept(client, link).status_code == 302
    assert "_auth_user_id" not in client.session  # staff sign in again with the password
    assert User.objects.get(pk=person.pk).check_password(NEW_PASSWORD)


def test_the_link_does_not_work_for_another_signed_in_account(client, team):
    _invite(client, team)
    link = _link()
    sign_in(client, create_user())
    assert client.get(_path(link)).status_code == 403
    assert _accept(client, link).status_code == 403
    assert TeamInvitation.objects.get().is_open


def test_someone_already_in_the_team_or_already_invited_is_not_invited_again(client, team):
    member = create_staff(team["org"], Role.RESEARCHER)
    response = _invite(client, team, email=member.email)
    assert "already in the team" in response.content.decode()
    _invite(client, team)
    response = _invite(client, team)
    assert "already been invited" in response.content.decode()
    assert TeamInvitation.objects.count() == 1


def test_an_org_admin_cannot_invite_into_another_organisation_or_give_national_admin(client, team):
    response = _invite(client, team, organisation=team["other"].pk)
    assert response.status_code == 200 and not TeamInvitation.objects.exists()
    response = _invite(client, team, roles=(Role.NATIONAL_ADMIN,))
    assert response.status_code == 200 and not TeamInvitation.objects.exists()
    with pytest.raises(PermissionDenied):
        services.invite(team["other"], email="x@example.org", roles=[Role.RESEARCHER], by=team["admin"])


def test_nothing_is_emailed_when_the_invitation_is_rolled_back(team):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.invite(team["org"], email="x@example.org", roles=[Role.RESEARCHER], by=team["admin"])
        raise RuntimeError
    assert not mail.outbox and not TeamInvitation.objects.exists()


# --- Roles and removal ---------------------------------------------------------------------------


def _member_url(team, user, suffix=""):
    return reverse(
        "accounts:team_remove" if suffix else "accounts:team_member", args=[team["org"].slug, user.pk]
    )


def test_changing_roles_works_on_the_members_next_page_and_is_recorded(client, team):
    member = create_staff(team["org"], Role.FINANCE)
    member_client = client.__class__()
    sign_in(member_client, member)
    assert member_client.get(reverse("payments:runs")).status_code == 200
    sign_in(client, team["admin"])
    with team["committed"]():
        response = client.post(
            _member_url(team, member), {"roles": [Role.RESEARCHER, Role.INVOLVEMENT_STAFF]}
        )
    assert response.status_code == 302
    assert _roles(team["org"], member) == {Role.RESEARCHER, Role.INVOLVEMENT_STAFF}
    assert member_client.get(reverse("payments:runs")).status_code == 403
    change = TeamChange.objects.get(action=TeamChange.Action.ROLES_CHANGED)
    assert (change.roles_before, change.roles_after) == (
        [Role.FINANCE],
        [Role.RESEARCHER, Role.INVOLVEMENT_STAFF],
    )
    assert mail.outbox[-1].to == [member.email]
    assert "Researcher, Involvement staff" in client.get(reverse("accounts:team_changes")).content.decode()


def test_removing_a_member_asks_first_then_ends_their_roles(client, team):
    member = create_staff(team["org"], Role.INVOLVEMENT_STAFF)
    member_client = client.__class__()
    sign_in(member_client, member)
    sign_in(client, team["admin"])
    assert client.get(_member_url(team, member, "_remove")).status_code == 200
    assert _roles(team["org"], member) == {Role.INVOLVEMENT_STAFF}
    assert client.post(_member_url(team, member, "_remove")).status_code == 302
    assert _roles(team["org"], member) == set()
    assert member_client.get(reverse("people:list")).status_code == 403
    assert TeamChange.objects.filter(action=TeamChange.Action.REMOVED, member=member).exists()
    assert client.get(_member_url(team, member)).status_code == 404


def test_the_last_org_admin_cannot_remove_or_demote_themselves(client, team):
    admin = team["admin"]
    sign_in(client, admin)
    response = client.post(_member_url(team, admin), {"roles": [Role.RESEARCHER]})
    assert "only organisation admin" in response.content.decode()
    response = client.post(_member_url(team, admin, "_remove"))
    assert "only organisation admin" in response.content.decode()
    assert _roles(team["org"], admin) == {Role.ORG_ADMIN}
    create_staff(team["org"], Role.ORG_ADMIN)
    client.post(_member_url(team, admin), {"roles": [Role.ORG_ADMIN, Role.FINANCE]})
    assert _roles(team["org"], admin) == {Role.ORG_ADMIN, Role.FINANCE}
    client.post(_member_url(team, admin, "_remove"))
    assert _roles(team["org"], admin) == set()


def test_the_last_national_admin_cannot_give_up_the_role(team):
    national_org = create_organisation("National")
    national = create_staff(national_org, Role.NATIONAL_ADMIN)
    with pytest.raises(Exception, match="at least one national admin"):
        services.remove_member(national_org, national, by=national)


def test_an_org_admin_sees_only_their_own_teams_invitations_and_changes(client, team):
    _invite(client, team, email="mine@example.org")
    other_admin = create_staff(team["other"], Role.ORG_ADMIN)
    services.invite(team["other"], email="theirs@example.org", roles=[Role.RESEARCHER], by=other_admin)
    page = client.get(reverse("accounts:team")).content.decode()
    assert "mine@example.org" in page and "theirs@example.org" not in page
    changes = client.get(reverse("accounts:team_changes")).content.decode()
    assert "mine@example.org" in changes and "theirs@example.org" not in changes
    theirs = TeamInvitation.objects.get(email="theirs@example.org")
    assert client.post(reverse("accounts:invitation_resend", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("accounts:invitation_cancel", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("accounts:team") + f"?organisation={team['other'].slug}").status_code == 404
    # Buttons the page does not show, posted directly, are refused too (catalogue C.45).
    member_url = reverse("accounts:team_member", args=[team["other"].slug, other_admin.pk])
    assert client.post(member_url, {"roles": [Role.RESEARCHER]}).status_code == 404
    assert (
        client.post(reverse("accounts:team_remove", args=[team["other"].slug, other_admin.pk])).status_code
        == 404
    )
    assert _roles(team["other"], other_admin) == {Role.ORG_ADMIN}


def test_a_national_admin_sees_every_change(client, team):
    _invite(client, team, email="mine@example.org")
    national = create_staff(create_organisation("National"), Role.NATIONAL_ADMIN)
    sign_in(client, national)
    assert "mine@example.org" in client.get(reverse("accounts:team_changes")).content.decode()


def test_team_changes_cannot_be_changed_or_deleted(client, team):
    _invite(client, team)
    change = TeamChange.objects.get()
    change.note = "tampered"
    with pytest.raises(PermissionDenied):
        change.save()
    with pytest.raises(PermissionDenied):
        change.delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)
def test_the_database_refuses_to_change_or_delete_team_changes(client, team):
    _invite(client, team)
    for attempt in (lambda: TeamChange.objects.update(note="tampered"), TeamChange.objects.all()._raw_delete):
        with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
            attempt() if attempt.__name__ == "<lambda>" else attempt(TeamChange.objects.db)
    assert TeamChange.objects.get().note == ""


def test_hints_and_errors_on_the_invitation_form_are_tied_to_ids_that_exist(client, team):
    sign_in(client, team["admin"])
    for response in (
        client.get(reverse("accounts:team_invite")),
        client.post(reverse("accounts:team_invite"), {"organisation": team["org"].pk, "email": "bad"}),
    ):
        page = response.content.decode()
        described = {i for ids in re.findall(r'aria-describedby="([^"]+)"', page) for i in ids.split()}
        assert described and all(f'id="{i}"' in page for i in described)
        targets = re.findall(r'class="error-summary__list">.*?</ul>', page, re.S)
        for target in re.findall(r'href="#([^"]+)"', "".join(targets)):
            assert f'id="{target}"' in page
