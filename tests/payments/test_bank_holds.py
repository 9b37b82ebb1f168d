"""Security catalogue item 93: a change of bank details is announced and starts a cooling-off hold."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from alongside.accounts.models import AccessLog, Role
from alongside.outreach.models import Delivery
from alongside.payments import holds, runs, services
from alongside.payments.models import BankDetails, BankDetailsChange, Claim, FinanceSettings, Method
from tests.builders import create_contributor, create_staff, create_user, sign_in

from .helpers import TODAY, Team, approved_claim, person


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    return Team(totp=True)


def change(contributor, *, by=None, number="12345678"):
    return services.set_bank_details(
        contributor, account_name="A Person", sort_code="40-00-00", account_number=number, by=by
    )


class _Undo(Exception):
    pass


def takeable(team, now=None):
    """The claims ``runs.start_run`` takes at ``now`` (the run is then rolled back)."""
    from django.db import transaction

    with time_machine.travel(now or TODAY, tick=False):
        try:
            with transaction.atomic():
                run = runs.start_run(team.organisation, by=team.finance)
                raise _Undo(set(run.items.values_list("claim_id", flat=True)))
        except _Undo as undo:
            return undo.args[0]
        except runs.RunError:
            return set()


def test_first_details_start_no_hold(team):
    someone = person(team)
    assert BankDetails.objects.get(contributor=someone).hold_until is None
    assert not BankDetailsChange.objects.exists()


def test_a_change_holds_payments_for_three_days_and_sends_a_security_notice(
    team, django_capture_on_commit_callbacks
):
    someone = person(team)
    with django_capture_on_commit_callbacks(execute=True):
        record = change(someone)
    assert record.hold_until == TODAY + datetime.timedelta(days=3)
    notice = Delivery.objects.get(
        contributor=someone, message__kind="security", message__subject__contains="changed"
    )
    assert notice.channel == "email"
    assert "ends in 78" in notice.message.body and "((contact_phone))" in notice.message.body
    assert "changed" in notice.message.subject


def test_saving_the_same_details_again_is_not_a_change(team):
    someone = person(team)
    services.set_bank_details(someone, account_name="A Person", sort_code="309430", account_number="733445")
    assert BankDetails.objects.get(contributor=someone).hold_until is None


def test_the_hold_length_is_set_per_organisation_and_zero_means_none(team):
    FinanceSettings.objects.filter(organisation=team.organisation).update(bank_change_hold_days=0)
    someone = person(team)
    assert change(someone).hold_until is None
    other = Team()
    FinanceSettings.objects.filter(organisation=other.organisation).update(bank_change_hold_days=7)
    assert change(person(other)).hold_until == TODAY + datetime.timedelta(days=7)


def test_held_bank_claims_wait_but_stay_approved_and_a_later_run_takes_them(team):
    held = approved_claim(team)
    voucher = approved_claim(team, method=Method.VOUCHER)
    free = approved_claim(team)
    change(held.contributor)
    change(voucher.contributor)
    assert takeable(team) == {free.pk, voucher.pk}
    held.refresh_from_db()
    assert held.status == Claim.Status.APPROVED
    after = TODAY + datetime.timedelta(days=3, seconds=1)
    assert takeable(team, after) == {held.pk, free.pk, voucher.pk}


@pytest.mark.django_db(transaction=True)
def test_the_filter_works_beside_the_run_row_locks(team):
    # start_run locks claims with SKIP LOCKED on PostgreSQL: the filter must not add an outer join.
    from django.db import transaction

    held = approved_claim(team)
    change(held.contributor)
    with transaction.atomic():
        assert held.pk not in takeable(team)


def test_finance_see_who_is_on_hold(team, client):
    someone = person(team, first_name="Hilda")
    change(someone)
    sign_in(client, team.finance)
    page = client.get(reverse("payments:bank_holds")).content.decode()
    assert "Hilda" in page and reverse("payments:bank_hold_release", args=[someone.pk]) in page
    approved_claim(team, someone)
    page = client.get(reverse("payments:runs")).content.decode()
    assert "1 of them is on hold" in page


def test_the_holds_page_has_an_empty_state(team, client):
    sign_in(client, team.finance)
    assert "on hold" in client.get(reverse("payments:bank_holds")).content.decode()
    other = Team()
    change(person(other, first_name="Otto"))
    assert "Otto" not in client.get(reverse("payments:bank_holds")).content.decode()


def test_finance_release_a_hold_with_a_reason_and_it_is_logged(team, client):
    someone = person(team)
    change(someone, by=team.checker)
    sign_in(client, team.finance)
    url = reverse("payments:bank_hold_release", args=[someone.pk])
    response = client.post(url, {"reason": ""})
    assert "Enter" in response.content.decode() or "required" in response.content.decode()
    assert BankDetails.objects.get(contributor=someone).hold_until is not None
    response = client.post(url, {"reason": "Called her on the number we held; she confirmed."})
    assert response.status_code == 302
    assert BankDetails.objects.get(contributor=someone).hold_until is None
    released = BankDetailsChange.objects.get(contributor=someone)
    assert released.released_by == team.finance and "confirmed" in released.release_reason
    assert AccessLog.objects.filter(actor=team.finance, action="release bank details hold").exists()


def test_finance_cannot_release_a_hold_on_details_they_changed(team, client):
    someone = person(team)
    change(someone, by=team.finance)
    sign_in(client, team.finance)
    url = reverse("payments:bank_hold_release", args=[someone.pk])
    response = client.post(url, {"reason": "It was me"})
    assert response.status_code == 200 and "Someone else" in response.content.decode()
    assert BankDetails.objects.get(contributor=someone).hold_until is not None


def test_other_roles_and_organisations_cannot_release(team, client):
    someone = person(team)
    change(someone)
    url = reverse("payments:bank_hold_release", args=[someone.pk])
    sign_in(client, team.checker)
    assert client.post(url, {"reason": "x"}).status_code == 403
    sign_in(client, Team(totp=True).finance)
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert BankDetails.objects.get(contributor=someone).hold_until is not None


def test_a_contributor_cannot_change_someone_elses_bank_details(team, client):
    victim = person(team)
    before = BankDetails.objects.get(contributor=victim).encrypted
    attacker = create_contributor(team.organisation, user=create_user())
    sign_in(client, attacker.user)
    staff_url = reverse("payments:staff_bank_details", args=[victim.pk])
    data = {"account_name": "Thief", "sort_code": "400000", "account_number": "11112222"}
    assert client.post(staff_url, data).status_code == 403
    # The contributor's own page only ever changes their own details, whatever is posted.
    client.post(reverse("payments:bank_details"), {**data, "contributor": victim.pk})
    assert BankDetails.objects.get(contributor=victim).encrypted == before
    # Staff of another organisation cannot reach the person either.
    sign_in(client, create_staff(Team().organisation, Role.INVOLVEMENT_STAFF, totp=True))
    assert client.post(staff_url, data).status_code == 404
    assert BankDetails.objects.get(contributor=victim).encrypted == before


def test_a_hold_applies_to_claims_from_another_organisation(team):
    held = approved_claim(team)
    change(held.contributor)
    assert held.pk not in takeable(team)
    assert held.contributor_id in set(
        holds.held_contributor_ids(Team().organisation).values_list("contributor_id", flat=True)
    )


def test_a_contributor_changing_their_own_details_is_told_about_the_hold(team, client):
    someone = person(team, user=create_user())
    sign_in(client, someone.user)
    data = {"account_name": "A Person", "sort_code": "400000", "account_number": "11112222"}
    page = client.post(reverse("payments:bank_details"), data, follow=True).content.decode()
    assert "we will not pay into the new account before Friday 13 November 2026" in page
    change = BankDetailsChange.objects.get(contributor=someone)
    assert change.changed_by == someone.user and change.previous_last2 == "45" and change.new_last2 == "22"
