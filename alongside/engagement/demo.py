"""The demo's engagement: a national process whose registration survey about 200 people answered
online, on paper and by phone, with the written answers coded into themes; and a short named
survey at Northbridge that Sam (the public demo account) has not answered yet.

Everything is built through ``engagement.services``, ``answering`` and ``themes``.
"""

from __future__ import annotations

import random

from django.db.models import Q

from alongside.accounts.demo import staff_user
from alongside.accounts.models import Organisation
from alongside.core.demodata import Story, chance
from alongside.engagement import answering, queries, services, themes
from alongside.engagement.demo_events import load_events_demo
from alongside.engagement.demo_ideas import load_ideas
from alongside.engagement.demo_report import load_report_demo
from alongside.engagement.models import Answer, Channel, Group, Process, Question, Survey
from alongside.people.demo import cast_is_here
from alongside.people.models import Contributor

TITLE = "Shaping public involvement together"
K = Question.Kind

# The five areas the scoping workshop chose: asked about in the survey, then the topics of the
# events' breakout groups and of the ideas, and in the end the improvement areas of the actions.
AREAS = [
    "Fair payment for people's time",
    "Reaching people who are seldom heard",
    "Equality and inclusion in every way of taking part",
    "Telling people what difference they made",
    "Learning and support for everyone",
]
# The story's calendar, in days from the day the demo is loaded (the process is now planning actions).
SCOPING = -150
SURVEY = (-120, -85)
EVENTS = (-80, -50)
PRIORITISING = (-45, -30)
PLANNING = (-25, 60)
# How often each area is among someone's three, so the results tell a story.
AREA_WEIGHTS = [0.72, 0.64, 0.45, 0.68, 0.51]
WAYS = ["Online", "By phone", "By post", "In person"]

# Barriers, in people's own words, by the theme staff coded them with.
BARRIERS = {
    "Worries about payment and benefits": [
        "I am scared a payment will affect my Universal Credit.",
        "Nobody could tell me if being paid would stop my benefits.",
        "The expenses take months to come through and I cannot afford to wait.",
        "Being paid late means I have to borrow for the bus fare.",
    ],
    "Jargon and complicated papers": [
        "The papers are full of jargon and acronyms I do not understand.",
        "Documents are far too long and written for academics.",
        "I feel stupid asking what the words mean in meetings.",
    ],
    "Not knowing where to start": [
        "I did not know this existed until my GP mentioned it.",
        "It is hard to find out how to get involved in the first place.",
        "Nobody explained what would be expected of me.",
    ],
    "Internet and technology": [
        "I do not have a computer and everything is online now.",
        "Video calls are hard with my hearing, and the captions are poor.",
        "My internet is not good enough for long online meetings.",
    ],
    "Time, work and caring": [
        "Meetings are in the daytime when I am at work.",
        "I care for my mum and cannot leave her for long.",
        "Short notice makes it impossible to arrange cover.",
    ],
}
HELPS = [
    "Being paid promptly and told clearly about benefits.",
    "A named person to ring when I am unsure.",
    "Papers sent a week before in large print.",
    "Evening meetings, and the option to join by phone.",
    "Hearing back what happened because of what we said.",
    "A buddy to help me with the technology.",
]
MISSING = ["Feedback on what changed.", "Support for carers.", "", "", "Meetings outside cities.", ""]


def load_demo() -> None:
    if Process.objects.filter(title=TITLE).exists() or not cast_is_here():
        return
    story = Story()
    national = Organisation.objects.get(slug="national")
    team = staff_user("national@national.example")
    process = _process(story, national, team)
    survey = _registration_survey(story, national, team, process)
    _answer(story, survey, chance("engagement"))
    _code(survey)
    services.update_survey(survey, results_published=True)
    services.close_survey(survey)
    _northbridge(story)
    # Part 2, in the order it happened: the events (with breakout groups by the survey's five areas),
    # the ideas raised and refined at them, the round and the actions; then the report on it all.
    load_events_demo(story, process, AREAS)
    load_ideas(process)
    load_report_demo(story, process)


