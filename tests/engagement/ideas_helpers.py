"""Builders for ideas, rounds and actions tests, made through the services."""

from __future__ import annotations

import datetime

from alongside.engagement import ideas, prioritisation, services
from alongside.engagement.models import Event, Group, Idea, Round, Topic
from tests.builders import create_contributor, create_organisation, create_user


def create_process(organisation=None, **fields):
    fields.setdefault("title", "Shaping involvement")
    fields.setdefault("summary", "What should change.")
    fields.setdefault("published", True)
    return services.create_process(
        organisation=organisation or create_organisation(), created_by=None, **fields
    )


def create_topic(process=None, title: str = "Payment", **fields) -> Topic:
    process = process or create_process()
    return Topic.objects.create(process=process, title=title, **fields)


def create_event(process, title: str = "First online event", day: int = 1) -> Event:
    starts = datetime.datetime(2026, 10, day, 10, tzinfo=datetime.UTC)
    return Event.objects.create(
        process=process,
        title=title,
        slug=f"event-{process.pk}-{day}",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )


def participant(organisation=None, **fields):
    """A contributor who signs in."""
    return create_contributor(organisation, user=create_user(), **fields)


def create_idea(topic: Topic, title: str = "Pay people on the day", **fields) -> Idea:
    return ideas.add_idea(topic, title=title, **fields)


def create_round(process, idea_list, method=Round.Method.JLA, open_it=True, **fields) -> Round:
    fields.setdefault("title", "Which ideas come first?")
    round_ = prioritisation.create_round(process, ideas=idea_list, created_by=None, method=method, **fields)
    if open_it:
        prioritisation.open_round(round_)
        round_.refresh_from_db()
    return round_


def rank(round_, voter, order: list[Idea], group=Group.PUBLIC, **kwargs):
    """A ballot putting ``order`` first to last."""
    places = {idea.pk: place for place, idea in enumerate(order, 1)}
    return prioritisation.cast_ballot(round_, voter, group=group, places=places, **kwargs)
