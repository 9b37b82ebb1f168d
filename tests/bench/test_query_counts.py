"""Query-count guards: a list page runs the same number of queries at 10 rows and at 1,000.

Rows are made with bulk_create so that 1,000 is quick. Each case gives the page,
a function that adds n rows, and who is signed in.
"""

from __future__ import annotations

import datetime
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.core.models import TaskProgress
from alongside.opportunities.models import Opportunity
from alongside.people.models import Topic
from tests.builders import create_organisation, create_user, sign_in


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _grow_and_count(client, url: str, add_rows) -> tuple[int, int]:
    add_rows(10)
    small = _queries(client, url)
    add_rows(990)
    return small, _queries(client, url)


_numbers = itertools.count()


def _opportunities(n: int) -> None:
    organisation = (
        Opportunity.objects.values_list("organisation", flat=True).first() or create_organisation().pk
    )
    topic, _ = Topic.objects.get_or_create(slug="diabetes", defaults={"name": "Diabetes"})
    closes = timezone.localdate() + datetime.timedelta(days=30)
    made = Opportunity.objects.bulk_create(
        Opportunity(
            organisation_id=organisation,
            title=f"Help shape a study {number}",
            slug=f"guard-{number}",
            summary="Tell us what you think.",
            status=Opportunity.Status.PUBLISHED,
            closes_on=closes,
            region="London",
        )
        for number in itertools.islice(_numbers, n)
    )
    Opportunity.topics.through.objects.bulk_create(
        Opportunity.topics.through(opportunity_id=o.pk, topic_id=topic.pk) for o in made
    )


def test_public_opportunity_list_queries_do_not_grow_with_rows(client):
    small, large = _grow_and_count(client, "/opportunities/", _opportunities)
    assert small == large


def test_public_opportunity_search_queries_do_not_grow_with_rows(client):
    small, large = _grow_and_count(client, "/opportunities/?q=study&region=London", _opportunities)
    assert small == large


def test_my_tasks_queries_do_not_grow_with_rows(client):
    user = create_user()
    sign_in(client, user)

    def add(n: int) -> None:
        TaskProgress.objects.bulk_create(TaskProgress(owner=user, title=f"Job {i}") for i in range(n))

    small, large = _grow_and_count(client, "/tasks/", add)
    assert small == large
