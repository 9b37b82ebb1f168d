"""Own-claim family: nobody takes a workflow step on their own claim, and whoever starts a claim
for someone does not also check it.

Before: an officer who was also a contributor raised their own fee from 50.00 to 9999.00; checking
and approving were refused, adjusting was not. Each step is refused in the service (so the API,
commands and a hand-made POST are refused too) and its button is not shown.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from alongside.accounts.models import Membership, Role
from alongside.payments import holds, runs, services
from alongside.payments.models import Claim, ClaimEvent, PaymentRun
from alongside.payments.runs import RunError
from tests.builders import create_staff, create_user, sign_in

from .helpers import TODAY, Team, approved_claim, contribution, key, person, submitted_claim

pytestmark = pytest.mark.usefixtures("on_the_test_day")


def _staff_who_also_claims(team, role):
    """A member of staff who also takes part as a contributor in their own organisation."""
    user = create_staff(team.organisation, role)
    contributor = person(team, user=user)
    return user, contributor


def _own_claim(team, role, *, status=Claim.Status.SUBMITTED):
    user, contributor = _staff_who_also_claims(team, role)
    if status == Claim.Status.SUBMITTED:
        return user, submitted_claim(team, contributor)
    return user, approved_claim(team, contributor)


def test_an_officer_cannot_raise_the_fee_on_their_own_claim(client, team):
    officer, claim = _own_claim(team, Role.INVOLVEMENT_STAFF)
    line = claim.lines.get()
    with pytest.raises(PermissionDenied, match="your own claim"):
        services.adjust(claim, by=officer, reason="More work", new_amount="9999.00", line=line)
    sign_in(client, officer)
    page = client.get(reverse("payments:staff_claim", args=[claim.pk])).content.decode()
    assert "Change an amount" not in page and "your own claim" in page
    response = client.post(
        reverse("payments:staff_claim_action", args=[claim.pk, "adjust"]),
        {"adjust-target": f"line:{line.pk}", "adjust-new_amount": "9999.00", "adjust-reason": "More work"},
        follow=True,
    )
    assert "your own claim" in response.content.decode()
    line.refresh_from_db()
    assert line.fee == Decimal("50.00")
    assert not ClaimEvent.objects.filter(claim=claim, kind=ClaimEvent.Kind.ADJUSTED).exists()


@pytest.mark.parametrize(
    ("role", "status", "step", "button"),
    [
        (Role.INVOLVEMENT_STAFF, Claim.Status.SUBMITTED, "check", "Mark as checked"),
        (Role.INVOLVEMENT_STAFF, Claim.Status.SUBMITTED, "reject", "Do not accept"),
        (Role.ORG_ADMIN, Claim.Status.SUBMITTED, "adjust", "Change amount"),
        (Role.FINANCE, Claim.Status.SUBMITTED, "reject", "Do not accept"),
        (Role.FINANCE, Claim.Status.APPROVED, "reverse", "Cancel and reverse"),
    ],
)
def test_no_step_on_your_own_claim_and_no_button_for_it(client, team, role, status, step, button):
    user, claim = _own_claim(team, role, status=status)
    assert step not in services.allowed_steps(claim, user)
    sign_in(client, user)
    page = client.get(reverse("payments:staff_claim", args=[claim.pk])).content.decode()
    assert button not in page
    fields = {"reason": "Because", "target": f"line:{claim.lines.get().pk}", "new_amount": "1.00"}
    data = {f"{step}-{name}": value for name, value in fields.items()}
    client.post(reverse("payments:staff_claim_action", args=[claim.pk, step]), data)
    claim.refresh_from_db()
    assert claim.status == status
    assert claim.fee_payable == Decimal("50.00")


def test_finance_cannot_approve_their_own_checked_claim(client, team):
    user, contributor = _staff_who_also_claims(team, Role.FINANCE)
    claim = submitted_claim(team, contributor)
    services.check(claim, by=team.checker)
    with pytest.raises(PermissionDenied, match="your own claim"):
        services.approve(claim, by=user)
    sign_in(client, user)
    assert (
        "Approve for payment"
        not in client.get(reverse("payments:staff_claim", args=[claim.pk])).content.decode()
    )


def test_whoever_starts_a_claim_for_someone_without_a_login_does_not_check_it(client, team):
    contributor = person(team)  # no login: staff claim for them after a call
    done = contribution(team, contributor)
    sign_in(client, team.checker)
    page = client.get(reverse("payments:staff_start_claim", args=[contributor.pk])).content.decode()
    form_key = page.split('name="key" value="')[1].split('"')[0]
    client.post(
        reverse("payments:staff_start_claim", args=[contributor.pk]),
        {"key": form_key, "contributions": [str(done.pk)]},
    )
    claim = Claim.objects.get(contributor=contributor)
    client.post(reverse("payments:check_answers", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and claim.created_by == team.checker
    page = client.get(reverse("payments:staff_claim", args=[claim.pk])).content.decode()
    assert "Mark as checked" not in page and "someone else must check it" in page
    client.post(reverse("payments:staff_claim_action", args=[claim.pk, "check"]))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.check(claim, by=team.checker)
    colleague = create_staff(team.organisation, Role.INVOLVEMENT_STAFF)
    assert services.check(claim, by=colleague).status == Claim.Status.CHECKED


def test_adding_an_expense_for_the_person_counts_as_starting_it(team):
    contributor = person(team)
    claim = services.start_claim(contributor, [contribution(team, contributor)], by=None, key=key())
    services.add_expense(claim, kind="travel", amount="3.20", date=TODAY.date(), by=team.checker)
    services.submit(claim, by=None)
    with pytest.raises(PermissionDenied, match="someone else must check it"):
        services.check(claim, by=team.checker)


def test_nobody_releases_the_hold_on_their_own_bank_details(client, team):
    user, contributor = _staff_who_also_claims(team, Role.FINANCE)
    colleague = create_staff(team.organisation, Role.INVOLVEMENT_STAFF)
    # A colleague typed in new details from a call, so the change was not made by the finance user...
    services.set_bank_details(
        contributor, account_name="A Person", sort_code="309430", account_number="11223344", by=colleague
    )
    record = contributor.bank_details
    record.refresh_from_db()
    assert record.hold_until is not None
    # ...but they are still the finance user's own details.
    with pytest.raises(PermissionDenied, match="your own bank details"):
        holds.release(record, by=user, reason="It was me")
    sign_in(client, user)
    listing = client.get(reverse("payments:bank_holds")).content.decode()
    assert "your own bank details" in listing
    assert reverse("payments:bank_hold_release", args=[contributor.pk]) not in listing
    page = client.get(reverse("payments:bank_hold_release", args=[contributor.pk])).content.decode()
    assert "Release the hold</button>" not in page
    client.post(reverse("payments:bank_hold_release", args=[contributor.pk]), {"reason": "It was me"})
    record.refresh_from_db()
    assert record.hold_until is not None
    holds.release(record, by=team.finance, reason="Called them on the number we held")


def test_nobody_approves_a_run_that_pays_their_own_claim(client, team):
    user, contributor = _staff_who_also_claims(team, Role.FINANCE)
    approved_claim(team, contributor)
    approved_claim(team)
    run = runs.start_run(team.organisation, by=team.finance)
    with pytest.raises(RunError, match="a claim of yours"):
        runs.approve_run(run, by=user)
    sign_in(client, user)
    page = client.get(reverse("payments:run", args=[run.pk])).content.decode()
    assert "Approve and pay" not in page and "a claim of yours" in page
    client.post(reverse("payments:run_approve", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.READY
    assert runs.approve_run(run, by=team.finance2).status == PaymentRun.Status.APPROVED


def test_someone_who_is_finance_in_one_organisation_and_claims_in_another_may_act_on_others(team):
    other = Team()
    user = other.finance
    Membership.objects.create(user=user, organisation=team.organisation, role=Role.INVOLVEMENT_STAFF)
    claim = submitted_claim(team)  # not theirs
    assert "check" in services.allowed_steps(claim, user)
    assert services.check(claim, by=user).status == Claim.Status.CHECKED


def test_a_contributor_with_no_staff_role_sees_no_staff_buttons(client, team):
    user = create_user()
    claim = submitted_claim(team, person(team, user=user))
    assert services.allowed_steps(claim, user) == set()
