"""Pieces of ``alongside loadtest`` that run without a server (the command needs locust and minutes)."""

from __future__ import annotations

from django.urls import reverse

from alongside.bench.management.commands import loadtest
from tests.builders import create_organisation
from tests.opportunities.helpers import published, topic


def test_locust_leaving_no_figure_counts_as_nothing_not_a_crash():
    assert loadtest._number("N/A") == 0.0
    assert loadtest._number("12.5") == 12.5


def test_random_addresses_are_searches_and_opportunity_pages_that_answer(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 0
    topic("Sleep")
    opportunity = published(create_organisation())
    searches = loadtest._random_searches(reverse("opportunities:list"))
    assert len(searches) == len(set(searches)) > 10
    assert searches == loadtest._random_searches(reverse("opportunities:list"))  # the same every run
    for path in searches[:5]:
        assert client.get(path).status_code == 200
    assert loadtest._random_opportunities() == [opportunity.get_absolute_url()]
