"""Engagement benchmarks: results and cross-tabs for a survey of 10,000 responses, and theme
suggestions for 10,000 written answers (targets: under 5 s and under 60 s on 2 cores).

The survey is built once in the bench database (bulk inserts: it is data, not behaviour under
test) and reused. Results are the real ``results.survey_results`` with suppression; their limit is
one bare grouped count of the same answers. Suggestions are the real ``suggestions.suggest``.
"""

from __future__ import annotations

import random
import uuid
from functools import partial

from alongside.accounts.models import Organisation
from alongside.people.models import Contributor

FULL = 10_000
SMALL = 200
SLUG = "bench-engagement-survey"
PHRASES = [
    "payments come late and I worry about my benefits",
    "the papers are full of jargon and acronyms",
    "meetings are in the daytime when I work",
    "I have no computer and video calls are hard",
    "nobody told me where to start or what to expect",
    "I care for my mother and cannot leave her",
    "the bus fare is expensive and claims take months",
    "researchers do not tell us what changed afterwards",
]
EXTRA = ["really", "often", "sadly", "again", "every time", "for years", "as a carer", "in my area", "", ""]


def _size() -> int:
    return FULL if Contributor.objects.count() >= FULL else SMALL


def texts(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.choice(PHRASES)} {rng.choice(EXTRA)} {rng.choice(EXTRA)}".strip() for _n in range(count)]


def _survey():
    from alongside.engagement import services
    from alongside.engagement.models import Question, Survey

    existing = Survey.objects.filter(slug=SLUG).first()
    if existing:
        return existing
    organisation = Organisation.objects.order_by("pk").first()
    survey = services.create_survey(
        organisation=organisation,
        created_by=None,
        slug=SLUG,
        title="Benchmark survey",
        introduction="x",
        anonymous=True,
        freepost_address="Freepost",
    )
    K = Question.Kind
    areas = ["Payment", "Reach", "Training", "Feedback", "Finding"]
    services.add_question(survey, kind=K.CHOOSE_UP_TO, text="Top three", max_choices=3, options=areas)
    services.add_question(survey, kind=K.RANK, text="Order", options=["Online", "Phone", "Post", "In person"])
    services.add_question(survey, kind=K.SCALE, text="Valued")
    services.add_question(survey, kind=K.NUMBER, text="Meetings")
    services.add_question(survey, kind=K.LONG_TEXT, text="Barriers")
    services.open_survey(survey)
    _fill(survey, _size())
    return survey


def _fill(survey, count: int) -> None:
    from alongside.engagement.models import Answer, Channel, Group, Response

    rng = random.Random(5)
    questions = list(survey.questions.prefetch_related("options").order_by("position"))
    options = [[o.pk for o in q.options.all()] for q in questions]
    words = texts(count)
    responses, answers = [], []
    for n in range(count):
        response = Response(
            id=uuid.uuid4(),
            survey=survey,
            state=Response.State.SUBMITTED,
            channel=rng.choice(Channel.values),
            group=rng.choice(Group.values),
        )
        responses.append(response)
        new = partial(_answer, Answer, response)
        answers += [new(questions[0], option_id=pk) for pk in rng.sample(options[0], rng.randint(1, 3))]
        answers += [
            new(questions[1], option_id=pk, rank=place)
            for place, pk in enumerate(rng.sample(options[1], rng.randint(1, 4)), 1)
        ]
        answers.append(new(questions[2], option_id=rng.choice(options[2])))
        answers.append(new(questions[3], number=rng.randint(0, 12)))
        answers.append(new(questions[4], text=words[n]))
    Response.objects.bulk_create(responses, batch_size=2000)
    Answer.objects.bulk_create(answers, batch_size=5000)


def _answer(model, response, question, **fields):
    return model(id=uuid.uuid4(), response=response, question=question, **fields)


