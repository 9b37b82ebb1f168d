"""Answering a survey: checking each answer, saving as people go, and recording what they send.

Online answers, paper and phone answers keyed in by staff, and imported answers all pass through
``clean_answer`` and are written by ``_write_answers``: the same rules and the same rows, so they
count the same in the results.

An answer in a draft or a check is kept in a plain form (JSON):
text ``str``; one choice or a scale ``int`` (option id); several choices ``list[int]``;
a ranking ``list[int]`` (option ids, first place first); a number ``str`` (a Decimal);
a date ``"YYYY-MM-DD"``; the equality block a ``dict`` of the equality record's fields.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import Role
from alongside.core import numbers
from alongside.engagement.models import Answer, Channel, Group, Question, Response, Survey
from alongside.people import services as people_services
from alongside.people.forms import EqualityForm

K = Question.Kind
SHORT_TEXT_LIMIT = 300
LONG_TEXT_LIMIT = 5000


class SurveyClosed(Exception):
    pass


class AlreadyAnswered(Exception):
    pass


# --- Checking one answer ---------------------------------------------------------------------------


def is_empty(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, dict):
        return all(is_empty(value) for value in raw.values())
    if isinstance(raw, list | tuple):
        return all(is_empty(value) for value in raw)
    return False


def clean_answer(question: Question, raw):
    """``raw`` as typed (see each kind below) checked and in its plain form; None when not answered.

    Raises ValidationError with a message that says what to do.
    """
    if is_empty(raw):
        if question.required and question.kind != K.EQUALITY:
            raise ValidationError(_required_message(question))
        return None
    return CLEANERS[question.kind](question, raw)


def _required_message(question: Question) -> str:
    if question.kind in {K.SINGLE, K.SCALE}:
        return _("Choose an answer")
    if question.kind in {K.MULTIPLE, K.CHOOSE_UP_TO}:
        return _("Choose at least one option")
    if question.kind == K.RANK:
        return _("Put at least one option in order, starting with 1")
    return _("Answer this question")


def _text(question: Question, raw) -> str:
    text = str(raw).strip().replace("\r\n", "\n")
    limit = SHORT_TEXT_LIMIT if question.kind == K.SHORT_TEXT else LONG_TEXT_LIMIT
    if any(ord(ch) < 32 and ch not in "\t\n" for ch in text):
        raise ValidationError(_("Remove the hidden control characters from this answer"))
    if len(text) > limit:
        raise ValidationError(
            _("Your answer is %(length)s characters long; it must be %(limit)s characters or fewer")
            % {"length": f"{len(text):,}", "limit": f"{limit:,}"}
        )
    return text


def _option_ids(question: Question) -> set[int]:
    return {option.pk for option in question.options.all()}


def _as_ids(question: Question, raw) -> list[int]:
    values = raw if isinstance(raw, list | tuple) else [raw]
    known = _option_ids(question)
    ids = []
    for value in values:
        if is_empty(value):
            continue
        try:
            option_id = int(value)
        except (TypeError, ValueError):
            option_id = None
        if option_id not in known:
            raise ValidationError(_("Choose from the options given"))
        if option_id not in ids:
            ids.append(option_id)
    return ids


def _one(question: Question, raw) -> int:
    ids = _as_ids(question, raw)
    if len(ids) != 1:
        raise ValidationError(_("Choose one answer only"))
    return ids[0]


def _several(question: Question, raw) -> list[int]:
    ids = _as_ids(question, raw)
    limit = question.max_choices
    if question.kind == K.CHOOSE_UP_TO and limit and len(ids) > limit:
        raise ValidationError(
            ngettext(
                "Choose no more than %(limit)s option. You chose %(count)s",
                "Choose no more than %(limit)s options. You chose %(count)s",
                limit,
            )
            % {"limit": limit, "count": len(ids)}
        )
    return ids


def _rank(question: Question, raw) -> list[int]:
    """``raw`` maps option id to the place typed for it ("1", "2", ...); blanks are not ranked."""
    known = _option_ids(question)
    places: dict[int, int] = {}
    for key, value in dict(raw).items():
        if is_empty(value):
            continue
        if int(key) not in known:
            raise ValidationError(_("Choose from the options given"))
        text = str(value).strip()
        if not text.isdigit() or not 1 <= int(text) <= len(known):
            raise ValidationError(
                _("Give each option you rank a whole number from 1 to %(n)s") % {"n": len(known)}
            )
        places[int(key)] = int(text)
    return _ordered(question, places)


def _ordered(question: Question, places: dict[int, int]) -> list[int]:
    numbers_given = sorted(places.values())
    repeated = sorted({n for n in numbers_given if numbers_given.count(n) > 1})
    if repeated:
        raise ValidationError(
            _("You gave %(n)s to more than one option. Give each option a different number")
            % {"n": repeated[0]}
        )
    missing = [n for n in range(1, len(numbers_given) + 1) if n not in numbers_given]
    if missing:
        raise ValidationError(
            _("Number the options 1, 2, 3 and so on without gaps: number %(n)s is missing")
            % {"n": missing[0]}
        )
    limit = question.max_choices
    if limit and len(numbers_given) > limit:
        raise ValidationError(
            ngettext(
                "Put no more than %(limit)s option in order",
                "Put no more than %(limit)s options in order",
                limit,
            )
            % {"limit": limit}
        )
    return [option_id for option_id, _place in sorted(places.items(), key=lambda item: item[1])]


def _number(question: Question, raw) -> str:
    try:
        value = numbers.parse_number(str(raw), places=2, maximum=None, allow_negative=True)
    except numbers.AmountError as error:
        raise ValidationError(numbers.message(error, _("your answer"), money=False, example="12")) from None
    if question.minimum is not None and value < question.minimum:
        raise ValidationError(_("Enter a number of %(n)s or more") % {"n": _plain(question.minimum)})
    if question.maximum is not None and value > question.maximum:
        raise ValidationError(_("Enter a number of %(n)s or less") % {"n": _plain(question.maximum)})
    return _plain(value)


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _date(question: Question, raw) -> str:
    try:
        if isinstance(raw, dict):
            day = datetime.date(
                int(raw.get("year") or 0), int(raw.get("month") or 0), int(raw.get("day") or 0)
            )
        else:
            day = datetime.date.fromisoformat(str(raw).strip())
    except (TypeError, ValueError):
        raise ValidationError(
            _("Enter a real date, with the day, month and year as numbers, like 27 3 2026")
        ) from None
    if not 1900 <= day.year <= 2100:
        raise ValidationError(_("Enter a year between 1900 and 2100"))
    return day.isoformat()


def _equality(question: Question, raw) -> dict:
    form = EqualityForm(raw)
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    return {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}


CLEANERS = {
    K.SHORT_TEXT: _text,
    K.LONG_TEXT: _text,
    K.SINGLE: _one,
    K.SCALE: _one,
    K.MULTIPLE: _several,
    K.CHOOSE_UP_TO: _several,
    K.RANK: _rank,
    K.NUMBER: _number,
    K.DATE: _date,
    K.EQUALITY: _equality,
}


# --- Which questions a person sees -----------------------------------------------------------------


def chosen(value) -> set[int]:
    if isinstance(value, int):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, int)}
    return set()


def is_shown(question: Question, answers: dict) -> bool:
    """Shown unless it depends on an earlier answer that did not include the option it names."""
    if question.shown_if_id is None:
        return True
    earlier = answers.get(str(question.shown_if.question_id))
    return question.shown_if_id in chosen(earlier)


def shown_questions(questions: list[Question], answers: dict, *, equality: bool = True) -> list[Question]:
    return [q for q in questions if is_shown(q, answers) and (equality or q.kind != K.EQUALITY)]


def check_all(questions: list[Question], raw_answers: dict, *, equality: bool = True) -> tuple[dict, dict]:
    """Check every shown question's answer: (clean answers by question id, messages by question id).

    ``raw_answers`` is keyed by question id as text. Questions are read in order, so a condition
    reads the checked answer to the question it depends on.
    """
    clean: dict[str, object] = {}
    errors: dict[str, str] = {}
    for question in questions:
        if not is_shown(question, clean) or (question.kind == K.EQUALITY and not equality):
            continue
        key = str(question.pk)
        try:
            value = clean_answer(question, raw_answers.get(key))
        except ValidationError as error:
            errors[key] = " ".join(error.messages)
            continue
        if value is not None:
            clean[key] = value
    return clean, errors


# --- Online answering ------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def group_for(user) -> str:
    """The broad group a signed-in person answers in, from their roles."""
    roles = (
        {m.role for m in getattr(user, "active_memberships", [])}
        if getattr(user, "is_authenticated", False)
        else set()
    )
    if not roles:
        return Group.PUBLIC
    return Group.RESEARCHER if roles == {Role.RESEARCHER} else Group.STAFF


def takes_equality(survey: Survey, contributor) -> bool:
    """The equality questions are asked only where answers can be kept: a named survey, a person
    who agreed to equality monitoring."""
    return not survey.anonymous and contributor is not None and contributor.consent_equality


@transaction.atomic
def start(survey: Survey, *, contributor=None, group: str = Group.PUBLIC) -> Response:
    """Begin answering online, or carry on where the person left off (named surveys)."""
    if not survey.is_open:
        raise SurveyClosed
    if survey.anonymous:
        return Response.objects.create(survey=survey, group=group)
    if contributor is None:
        raise PermissionDenied("Named surveys are answered signed in, or on paper or by phone.")
    response, _created = Response.objects.get_or_create(
        survey=survey, respondent=contributor, defaults={"group": group}
    )
    if response.state == Response.State.SUBMITTED:
        raise AlreadyAnswered
    return response


@transaction.atomic
def save_answer(response: Response, question: Question, value) -> None:
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if locked.state != Response.State.IN_PROGRESS:
        raise AlreadyAnswered
    if not locked.survey.is_open:
        raise SurveyClosed
    key = str(question.pk)
    if value is None:
        locked.draft.pop(key, None)
    else:
        locked.draft[key] = value
    locked.save(update_fields=["draft"])
    response.draft = locked.draft


@transaction.atomic
def private_link_token(response: Response) -> str:
    """A new private link to come back to the answers; any earlier link stops working."""
    token = secrets.token_urlsafe(24)
    Response.objects.filter(pk=response.pk, state=Response.State.IN_PROGRESS).update(
        resume_hash=hash_token(token)
    )
    return token


def find_by_token(survey: Survey, token: str) -> Response | None:
    return Response.objects.filter(
        survey=survey, state=Response.State.IN_PROGRESS, resume_hash=hash_token(token)
    ).first()


@dataclass
class Incomplete(Exception):
    errors: dict[str, str]


@transaction.atomic
def submit(response: Response, questions: list[Question], *, may_quote: bool = False) -> Response:
    """Send the answers: every shown question checked again, then written as answer rows."""
    # Lock the response row only: the person may be absent (an outer join PostgreSQL will not lock).
    locked = (
        Response.objects.select_for_update(of=("self",))
        .select_related("survey", "respondent")
        .get(pk=response.pk)
    )
    if locked.state != Response.State.IN_PROGRESS:
        raise AlreadyAnswered
    if not locked.survey.is_open:
        raise SurveyClosed
    equality = takes_equality(locked.survey, locked.respondent)
    clean, errors = check_all(questions, as_raw(locked.draft, questions), equality=equality)
    if errors:
        raise Incomplete(errors)
    _finish(locked, clean, questions, may_quote=may_quote)
    return locked


def as_raw(draft: dict, questions: list[Question]) -> dict:
    """Checked answers as they would be typed, to be checked again (a ranking back as places)."""
    ranked = {str(q.pk) for q in questions if q.kind == K.RANK}
    return {key: rank_places(value) if key in ranked else value for key, value in draft.items()}


def _finish(response: Response, clean: dict, questions: list[Question], *, may_quote: bool) -> None:
    survey = response.survey
    by_id = {str(q.pk): q for q in questions}
    _write_answers(
        response, {key: value for key, value in clean.items() if by_id[key].kind != K.EQUALITY}, by_id
    )
    _keep_equality(response, clean, by_id)
    response.state = Response.State.SUBMITTED
    response.draft, response.resume_hash = {}, ""
    response.may_quote = may_quote and survey.ask_to_quote
    today = timezone.localdate()
    # Anonymous answers carry only the month they were sent in: a day could be matched with
    # who was seen answering that day.
    response.submitted_on = today.replace(day=1) if survey.anonymous else today
    response.save()


def _keep_equality(response: Response, clean: dict, by_id: dict) -> None:
    for key, value in clean.items():
        if by_id[key].kind == K.EQUALITY and takes_equality(response.survey, response.respondent):
            people_services.save_equality(response.respondent, value, recorded_by=response.entered_by)


def _write_answers(response: Response, clean: dict, by_id: dict) -> None:
    rows: list[Answer] = []
    for key, value in clean.items():
        rows += _rows(response, by_id[key], value)
    Answer.objects.bulk_create(rows)


def _rows(response: Response, question: Question, value) -> list[Answer]:
    new = lambda **fields: Answer(response=response, question=question, **fields)  # noqa: E731
    if question.kind in {K.SINGLE, K.SCALE}:
        return [new(option_id=value)]
    if question.kind in {K.MULTIPLE, K.CHOOSE_UP_TO}:
        return [new(option_id=option_id) for option_id in value]
    if question.kind == K.RANK:
        return [new(option_id=option_id, rank=place) for place, option_id in enumerate(value, start=1)]
    if question.kind == K.NUMBER:
        return [new(number=Decimal(value))]
    if question.kind == K.DATE:
        return [new(date=datetime.date.fromisoformat(value))]
    return [new(text=value)]


# --- Paper, phone and imported answers -------------------------------------------------------------


@transaction.atomic
def record(
    survey: Survey,
    raw_answers: dict,
    questions: list[Question],
    *,
    channel: str,
    group: str = Group.NOT_KNOWN,
    respondent=None,
    entered_by=None,
    may_quote: bool = False,
    source=None,
) -> Response:
    """A whole response given on paper, by phone or in an import: checked like an online one.

    Raises ``Incomplete`` with every problem at once, and nothing is written.
    """
    if channel == Channel.ONLINE:
        raise ValueError("Online answers are sent by the person; use start and submit.")
    if survey.status == Survey.Status.DRAFT:
        raise SurveyClosed
    if survey.anonymous:
        respondent = entered_by = None  # unlinkable: not even who keyed it in
    equality = takes_equality(survey, respondent)
    clean, errors = check_all(questions, raw_answers, equality=equality)
    if errors:
        raise Incomplete(errors)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                respondent=respondent,
                channel=channel,
                group=group,
                entered_by=entered_by,
                source=source,
            )
    except IntegrityError:
        raise AlreadyAnswered from None
    _finish(response, clean, questions, may_quote=may_quote)
    return response


def rank_places(value: list[int]) -> dict[str, str]:
    """A checked ranking back as places, for showing it in a form again."""
    return {str(option_id): str(place) for place, option_id in enumerate(value, start=1)}
