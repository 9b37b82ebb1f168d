"""The demo's research: projects, and opportunities in every state, from a draft to one that has
finished, with applications, a representative draw, sessions past and future, and attendance.

Priya (researcher) writes; Tom (involvement staff) reviews, selects, runs the draw and records
who took part. Every step goes through ``opportunities.services`` on the day it happened; only
the records with no service (projects, sessions, the way-in levels, jargon and school holidays,
which staff save straight from a form) are written directly.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from alongside.accounts.demo import staff_user
from alongside.accounts.models import Organisation, Region
from alongside.core.demodata import Story, chance
from alongside.opportunities import selection, services
from alongside.opportunities.demo_plans import FIRST_TITLE, JARGON, LEVELS, PLANS, PROJECTS, WHY, Plan
from alongside.opportunities.models import (
    Activity,
    Application,
    JargonTerm,
    Opportunity,
    PathwayLevel,
    Project,
    SchoolHoliday,
)
from alongside.outreach.content import Content
from alongside.outreach.demo import send
from alongside.outreach.kinds import Kind
from alongside.people.choices import HowGiven, Status
from alongside.people.demo import cast, cast_is_here
from alongside.people.models import Contributor, Topic

AppStatus = Application.Status


def load_demo() -> None:
    if Opportunity.objects.filter(title=FIRST_TITLE).exists() or not cast_is_here():
        return  # the story is already there, or its people are not
    story = Story()
    northbridge = Organisation.objects.get(slug="northbridge")
    _settings(story, northbridge)
    projects = _projects(story, northbridge)
    made = {plan.key: _write(story, plan, projects) for plan in PLANS}
    _copd(story, made["copd"])
    _signs(story, made["signs"])
    _panel(story, made["panel"])
    _travel(story, made["travel"])
    for key in ("app", "maternity", "wrexham", "sickle"):
        _open_applications(story, made[key], chance(key))


# --- Organisation settings and projects --------------------------------------------------------------


def _settings(story: Story, organisation: Organisation) -> None:
    # Staff save these straight from a form on the settings page: there is no service (raw writes).
    for position, (name, description) in enumerate(LEVELS, start=1):
        PathwayLevel.objects.create(
            organisation=organisation, name=name, description=description, position=position
        )
    for term, plain in JARGON:
        JargonTerm.objects.create(organisation=organisation, term=term, plain=plain)
    for name, starts, ends in _school_holidays(story.today):
        SchoolHoliday.objects.create(organisation=organisation, name=name, starts_on=starts, ends_on=ends)


def _school_holidays(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The next Christmas, February half-term and Easter breaks, roughly as Manchester schools have them."""
    year = today.year if today.month >= 2 else today.year - 1
    return [
        ("Christmas holidays", datetime.date(year, 12, 20), datetime.date(year + 1, 1, 3)),
        ("February half term", datetime.date(year + 1, 2, 15), datetime.date(year + 1, 2, 19)),
        ("Easter holidays", datetime.date(year + 1, 3, 29), datetime.date(year + 1, 4, 9)),
    ]


def _projects(story: Story, organisation: Organisation) -> dict[str, Project]:
    # Projects are saved from a form; there is no service (raw writes).
    priya = staff_user("researcher@northbridge.example")
    projects = {}
    with story.at(-200, 10):
        for key, title, summary, stage in PROJECTS:
            projects[key] = Project.objects.create(
                organisation=organisation, title=title, summary=summary, stage=stage, lead=priya
            )
    return projects


# --- Writing, review and publication ----------------------------------------------------------------


def _team(organisation_slug: str) -> tuple:
    """The researcher who writes and the involvement officer who reviews and selects."""
    researcher = staff_user(f"researcher@{organisation_slug}.example")
    return researcher, staff_user(f"involvement@{organisation_slug}.example")


def _write(story: Story, plan: Plan, projects: dict) -> Opportunity:
    writer, reviewer = _team(plan.organisation)
    organisation = Organisation.objects.get(slug=plan.organisation)
    with story.at(-plan.drafted, 11):
        opportunity = services.save_opportunity(
            _draft(story, plan, organisation, projects),
            by=writer,
            topics=Topic.objects.filter(name__in=plan.topics),
        )
        _sessions(story, plan, opportunity)
    if plan.submitted is None:
        return opportunity
    with story.at(-plan.submitted, 15):
        services.submit_for_review(opportunity, by=writer)
    if plan.decided is None:
        return opportunity
    with story.at(-plan.decided, 10):
        _decide(plan, opportunity, reviewer)
    if plan.state in ("published", "closed"):
        with story.at(-plan.decided, 11):
            services.notify_matches(opportunity)  # what the background task does on publication
    return opportunity


