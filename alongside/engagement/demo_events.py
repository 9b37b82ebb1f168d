"""The demo's events: the national process's three online events, and two follow-ups.

- three past events of 110–130 registrations each (the registration survey asked of everyone),
  attendance recorded (so contributions exist) and breakout groups by topic, led by staff and
  public contributors who facilitate;
- during action planning, a full workshop with a waiting list and its groups allocated, and an open
  check-in where Sam (the public demo account) has a place.

Most registrations are written in bulk, so ``make run`` stays quick; Sam's goes through
``events.register`` so the confirmation shows in outreach like any other.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q

from alongside.accounts.models import User
from alongside.core.demodata import Story, chance
from alongside.engagement import breakout, events
from alongside.engagement.models import (
    Event,
    EventStatus,
    Process,
    Registration,
    TakingPartAs,
    Topic,
    TopicChoice,
)
from alongside.people.demo_cast import SAM_EMAIL
from alongside.people.models import Contributor

ACCESS = (
    "Live captions and a British Sign Language interpreter. "
    "A break every 45 minutes. Join by phone if you prefer."
)
WAYS = [
    (TakingPartAs.PUBLIC, 60),
    (TakingPartAs.CARER, 12),
    (TakingPartAs.RESEARCHER, 15),
    (TakingPartAs.PROFESSIONAL, 8),
    (TakingPartAs.STAFF, 5),
]
NEEDS = [
    "",
    "",
    "",
    "",
    "",
    "Captions, please.",
    "Papers a week before, in large print.",
    "I will join by phone.",
]
# The first area is the most popular, so it needs several groups.
TOPIC_WEIGHTS = [40, 18, 12, 18, 12]
PAST_TITLE = "Online event 1: what gets in the way"


# The three events of the national story (days from loading the demo; see demo.py's calendar), each
# with its breakout rounds; then two follow-ups during action planning, in the states people meet.
HELD = [
    (
        -78,
        "Online event 1: what gets in the way",
        ["Round 1: what gets in the way", "Round 2: ideas that would help"],
    ),
    (-64, "Online event 2: turning ideas into actions", ["Round 1: sharpening the ideas"]),
    (-52, "Online event 3: ready to choose", ["Round 1: the last look at each idea"]),
]


def load_events_demo(story: Story, process: Process, areas: list[str]) -> None:
    if process.events.filter(title=PAST_TITLE).exists():
        return
    rng = chance("engagement-events")
    topics = _topics(process, areas)
    people = list(
        Contributor.objects.filter(status="active", erased_at__isnull=True)
        .exclude(email=SAM_EMAIL)
        .order_by("pk")
    )
    rng.shuffle(people)
    facilitators, crowd = people[:16], people[16:]
    survey = process.surveys.order_by("created_at").first()  # the registration survey, asked of everyone
    for day, title, rounds in HELD:
        came = rng.sample(crowd, min(rng.randint(110, 130), len(crowd)))
        past = _past_event(story, process, topics, came, rng, day=day, title=title, survey=survey)
        _facilitate(past, facilitators)
        _rounds(past, topics, rounds)
    full = _event(process, "Action planning workshop: who does what", story.moment(12, 18), capacity=40)
    _bulk_register(full, crowd[:47], topics, rng, story.moment(-10))
    _facilitate(full, facilitators[:6])
    _rounds(full, topics, ["Round 1: owners and first steps"])
    open_event = _event(process, "Check-in: how are the actions going?", story.moment(26, 10), capacity=120)
    _bulk_register(open_event, crowd[60:75], topics, rng, story.moment(-2))
    sam = Contributor.objects.filter(email=SAM_EMAIL).first()
    if sam is not None:
        events.register(
            open_event,
            sam,
            taking_part_as=TakingPartAs.PUBLIC,
            access_needs="Captions, please.",
            topics=topics[:2],
        )


def _topics(process: Process, areas: list[str]) -> list[Topic]:
    # Another part of the demo may have made the process's topics already: use them.
    return [
        Topic.objects.get_or_create(process=process, title=title, defaults={"position": position})[0]
        for position, title in enumerate(areas, 1)
    ]


def _event(process, title, starts_at, *, capacity, survey=None) -> Event:
    event = events.create_event(
        process,
        title=title,
        title_cy="",
        description="Two hours online, in small groups by topic, each with a facilitator.",
        description_cy="Dwy awr ar-lein, mewn grwpiau bach yn ôl pwnc, pob un gyda hwylusydd.",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        online_link="https://meet.example/alongside-events",
        venue="",
        access_information=ACCESS,
        access_information_cy="Capsiynau byw a dehonglydd Iaith Arwyddion Prydain. Egwyl bob 45 munud.",
        capacity=capacity,
        registration_survey=survey,
    )
    return events.set_status(event, EventStatus.OPEN)


def _past_event(story: Story, process, topics, people, rng: random.Random, *, day, title, survey) -> Event:
    with story.at(day - 28):
        event = _event(process, title, story.moment(day, 18), capacity=130, survey=survey)
        _bulk_register(event, people, topics, rng, story.moment(day - 28))
    with story.at(day + 1, 10):
        came = [r for r in event.registrations.order_by("pk") if rng.random() < 0.88]
        events.record_attendance(event, came, by=_national_team())
        events.set_status(event, EventStatus.CLOSED)
    return event


def _bulk_register(event: Event, people, topics, rng: random.Random, since: datetime.datetime) -> None:
    rows = []
    for index, person in enumerate(people):
        way = rng.choices([w for w, _weight in WAYS], weights=[w for _way, w in WAYS])[0]
        at = since + datetime.timedelta(minutes=37 * index)
        status = Registration.Status.REGISTERED if index < event.capacity else Registration.Status.WAITING
        how = "phone" if rng.random() < 0.12 else "online"
        rows.append(
            Registration(
                event=event,
                contributor=person,
                status=status,
                taking_part_as=way,
                access_needs=rng.choice(NEEDS),
                how=how,
                created_at=at,
                queued_at=at,
            )
        )
    saved = Registration.objects.bulk_create(rows)
    if saved and saved[0].pk is None:
        saved = list(event.registrations.order_by("pk"))
    choices = []
    for registration in saved:
        order = rng.choices(range(len(topics)), weights=TOPIC_WEIGHTS[: len(topics)], k=8)
        picked = list(dict.fromkeys(order))[: rng.choice([1, 2, 3])]
        choices += [
            TopicChoice(registration=registration, topic=topics[i], rank=rank)
            for rank, i in enumerate(picked, 1)
        ]
    TopicChoice.objects.bulk_create(choices)


def _national_team() -> User | None:
    return User.objects.filter(email="national@national.example").first()


def _facilitate(event: Event, contributors) -> None:
    staff = User.objects.filter(Q(email="national@national.example") | Q(email__endswith="@national.example"))
    for user in staff[:2]:
        breakout.add_facilitator(event, user=user)
    for contributor in contributors:
        breakout.add_facilitator(event, contributor=contributor)


def _rounds(event: Event, topics, titles) -> None:
    for title in titles:
        round_ = breakout.save_round(event, title=title, max_group_size=8, topics=topics)
        breakout.allocate(round_)