def _process(story: Story, organisation, team) -> Process:
    with story.at(SCOPING - 5):
        process = services.create_process(
            organisation=organisation,
            created_by=team,
            title=TITLE,
            summary=(
                "Together with members of the public, researchers and involvement staff across the country, "
                "we are deciding what should change so that more people can take part in health and care "
                "research, and be treated fairly when they do."
            ),
            take_part_online="Answer the survey on this page, then book a place at one of the online events.",
            take_part_phone=(
                "Ring 0161 496 0000, Monday to Friday, 10am to 4pm, "
                "and we will go through the survey with you."
            ),
            take_part_post=(
                "Ask us for a paper copy, or print one from the survey page, "
                "and post it back in the freepost envelope."
            ),
            published=True,
        )
        phases = [
            (
                "Scoping workshop",
                SCOPING,
                SCOPING,
                "Twelve people with lived experience, researchers and staff agreed the questions to ask, "
                "and five areas for improvement to test in the survey.",
            ),
            (
                "Registration survey",
                *SURVEY,
                "All five areas matter; fair payment and reaching people who are seldom heard come first. "
                "The written answers set the topics for the events.",
            ),
            (
                "Online events",
                *EVENTS,
                "Ideas were raised in breakout groups by topic and refined from one event to the next.",
            ),
            (
                "Prioritising the actions",
                *PRIORITISING,
                "Public contributors, researchers and staff put the ideas in order, each group counting "
                "equally; the ideas placed highest became actions in five improvement areas.",
            ),
            ("Action planning", *PLANNING, ""),
        ]
        for title, start, end, decided in phases:
            services.add_phase(
                process,
                title=title,
                starts_on=story.day(start),
                ends_on=story.day(end),
                decisions=decided,
                description=_DESCRIPTIONS[title],
            )
        services.set_current_phase(process.phases.get(title="Action planning"))
    return process


_DESCRIPTIONS = {
    "Scoping workshop": "A day together to agree what to ask.",
    "Registration survey": "Tell us what gets in the way, what helps, and which areas matter most to you.",
    "Online events": "Three online events in small groups, to turn what we heard into ideas.",
    "Prioritising the actions": "Everyone who took part chooses which actions come first.",
    "Action planning": "Each action gets an owner and dates, tracked in public.",
}


def _registration_survey(story: Story, organisation, team, process) -> Survey:
    with story.at(SURVEY[0]):
        survey = services.create_survey(
            organisation=organisation,
            created_by=team,
            process=process,
            title="Registration survey: what would make taking part easier?",
            introduction=(
                "Before the events, we would like to hear from you. It takes about ten minutes. "
                "Your answers are anonymous."
            ),
            anonymous=True,
            freepost_address="Freepost ALONGSIDE SURVEY\nNational Involvement Team",
            phone_number="0161 496 0000",
            closes_on=story.day(SURVEY[1]),
        )
        add = lambda **fields: services.add_question(survey, **fields)  # noqa: E731
        add(kind=K.LONG_TEXT, text="What gets in the way of you taking part in research?", required=True)
        add(kind=K.LONG_TEXT, text="What helps you take part?", required=False)
        add(
            kind=K.CHOOSE_UP_TO,
            text="Which three of these five areas matter most to you?",
            max_choices=3,
            options=AREAS,
        )
        add(
            kind=K.RANK,
            text="How would you like to take part? Put them in order.",
            options=WAYS,
            required=False,
        )
        add(kind=K.SCALE, text="Researchers value what people like me say.")
        add(kind=K.SHORT_TEXT, text="Is anything missing from the five areas?", required=False)
        services.open_survey(survey)
    return survey


def _answers_for(survey: Survey, rng: random.Random) -> tuple[dict, bool]:
    questions = queries.questions(survey)
    barrier_theme = rng.choice(list(BARRIERS))
    areas = [
        o.pk
        for o, weight in zip(questions[2].options.all(), AREA_WEIGHTS, strict=True)
        if rng.random() < weight
    ]
    areas = (areas + [o.pk for o in questions[2].options.all() if o.pk not in areas])[:3]
    ways = [o.pk for o in questions[3].options.all()]
    rng.shuffle(ways)
    raw = {
        str(questions[0].pk): rng.choice(BARRIERS[barrier_theme]),
        str(questions[1].pk): rng.choice(HELPS),
        str(questions[2].pk): [str(pk) for pk in areas],
        str(questions[3].pk): {
            str(pk): str(place) for place, pk in enumerate(ways[: rng.choice([2, 3, 4])], start=1)
        },
        str(questions[4].pk): str(
            rng.choice([o.pk for o in questions[4].options.all()][: rng.choice([2, 3, 5])])
        ),
        str(questions[5].pk): rng.choice(MISSING),
    }
    return raw, rng.random() < 0.7


