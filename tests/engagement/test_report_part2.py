"""The engagement report over events, ideas, rounds and actions: figures on a small hand-made dataset."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from alongside.engagement import actions, events, ideas, prioritisation, report, report_pdf
from alongside.engagement.models import Channel, Group, ReportPart, Round
from alongside.people.choices import HowGiven
from tests.builders import create_organisation
from tests.engagement.event_helpers import NOW, create_event, create_process, person
from tests.engagement.ideas_helpers import participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def test_events_count_places_the_waiting_list_and_who_came_by_how_they_registered(now):
    process = create_process(create_organisation())
    with time_machine.travel(NOW - datetime.timedelta(days=10), tick=False):
        event = create_event(process, days=-3, capacity=14, title="Online event 1")
        for n in range(15):
            someone = person(process.organisation)
            events.register(event, someone, how=HowGiven.PHONE if n < 2 else HowGiven.ONLINE)
    came = list(event.registrations.filter(status="registered").order_by("pk")[:12])
    events.record_attendance(event, came, by=None)
    create_event(process, days=20, capacity=50, title="Online event 2")
    section = report.build(process).section(ReportPart.DONE)
    past, coming = section.events
    assert (past.places.count, past.attended.count, past.happened) == (14, 12, True)
    assert past.waiting.hidden  # one person waiting: too few to show
    assert coming.happened is False and coming.places.count == 0
    (row,) = [r for r in section.taking_part if r.activity == "Event: Online event 1"]
    assert row.total.count == 12
    # 2 by phone is too few, so online (10) is hidden as well.
    assert row.ways["phone"].hidden and row.ways["online"].hidden


def test_ideas_per_topic_with_the_places_the_closed_round_gave_them_and_actions_by_area(now):
    process = create_process(create_organisation(), topics=("Payment", "Reach"))
    payment, reach = process.topics.order_by("position")
    quick = ideas.add_idea(payment, title="Pay within five days")
    advice = ideas.add_idea(payment, title="A benefits advice line")
    evenings = ideas.add_idea(reach, title="Evening meetings")
    round_ = prioritisation.create_round(
        process,
        ideas=[quick, advice, evenings],
        created_by=None,
        method=Round.Method.TOP_N,
        choose=1,
        title="Top",
    )
    prioritisation.open_round(round_)
    voters = [participant(process.organisation) for _n in range(12)]
    for n, voter in enumerate(voters):
        choice = quick if n < 10 else evenings
        prioritisation.cast_ballot(
            round_, voter, group=Group.PUBLIC, channel=Channel.ONLINE, choices=[choice.pk]
        )
    prioritisation.close_round(round_)
    area = actions.add_area(process, name="Payments")
    actions.add_area(process, name="Learning")
    actions.create_action(
        process, area=area, title="Pay every contributor within five days", created_by=None, ideas=[quick]
    )

    built = report.build(process)
    section = built.section(ReportPart.IDEAS)
    first, second = section.topics
    assert (first.title, first.ideas) == ("Payment", 2)
    assert [(i.place, i.title) for i in first.chosen] == [
        (1, "Pay within five days"),
        (3, "A benefits advice line"),
    ]
    assert first.chosen[0].measure == "chosen by 83.3% of people"  # 10 of 12
    assert second.chosen[0].measure == "chosen by fewer than 10 people"
    assert section.rounds[0].ballots.count == 12
    acted = built.section(ReportPart.ACTIONS)
    assert [(a.name, len(a.actions)) for a in acted.areas] == [("Payments", 1), ("Learning", 0)]
    assert acted.areas[0].actions[0].ideas == ["Pay within five days"]
    headlines = {h.label: h.value for h in built.section(ReportPart.SUMMARY).headlines}
    assert headlines["Actions"] == "1 action in 1 improvement area"
    assert headlines["Ideas"] == "3 ideas on 2 topics"
    assert "Pay every contributor within five days" in repr(report_pdf.document_blocks(built))


def test_a_new_ballot_gives_a_new_pdf(now):
    process = create_process(create_organisation(), topics=("Payment",))
    (payment,) = process.topics.all()
    idea_list = [ideas.add_idea(payment, title=f"Idea {n}") for n in range(3)]
    round_ = prioritisation.create_round(
        process, ideas=idea_list, created_by=None, method=Round.Method.TOP_N, choose=1, title="Top"
    )
    prioritisation.open_round(round_)
    first = report_pdf.report_pdf(process)
    assert report_pdf.report_pdf(process).reused
    prioritisation.cast_ballot(round_, participant(process.organisation), choices=[idea_list[0].pk])
    assert not report_pdf.report_pdf(process).reused
    assert first.content.startswith(b"%PDF")