def survey_results(f):
    from alongside.bench.operations import Operation, _sql, _table
    from alongside.engagement import results
    from alongside.engagement.models import Answer, Response

    state: dict = {}

    def setup():
        state["survey"] = _survey()

    def run():
        return results.survey_results(state["survey"], published=True)

    def limit():
        return _sql(
            f'SELECT a.question_id, a.option_id, a.rank, r."group", r.channel, COUNT(*) '  # noqa: S608
            f"FROM {_table(Answer)} a JOIN {_table(Response)} r ON r.id = a.response_id "
            "WHERE r.survey_id = %s AND r.state = 'submitted' AND a.option_id IS NOT NULL "
            'GROUP BY a.question_id, a.option_id, a.rank, r."group", r.channel',
            [state["survey"].pk],
        )

    name = f"survey results + cross-tabs ({_size():,})"
    return Operation(
        name,
        run,
        limit,
        kind="query",
        setup=setup,
        note="every question, cross-tabbed by group and by channel, small numbers suppressed",
    ), None


def theme_suggestions(f):
    from alongside.bench.operations import Operation
    from alongside.engagement import suggestions

    answers = texts(_size(), seed=3)

    def run():
        return suggestions.suggest(answers)

    return Operation(f"theme suggestions ({len(answers):,} answers)", run, None, kind="job"), None


# --- Ideas: the idea board and the ideas API at 10,000 ideas on one topic ---------------------------
IDEAS = 10_000
IDEAS_SLUG = "bench-ideas"


def idea_topic():
    """A published process with one topic of 10,000 open ideas (bulk inserts, built once)."""
    from django.utils import timezone

    from alongside.engagement import services
    from alongside.engagement.models import Idea, Process, Topic

    process = Process.objects.filter(slug=IDEAS_SLUG).first()
    if process is None:
        process = services.create_process(
            organisation=Organisation.objects.order_by("pk").first(),
            created_by=None,
            slug=IDEAS_SLUG,
            title="Benchmark ideas",
            summary="x",
            published=True,
        )
    topic, _created = Topic.objects.get_or_create(process=process, title="Benchmark topic")
    if not topic.ideas.exists():
        rng = random.Random(17)
        start = timezone.now() - timezone.timedelta(days=60)
        words = texts(IDEAS, seed=19)
        Idea.objects.bulk_create(
            (
                Idea(
                    process=process,
                    topic=topic,
                    title=words[n][:200],
                    description=words[-n - 1],
                    support_count=int(rng.paretovariate(1.5)) - 1,
                    comment_count=rng.randint(0, 4),
                    created_at=start + timezone.timedelta(minutes=8 * n),
                )
                for n in range(IDEAS)
            ),
            batch_size=2000,
        )
        _fresh_statistics(Idea)
    return topic


def _fresh_statistics(model) -> None:
    """After a bulk load, as autovacuum would soon do: planner statistics and the visibility map."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}" if connection.in_atomic_block else f"VACUUM ANALYZE {table}")


def idea_board(f, *, sort: str, deep: bool):
    from alongside.bench.operations import page
    from alongside.engagement.views.ideas import BOARD_PAGE

    topic = idea_topic()
    number = IDEAS // BOARD_PAGE // 2 if deep else 1
    url = f"/take-part/{topic.process.slug}/topics/{topic.pk}/ideas/?sort={sort}&page={number}"
    name = f"page: idea board ({IDEAS:,}, {sort}, {'page ' + str(number) if deep else 'first page'})"
    return page(name, f.public_client, url), None


def ideas_api(f, *, sort: str, deep: bool):
    from alongside.bench.operations import page

    topic = idea_topic()
    number = IDEAS // 20 // 2 if deep else 1
    url = f"/api/ideas?topic={topic.pk}&sort={sort}&page={number}"
    name = f"api: ideas ({IDEAS:,}, {sort}, {'page ' + str(number) if deep else 'first page'})"
    return page(name, f.public_client, url), None