def _answer(story: Story, survey: Survey, rng: random.Random) -> None:
    """About 200 answers spread over the weeks the survey was open, online, on paper and by phone."""
    questions = queries.questions(survey)
    plan = [Channel.ONLINE] * 131 + [Channel.PAPER] * 42 + [Channel.PHONE] * 24
    rng.shuffle(plan)
    first, last = SURVEY[0] + 1, SURVEY[1] - 1
    for index, channel in enumerate(plan):
        group = rng.choices([Group.PUBLIC, Group.RESEARCHER, Group.STAFF], weights=[70, 18, 12])[0]
        raw, may_quote = _answers_for(survey, rng)
        with story.at(first + index * (last - first) // len(plan), 9 + rng.randrange(9)):
            if channel == Channel.ONLINE:
                _online(survey, questions, raw, group, may_quote)
            else:
                answering.record(survey, raw, questions, channel=channel, group=group, may_quote=may_quote)


def _online(survey, questions, raw, group, may_quote) -> None:
    response = answering.start(survey, group=group)
    for question in questions:
        value = answering.clean_answer(question, raw.get(str(question.pk)))
        answering.save_answer(response, question, value)
    answering.submit(response, questions, may_quote=may_quote)


def _code(survey: Survey) -> None:
    question = survey.questions.get(position=1)
    for name, phrases in BARRIERS.items():
        ids = Answer.objects.filter(question=question, text__in=phrases).values_list("pk", flat=True)
        themes.create_theme(question, name, answer_ids=ids)
    quotable = Answer.objects.filter(question=question, response__may_quote=True).order_by("text")
    for answer in _first_of_each(quotable):
        themes.mark_quote(answer)


def _first_of_each(answers) -> list[Answer]:
    seen, chosen = set(), []
    for answer in answers.select_related("response")[:200]:  # a few quotes, each in different words
        if answer.text not in seen:
            seen.add(answer.text)
            chosen.append(answer)
    return chosen[:4]


def _northbridge(story: Story) -> None:
    northbridge = Organisation.objects.get(slug="northbridge")
    officer = staff_user("involvement@northbridge.example")
    with story.at(-20):
        process = services.create_process(
            organisation=northbridge,
            created_by=officer,
            title="Improving how Northbridge welcomes new contributors",
            summary=(
                "We want joining Northbridge's research panel to feel welcoming and simple. "
                "Tell us how it went for you."
            ),
            take_part_online="Answer the short survey below.",
            take_part_phone="Ring Tom on 0161 496 0123 and he will note your answers.",
            take_part_post="Ask for a paper copy and post it back in the freepost envelope.",
            published=True,
        )
        services.add_phase(
            process, title="Listening", description="A short survey of people who joined this year."
        )
        services.add_phase(
            process, title="Changes", description="We will make changes and tell you what they are."
        )
        services.set_current_phase(process.phases.get(position=1))
        survey = services.create_survey(
            organisation=northbridge,
            created_by=officer,
            process=process,
            title="How was joining for you?",
            introduction=(
                "Five short questions about joining the Northbridge panel. "
                "Your answers are kept with your profile."
            ),
            anonymous=False,
            freepost_address="Freepost NORTHBRIDGE INVOLVEMENT\nNorthbridge Teaching Hospitals",
            phone_number="0161 496 0123",
        )
        services.add_question(
            survey,
            kind=K.SINGLE,
            text="How did you hear about us?",
            options=["From a doctor or nurse", "From a friend", "Online", "At a community event"],
        )
        services.add_question(survey, kind=K.SCALE, text="Joining was simple.")
        services.add_question(survey, kind=K.DATE, text="When did you join?", required=False)
        services.add_question(
            survey,
            kind=K.NUMBER,
            text="How many minutes did joining take?",
            required=False,
            minimum=1,
            maximum=600,
        )
        services.add_question(
            survey, kind=K.LONG_TEXT, text="What would have made it easier?", required=False
        )
        services.add_equality_block(survey)
        services.open_survey(survey)
    _northbridge_answers(story, survey, officer)


def _northbridge_answers(story: Story, survey: Survey, officer) -> None:
    rng = chance("engagement-northbridge")
    questions = queries.questions(survey)
    people = (
        Contributor.objects.filter(organisation__slug="northbridge")
        .exclude(Q(email="sam@public.example") | Q(erased_at__isnull=False))
        .order_by("pk")[:14]
    )
    for n, person in enumerate(people):
        raw = {
            str(questions[0].pk): str(rng.choice(list(questions[0].options.all())).pk),
            str(questions[1].pk): str(rng.choice(list(questions[1].options.all())[:3]).pk),
            str(questions[3].pk): str(rng.choice([5, 10, 15, 20, 30])),
            str(questions[4].pk): rng.choice(
                ["Fewer questions about my health.", "A phone number on the letter.", ""]
            ),
        }
        channel = [Channel.PHONE, Channel.PAPER][n % 2]
        with story.at(-15 + n // 2):
            answering.record(
                survey,
                raw,
                questions,
                channel=channel,
                group=Group.PUBLIC,
                respondent=person,
                entered_by=officer,
            )