def _draft(story: Story, plan: Plan, organisation: Organisation, projects: dict) -> Opportunity:
    level = PathwayLevel.objects.filter(organisation=organisation, position=plan.level).first()
    return Opportunity(
        organisation=organisation,
        project=projects.get(plan.project) if plan.organisation == "northbridge" else None,
        title=plan.title,
        summary=plan.summary,
        what_you_would_do=plan.what,
        who_we_want=plan.who,
        targets=plan.targets,
        format=plan.format,
        location=plan.location,
        region=plan.region,
        time_needed_hours=Decimal(plan.hours) if plan.hours else None,
        time_needed=plan.time_needed,
        paid=plan.paid,
        payment_offered=plan.payment_offered if plan.paid else "",
        support_offered=plan.support,
        places=plan.places,
        opens_on=story.day(-(plan.decided or plan.drafted)),
        closes_on=story.day(plan.closes) if plan.closes is not None else None,
        contact_name="Tom Okafor" if plan.organisation == "northbridge" else "Kwame Mensah",
        contact_email=f"involvement@{plan.organisation}.example",
        contact_phone="+441614960100" if plan.organisation == "northbridge" else "+442079460100",
        pathway_level=level,
    )


def _sessions(story: Story, plan: Plan, opportunity: Opportunity) -> None:
    # Sessions are saved from a form (which wants them in the future, as they are here); no service.
    for session in plan.sessions:
        starts = None
        if session.offset is not None:
            starts = story.moment(story.workday(session.offset), session.hour)
        Activity.objects.create(
            opportunity=opportunity,
            title=session.title,
            activity_type=session.kind,
            starts_at=starts,
            duration_minutes=session.minutes,
            format=session.format,
            location=session.location,
        )


def _decide(plan: Plan, opportunity: Opportunity, reviewer) -> None:
    if plan.state in ("published", "closed"):
        services.approve(opportunity, by=reviewer, comment="Clear and friendly. Published.")
    elif plan.state == "changes":
        services.request_changes(opportunity, by=reviewer, comment=plan.comment)
    elif plan.state == "rejected":
        services.reject(opportunity, by=reviewer, comment=plan.comment)


# --- Applications -------------------------------------------------------------------------------------


def _pool(opportunity: Opportunity, *, interests=(), experience=(), region: str = "", exclude=()):
    people = Contributor.objects.filter(status=Status.ACTIVE, erased_at__isnull=True, consent_contact=True)
    if opportunity.organisation.slug == "riverside":
        people = people.filter(region=Region.LONDON)
    if region:
        people = people.filter(region=region)
    if interests or experience:
        people = people.filter(interests__name__in=interests) | people.filter(
            lived_experience__name__in=experience
        )
    return list(people.exclude(pk__in=[p.pk for p in exclude]).distinct().order_by("pk"))


def apply(
    story: Story, opportunity: Opportunity, person: Contributor, offset: int, rng, key: str
) -> Application:
    """The person applies online, or tells staff by phone or on paper if they have no sign-in."""
    staff = _team(opportunity.organisation.slug)[1]
    online = person.user_id is not None
    with story.at(offset, 9 + rng.randint(0, 10), rng.randint(0, 59)):
        return services.apply(
            opportunity,
            person,
            why_interested=rng.choice(WHY[key]),
            how=HowGiven.ONLINE if online else rng.choice([HowGiven.PHONE, HowGiven.PAPER]),
            recorded_by=None if online else staff,
        )


def _spread(rng, count: int, first: int, last: int) -> list[int]:
    return sorted(rng.randint(first, last) for _ in range(count))


def _outcome(
    story: Story, application: Application, status: str, offset: int, *, reason: str = "", message: str = ""
):
    staff = _team(application.opportunity.organisation.slug)[1]
    with story.at(offset, 16):
        services.set_application_status(application, status, by=staff, reason=reason, message=message)


def _attend(
    story: Story, activity: Activity, people: list[Contributor], *, evening_of: int | None = None
) -> None:
    """Tom records who took part, after the session (never before it)."""
    staff = _team(activity.opportunity.organisation.slug)[1]
    day = (timezone.localdate(activity.starts_at) - story.today).days if evening_of is None else evening_of
    with story.at(day, 21):
        services.record_attendance(activity, [(p, activity.duration_minutes) for p in people], by=staff)


