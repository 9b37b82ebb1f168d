"""Survey results: counts and percentages per question, top-N figures, rankings, and cross-tabs.

Every figure is counted in the database (a handful of grouped queries per survey, whatever the
number of responses); Python only arranges the grouped rows. Online, paper, phone and imported
answers are the same rows, so they count the same.

**Percentages** are of the people who answered that question.

**"In their top N"**: for a choose-up-to-N question, the share of people who chose the option; for
a ranking, the share who put it in places 1 to N (N is the question's number, or 3).

**Ranking score (Borda count)**: with k options, first place scores k points, second k − 1, and so
on down to 1 for last place; options a person left unranked score nothing. Options are listed by
total score; a tie keeps the order of the options.

**Published results** hide small numbers (``suppression``): every count from 1 to 9, and more
where a published total would give one away. Staff see exact figures unless they ask for the
published view.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Q, Sum

from alongside.engagement import queries, suppression
from alongside.engagement.models import Answer, Channel, Group, Question, Response, Survey, Theme

K = Question.Kind
ALL = "all"
DIMENSIONS = {"group": Group, "channel": Channel}
ONE_CHOICE = {K.SINGLE, K.SCALE}
COUNTED = ONE_CHOICE | {K.MULTIPLE, K.CHOOSE_UP_TO, K.RANK}


@dataclass
class Figure:
    count: int | None
    base: int | None

    @property
    def hidden(self) -> bool:
        return self.count is None

    @property
    def percent(self) -> Decimal | None:
        if self.count is None or not self.base:
            return None
        return (Decimal(self.count * 100) / Decimal(self.base)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Row:
    label: str
    figures: dict[str, Figure]  # ALL, and ("group", value) / ("channel", value) keys as "group:public"
    top: dict[str, Figure] = field(default_factory=dict)
    score: int | None = None


@dataclass
class QuestionResult:
    question: Question
    number: int
    bases: dict[str, Figure]
    rows: list[Row] = field(default_factory=list)
    top_n: int | None = None
    numbers: dict | None = None
    themes: list[tuple[Theme, Figure]] = field(default_factory=list)

    @property
    def answered(self) -> Figure:
        return self.bases[ALL]


def columns(dimension: str) -> list[tuple[str, str]]:
    """(key, label) for each column of a cross-tab by ``dimension``."""
    return [(f"{dimension}:{value}", label) for value, label in DIMENSIONS[dimension].choices]


def top_n(question: Question) -> int | None:
    if question.kind == K.CHOOSE_UP_TO:
        return question.max_choices
    if question.kind == K.RANK:
        return min(question.max_choices or 3, len(question.options.all()))
    return None


def survey_results(survey: Survey, *, published: bool = False) -> list[QuestionResult]:
    questions = [q for q in queries.questions(survey) if q.kind != K.EQUALITY]
    counts = _Counts.gather(survey, [q.pk for q in questions])
    results = []
    for number, question in enumerate(questions, start=1):
        result = _question_result(question, number, counts, published)
        results.append(result)
    return results


def respondents(survey: Survey) -> dict[str, int]:
    """Sent responses, in all and by each column (exact: for staff)."""
    rows = (
        Response.objects.filter(survey=survey, state=Response.State.SUBMITTED)
        .values("group", "channel")
        .annotate(n=Count("id"))
    )
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[ALL] += row["n"]
        totals[f"group:{row['group']}"] += row["n"]
        totals[f"channel:{row['channel']}"] += row["n"]
    return totals


# --- Counting, in the database ---------------------------------------------------------------------


@dataclass
class _Counts:
    # (question id, column key) -> people who answered
    bases: dict[tuple[int, str], int]
    # (question id, option id, rank or None, column key) -> answers
    options: dict[tuple[int, int, int | None, str], int]
    numbers: dict[int, dict]
    themes: dict[int, list[tuple[Theme, int]]]

    @classmethod
    def gather(cls, survey: Survey, question_ids: list[int]) -> _Counts:
        # By question id rather than through a join on questions: one table fewer in each scan.
        sent = Answer.objects.filter(question_id__in=question_ids, response__state=Response.State.SUBMITTED)
        split = ("response__group", "response__channel")
        bases: dict = defaultdict(int)
        numbers: dict = {}
        per_column = sent.values("question_id", *split).annotate(
            n=Count("response_id", distinct=True),
            total=Sum("number"),
            counted=Count("number"),
            low=Min("number"),
            high=Max("number"),
        )
        for row in per_column:
            for key in _keys(row):
                bases[(row["question_id"], key)] += row["n"]
            if row["counted"]:
                _add_numbers(numbers, row)
        options: dict = defaultdict(int)
        chosen = sent.filter(option__isnull=False).values("question_id", "option_id", "rank", *split)
        for row in chosen.annotate(n=Count("id")):
            for key in _keys(row):
                options[(row["question_id"], row["option_id"], row["rank"], key)] += row["n"]
        return cls(bases, options, numbers, _themes(survey))


def _add_numbers(numbers: dict, row: dict) -> None:
    """Sums, counts, lowest and highest of each column's numbers, added up for the whole question."""
    found = numbers.setdefault(
        row["question_id"], {"total": 0, "n": 0, "low": row["low"], "high": row["high"]}
    )
    found["total"] += row["total"]
    found["n"] += row["counted"]
    found["low"], found["high"] = min(found["low"], row["low"]), max(found["high"], row["high"])


