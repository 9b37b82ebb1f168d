"""List pages make the same number of queries at 10 rows and at 1,000."""

import itertools

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.payments import runs
from alongside.payments.models import Claim, PaymentRun, PaymentRunItem
from alongside.people.models import Contributor
from tests.builders import create_user, sign_in

from .helpers import TODAY, Team, person

_refs = itertools.count(1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _claims(team, n, status=Claim.Status.SUBMITTED, contributor=None):
    people = (
        [contributor] * n
        if contributor
        else Contributor.objects.bulk_create(
            Contributor(
                organisation=team.organisation,
                reference=f"Q{next(_refs):09d}",
                first_name="Q",
            )
            for i in range(n)
        )
    )
    return Claim.objects.bulk_create(
        Claim(
            organisation=team.organisation,
            contributor=p,
            idempotency_key=f"list-{next(_refs)}",
            status=status,
            submitted_at=TODAY,
        )
        for i, p in enumerate(people)
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["payments:staff_claims"])
def test_staff_claim_list_queries_do_not_grow(client, name):
    team = Team(totp=True)
    sign_in(client, team.checker)
    _claims(team, 10)
    small = _count(client, reverse(name))
    _claims(team, 990)
    assert _count(client, reverse(name)) == small


def test_my_payments_queries_do_not_grow(client):
    team = Team()
    user = create_user()
    contributor = person(team, user=user)
    sign_in(client, user)
    _claims(team, 10, contributor=contributor)
    small = _count(client, reverse("payments:my_payments"))
    _claims(team, 990, contributor=contributor)
    assert _count(client, reverse("payments:my_payments")) == small


def test_run_pages_queries_do_not_grow(client):
    team = Team(totp=True)
    sign_in(client, team.finance)

    def make_run(n):
        run = PaymentRun.objects.create(organisation=team.organisation, created_by=team.finance)
        claims = _claims(team, n, status=Claim.Status.APPROVED)
        PaymentRunItem.objects.bulk_create(
            PaymentRunItem(run=run, claim=c, sequence=i) for i, c in enumerate(claims, start=1)
        )
        return run

    small_run = make_run(10)
    small = (
        _count(client, reverse("payments:runs")),
        _count(client, reverse("payments:run", args=[small_run.pk])),
    )
    for _ in range(3):
        make_run(10)
    big_run = make_run(1000)
    big = (
        _count(client, reverse("payments:runs")),
        _count(client, reverse("payments:run", args=[big_run.pk])),
    )
    assert big == small
    assert runs.FILES  # the run page links each file kind
