"""The ideas API: paginated, filtered by process and topic, sorted as the board, same queries at any size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.engagement import ideas
from tests.engagement.ideas_helpers import create_idea, create_topic, participant
from tests.engagement.test_idea_pages import _many

pytestmark = pytest.mark.django_db
URL = "/api/ideas"


def test_ideas_are_paginated_filtered_and_sorted(client):
    topic = create_topic()
    other = create_topic(title="Other")
    first, second = create_idea(topic, title="Pay fast"), create_idea(topic, title="Evening meetings")
    create_idea(other, title="Elsewhere")
    ideas.support(first, participant())
    body = client.get(URL, {"topic": topic.pk}).json()
    assert body["count"] == 2
    assert [i["title"] for i in body["items"]] == ["Evening meetings", "Pay fast"]
    supported = client.get(URL, {"topic": topic.pk, "sort": "supported"}).json()
    assert [i["title"] for i in supported["items"]] == ["Pay fast", "Evening meetings"]
    assert supported["items"][0]["support_count"] == 1
    assert supported["items"][0]["url"] == f"/take-part/{topic.process.slug}/ideas/{first.pk}/"
    by_process = client.get(URL, {"process": other.process.slug}).json()
    assert [i["title"] for i in by_process["items"]] == ["Elsewhere"]
    assert second.pk


def test_ideas_of_unpublished_processes_and_merged_ideas_are_left_out(client):
    topic = create_topic()
    a, b = create_idea(topic, title="A"), create_idea(topic, title="B")
    ideas.merge([b], into=a, by=None)
    hidden = create_topic(title="Hidden")
    hidden.process.published = False
    hidden.process.save()
    create_idea(hidden, title="Secret")
    assert [i["title"] for i in client.get(URL).json()["items"]] == ["A"]


@pytest.mark.parametrize("sort", ["newest", "supported"])
def test_the_api_costs_the_same_queries_at_two_sizes(client, sort):
    small, large = create_topic(title="Small"), create_topic(title="Large")
    _many(small, 30)
    _many(large, 400)
    counts = []
    for topic, page in ((small, 2), (large, 20)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"topic": topic.pk, "sort": sort, "page": page})
        assert response.status_code == 200 and len(response.json()["items"]) == (10 if topic is small else 20)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3
