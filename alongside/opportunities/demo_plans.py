"""What the demo's opportunities say: projects, plans for each opportunity and people's reasons.

Invented for the demo. The story that uses them is in ``opportunities/demo.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alongside.accounts.models import Region
from alongside.opportunities.models import Format, Project
from alongside.people.choices import AccessNeed

FIRST_TITLE = "Help us rewrite the leaflet for our breathing classes"


@dataclass
class Session:
    title: str
    kind: str  # matched against the payment policy: meeting, workshop, review
    offset: int | None  # days from today; None for a task with no date
    hour: int = 10
    minutes: int = 120
    format: str = Format.IN_PERSON
    location: str = ""


@dataclass
class Plan:
    """One opportunity as the story tells it."""

    key: str
    title: str
    summary: str
    what: str
    who: str
    project: str | None
    topics: list[str]
    format: str
    level: int
    drafted: int  # days ago
    state: str  # draft, in_review, changes, rejected, published, closed
    closes: int | None = None  # offset from today
    submitted: int | None = None
    decided: int | None = None  # approved, sent back or rejected (days ago)
    closed: int | None = None
    location: str = ""
    region: str = ""
    hours: str | None = None
    time_needed: str = ""
    paid: bool = True
    payment_offered: str = ""
    support: list[str] = field(default_factory=list)
    places: int | None = None
    targets: str = ""
    sessions: list[Session] = field(default_factory=list)
    comment: str = ""
    organisation: str = "northbridge"


NORTHBRIDGE_GENERAL = (
    "Northbridge General Hospital, Education Centre, Moss Lane, Manchester M13 9PB (step-free)"
)

PROJECTS = [
    (
        "copd",
        "Breathing better at home",
        "How community breathing classes can help people with COPD stay out of hospital.",
        Project.Stage.FUNDED,
    ),
    (
        "stroke",
        "Recovering after a stroke",
        "A five-year programme on rehabilitation at home after a stroke.",
        Project.Stage.FUNDED,
    ),
    (
        "dementia",
        "Dementia-friendly outpatient clinics",
        "Making our clinics easier to find, wait in and come back to.",
        Project.Stage.FUNDED,
    ),
    (
        "app",
        "A mental health app made with young people",
        "A funding application for an app that young people design.",
        Project.Stage.APPLYING,
    ),
    (
        "travel",
        "Getting to hospital",
        "Why people miss appointments, and what would help them get here.",
        Project.Stage.IDEA,
    ),
    (
        "foot",
        "Diabetes foot checks",
        "Reminder letters that bring more people to their yearly foot check.",
        Project.Stage.FINISHED,
    ),
    (
        "wales",
        "Caring at home in North Wales",
        "What helps unpaid carers of people with dementia in North Wales.",
        Project.Stage.APPLYING,
    ),
]

LEVELS = [
    (
        "Have your say",
        "One-off and short: a survey, a phone chat or a single online meeting, under two hours.",
    ),
    ("Help shape a study", "A few meetings, or reading and commenting on documents, over a few weeks."),
    ("Join a panel", "Regular meetings over months with the same group, with training and support."),
    (
        "Lead alongside us",
        "Co-leading research: a steering group, a funding application or co-writing a paper.",
    ),
]

JARGON = [
    ("PPIE", "public involvement (or just say “getting involved”)"),
    ("CI", "the lead researcher"),
    ("NIHR", "the National Institute for Health and Care Research"),
]

PLANS = [
    Plan(
        "copd",
        FIRST_TITLE,
        "People who have been to our breathing classes told us the leaflet was too long and hard to follow. "
        "Help us rewrite it so that anyone can use it at home.",
        "Come to one workshop at the hospital to go through the leaflet together, then one online meeting to "
        "check the new version.",
        "People who live with COPD or another lung condition, and people who care for them.",
        "copd",
        ["Long-term conditions", "Medicines"],
        Format.HYBRID,
        2,
        drafted=82,
        submitted=80,
        decided=79,
        closes=-56,
        closed=-40,
        state="closed",
        location=NORTHBRIDGE_GENERAL,
        region=Region.NORTH_WEST,
        hours="5.5",
        time_needed="A half-day workshop and a 90-minute online meeting",
        payment_offered="£75 for the workshop and £37.50 for the online meeting, plus travel",
        support=[AccessNeed.LARGE_PRINT, AccessNeed.HEARING_LOOP, AccessNeed.STEP_FREE, AccessNeed.BREAKS],
        places=8,
        targets="region, North West, 2, 4\ndisability, yes, 1, 4",
        sessions=[
            Session(
                "Workshop: the leaflet page by page",
                "workshop",
                -46,
                10,
                240,
                Format.IN_PERSON,
                NORTHBRIDGE_GENERAL,
            ),
            Session(
                "Online meeting: check the new version",
                "meeting",
                -30,
                18,
                90,
                Format.ONLINE,
                "Online (a link is sent the day before)",
            ),
        ],
    ),
    Plan(
        "signs",
        "Check our new signs and leaflet for the memory clinic",
        "We are changing the signs in our memory clinic. Look at the drafts at home and tell us what is "
        "clear and what is confusing.",
        "We post or email you the draft signs and a short leaflet. You tell us what you think on the reply "
        "form or by phone. It takes about two hours.",
        "People living with dementia and the people who care for them.",
        "dementia",
        ["Dementia care", "Ageing well"],
        Format.POST,
        2,
        drafted=72,
        submitted=70,
        decided=69,
        closes=-36,
        closed=-23,
        state="closed",
        hours="2",
        time_needed="About two hours at home",
        payment_offered="£50 for your time",
        support=[AccessNeed.LARGE_PRINT, AccessNeed.EASY_READ, AccessNeed.SUPPORTER],
        places=6,
        sessions=[
            Session(
                "Review the draft signs and leaflet at home",
                "review",
                -26,
                9,
                120,
                Format.POST,
                "At home, by post or online",
            )
        ],
    ),
    Plan(
        "panel",
        "Join our stroke recovery panel",
        "Our stroke recovery programme needs a panel of people who have had a stroke, and their families, "
        "to guide it for the next year.",
        "Meet every month, online or at the hospital, to talk about the research plans and help us decide "
        "what matters most.",
        "People who have had a stroke, and their families or carers. "
        "You do not need any experience of research.",
        "stroke",
        ["Long-term conditions", "Heart and circulation"],
        Format.HYBRID,
        3,
        drafted=100,
        submitted=98,
        decided=97,
        closes=40,
        state="published",
        location=NORTHBRIDGE_GENERAL,
        region=Region.NORTH_WEST,
        hours="24",
        time_needed="Two hours a month for a year",
        payment_offered="£50 for each two-hour meeting, plus travel or home costs",
        support=[AccessNeed.BSL, AccessNeed.STEP_FREE, AccessNeed.SUPPORTER, AccessNeed.BREAKS],
        places=10,
        sessions=[
            Session(
                "Panel meeting: what matters after leaving hospital",
                "meeting",
                -35,
                14,
                120,
                Format.IN_PERSON,
                NORTHBRIDGE_GENERAL,
            ),
            Session(
                "Panel meeting (online): choosing the first study",
                "meeting",
                -8,
                18,
                120,
                Format.ONLINE,
                "Online (a link is sent the day before)",
            ),
            Session(
                "Panel meeting: the study plan", "meeting", 20, 14, 120, Format.IN_PERSON, NORTHBRIDGE_GENERAL
            ),
            Session(
                "Panel meeting (online): questions for patients",
                "meeting",
                48,
                18,
                120,
                Format.ONLINE,
                "Online (a link is sent the day before)",
            ),
        ],
    ),
    Plan(
        "travel",
        "Tell us how you get to your hospital appointments",
        "Some people miss appointments because getting to us is hard. Tell us about your journey in a "
        "45-minute phone call.",
        "A researcher phones you at a time that suits you and asks about your last few journeys to "
        "the hospital.",
        "Anyone who has been to Northbridge for an appointment in the last year, especially by bus "
        "or with help.",
        "travel",
        ["Public health", "Reaching people who are seldom heard"],
        Format.PHONE,
        1,
        drafted=24,
        submitted=22,
        decided=21,
        closes=5,
        state="published",
        hours="0.8",
        time_needed="One 45-minute phone call",
        payment_offered="£25 for the call",
        support=[AccessNeed.INTERPRETER, AccessNeed.BREAKS],
        places=12,
        sessions=[
            Session("Phone interviews (first week)", "meeting", 9, 10, 45, Format.PHONE, "By phone"),
            Session("Phone interviews (second week)", "meeting", 16, 14, 45, Format.PHONE, "By phone"),
        ],
    ),
    Plan(
        "app",
        "Help young people design a mental health app",
        "We want to build an app that helps young people look after their mental health. Help us plan it "
        "before we ask for funding.",
        "Two online meetings with other young people and our design team. You sketch ideas and try "
        "early designs.",
        "People aged 18 to 25 who have used mental health services or supported a friend.",
        "app",
        ["Mental health", "Digital health", "Children and young people's health"],
        Format.ONLINE,
        2,
        drafted=15,
        submitted=13,
        decided=12,
        closes=28,
        state="published",
        hours="4",
        time_needed="Two online meetings of two hours",
        payment_offered="£50 for each meeting",
        support=[AccessNeed.BREAKS],
        places=8,
        sessions=[
            Session("Design meeting 1: what would help", "meeting", 35, 18, 120, Format.ONLINE, "Online"),
            Session(
                "Design meeting 2: try the first designs", "meeting", 49, 18, 120, Format.ONLINE, "Online"
            ),
        ],
    ),
    Plan(
        "maternity",
        "Share your experience of maternity care",
        "Tell us what went well and what could be better when you had a baby at Northbridge. A short "
        "survey, online or on paper.",
        "Fill in a short survey in your own time. We can post a paper copy with a free return envelope.",
        "Anyone who has had a baby with us in the last three years, and their partners.",
        None,
        ["Maternity", "Children and young people's health"],
        Format.POST,
        1,
        drafted=20,
        submitted=19,
        decided=18,
        closes=21,
        state="published",
        paid=False,
        hours="0.5",
        time_needed="About 20 minutes",
        support=[AccessNeed.LARGE_PRINT, AccessNeed.EASY_READ, AccessNeed.INTERPRETER],
        sessions=[
            Session("Fill in the survey", "review", None, 0, 20, Format.POST, "At home, online or on paper")
        ],
    ),
    Plan(
        "wrexham",
        "Caring for someone with dementia in North Wales: join a conversation",
        "We are planning research on support for carers in North Wales. Come to an afternoon conversation "
        "in Wrexham, in Welsh or English.",
        "One afternoon with other carers and two researchers, with tea and cake. The conversation can be in "
        "Welsh: we will have Welsh speakers in every group.",
        "Anyone in North Wales who cares, or has cared, for someone with dementia.",
        "wales",
        ["Dementia care", "Social care"],
        Format.IN_PERSON,
        2,
        drafted=14,
        submitted=12,
        decided=11,
        closes=18,
        state="published",
        location="Canolfan y Dref, Stryd y Bont, Wrexham LL11 1AA (step-free)",
        region=Region.WALES,
        hours="3",
        time_needed="One afternoon",
        payment_offered="£75, plus travel and care costs",
        support=[AccessNeed.INTERPRETER, AccessNeed.HEARING_LOOP, AccessNeed.STEP_FREE, AccessNeed.SUPPORTER],
        places=12,
        sessions=[
            Session(
                "Carers' conversation in Wrexham",
                "workshop",
                25,
                13,
                180,
                Format.IN_PERSON,
                "Canolfan y Dref, Wrexham",
            )
        ],
    ),
    Plan(
        "letters",
        "Help us test a new appointment letter",
        "We are rewriting our appointment letters. Read the new one and tell us if anything is unclear.",
        "We send you two versions of the letter. You tell us which is clearer, by phone or on a short form.",
        "Anyone who has had a letter from us about an appointment.",
        "travel",
        ["Public health"],
        Format.POST,
        1,
        drafted=6,
        submitted=2,
        closes=30,
        state="in_review",
        hours="1",
        time_needed="About an hour",
        payment_offered="£25 for your time",
        places=15,
    ),
    Plan(
        "hospice",
        "What matters to families when care moves home?",
        "We are at the very start of planning a study about hospice care at home. Help us work out the "
        "questions to ask.",
        "",
        "Families who have cared for someone at the end of their life.",
        None,
        ["Social care"],
        Format.ONLINE,
        2,
        drafted=3,
        state="draft",
        closes=45,
        hours="2",
    ),
    Plan(
        "oxygen",
        "Join the steering group for our RCT of home oxygen",
        "Join the steering group for our RCT of home oxygen. You would help oversee the trial for "
        "three years.",
        "Four meetings a year with the research team and two other public members.",
        "People who use oxygen at home, or care for someone who does.",
        "copd",
        ["Long-term conditions"],
        Format.HYBRID,
        4,
        drafted=9,
        submitted=7,
        decided=4,
        closes=60,
        state="changes",
        hours="12",
        payment_offered="£150 for each full-day meeting",
        places=2,
        comment="Please explain RCT in the title and summary, for example “a study that compares two "
        "treatments fairly (a randomised controlled trial)”. The rest reads well.",
    ),
    Plan(
        "inhaler",
        "Earn £200 testing a new inhaler",
        "Take part in our trial of a new inhaler and earn £200.",
        "Use the new inhaler for eight weeks and come to four check-ups.",
        "Adults with asthma.",
        None,
        ["Medicines"],
        Format.IN_PERSON,
        1,
        drafted=22,
        submitted=21,
        decided=20,
        closes=30,
        state="rejected",
        comment="This is taking part in a trial as a participant, not public involvement. Please recruit "
        "through the study's own approved route; we can help you write to our patient groups about it.",
    ),
    Plan(
        "sickle",
        "Sickle cell: what would make emergency care better for you?",
        "People with sickle cell disease often wait too long for pain relief in emergency departments. "
        "Tell us what would help.",
        "One evening workshop in east London with food, and a follow-up by phone if you like.",
        "Adults with sickle cell disease and their families.",
        None,
        ["Long-term conditions", "Reaching people who are seldom heard"],
        Format.IN_PERSON,
        0,
        drafted=18,
        submitted=16,
        decided=15,
        closes=25,
        state="published",
        organisation="riverside",
        location="Riverside Health Research Centre, 20 Victoria Street, London E15 2RU",
        region=Region.LONDON,
        hours="3",
        time_needed="One evening",
        payment_offered="£75, plus travel",
        places=10,
        support=[AccessNeed.BREAKS, AccessNeed.SUPPORTER],
        sessions=[
            Session(
                "Evening workshop",
                "workshop",
                30,
                18,
                180,
                Format.IN_PERSON,
                "Riverside Health Research Centre",
            )
        ],
    ),
    Plan(
        "university",
        "Staying well with sickle cell at university",
        "A first conversation about what helps students with sickle cell stay well.",
        "",
        "Students and recent graduates with sickle cell disease.",
        None,
        ["Long-term conditions"],
        Format.ONLINE,
        0,
        drafted=4,
        state="draft",
        organisation="riverside",
    ),
]

WHY = {
    "copd": [
        "I have had COPD for ten years and the leaflet confused me at first.",
        "My husband goes to the breathing class and I help him with the exercises at home.",
        "The exercises in the leaflet are hard to follow without pictures.",
        "I left the course early because I could not keep up, and I would like to help others finish it.",
    ],
    "signs": [
        "My mum got lost in the clinic twice last year.",
        "I look after my husband, who has Alzheimer's, and we go to the memory clinic every few months.",
        "I was a sign writer before I retired.",
    ],
    "panel": [
        "I had a stroke two years ago and want to help make rehabilitation better.",
        "My dad had a stroke and we found the first weeks at home really hard.",
        "I want research to think about younger people who have strokes too.",
        "I would like to take part online as I still cannot drive.",
    ],
    "travel": [
        "I rely on two buses to get to the hospital and often arrive late.",
        "I use a wheelchair and the hospital transport is not always reliable.",
        "I have missed appointments because I could not afford the taxi.",
    ],
    "app": [
        "I used an app during a bad patch and had ideas on how it could be better.",
        "I support friends at university.",
    ],
    "maternity": ["I had my daughter at Northbridge last year.", "I had twins there and the care was mixed."],
    "wrexham": [
        "Rwy'n gofalu am fy mam, sydd â dementia.",
        "I care for my wife and would like to meet other carers.",
    ],
    "sickle": [
        "I have waited hours for pain relief in A&E.",
        "My son has sickle cell and I go to hospital with him.",
    ],
}