NOT_CHOSEN = (
    "We had more people than places, so we chose fairly by a draw that made sure the group was a "
    "mix of people. We would love to hear from you again."
)


def _copd(story: Story, opportunity: Opportunity) -> None:
    """Applications, four places kept for breathing-class members, a draw for the rest, two sessions."""
    rng = chance("copd")
    kept = [cast(k) for k in ("sam", "margaret", "derek", "amina")]
    tomasz = cast("tomasz")
    others = [cast(k) for k in ("patrick", "neil", "chiamaka")]
    crowd = rng.sample(
        _pool(
            opportunity,
            experience=["Asthma or COPD"],
            interests=["Long-term conditions"],
            region=Region.NORTH_WEST,
            exclude=[*kept, tomasz, *others],
        ),
        9,
    )
    everyone = [*kept, tomasz, *others, *crowd]
    applications = {
        person.pk: apply(story, opportunity, person, day, rng, "copd")
        for person, day in zip(everyone, _spread(rng, len(everyone), -78, -57), strict=True)
    }
    _outcome(
        story,
        applications[tomasz.pk],
        AppStatus.WITHDRAWN,
        -57,
        message="You told us on the phone that you have started a new job and cannot make the dates.",
    )
    for person in crowd[:2]:
        _outcome(story, applications[person.pk], AppStatus.SHORTLISTED, -56)
    for person in kept:
        _outcome(
            story,
            applications[person.pk],
            AppStatus.SELECTED,
            -55,
            message="We kept four places for people from the breathing classes, who helped write the "
            "first leaflet.",
        )
    drawn = _draw(story, opportunity, -54)
    for application in Application.objects.filter(
        opportunity=opportunity, status__in=[AppStatus.RECEIVED, AppStatus.SHORTLISTED]
    ):
        _outcome(story, application, AppStatus.NOT_SELECTED, -53, reason=NOT_CHOSEN)
    workshop, online = opportunity.activities.order_by("starts_at")
    chosen = [*kept, *drawn]
    _attend(story, workshop, [p for p in chosen if p.pk != drawn[-1].pk])  # one could not come
    _attend(story, online, [p for p in chosen if p.pk not in (cast("margaret").pk, drawn[0].pk)])
    with story.at(-40, 12):
        services.close(opportunity, by=staff_user("involvement@northbridge.example"))


def _draw(story: Story, opportunity: Opportunity, offset: int) -> list[Contributor]:
    """A representative draw for the places left, with the opportunity's targets, then applied."""
    tom = staff_user("involvement@northbridge.example")
    pool = list(
        Application.objects.filter(
            opportunity=opportunity, status__in=[AppStatus.RECEIVED, AppStatus.SHORTLISTED]
        )
        .select_related("contributor", "contributor__equality")
        .order_by("pk")
    )
    with story.at(offset, 11):
        draw = services.run_draw(
            opportunity,
            pool,
            selection.applicant_features(pool),
            places=4,
            quotas=selection.parse_quotas(opportunity.targets),
            seed=20260,
            by=tom,
        )
        services.apply_draw(draw, by=tom)
    return [
        a.contributor
        for a in Application.objects.filter(pk__in=draw.selected).select_related("contributor").order_by("pk")
    ]


def _signs(story: Story, opportunity: Opportunity) -> None:
    rng = chance("signs")
    named = [cast("ruth"), cast("hywel")]
    crowd = rng.sample(
        _pool(
            opportunity,
            interests=["Dementia care"],
            experience=["Caring for someone with dementia", "Dementia"],
            exclude=named,
        ),
        8,
    )
    everyone = [*named, *crowd]
    applications = [
        apply(story, opportunity, p, day, rng, "signs")
        for p, day in zip(everyone, _spread(rng, len(everyone), -68, -37), strict=True)
    ]
    chosen = applications[:6]
    for application in chosen:
        _outcome(
            story, application, AppStatus.SELECTED, -33, message="We will post the drafts to you this week."
        )
    for application in applications[6:]:
        _outcome(
            story,
            application,
            AppStatus.NOT_SELECTED,
            -33,
            reason="We had six places and chose people so that we hear from both carers and people "
            "living with dementia.",
        )
    [review] = opportunity.activities.all()
    # Five of the six sent their comments back; Tom records them when the replies are in.
    _attend(story, review, [a.contributor for a in chosen[:5]], evening_of=-24)
    with story.at(-23, 12):
        services.close(opportunity, by=staff_user("involvement@northbridge.example"))
    thanks = Content(
        subject="What happened next: the memory clinic signs",
        body="Hello ((first_name)),\n\nThank you for looking at our draft signs. Because of what you "
        "told us, we are changing 14 signs and adding a map to the leaflet. The new signs go up next month.",
    )
    with story.at(-5, 10):
        send(
            Kind.WHAT_HAPPENED_NEXT,
            [a.contributor for a in chosen[:5]],
            thanks,
            opportunity.organisation,
            staff_user("involvement@northbridge.example"),
        )


