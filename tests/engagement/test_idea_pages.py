"""The idea board and idea pages (participants), and the staff pages to capture, merge and split."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.engagement import ideas
from alongside.engagement.models import Idea
from tests.builders import create_staff, sign_in
from tests.engagement.ideas_helpers import create_event, create_idea, create_topic, participant

pytestmark = pytest.mark.django_db


def _board(topic, **params):
    return reverse("engagement:idea_board", args=[topic.process.slug, topic.pk]), params


def _many(topic, count: int) -> None:
    """``count`` ideas straight into the table (data, not behaviour), with varied support."""
    start = datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
    Idea.objects.bulk_create(
        Idea(
            process=topic.process,
            topic=topic,
            title=f"Idea number {n}",
            support_count=n % 17,
            created_at=start + datetime.timedelta(minutes=n),
        )
        for n in range(count)
    )


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("sort", ["newest", "supported"])
def test_the_board_costs_the_same_queries_at_two_sizes_first_and_deep_pages(client, sort):
    small, large = create_topic(title="Small"), create_topic(title="Large")
    _many(small, 25)
    _many(large, 400)
    sam = participant()
    sign_in(client, sam.user)
    counts = {
        (topic.title, page): _queries(client, *_board(topic, sort=sort, page=page))
        for topic in (small, large)
        for page in (1, 2 if topic is small else 20)
    }
    assert len(set(counts.values())) == 1, counts
    assert max(counts.values()) <= 15


def test_the_board_sorts_searches_pages_and_shows_an_empty_state(client):
    topic = create_topic()
    old = create_idea(topic, title="Pay on the day")
    new = create_idea(topic, title="Evening meetings")
    ideas.support(old, participant())
    url, _params = _board(topic)
    newest = client.get(url).content.decode()
    assert newest.index("Evening meetings") < newest.index("Pay on the day")
    supported = client.get(url, {"sort": "supported"}).content.decode()
    assert supported.index("Pay on the day") < supported.index("Evening meetings")
    found = client.get(url, {"q": "evening"}).content.decode()
    assert "Evening meetings" in found and "Pay on the day" not in found
    assert "No ideas match your search" in client.get(url, {"q": "zzz"}).content.decode()
    assert new.pk != old.pk
    _many(topic, 30)
    page_two = client.get(url, {"page": 2}).content.decode()
    assert "Page 2 of 2" in page_two


def test_an_empty_board_invites_the_first_idea(client):
    topic = create_topic()
    assert "No ideas on this topic yet" in client.get(_board(topic)[0]).content.decode()


def test_a_board_of_an_unpublished_process_is_not_found(client):
    topic = create_topic()
    topic.process.published = False
    topic.process.save()
    assert client.get(_board(topic)[0]).status_code == 404


def test_a_participant_adds_an_idea_and_a_blank_one_keeps_what_was_typed(client):
    topic = create_topic()
    sam = participant()
    sign_in(client, sam.user)
    url = reverse("engagement:idea_new", args=[topic.process.slug, topic.pk])
    response = client.post(url, {"title": "", "description": "Something about buses"})
    assert response.status_code == 200
    assert "Something about buses" in response.content.decode()
    assert 'class="error-summary' in response.content.decode()
    response = client.post(url, {"title": "Pay bus fares in advance", "description": ""})
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert idea.author == sam


def test_support_from_the_board_and_withdrawing_it(client):
    idea = create_idea(create_topic())
    sam = participant()
    sign_in(client, sam.user)
    url = reverse("engagement:idea_support", args=[idea.process.slug, idea.pk])
    client.post(url, {"action": "support"})
    client.post(url, {"action": "support"})
    idea.refresh_from_db()
    assert idea.support_count == 1
    client.post(url, {"action": "withdraw"})
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_the_idea_page_shows_comments_and_history_with_the_event(client):
    topic = create_topic()
    event = create_event(topic.process, "Second online event")
    idea = create_idea(topic)
    ideas.edit_idea(idea, by=None, event=event, title="Pay within a week")
    sam = participant()
    sign_in(client, sam.user)
    client.post(reverse("engagement:idea_comment", args=[idea.process.slug, idea.pk]), {"text": "Agreed."})
    page = client.get(reverse("engagement:idea", args=[idea.process.slug, idea.pk])).content.decode()
    assert "Agreed." in page
    assert "Second online event" in page
    assert "Was: “Pay people on the day”" in page


def test_only_the_author_or_the_team_may_refine_an_idea(client):
    topic = create_topic()
    author, other = participant(), participant()
    idea = create_idea(topic, author=author)
    url = reverse("engagement:idea_edit", args=[topic.process.slug, idea.pk])
    sign_in(client, other.user)
    assert client.get(url).status_code == 404
    sign_in(client, author.user)
    client.post(url, {"title": "Pay within a week", "description": "", "topic": topic.pk, "event": ""})
    idea.refresh_from_db()
    assert idea.title == "Pay within a week"


def _staff_client(client, process):
    from alongside.accounts.models import Role

    user = create_staff(process.organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, user)
    return user


def test_staff_capture_an_idea_for_a_person_by_reference_or_for_a_breakout_group(client):
    topic = create_topic()
    staff = _staff_client(client, topic.process)
    sam = participant()
    url = reverse("engagement:staff_idea_new", args=[topic.process.pk])
    response = client.post(url, {"topic": topic.pk, "title": "Evening meetings", "reference": "NOPE"})
    assert "No one has this reference" in response.content.decode()
    assert "Evening meetings" in response.content.decode()
    client.post(url, {"topic": topic.pk, "title": "Evening meetings", "reference": sam.reference})
    client.post(url, {"topic": topic.pk, "title": "Large print", "captured_from": "Group 2"})
    by_person, by_group = Idea.objects.order_by("pk")
    assert (by_person.author, by_person.captured_by) == (sam, staff)
    assert (by_group.author, by_group.captured_from) == (None, "Group 2")


def test_staff_merge_and_split_through_the_pages(client):
    topic = create_topic()
    _staff_client(client, topic.process)
    a, b = create_idea(topic, title="Pay fast"), create_idea(topic, title="Pay on time")
    merge = reverse("engagement:staff_idea_merge", args=[topic.process.pk])
    confirm = client.post(merge, {"ideas": [a.pk, b.pk]})
    assert "Keep which idea" in confirm.content.decode()
    client.post(merge, {"ideas": [a.pk, b.pk], "into": a.pk})
    b.refresh_from_db()
    assert b.merged_into == a
    split = reverse("engagement:staff_idea_split", args=[topic.process.pk, a.pk])
    response = client.post(split, {"title_1": "Pay within a week", "title_2": ""})
    assert response.status_code == 200 and "Pay within a week" in response.content.decode()
    client.post(split, {"title_1": "Pay within a week", "title_2": "Say when payment will come"})
    a.refresh_from_db()
    assert a.state == Idea.State.SPLIT
    assert a.split_parts.count() == 2


def test_staff_idea_list_is_guarded_at_two_sizes(client):
    small, large = create_topic(title="Small"), create_topic(title="Large")
    _many(small, 5)
    _many(large, 200)
    _staff_client(client, small.process)
    small_count = _queries(client, reverse("engagement:staff_ideas", args=[small.process.pk]), {})
    large.process.organisation = small.process.organisation
    large.process.save()
    large_count = _queries(client, reverse("engagement:staff_ideas", args=[large.process.pk]), {"page": 3})
    assert small_count == large_count
