"""The engagement report: one small provider per section, each returning a dataclass.

Every figure is counted in the database when the report is shown (grouped queries per survey,
event or round; never a loop over rows), so the report always matches the data. Staff write the
text around the figures (``report_edits.py``); they never type a figure.

**Small numbers**: the report is a document to publish, so every count of people follows the same
rule as published survey results (``suppression``): a count from 1 to 9 is shown as "fewer than
10", and so is any figure from which a hidden one could be worked out (the ways people took part
add up to the total). Staff see the report exactly as the public will.

**Quotes**: only written answers staff chose as quotes, from people who agreed to be quoted, from
sent responses; never a name or anything else about the person.

Adding a section: write a provider ``def provider(ctx: Context) -> SomeSection`` and list it in
``PROVIDERS`` (the HTML template is ``engagement/report/<part>.html``; the PDF blocks come from
``report_pdf.blocks_for``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from alongside.engagement import charts, prioritisation, queries_ideas, results, suppression
from alongside.engagement.models import (
    Answer,
    BreakoutGroup,
    Channel,
    Event,
    EventStatus,
    Idea,
    Phase,
    Process,
    Question,
    Registration,
    ReportPart,
    ReportText,
    Response,
    Round,
    Survey,
    Theme,
    Topic,
)

QUOTES_PER_THEME = 3
# The ways of taking part the report counts, in the order it shows them. Survey answers and ballots
# use ``Channel``; event registrations may also be in person.
WAYS = [Channel.ONLINE.value, Channel.PHONE.value, Channel.PAPER.value, "in_person", Channel.IMPORT.value]
WAY_LABELS = {**dict(Channel.choices), "in_person": _lazy("In person")}


# --- Figures of people, with small numbers hidden ---------------------------------------------------


@dataclass(frozen=True)
class People:
    """A number of people as the report shows it: ``count`` is None when it is too small to show."""

    count: int | None

    @property
    def hidden(self) -> bool:
        return self.count is None

    def __str__(self) -> str:
        return _("fewer than 10") if self.count is None else f"{self.count:,}"


@dataclass
class Participation:
    """How many people took part in one activity, in all and by way of taking part."""

    activity: str
    when: str
    total: People
    ways: dict[str, People]


def participation(activity: str, when: str, counts: dict[str, int]) -> Participation:
    """Hide small counts, and any that would give a hidden one away (the ways add up to the total)."""
    cells = {("way", way): counts.get(way, 0) for way in WAYS}
    cells["total"] = sum(cells.values())
    # A way nobody used is a known nought: only the others can protect a hidden count.
    used = tuple(("way", w) for w in WAYS if cells[("way", w)])
    hidden = suppression.suppress(cells, [suppression.Sum(used, "total")])
    shown = {key: People(None if key in hidden else n) for key, n in cells.items()}
    return Participation(activity, when, shown["total"], {way: shown[("way", way)] for way in WAYS})


# --- Sections ---------------------------------------------------------------------------------------


@dataclass
class Section:
    part: str
    text: str

    @property
    def title(self) -> str:
        return str(ReportPart(self.part).label)

    @property
    def template(self) -> str:
        return f"engagement/report/{self.part}.html"


@dataclass
class PhaseLine:
    title: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    state: str
    state_label: str
    decisions: str


@dataclass
class DoneSection(Section):
    phases: list[PhaseLine] = field(default_factory=list)
    taking_part: list[Participation] = field(default_factory=list)
    events: list[EventLine] = field(default_factory=list)

    @property
    def ways(self) -> list[tuple[str, str]]:
        """The ways of taking part anyone used, as table columns."""
        used = {way for row in self.taking_part for way, people in row.ways.items() if people.count != 0}
        return [(way, str(WAY_LABELS[way])) for way in WAYS if way in used]


@dataclass
class SurveyResults:
    survey: Survey
    answered: People
    questions: list[tuple[results.QuestionResult, charts.Chart | None]]


@dataclass
class SurveysSection(Section):
    surveys: list[SurveyResults] = field(default_factory=list)


@dataclass
class ThemeLine:
    name: str
    description: str
    figure: results.Figure
    quotes: list[str]


@dataclass
class ThemedQuestion:
    survey: Survey
    question: Question
    answered: results.Figure
    themes: list[ThemeLine]
    other_quotes: list[str]


@dataclass
class ThemesSection(Section):
    questions: list[ThemedQuestion] = field(default_factory=list)


@dataclass
class TextSection(Section):
    """A section of staff text only (next steps), with the phases still to come."""

    coming: list[PhaseLine] = field(default_factory=list)


@dataclass
class Headline:
    label: str
    value: str


@dataclass
class SummarySection(Section):
    headlines: list[Headline] = field(default_factory=list)


@dataclass
class EngagementReport:
    process: Process
    sections: list[Section]
    as_at: datetime.datetime

    def section(self, part: str) -> Section | None:
        return next((s for s in self.sections if s.part == part), None)


@dataclass
class EventLine:
    title: str
    starts_at: datetime.datetime
    status: str
    happened: bool
    places: People  # registered with a place
    waiting: People
    attended: People
    groups: int


@dataclass
class ChosenIdea:
    place: int
    title: str
    measure: str


@dataclass
class TopicIdeas:
    title: str
    ideas: int
    supports: int
    chosen: list[ChosenIdea]


@dataclass
class RoundLine:
    title: str
    method: str
    status: str
    ballots: People
    groups: list[tuple[str, People]]


@dataclass
class IdeasSection(Section):
    rounds: list[RoundLine] = field(default_factory=list)
    topics: list[TopicIdeas] = field(default_factory=list)
    final_round: str = ""

    @property
    def idea_count(self) -> int:
        return sum(topic.ideas for topic in self.topics)


@dataclass
class ActionLine:
    title: str
    description: str
    owner: str
    status: str
    ideas: list[str]


@dataclass
class AreaActions:
    name: str
    description: str
    actions: list[ActionLine]


@dataclass
class ActionsSection(Section):
    areas: list[AreaActions] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(area.actions) for area in self.areas)


# --- What the providers share -----------------------------------------------------------------------


@dataclass
class Context:
    process: Process
    texts: dict[str, str]

    def text(self, part: str) -> str:
        return self.texts.get(part, "")

    @cached_property
    def surveys(self) -> list[Survey]:
        """The process's surveys that have been opened, in the order they were made."""
        return list(self.process.surveys.exclude(status=Survey.Status.DRAFT).order_by("created_at", "pk"))

    @cached_property
    def survey_results(self) -> dict[int, list[results.QuestionResult]]:
        # Counted once, shared by the surveys and themes sections; always as published.
        return {survey.pk: results.survey_results(survey, published=True) for survey in self.surveys}

    @cached_property
    def events(self) -> list[Event]:
        """Events that were held or are coming (not drafts, not cancelled), in date order."""
        held = self.process.events.exclude(status__in=[EventStatus.DRAFT, EventStatus.CANCELLED])
        return list(held.order_by("starts_at", "pk"))

    @cached_property
    def rounds(self) -> list[Round]:
        """Prioritisation rounds that have opened, oldest first."""
        return list(self.process.rounds.exclude(status=Round.Status.DRAFT).order_by("created_at", "pk"))

    @cached_property
    def round_results(self) -> dict[int, prioritisation.Results]:
        return {round_.pk: prioritisation.results(round_) for round_ in self.rounds}

    @cached_property
    def responses(self) -> dict[int, dict[str, int]]:
        """Sent responses per survey and way of answering: one grouped query for the process."""
        rows = (
            Response.objects.filter(survey__in=[s.pk for s in self.surveys], state=Response.State.SUBMITTED)
            .values("survey_id", "channel")
            .annotate(n=Count("id"))
        )
        found: dict[int, dict[str, int]] = defaultdict(dict)
        for row in rows:
            found[row["survey_id"]][row["channel"]] = row["n"]
        return found


