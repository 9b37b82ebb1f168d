"""Builders for engagement tests: surveys with questions, made through the services."""

from __future__ import annotations

from alongside.accounts.models import Role
from alongside.engagement import answering, queries, services
from alongside.engagement.models import Question, Survey
from tests.builders import create_organisation, create_staff

K = Question.Kind
AREAS = ["Payment", "Reach", "Training", "Feedback", "Finding"]


def create_survey(
    organisation=None, *, anonymous: bool = False, questions=(), open_it: bool = True, **fields
) -> Survey:
    organisation = organisation or create_organisation()
    fields.setdefault("title", "What would help?")
    fields.setdefault("introduction", "A few questions.")
    fields.setdefault("freepost_address", "Freepost TEST")
    survey = services.create_survey(organisation=organisation, created_by=None, anonymous=anonymous, **fields)
    for spec in questions:
        services.add_question(survey, **spec)
    if open_it:
        services.open_survey(survey)
    return survey


def areas_survey(**kwargs) -> Survey:
    """A choose-three-of-five question, a ranking, a number and a written answer."""
    return create_survey(
        questions=[
            {"kind": K.CHOOSE_UP_TO, "text": "Which three matter most?", "max_choices": 3, "options": AREAS},
            {
                "kind": K.RANK,
                "text": "Put them in order",
                "options": ["Online", "Phone", "Post"],
                "required": False,
            },
            {
                "kind": K.NUMBER,
                "text": "How many meetings a year?",
                "required": False,
                "minimum": 0,
                "maximum": 52,
            },
            {"kind": K.LONG_TEXT, "text": "What gets in the way?", "required": False},
        ],
        **kwargs,
    )


def engager(organisation, role=Role.INVOLVEMENT_STAFF):
    return create_staff(organisation, role)


def option_ids(question: Question, *labels: str) -> list[str]:
    by_label = {o.label: str(o.pk) for o in question.options.all()}
    return [by_label[label] for label in labels]


def record(survey: Survey, raw: dict, **kwargs):
    """Key in a paper response; ``raw`` is keyed by question position."""
    questions = queries.questions(survey)
    by_position = {q.position: q for q in questions}
    keyed = {str(by_position[pos].pk): value for pos, value in raw.items()}
    kwargs.setdefault("channel", "paper")
    return answering.record(survey, keyed, questions, **kwargs)
