"""Builders for event and breakout tests: a process with topics, and events made through the services."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

from alongside.engagement import events, services
from alongside.engagement.models import EventStatus, Process, Topic
from tests.builders import create_contributor, create_organisation

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 11, 10, 12, 0, tzinfo=LONDON)
_n = itertools.count(1)


def create_process(organisation=None, *, topics=("Payment", "Reach", "Training"), **fields) -> Process:
    organisation = organisation or create_organisation()
    n = next(_n)
    fields.setdefault("title", f"Shaping involvement {n}")
    fields.setdefault("summary", "What should change.")
    fields.setdefault("slug", f"process-{n}")
    fields.setdefault("published", True)
    process = services.create_process(organisation=organisation, created_by=None, **fields)
    for position, title in enumerate(topics, 1):
        Topic.objects.create(process=process, title=title, position=position)
    return process


def create_event(process=None, *, days: int = 10, capacity: int = 3, open_it: bool = True, **fields):
    process = process or create_process()
    starts = NOW + datetime.timedelta(days=days)
    fields.setdefault("title", f"Online event {next(_n)}")
    fields.setdefault("online_link", "https://meet.example/room")
    fields.setdefault("access_information", "Live captions; a break every 45 minutes.")
    event = events.create_event(
        process, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), capacity=capacity, **fields
    )
    if open_it:
        events.set_status(event, EventStatus.OPEN)
    return event


def person(organisation, **fields):
    fields.setdefault("email", f"contributor{next(_n)}@example.org")
    fields.setdefault("preferred_channels", ["email"])
    return create_contributor(organisation, **fields)
