"""Ideas: added by participants or captured by staff, edited with history, supported, merged, split."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from alongside.engagement import ideas
from alongside.engagement.models import Idea, IdeaRevision, IdeaSupport
from tests.builders import create_staff
from tests.engagement.ideas_helpers import create_event, create_idea, create_topic, participant

pytestmark = pytest.mark.django_db
Kind = IdeaRevision.Kind


def test_a_participant_adds_an_idea_and_its_history_starts():
    topic = create_topic()
    person = participant()
    idea = create_idea(topic, author=person, description="Same day, by bank transfer.")
    assert idea.process == topic.process
    assert idea.state == Idea.State.OPEN
    [added] = idea.revisions.all()
    assert added.kind == Kind.ADDED
    assert added.by == person.user
    assert added.title == "Pay people on the day"


def test_staff_capture_a_breakout_groups_idea_at_an_event():
    topic = create_topic()
    event = create_event(topic.process)
    facilitator = create_staff(topic.process.organisation)
    idea = create_idea(topic, captured_by=facilitator, captured_from="Group 3", event=event)
    assert idea.author is None
    assert idea.captured_from == "Group 3"
    assert idea.revisions.get().event == event
    assert idea.revisions.get().by == facilitator


def test_an_event_of_another_process_is_refused():
    topic = create_topic()
    elsewhere = create_event(create_topic().process)
    with pytest.raises(ValidationError) as error:
        create_idea(topic, event=elsewhere)
    assert "event" in error.value.message_dict


def test_an_edit_records_what_changed_who_changed_it_and_at_which_event():
    topic = create_topic()
    first, second = create_event(topic.process, day=1), create_event(topic.process, "Second", day=8)
    staff = create_staff(topic.process.organisation)
    idea = create_idea(topic, event=first)
    ideas.edit_idea(idea, by=staff, event=second, title="Pay people within a week", description="Not later.")
    idea.refresh_from_db()
    assert idea.title == "Pay people within a week"
    edited = idea.revisions.get(kind=Kind.EDITED)
    assert edited.event == second
    assert edited.by == staff
    assert edited.changes == {
        "title": ["Pay people on the day", "Pay people within a week"],
        "description": ["", "Not later."],
    }
    # History is only ever added to: both versions are there, in order.
    assert [r.title for r in idea.revisions.all()] == ["Pay people on the day", "Pay people within a week"]


def test_an_edit_that_changes_nothing_adds_no_revision():
    idea = create_idea(create_topic())
    ideas.edit_idea(idea, by=None, title=idea.title)
    assert idea.revisions.count() == 1


def test_support_is_one_per_person_and_the_count_follows():
    idea = create_idea(create_topic())
    sam, alex = participant(), participant()
    assert ideas.support(idea, sam) is True
    assert ideas.support(idea, sam) is False
    assert ideas.support(idea, alex) is True
    idea.refresh_from_db()
    assert idea.support_count == 2
    assert ideas.withdraw_support(idea, sam) is True
    assert ideas.withdraw_support(idea, sam) is False
    idea.refresh_from_db()
    assert idea.support_count == 1


def test_the_database_refuses_a_second_support_by_the_same_person():
    idea = create_idea(create_topic())
    sam = participant()
    ideas.support(idea, sam)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaSupport.objects.create(idea=idea, person=sam)


def test_a_comment_is_counted_on_the_idea():
    idea = create_idea(create_topic())
    ideas.comment(idea, author=None, text="Yes, and tell people the date.")
    with pytest.raises(ValidationError):
        ideas.comment(idea, author=None, text="  ")
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_merging_keeps_the_originals_and_counts_each_supporter_once():
    topic = create_topic()
    survivor, other, third = (
        create_idea(topic, title=t) for t in ("Pay quickly", "Pay on time", "No delays")
    )
    sam, alex, jo = participant(), participant(), participant()
    ideas.support(survivor, sam)
    ideas.support(other, sam)  # Sam supported two of them: still one person
    ideas.support(other, alex)
    ideas.support(third, jo)
    ideas.support(third, alex)
    merged = ideas.merge([other, third], into=survivor, by=None)
    assert merged.support_count == 3
    assert set(merged.supports.values_list("person", flat=True)) == {sam.pk, alex.pk, jo.pk}
    for original in (other, third):
        original.refresh_from_db()
        assert original.state == Idea.State.MERGED
        assert original.merged_into == survivor
        assert original.revisions.last().kind == Kind.MERGED_INTO
        assert original.support_count == 2  # their own supporters stay on record
    merged_in = survivor.revisions.get(kind=Kind.MERGED_IN)
    assert set(merged_in.related.all()) == {other, third}


def test_a_merged_idea_cannot_be_merged_edited_or_supported_again():
    topic = create_topic()
    a, b, c = (create_idea(topic, title=t) for t in "abc")
    ideas.merge([b], into=a, by=None)
    b.refresh_from_db()
    with pytest.raises(ValidationError):
        ideas.merge([b], into=c, by=None)
    with pytest.raises(ValidationError):
        ideas.edit_idea(b, by=None, title="changed")
    with pytest.raises(ValidationError):
        ideas.support(b, participant())
    with pytest.raises(ValidationError):
        ideas.merge([a], into=a, by=None)


def test_splitting_makes_new_ideas_with_history_on_all_and_the_supporters_of_the_whole():
    topic = create_topic()
    event = create_event(topic.process)
    idea = create_idea(topic, title="Pay quickly and explain benefits")
    sam = participant()
    ideas.support(idea, sam)
    parts = ideas.split(
        idea,
        [{"title": "Pay quickly"}, {"title": "Explain benefits", "description": "Before the meeting."}],
        by=None,
        event=event,
    )
    assert [p.title for p in parts] == ["Pay quickly", "Explain benefits"]
    idea.refresh_from_db()
    assert idea.state == Idea.State.SPLIT
    assert set(idea.revisions.get(kind=Kind.SPLIT_INTO).related.all()) == set(parts)
    for part in parts:
        assert part.split_from == idea
        assert part.support_count == 1
        assert part.revisions.get().kind == Kind.SPLIT_FROM
        assert part.revisions.get().event == event


def test_a_split_needs_two_parts():
    idea = create_idea(create_topic())
    with pytest.raises(ValidationError) as error:
        ideas.split(idea, [{"title": "Only one"}, {"title": " "}], by=None)
    assert "parts" in error.value.message_dict
    idea.refresh_from_db()
    assert idea.state == Idea.State.OPEN
