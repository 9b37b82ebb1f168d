"""'How payments work' leads to the policy of the organisation that pays the person (review D11)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from alongside.payments.demo import example_policy
from tests.builders import create_organisation, create_user, sign_in

from .helpers import TODAY, Team, contribution, person


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _policy_links(client) -> list[str]:
    page = client.get(reverse("payments:my_payments")).content.decode()
    return [line for line in page.splitlines() if "/payment-policy/" in line]


def test_someone_from_the_national_pool_is_sent_to_the_policy_of_the_organisation_they_took_part_with(
    client,
):
    pool = create_organisation(name="National pool")
    example_policy(pool, effective_from=datetime.date(2026, 4, 6))
    team = Team()
    user = create_user()
    joined_online = person(team, user=user)
    joined_online.organisation = pool
    joined_online.save()
    sign_in(client, user)
    # Before taking part anywhere: their own organisation's policy.
    assert reverse("payments:policy", args=[pool.slug]) in "".join(_policy_links(client))

    contribution(team, joined_online)
    links = "".join(_policy_links(client))
    assert reverse("payments:policy", args=[team.organisation.slug]) in links
    assert reverse("payments:policy", args=[pool.slug]) not in links
    assert "How payments work" in links
    assert client.get(reverse("payments:policy", args=[team.organisation.slug])).status_code == 200


def test_no_link_while_no_policy_is_in_force(client):
    team = Team()
    team.policy.delete()
    user = create_user()
    contributor = person(team, user=user)
    contribution(team, contributor)
    sign_in(client, user)
    assert _policy_links(client) == []