def _keys(row: dict) -> tuple[str, str, str]:
    return ALL, f"group:{row['response__group']}", f"channel:{row['response__channel']}"


def _themes(survey: Survey) -> dict[int, list[tuple[Theme, int]]]:
    sent = Q(answers__response__state=Response.State.SUBMITTED)
    found: dict[int, list] = defaultdict(list)
    themes = Theme.objects.filter(question__survey=survey).annotate(n=Count("answers", filter=sent))
    for theme in themes.order_by("-n", "name"):
        found[theme.question_id].append((theme, theme.n))
    return found


# --- Arranging one question ------------------------------------------------------------------------


def _all_keys() -> list[str]:
    return [ALL] + [key for dimension in DIMENSIONS for key, _label in columns(dimension)]


def _question_result(question: Question, number: int, counts: _Counts, published: bool) -> QuestionResult:
    keys = _all_keys()
    base_cells = {("base", key): counts.bases.get((question.pk, key), 0) for key in keys}
    option_list = list(question.options.all()) if question.kind in COUNTED else []
    n = top_n(question)
    chosen = {
        ("chosen", option.pk, key): _chosen(counts, question, option.pk, key, n)
        for option in option_list
        for key in keys
    }
    cells = {**base_cells, **chosen}
    hidden = _hidden(question, cells, option_list, keys) if published else set()
    shown = lambda cell: None if cell in hidden else cells[cell]  # noqa: E731
    bases = {key: Figure(shown(("base", key)), shown(("base", key))) for key in keys}
    result = QuestionResult(question, number, bases, top_n=n)
    for option in option_list:
        figures = {key: Figure(shown(("chosen", option.pk, key)), bases[key].count) for key in keys}
        row = Row(option.label, figures)
        if question.kind == K.RANK:
            # Published rankings show the top-N figures only: "ranked it at all" would be a second
            # set of small numbers with totals of its own.
            row.top = figures
            row.figures = figures if published else _ranked_any(counts, question, option.pk, keys, bases)
            row.score = (
                _borda(counts, question, option.pk, len(option_list)) if not bases[ALL].hidden else None
            )
        result.rows.append(row)
    if question.kind == K.RANK:
        result.rows.sort(key=lambda r: -(r.score or 0))
    result.numbers = _numbers(counts, question, bases[ALL], published)
    result.themes = [
        (theme, Figure(None if published and 0 < count < suppression.THRESHOLD else count, bases[ALL].count))
        for theme, count in counts.themes.get(question.pk, [])
    ]
    return result


def _chosen(counts: _Counts, question: Question, option_id: int, key: str, n: int | None) -> int:
    """People who chose the option; for a ranking, who put it in their top ``n``."""
    if question.kind != K.RANK:
        return counts.options.get((question.pk, option_id, None, key), 0)
    return sum(
        counts.options.get((question.pk, option_id, place, key), 0) for place in range(1, (n or 0) + 1)
    )


def _ranked_any(counts, question, option_id, keys, bases) -> dict[str, Figure]:
    """For a ranking, staff view: people who ranked the option at all."""
    places = range(1, len(question.options.all()) + 1)
    return {
        key: Figure(
            sum(counts.options.get((question.pk, option_id, p, key), 0) for p in places), bases[key].count
        )
        for key in keys
    }


def _borda(counts: _Counts, question: Question, option_id: int, k: int) -> int:
    return sum(
        (k + 1 - place) * counts.options.get((question.pk, option_id, place, ALL), 0)
        for place in range(1, k + 1)
    )


def _numbers(counts: _Counts, question: Question, answered: Figure, published: bool) -> dict | None:
    row = counts.numbers.get(question.pk)
    if question.kind != K.NUMBER or row is None or answered.hidden:
        return None
    mean = (Decimal(row["total"]) / row["n"]).quantize(Decimal("0.1"), ROUND_HALF_UP)
    # The lowest and highest are one person's answer each: staff only.
    return {"mean": mean} if published else {"mean": mean, "low": row["low"], "high": row["high"]}


def _hidden(question: Question, cells: dict, options: list, keys: list[str]) -> set:
    """Which cells of this question to hide when published (see ``suppression``)."""
    sums = []
    for dimension in DIMENSIONS:
        parts = [key for key, _label in columns(dimension)]
        sums.append(suppression.Sum(tuple(("base", p) for p in parts), ("base", ALL)))
        for option in options:
            sums.append(
                suppression.Sum(tuple(("chosen", option.pk, p) for p in parts), ("chosen", option.pk, ALL))
            )
    if question.kind in ONE_CHOICE:
        for key in keys:
            sums.append(suppression.Sum(tuple(("chosen", o.pk, key) for o in options), ("base", key)))
    column_members = {("base", key): tuple(("chosen", o.pk, key) for o in options) for key in keys}
    return suppression.suppress(cells, sums, column_members)
