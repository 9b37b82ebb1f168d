"""The demo's ideas, prioritisation and actions, for the national process (called from ``demo.py``).

Ideas raised across the process's topics at three online events and refined from one to the next
(edits, comments, a merge and a split, each in the history), supported by participants; a closed
group-balanced (James Lind Alliance) round with ballots from three groups, online, by phone and on
paper; an open round Sam (the public demo account) has not voted in yet; and 16 actions across five
improvement areas. Topics and events made by the events demo are used when they are there.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from alongside.accounts.demo import staff_user
from alongside.core.demodata import Story, chance
from alongside.engagement import actions, ideas, prioritisation, services
from alongside.engagement.models import Channel, Event, Group, Idea, Process, Round, Topic
from alongside.people.models import Contributor

TOPICS = [
    "Payment and expenses",
    "Reaching more people",
    "Equality and inclusion",
    "Hearing what happened next",
    "Learning and support",
]
AREAS = [
    ("Payments", "Paying people promptly, fairly and without risk to their benefits."),
    ("Reaching people", "Finding and welcoming people who are seldom heard."),
    ("Equality and inclusion", "Making every way of taking part work for everyone."),
    ("Feedback", "Telling people what difference they made."),
    ("Learning", "Training and support for contributors, researchers and staff."),
]
# (topic, idea, more about it, the action it became if it comes near the top, its area)
IDEAS = [
    (
        0,
        "Pay people within five working days",
        "Late payments mean borrowing for the bus fare.",
        "Pay every contributor within five working days",
        0,
    ),
    (
        0,
        "A benefits adviser people can ring",
        "Before anyone agrees to be paid.",
        "Set up a free benefits advice line for contributors",
        0,
    ),
    (
        0,
        "Let people choose vouchers or no payment",
        "Some people cannot take cash.",
        "Offer vouchers or no payment as equal choices",
        0,
    ),
    (0, "Pay travel costs in advance", "", "Pay travel costs before the meeting when asked", 0),
    (
        1,
        "Go to community groups instead of asking them to come to us",
        "",
        "Fund community partners to host involvement sessions",
        1,
    ),
    (
        1,
        "Evening and weekend meetings",
        "Daytime suits only people who are not working.",
        "Offer every regular meeting in the evening or at the weekend too",
        1,
    ),
    (
        1,
        "Ask GP practices to mention involvement",
        "",
        "Work with GP practices to tell patients about involvement",
        1,
    ),
    (
        1,
        "Adverts in community languages",
        "",
        "Publish opportunities in the five most used community languages",
        1,
    ),
    (
        2,
        "Join by phone for every meeting",
        "Video calls are hard for some people.",
        "Make a phone line available for every online meeting",
        2,
    ),
    (
        2,
        "Papers a week before, in large print if wanted",
        "",
        "Send papers a week ahead in each person's format",
        2,
    ),
    (2, "Plain English for every document", "", "Check every public document for plain English", 2),
    (2, "A digital buddy for people new to video calls", "", "Pair new contributors with a digital buddy", 2),
    (
        3,
        "Tell people what changed because of them",
        "Within three months.",
        "Send every contributor a 'what happened next' note within three months",
        3,
    ),
    (
        3,
        "A public page of what each project changed",
        "",
        "Publish what each project changed because of involvement",
        3,
    ),
    (3, "Ask contributors how it went every time", "", "Ask for feedback after every activity", 3),
    (
        4,
        "Training for researchers on working in partnership",
        "",
        "Train every new researcher in partnership working",
        4,
    ),
    (4, "A named person to ring when unsure", "", "Give every contributor a named contact", 4),
    (
        4,
        "Learning sessions for contributors who are new",
        "",
        "Run welcome sessions for new contributors every month",
        4,
    ),
]
# The national story's calendar (demo.py): the round runs in "Prioritising the actions", the actions
# are agreed as action planning starts; the open round is part of action planning.
ROUND_OPENS, ROUND_CLOSES, ACTIONS_AGREED = -45, -31, -23
MERGED = [(0, "Faster payment, not weeks later", "Payment took two months last time.")]
SPLIT = (1, "Meet people where they are and at times that suit them", "")
COMMENTS = [
    "Yes – and say on the invitation when the payment will arrive.",
    "This would have helped me when I started.",
    "Our group agreed strongly with this.",
    "Could this work for people without internet too?",
]


def load_ideas(process: Process) -> None:
    if process.ideas.exists():
        return
    story = Story()
    team = staff_user("national@national.example")
    topics = _topics(process)
    events = _events(story, process)
    people = list(
        Contributor.objects.filter(erased_at__isnull=True)
        .exclude(Q(email="sam@public.example") | Q(user__isnull=True))
        .order_by("pk")[:60]
    )
    rng = chance("engagement-ideas")
    made = _raise(story, process, topics, events, team, people, rng)
    _refine(story, events, team, made, topics, people, rng)
    closed = _jla_round(story, process, made, team, rng)
    _actions(story, process, closed, team, made)
    _open_round(story, process, made, team, people)


def _topics(process: Process) -> list[Topic]:
    existing = list(process.topics.order_by("position", "pk"))
    if existing:
        return existing
    return [Topic.objects.create(process=process, title=t, position=n) for n, t in enumerate(TOPICS, 1)]


def _events(story: Story, process: Process) -> list[Event]:
    """The process's three latest past events; minimal ones are made if the events demo made none."""
    past = list(
        process.events.filter(starts_at__lt=timezone.now() - datetime.timedelta(days=8)).order_by("starts_at")
    )
    for n, day in enumerate((-35, -28, -21)[len(past) :], len(past) + 1):
        starts = story.moment(day, 18)
        past.append(
            Event.objects.create(
                process=process,
                title=f"Online event {n}",
                slug=services.unique_slug(Event, f"{process.slug}-online-event-{n}"),
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
            )
        )
    return past[-3:]