def _phase(phase: Phase) -> PhaseLine:
    return PhaseLine(
        phase.title,
        phase.starts_on,
        phase.ends_on,
        phase.state,
        str(phase.get_state_display()),
        phase.decisions,
    )


def _survey_dates(survey: Survey) -> str:
    opened = survey.created_at.date()
    if survey.closes_on:
        return _("%(start)s to %(end)s") % {"start": _day(opened), "end": _day(survey.closes_on)}
    return _("from %(start)s") % {"start": _day(opened)}


def _day(value: datetime.date) -> str:
    from alongside.core import words

    return words.day(value)


# --- Providers, one per section ----------------------------------------------------------------------


def done(ctx: Context) -> DoneSection:
    phases = [_phase(phase) for phase in ctx.process.phases.order_by("position")]
    taking_part = [
        participation(
            _("Survey: %(title)s") % {"title": survey.title}, _survey_dates(survey), ctx.responses[survey.pk]
        )
        for survey in ctx.surveys
    ]
    event_lines, attended_by_way = _events(ctx)
    for event, line in zip(ctx.events, event_lines, strict=True):
        if line.happened:
            name = _("Event: %(title)s") % {"title": event.title}
            taking_part.append(participation(name, _day(event.starts_at), attended_by_way[event.pk]))
    for round_ in ctx.rounds:
        found = ctx.round_results[round_.pk]
        name = _("Prioritisation: %(title)s") % {"title": round_.title}
        taking_part.append(participation(name, _round_dates(round_), found.by_channel))
    return DoneSection(ReportPart.DONE, ctx.text(ReportPart.DONE), phases, taking_part, event_lines)


