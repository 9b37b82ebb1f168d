import pytest
from django.http import Http404
from django.urls import reverse

from alongside.accounts import permissions
from alongside.accounts.models import AccessLog, Membership, Role
from tests.builders import create_organisation, create_staff, create_user, sign_in


@pytest.fixture
def two_teams():
    org_a, org_b = create_organisation("A"), create_organisation("B")
    return {
        "org_a": org_a,
        "org_b": org_b,
        "researcher_a": create_staff(org_a, Role.RESEARCHER),
        "admin_a": create_staff(org_a, Role.ORG_ADMIN),
        "admin_b": create_staff(org_b, Role.ORG_ADMIN),
        "member_b": create_staff(org_b, Role.INVOLVEMENT_STAFF),
    }


def test_scope_limits_records_to_the_users_organisations(two_teams):
    memberships = permissions.scope(two_teams["researcher_a"], Membership.objects.all())
    assert {m.organisation for m in memberships} == {two_teams["org_a"]}


def test_records_of_another_organisation_are_not_found(two_teams):
    b_membership = two_teams["member_b"].memberships.get()
    with pytest.raises(Http404):
        permissions.get_scoped_or_404(two_teams["researcher_a"], Membership.objects.all(), pk=b_membership.pk)


def test_an_admin_of_a_cannot_open_a_team_member_of_b(client, two_teams):
    sign_in(client, two_teams["admin_a"])
    member_b = two_teams["member_b"]
    for slug, pk in (
        ("org-b", member_b.pk),
        (two_teams["org_b"].slug, member_b.pk),
        (two_teams["org_a"].slug, member_b.pk),
    ):
        assert client.get(reverse("accounts:team_member", args=[slug, pk])).status_code == 404
    assert two_teams["member_b"].email not in client.get(reverse("accounts:team")).content.decode()


def _member_url(two_teams, who: str) -> str:
    return reverse("accounts:team_member", args=[two_teams["org_a"].slug, two_teams[who].pk])


def test_a_researcher_cannot_open_admin_tools(client, two_teams):
    sign_in(client, two_teams["researcher_a"])
    for name in ("accounts:access_log", "accounts:team"):
        assert client.get(reverse(name)).status_code == 403


def test_a_member_of_the_public_cannot_open_staff_pages(client):
    sign_in(client, create_user())
    assert client.get(reverse("accounts:staff_home")).status_code == 403


def test_a_national_admin_reads_across_organisations(two_teams):
    national = create_staff(create_organisation("National"), Role.NATIONAL_ADMIN)
    seen = permissions.scope(national, Membership.objects.all())
    assert {two_teams["org_a"], two_teams["org_b"]} <= {m.organisation for m in seen}


def test_viewing_a_persons_record_writes_an_access_log_entry(client, two_teams):
    sign_in(client, two_teams["admin_a"])
    target = two_teams["researcher_a"].memberships.get()
    response = client.get(reverse("accounts:team_member", args=[two_teams["org_a"].slug, target.user_id]))
    assert response.status_code == 200
    entry = AccessLog.objects.get()
    assert entry.actor == two_teams["admin_a"]
    assert entry.subject_id == str(two_teams["researcher_a"].pk)
    assert entry.organisation == two_teams["org_a"]
    assert "Organisation admin" in entry.role


def test_access_log_entries_cannot_be_changed_or_deleted(client, two_teams):
    from django.core.exceptions import PermissionDenied

    sign_in(client, two_teams["admin_a"])
    client.get(_member_url(two_teams, "researcher_a"))
    entry = AccessLog.objects.get()
    entry.purpose = "tampered"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()


def test_admins_see_only_their_organisations_access_log(client, two_teams):
    sign_in(client, two_teams["admin_a"])
    client.get(_member_url(two_teams, "researcher_a"))
    client.logout()
    sign_in(client, two_teams["admin_b"])
    page = client.get(reverse("accounts:access_log"))
    assert page.status_code == 200
    assert two_teams["researcher_a"].email not in page.content.decode()


def test_extra_fields_posted_to_the_account_form_are_ignored(client):
    user = create_user()
    sign_in(client, user)
    client.post(
        reverse("accounts:home"),
        {"full_name": "Sam", "preferred_language": "en-gb", "is_staff": "on", "is_superuser": "on"},
    )
    user.refresh_from_db()
    assert user.full_name == "Sam" and not user.is_staff and not user.is_superuser