def _offset(story: Story, moment: datetime.datetime) -> int:
    return (timezone.localtime(moment).date() - story.today).days


def _raise(story, process, topics, events, team, people, rng) -> list[Idea]:
    """At the first event: each idea from a participant or captured from a breakout group."""
    made = []
    with story.at(_offset(story, events[0].starts_at), 19):
        for n, (topic, title, more, _action, _area) in enumerate(IDEAS + [(*m, "", 0) for m in MERGED]):
            by_group = n % 3 == 0
            made.append(
                ideas.add_idea(
                    topics[topic % len(topics)],
                    title=title,
                    description=more,
                    event=events[0],
                    author=None if by_group else people[n % len(people)],
                    captured_by=team if by_group else None,
                    captured_from=f"Group {n % 6 + 1}" if by_group else "",
                )
            )
        sam = Contributor.objects.filter(email="sam@public.example").first()
        made.append(
            ideas.add_idea(topics[SPLIT[0] % len(topics)], title=SPLIT[1], event=events[0], author=sam)
        )
    for idea in made:
        for person in rng.sample(people, rng.randint(2, min(24, len(people)))):
            ideas.support(idea, person)
    return made


def _refine(story, events, team, made, topics, people, rng) -> None:
    """Second event: edits, comments and a merge. Third: the broad idea is split in two."""
    with story.at(_offset(story, events[1].starts_at), 19):
        ideas.edit_idea(
            made[0], by=team, event=events[1], title="Pay people within five working days of taking part"
        )
        ideas.edit_idea(made[9], by=team, event=events[1], description="Or in another format people ask for.")
        for n, idea in enumerate(made[:12:3]):
            ideas.comment(idea, author=people[n].user, text=COMMENTS[n])
        ideas.comment(made[12], author=team, text="We will bring this to the next event.", from_team=True)
        ideas.merge([made[len(IDEAS)]], into=made[0], by=team, event=events[1])
    with story.at(_offset(story, events[2].starts_at), 19):
        parts = ideas.split(
            made[-1],
            [
                {"title": "Hold sessions in community venues people already use"},
                {"title": "Offer a choice of times, including evenings"},
            ],
            by=team,
            event=events[2],
        )
        made += parts