def _events(ctx: Context) -> tuple[list[EventLine], dict[int, dict[str, int]]]:
    """Each event's places, waiting list and attendance (by how people registered), and its
    breakout groups: two grouped queries for the whole process."""
    ids = [event.pk for event in ctx.events]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    came: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        Registration.objects.filter(event__in=ids)
        .values("event_id", "status", "attended", "how")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["event_id"]][row["status"]] += row["n"]
        if row["attended"]:
            came[row["event_id"]][row["how"]] += row["n"]
    groups = dict(
        BreakoutGroup.objects.filter(round__event__in=ids)
        .values("round__event_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("round__event_id", "n")
    )
    now = timezone.now()
    lines = [
        EventLine(
            event.title,
            event.starts_at,
            str(event.get_status_display()),
            event.starts_at <= now,
            _people(counts[event.pk][Registration.Status.REGISTERED]),
            _people(counts[event.pk][Registration.Status.WAITING]),
            _people(sum(came[event.pk].values())),
            groups.get(event.pk, 0),
        )
        for event in ctx.events
    ]
    return lines, came


def _people(n: int) -> People:
    return People(None if 0 < n < suppression.THRESHOLD else n)


def _round_dates(round_: Round) -> str:
    if round_.opened_at and round_.closed_at:
        return _("%(start)s to %(end)s") % {"start": _day(round_.opened_at), "end": _day(round_.closed_at)}
    return _("from %(start)s") % {"start": _day(round_.opened_at or round_.created_at)}


def surveys(ctx: Context) -> SurveysSection:
    found = []
    for survey in ctx.surveys:
        total = participation("", "", ctx.responses[survey.pk]).total
        question_results = [
            (r, charts.bar_chart(r, top=r.question.kind == Question.Kind.RANK))
            for r in ctx.survey_results[survey.pk]
            if not r.question.is_text  # written answers are in the themes section
        ]
        found.append(SurveyResults(survey, total, question_results))
    return SurveysSection(ReportPart.SURVEYS, ctx.text(ReportPart.SURVEYS), found)


def themes(ctx: Context) -> ThemesSection:
    quotes, theme_of = _quotes(ctx)
    themed = []
    for survey in ctx.surveys:
        for result in ctx.survey_results[survey.pk]:
            if not result.question.is_text or not (result.themes or quotes.get(result.question.pk)):
                continue
            lines = [
                ThemeLine(
                    theme.name,
                    theme.description,
                    figure,
                    [text for pk, text in quotes.get(result.question.pk, []) if theme.pk in theme_of[pk]][
                        :QUOTES_PER_THEME
                    ],
                )
                for theme, figure in result.themes
            ]
            others = [text for pk, text in quotes.get(result.question.pk, []) if not theme_of[pk]]
            themed.append(ThemedQuestion(survey, result.question, result.answered, lines, others))
    return ThemesSection(ReportPart.THEMES, ctx.text(ReportPart.THEMES), themed)


def _quotes(ctx: Context) -> tuple[dict[int, list[tuple]], dict]:
    """Quotes by question, and each quote's themes: two queries for the whole process."""
    chosen = Answer.objects.filter(
        question__survey__in=[s.pk for s in ctx.surveys],
        is_quote=True,
        response__may_quote=True,
        response__state=Response.State.SUBMITTED,
    ).exclude(text="")
    by_question: dict[int, list[tuple]] = defaultdict(list)
    for row in chosen.order_by("text", "pk").values("pk", "question_id", "text"):
        by_question[row["question_id"]].append((row["pk"], row["text"]))
    theme_of: dict = defaultdict(set)
    links = Theme.answers.through.objects.filter(answer__in=chosen).values_list("answer_id", "theme_id")
    for answer_id, theme_id in links:
        theme_of[answer_id].add(theme_id)
    return by_question, theme_of


def ideas(ctx: Context) -> IdeasSection:
    """Ideas per topic, and the places the last closed round gave them (or the latest round's so far)."""
    rounds = []
    for round_ in ctx.rounds:
        found = ctx.round_results[round_.pk]
        rounds.append(
            RoundLine(
                round_.title,
                str(round_.get_method_display()),
                str(round_.get_status_display()),
                participation("", "", found.by_channel).total,
                [(label, _people(n)) for _group, label, n in found.groups],
            )
        )
    closed = [r for r in ctx.rounds if r.status == Round.Status.CLOSED]
    final = closed[-1] if closed else (ctx.rounds[-1] if ctx.rounds else None)
    chosen: dict[int, list[ChosenIdea]] = defaultdict(list)
    if final is not None:
        for row in ctx.round_results[final.pk].rows:
            chosen[row.idea.topic_id].append(ChosenIdea(row.place, row.idea.title, _measure(final, row)))
    open_ideas = Count("ideas", filter=Q(ideas__state=Idea.State.OPEN))
    supports = Sum("ideas__support_count", filter=Q(ideas__state=Idea.State.OPEN))
    topics = [
        TopicIdeas(topic.title, topic.n, topic.supported or 0, chosen.get(topic.pk, []))
        for topic in Topic.objects.filter(process=ctx.process)
        .annotate(n=open_ideas, supported=supports)
        .order_by("position", "pk")
    ]
    final_title = final.title if final is not None else ""
    return IdeasSection(ReportPart.IDEAS, ctx.text(ReportPart.IDEAS), rounds, topics, final_title)


def _measure(round_: Round, row: prioritisation.Row) -> str:
    method = Round.Method
    if round_.method == method.TOP_N:
        if 0 < row.votes < suppression.THRESHOLD:
            return _("chosen by fewer than 10 people")
        return _("chosen by %(share)s%% of people") % {"share": row.share if row.share is not None else 0}
    if round_.method == method.DOTS:
        return _("%(n)s dots") % {"n": row.score}
    if round_.method == method.JLA and row.mean_position is not None:
        return _("average place across the groups: %(n)s") % {"n": f"{row.mean_position:.2f}"}
    return _("%(n)s points") % {"n": row.score}


def actions(ctx: Context) -> ActionsSection:
    areas = [
        AreaActions(
            area.name,
            area.description,
            [
                ActionLine(
                    action.title,
                    action.description,
                    action.owner_name or (str(action.owner) if action.owner_id else ""),
                    str(action.get_status_display()),
                    [idea.title for idea in action.ideas.all()],
                )
                for action in found
            ],
        )
        for area, found in queries_ideas.actions_by_area(ctx.process)
    ]
    return ActionsSection(ReportPart.ACTIONS, ctx.text(ReportPart.ACTIONS), areas)


def next_steps(ctx: Context) -> TextSection:
    coming = [_phase(p) for p in ctx.process.phases.exclude(state=Phase.State.DONE).order_by("position")]
    return TextSection(ReportPart.NEXT_STEPS, ctx.text(ReportPart.NEXT_STEPS), coming)


def summary(ctx: Context, sections: list[Section]) -> SummarySection:
    """Headline figures, taken from the other sections (nothing is counted twice)."""
    headlines = []
    by_part = {s.part: s for s in sections}
    done_section = by_part.get(ReportPart.DONE)
    if isinstance(done_section, DoneSection):
        for row in done_section.taking_part:
            headlines.append(Headline(row.activity, _("%(n)s people took part") % {"n": row.total}))
    ideas_section = by_part.get(ReportPart.IDEAS)
    if isinstance(ideas_section, IdeasSection) and ideas_section.idea_count:
        n, topics = ideas_section.idea_count, len(ideas_section.topics)
        words = ngettext("%(n)s idea", "%(n)s ideas", n) % {"n": n}
        on = ngettext("on %(t)s topic", "on %(t)s topics", topics) % {"t": topics}
        headlines.append(Headline(_("Ideas"), f"{words} {on}"))
    actions_section = by_part.get(ReportPart.ACTIONS)
    if isinstance(actions_section, ActionsSection) and actions_section.count:
        n, areas = actions_section.count, sum(1 for area in actions_section.areas if area.actions)
        words = ngettext("%(n)s action", "%(n)s actions", n) % {"n": n}
        within = ngettext("in %(a)s improvement area", "in %(a)s improvement areas", areas) % {"a": areas}
        headlines.append(Headline(_("Actions"), f"{words} {within}"))
    return SummarySection(ReportPart.SUMMARY, ctx.text(ReportPart.SUMMARY), headlines)


# Sections in the order the report shows them (the summary comes first, built from the others).
PROVIDERS: list[Callable[[Context], Section]] = [done, surveys, themes, ideas, actions, next_steps]
ORDER = [part.value for part in ReportPart]


def texts_for(process: Process) -> dict[str, str]:
    return dict(ReportText.objects.filter(process=process).values_list("part", "text"))


def build(process: Process) -> EngagementReport:
    ctx = Context(process, texts_for(process))
    sections = [provider(ctx) for provider in PROVIDERS]
    sections.append(summary(ctx, sections))
    sections.sort(key=lambda s: ORDER.index(s.part))
    return EngagementReport(process, sections, timezone.now())


def editable_parts() -> list[tuple[str, str]]:
    return [(part.value, str(part.label)) for part in ReportPart]
