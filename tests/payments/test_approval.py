import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from alongside.accounts.models import Membership, Role
from alongside.payments import ledger, services
from alongside.payments.models import Account, Claim, ExpenseKind
from alongside.payments.services import ClaimError
from tests.builders import create_staff, create_user

from .helpers import TODAY, Team, approved_claim, draft_claim, person, submitted_claim


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    return Team()


def test_staff_check_then_finance_approve_posts_a_balanced_ledger_transaction(team):
    claim = approved_claim(team)
    assert claim.status == Claim.Status.APPROVED
    assert claim.expected_payment_date == datetime.date(2026, 11, 24)
    assert ledger.balance(Account.OWED, contributor=claim.contributor) == Decimal("-50.00")
    assert ledger.balance(Account.FEES, organisation=team.organisation) == Decimal("50.00")
    assert ledger.balance(organisation=team.organisation) == 0
    assert list(ledger.unbalanced_transactions()) == []


def test_staff_adjust_with_a_reason_the_person_sees(team):
    claim = submitted_claim(team)
    line = claim.lines.get()
    with pytest.raises(ClaimError):
        services.adjust(claim, by=team.checker, reason="", new_amount="40", line=line)
    services.adjust(claim, by=team.checker, reason="The meeting ended early", new_amount="40", line=line)
    claim.refresh_from_db()
    assert claim.fee_payable == Decimal("40.00")
    event = claim.events.get(kind="adjusted")
    assert (event.before, event.after, event.reason) == (
        Decimal("50.00"),
        Decimal("40.00"),
        "The meeting ended early",
    )


def test_rejecting_needs_a_reason_and_frees_the_contribution(
    team, mailoutbox, django_capture_on_commit_callbacks
):
    claim = submitted_claim(team)
    with pytest.raises(ClaimError):
        services.reject(claim, by=team.checker, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(claim, by=team.checker, reason="We could not find you on the attendance list")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REJECTED
    assert "attendance list" in mailoutbox[-1].body
    contribution = claim.lines.get().contribution
    assert services.claimable_contributions(claim.contributor).filter(pk=contribution.pk).exists()


def test_nobody_approves_their_own_claim(team):
    finance_person = create_user()
    Membership.objects.create(user=finance_person, organisation=team.organisation, role=Role.FINANCE)
    contributor = person(team, user=finance_person)
    claim = submitted_claim(team, contributor)
    services.check(claim, by=team.checker)
    with pytest.raises(PermissionDenied):
        services.approve(claim, by=finance_person)


def test_nobody_approves_a_claim_they_changed(team):
    both = create_staff(team.organisation, Role.FINANCE, totp=False)
    Membership.objects.create(user=both, organisation=team.organisation, role=Role.INVOLVEMENT_STAFF)
    claim = submitted_claim(team)
    services.adjust(claim, by=both, reason="Wrong length", new_amount="25", line=claim.lines.get())
    services.check(claim, by=team.checker)
    with pytest.raises(PermissionDenied):
        services.approve(claim, by=both)
    assert services.approve(claim, by=team.finance).status == Claim.Status.APPROVED


def test_nobody_approves_a_claim_they_entered_for_someone(team):
    contributor = person(team)
    claim = draft_claim(team, contributor)
    claim.created_by = team.finance
    claim.save()
    services.submit(claim, by=team.finance)
    services.check(claim, by=team.checker)
    with pytest.raises(PermissionDenied):
        services.approve(claim, by=team.finance)
    services.approve(claim, by=team.finance2)


def test_only_finance_approve_and_only_checked_claims(team):
    claim = submitted_claim(team)
    with pytest.raises(ClaimError):
        services.approve(claim, by=team.finance)
    services.check(claim, by=team.checker)
    with pytest.raises(PermissionDenied):
        services.approve(claim, by=create_staff(team.organisation, Role.RESEARCHER, totp=False))


def test_staff_of_another_organisation_cannot_check_or_approve(team):
    other = Team()
    claim = submitted_claim(team)
    with pytest.raises(PermissionDenied):
        services.check(claim, by=other.checker)
    services.check(claim, by=team.checker)
    with pytest.raises(PermissionDenied):
        services.approve(claim, by=other.finance)


def test_reversal_not_deletion(team):
    claim = approved_claim(team)
    services.reverse_claim(claim, by=team.finance2, reason="Entered twice by mistake")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVERSED
    assert ledger.balance(Account.OWED, contributor=claim.contributor) == 0
    assert ledger.balance(Account.FEES, organisation=team.organisation) == 0
    # Both the approval and its reversal are kept.
    from alongside.payments.models import LedgerTransaction

    assert LedgerTransaction.objects.filter(claim=claim).count() == 2


def test_expenses_are_shared_across_projects_to_the_penny(team):
    from alongside.opportunities.models import Project
    from tests.builders import create_contribution, create_opportunity

    contributor = person(team)
    projects = [Project.objects.create(organisation=team.organisation, title=f"P{i}") for i in range(3)]
    done = [
        create_contribution(
            contributor, create_opportunity(team.organisation, project=p), date=datetime.date(2026, 11, 2)
        )
        for p in projects
    ]
    claim = services.start_claim(contributor, done, by=None, key="three-projects")
    services.add_expense(
        claim, kind=ExpenseKind.TRAVEL, amount="10.00", date=datetime.date(2026, 11, 2), by=None
    )
    services.submit(claim, by=None)
    services.check(claim, by=team.checker)
    services.approve(claim, by=team.finance)
    per_project = [ledger.balance(Account.EXPENSES, project=p) for p in projects]
    assert sorted(per_project) == [Decimal("3.33"), Decimal("3.33"), Decimal("3.34")]
    assert ledger.balance(organisation=team.organisation) == 0


def test_nobody_approves_a_claim_they_added_an_expense_to(team):
    claim = draft_claim(team)
    services.add_expense(
        claim, kind=ExpenseKind.TRAVEL, amount="3.40", date=datetime.date(2026, 11, 2), by=team.finance
    )
    services.submit(claim, by=None)
    services.check(claim, by=team.checker)
    with pytest.raises(PermissionDenied):
        services.approve(claim, by=team.finance)
    assert services.approve(claim, by=team.finance2).status == Claim.Status.APPROVED