def _groups(n: int) -> tuple[str, str]:
    """Who took part, and how: mostly public contributors online, some by phone and on paper."""
    group = [Group.PUBLIC, Group.PUBLIC, Group.RESEARCHER, Group.STAFF][n % 4]
    channel = [Channel.ONLINE, Channel.ONLINE, Channel.ONLINE, Channel.PHONE, Channel.PAPER][n % 5]
    return group, channel


def _jla_round(story, process, made, team, rng) -> Round:
    round_ideas = [made[n] for n in range(len(IDEAS))]
    # Weights make some ideas matter more to some groups, so the group balance shows.
    weights = {
        g: [rng.uniform(0.5, 3) for _ in round_ideas] for g in (Group.PUBLIC, Group.RESEARCHER, Group.STAFF)
    }
    with story.at(ROUND_OPENS):
        round_ = prioritisation.create_round(
            process,
            ideas=round_ideas,
            created_by=team,
            title="Which ideas should become actions?",
            introduction="Put ten ideas in order: 1 for the one that matters most to you.",
            method=Round.Method.JLA,
            choose=10,
        )
        prioritisation.open_round(round_)
    voters = (
        Contributor.objects.filter(erased_at__isnull=True).exclude(email="sam@public.example").order_by("pk")
    )
    for n, voter in enumerate(voters[:48]):
        group, channel = _groups(n)
        order = _weighted_order(rng, round_ideas, weights[group])[:10]
        with story.at(ROUND_OPENS + 1 + n // 8, 11):
            prioritisation.cast_ballot(
                round_,
                voter,
                group=group,
                channel=channel,
                keyed_by=None if channel == Channel.ONLINE else team,
                places={idea.pk: place for place, idea in enumerate(order, 1)},
            )
    with story.at(ROUND_CLOSES):
        prioritisation.close_round(round_)
    round_.refresh_from_db()
    return round_


def _weighted_order(rng: random.Random, items: list, weights: list[float]) -> list:
    keyed = [(rng.random() ** (1 / w), item) for item, w in zip(items, weights, strict=True)]
    return [item for _key, item in sorted(keyed, key=lambda pair: -pair[0])]


def _actions(story, process, round_, team, made) -> None:
    """The top 16 ideas become actions, each in its improvement area."""
    with story.at(ACTIONS_AGREED):
        areas = [actions.add_area(process, name=name, description=text) for name, text in AREAS]
        spec = {made[n].pk: (action, area) for n, (_t, _title, _m, action, area) in enumerate(IDEAS)}
        top = prioritisation.results(round_).rows[:16]
        statuses = ["agreed", "agreed", "in_progress", "proposed"]
        owners = ["Finance team", "Involvement team", "Research office", "Communications team"]
        for n, row in enumerate(top):
            title, area = spec[row.idea.pk]
            actions.create_action(
                process,
                area=areas[area],
                title=title,
                created_by=team,
                ideas=[row.idea],
                round=round_,
                place=row.place,
                status=statuses[n % 4],
                owner_name=owners[area % 4],
            )


def _open_round(story, process, made, team, people) -> None:
    with story.at(-2):
        round_ = prioritisation.create_round(
            process,
            ideas=made[-2:] + made[4:8],
            created_by=team,
            title="Reaching more people: what should we try first?",
            introduction="Choose the two ideas you would try first.",
            method=Round.Method.TOP_N,
            choose=2,
        )
        prioritisation.open_round(round_)
        for n, person in enumerate(people[:9]):
            chosen = [made[4 + n % 4].pk, made[-1 - n % 2].pk]
            prioritisation.cast_ballot(round_, person, group=Group.PUBLIC, choices=chosen)
