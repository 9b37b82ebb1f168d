"""Builders for payment tests: a policy, an organisation's team, and claims at each step."""

from __future__ import annotations

import datetime
import itertools
import uuid
from zoneinfo import ZoneInfo

from alongside.accounts.models import Role
from alongside.payments import services
from alongside.payments.demo import example_policy
from alongside.payments.models import FinanceSettings
from tests.builders import (
    create_contribution,
    create_contributor,
    create_opportunity,
    create_organisation,
    create_staff,
)

_n = itertools.count(1)
TODAY = datetime.datetime(2026, 11, 10, 12, 0, tzinfo=ZoneInfo("Europe/London"))


class Team:
    """An organisation with its example policy, its Bacs details, an involvement officer and two
    finance staff."""

    def __init__(self, organisation=None, *, totp=False, bacs=True):
        self.organisation = organisation or create_organisation()
        self.policy = example_policy(self.organisation, effective_from=datetime.date(2026, 4, 6))
        if bacs:
            FinanceSettings.objects.get_or_create(
                organisation=self.organisation,
                defaults={
                    "service_user_number": "123456",
                    "sort_code": "400000",
                    "account_number": "12345678",
                },
            )
        self.checker = create_staff(self.organisation, Role.INVOLVEMENT_STAFF, totp=totp)
        self.finance = create_staff(self.organisation, Role.FINANCE, totp=totp)
        self.finance2 = create_staff(self.organisation, Role.FINANCE, totp=totp)
        self.opportunity = create_opportunity(self.organisation)


def key() -> str:
    return uuid.uuid4().hex


def person(team: Team, *, bank=True, **fields):
    contributor = create_contributor(team.organisation, email=f"claimant{next(_n)}@example.org", **fields)
    if bank:
        services.set_bank_details(
            contributor, account_name="A Person", sort_code="30-94-30", account_number="00733445"
        )
    return contributor


def contribution(
    team: Team, contributor, *, minutes=120, activity_type="meeting", date=datetime.date(2026, 11, 2)
):
    return create_contribution(
        contributor, team.opportunity, minutes=minutes, activity_type=activity_type, date=date
    )


def draft_claim(team: Team, contributor=None, *, minutes=120, method=None, **choice):
    contributor = contributor or person(team)
    done = contribution(team, contributor, minutes=minutes)
    return services.start_claim(contributor, [done], by=None, key=key(), method=method, **choice)


def submitted_claim(team: Team, contributor=None, **kwargs):
    claim = draft_claim(team, contributor, **kwargs)
    return services.submit(claim, by=None)


def approved_claim(team: Team, contributor=None, **kwargs):
    claim = submitted_claim(team, contributor, **kwargs)
    services.check(claim, by=team.checker)
    return services.approve(claim, by=team.finance)
