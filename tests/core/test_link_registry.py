"""The link registry and the permission rule agree with the authorisation table, so they cannot drift."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.accounts import hub
from alongside.accounts.models import Organisation, Role
from alongside.accounts.permissions import access_to, may, staff_required
from alongside.core.links import account_links, staff_links
from alongside.core.routes import url_names
from tests.authorisation_table import AUTHORISATION, FORBIDDEN, LOGIN, OK, STAFF_ROLES
from tests.builders import create_contributor, create_organisation, create_staff, create_user, sign_in


def _single_role_user(role: str):
    kind = Organisation.Type.NIHR if role == Role.NATIONAL_ADMIN else Organisation.Type.RESEARCH
    return create_staff(create_organisation(type=kind), role)


def test_every_link_names_a_page_that_exists():
    names = set(url_names())
    for link in (*staff_links(), *account_links()):
        assert link.url_name in names, link
        assert link.url.startswith("/"), link


def test_staff_links_go_to_pages_without_parameters_that_the_table_knows():
    for link in staff_links():
        assert not link.kwargs, f"{link.url_name}: staff area links go to lists and start pages"
        assert link.url_name in AUTHORISATION, link.url_name


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_each_role_is_shown_exactly_the_staff_links_the_table_opens_to_it(role):
    shown = {
        s.link.url_name for section in hub.staff_sections(_single_role_user(role)) for s in section.links
    }
    opened = {link.url_name for link in staff_links() if AUTHORISATION[link.url_name][role] == OK}
    narrowed = {link.url_name for link in staff_links() if link.roles is not None or link.shown_when}
    assert shown <= opened, f"{role} is shown links that do not open for them: {shown - opened}"
    assert opened - narrowed <= shown, f"{role} is not shown pages open to them: {opened - narrowed - shown}"


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_the_rule_each_staff_page_declares_is_the_one_the_table_records(role):
    """A role a view's declaration refuses is refused (403), and a role it admits is never refused."""
    user = _single_role_user(role)
    wrong = []
    for name in url_names():
        access = access_to(name)
        if access is None or name not in AUTHORISATION:
            continue
        admitted, outcome = access.admits(user), AUTHORISATION[name][role]
        if admitted == (outcome in {FORBIDDEN, LOGIN}):
            wrong.append(f"{name}: declared {'admits' if admitted else 'refuses'}, table says {outcome}")
    assert not wrong, "\n".join(wrong)


def test_pages_that_act_for_an_organisation_refuse_national_admins():
    for name in ("outreach:compose", "payments:run_approve", "payments:run_start", "payments:policy_new"):
        assert access_to(name).national_admin is False, name


def test_may_asks_for_the_role_in_the_organisation_given():
    home, other = create_organisation(), create_organisation()
    finance = create_staff(home, Role.FINANCE)
    national = create_staff(create_organisation(type=Organisation.Type.NIHR), Role.NATIONAL_ADMIN)
    assert may(finance, "payments:run_approve", home)
    assert not may(finance, "payments:run_approve", other)
    assert not may(national, "payments:run_approve", home)
    assert may(national, "payments:run", home)  # reading every organisation's runs
    assert may(create_user(), "opportunities:list")


def test_the_rule_is_kept_on_views_wrapped_by_other_decorators():
    from django.views.decorators.http import require_POST

    @require_POST
    @staff_required(Role.FINANCE, national_admin=False)
    def view(request):
        raise AssertionError

    assert view.access.roles == {Role.FINANCE}
    assert view.access.national_admin is False


def test_a_member_of_the_public_is_shown_account_links_that_all_open(client):
    user = create_user()
    create_contributor(user=user)
    sign_in(client, user)
    shown = [s for section in hub.account_sections(user) for s in section.links]
    assert {s.link.url_name for s in shown} == {link.url_name for link in account_links()}
    for item in shown:
        assert client.get(item.url).status_code == 200, item.url


def test_without_a_profile_only_the_links_that_work_without_one_are_shown(client):
    user = create_user()
    sign_in(client, user)
    shown = [s for section in hub.account_sections(user) for s in section.links]
    names = {s.link.url_name for s in shown}
    assert "people:my_profile" in names and "people:my_profile_edit" not in names
    for item in shown:
        assert client.get(item.url).status_code == 200, item.url


def test_staff_without_a_profile_are_not_offered_a_contributors_pages():
    staff = create_staff(create_organisation(), Role.RESEARCHER)
    assert hub.account_sections(staff) == []


def test_staff_who_are_also_contributors_see_their_own_pages():
    staff = create_staff(create_organisation(), Role.RESEARCHER)
    create_contributor(user=staff)
    names = {s.link.url_name for section in hub.account_sections(staff) for s in section.links}
    assert {"people:my_profile", "payments:my_payments", "opportunities:involvement"} <= names


def test_the_account_page_shows_the_registry_and_no_background_jobs(client):
    user = create_user()
    create_contributor(user=user)
    sign_in(client, user)
    html = client.get(reverse("accounts:home")).content.decode()
    for link in account_links():
        assert link.url in html, link.url_name
    assert "background" not in html.lower()
    assert reverse("core:my_tasks") not in html