def _panel(story: Story, opportunity: Opportunity) -> None:
    rng = chance("panel")
    named = [cast(k) for k in ("llyr", "gary", "jade", "grace")]
    crowd = rng.sample(
        _pool(
            opportunity,
            experience=["Stroke", "Heart disease"],
            interests=["Heart and circulation"],
            exclude=named,
        ),
        8,
    )
    early = [*named, *crowd[:6]]
    applications = [
        apply(story, opportunity, p, d, rng, "panel")
        for p, d in zip(early, _spread(rng, len(early), -95, -62), strict=True)
    ]
    for application in applications[:9]:
        _outcome(
            story,
            application,
            AppStatus.SELECTED,
            -58,
            message="Our first meeting is at the hospital; we will send the details.",
        )
    _outcome(
        story,
        applications[9],
        AppStatus.SHORTLISTED,
        -58,
        message="You are first in line if a place comes up.",
    )
    for person, day in zip(crowd[6:], (-10, -3), strict=True):
        apply(story, opportunity, person, day, rng, "panel")  # late: waiting to be read
    first, second, *_future = opportunity.activities.order_by("starts_at")
    members = [a.contributor for a in applications[:9]]
    _attend(story, first, members[:8])
    _attend(story, second, [m for i, m in enumerate(members) if i not in (2, 6)])
    reminder = Content(
        subject="Stroke recovery panel: our next meeting",
        body="Hello ((first_name)),\n\nOur next panel meeting is at Northbridge General on "
        f"{timezone.localtime(_future[0].starts_at):%A %-d %B} at 2pm. If you need transport, a BSL "
        "interpreter or anything else to take part, phone us on ((contact_phone)).",
    )
    with story.at(-1, 9):
        send(
            Kind.REMINDER,
            members,
            reminder,
            opportunity.organisation,
            staff_user("involvement@northbridge.example"),
        )


def _travel(story: Story, opportunity: Opportunity) -> None:
    rng = chance("travel")
    named = [cast("farzana"), cast("sam")]
    crowd = rng.sample(
        _pool(
            opportunity, interests=["Public health", "Reaching people who are seldom heard"], exclude=named
        ),
        7,
    )
    everyone = [*named, *crowd]
    applications = [
        apply(story, opportunity, p, d, rng, "travel")
        for p, d in zip(everyone, _spread(rng, len(everyone), -20, -2), strict=True)
    ]
    for application in applications[:2]:
        _outcome(story, application, AppStatus.SHORTLISTED, -1)
    _outcome(
        story,
        applications[2],
        AppStatus.WITHDRAWN,
        -2,
        message="You let us know you have moved away. Thank you for telling us.",
    )
    tom = staff_user("involvement@northbridge.example")
    told = set(opportunity.match_notices.values_list("contributor_id", flat=True))
    invited = [p for p in _pool(opportunity, exclude=everyone) if p.consent_findable and p.pk not in told][:3]
    with story.at(-15, 10):
        services.invite(opportunity, invited, by=tom)


def _open_applications(story: Story, opportunity: Opportunity, rng) -> None:
    """A few applications, not yet decided, for an opportunity that is still open."""
    key = next(plan.key for plan in PLANS if plan.title == opportunity.title)
    named = {"maternity": ["amina"], "wrexham": ["hywel"], "sickle": ["comfort", "delroy"]}.get(key, [])
    people = [cast(k) for k in named]
    region = Region.WALES if key == "wrexham" else ""
    topics = list(opportunity.topics.values_list("name", flat=True))
    pool = _pool(opportunity, interests=topics, region=region, exclude=people)
    people += rng.sample(pool, min(len(pool), 4))
    opened = max(-(opportunity.published_at.date() - story.today).days, 1)
    for person, day in zip(people, _spread(rng, len(people), -opened + 1, -1), strict=True):
        apply(story, opportunity, person, day, rng, key)
