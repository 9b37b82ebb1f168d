"""Processes, phases and the survey builder: every change, with its rules, in a transaction.

Answering lives in ``answering.py``, results in ``results.py``, themes in ``themes.py``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from alongside.engagement.models import Option, Phase, Process, Question, Survey

# The agree–disagree scale every scale question offers, in this order.
SCALE = (
    gettext_noop("Strongly agree"),
    gettext_noop("Agree"),
    gettext_noop("Neither agree nor disagree"),
    gettext_noop("Disagree"),
    gettext_noop("Strongly disagree"),
)


def unique_slug(model, title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:70] or "survey"
    slug, n = base, 1
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Processes and phases ------------------------------------------------------------------------


@transaction.atomic
def create_process(*, organisation, created_by, **fields) -> Process:
    fields.setdefault("slug", unique_slug(Process, fields["title"]))
    return Process.objects.create(organisation=organisation, created_by=created_by, **fields)


@transaction.atomic
def update_process(process: Process, **fields) -> Process:
    for name, value in fields.items():
        setattr(process, name, value)
    process.save()
    return process


@transaction.atomic
def add_phase(process: Process, **fields) -> Phase:
    Process.objects.select_for_update().filter(pk=process.pk).first()
    last = process.phases.aggregate(last=Max("position"))["last"] or 0
    return Phase.objects.create(process=process, position=last + 1, **fields)


@transaction.atomic
def update_phase(phase: Phase, **fields) -> Phase:
    for name, value in fields.items():
        setattr(phase, name, value)
    phase.save()
    return phase


@transaction.atomic
def set_current_phase(phase: Phase) -> None:
    """This phase is happening now: those before it have finished, those after are to come."""
    phases = Phase.objects.select_for_update().filter(process_id=phase.process_id)
    phases.update(state=Phase.State.PLANNED)
    phases.filter(position__lt=phase.position).update(state=Phase.State.DONE)
    phases.filter(pk=phase.pk).update(state=Phase.State.CURRENT)


@transaction.atomic
def move_phase(phase: Phase, step: int) -> None:
    _swap(Phase.objects.filter(process_id=phase.process_id), phase, step)


def _swap(siblings, item, step: int) -> None:
    """Swap ``item`` with its neighbour ``step`` places away (-1 up, 1 down), if there is one."""
    siblings = siblings.select_for_update()
    ordered = list(siblings.order_by("position").values_list("pk", "position"))
    index = next(i for i, (pk, _pos) in enumerate(ordered) if pk == item.pk)
    other = index + step
    if not 0 <= other < len(ordered):
        return
    (a_pk, a_pos), (b_pk, b_pos) = ordered[index], ordered[other]
    # Positions are unique: park one out of the way while the other moves.
    parking = max(pos for _pk, pos in ordered) + 1
    siblings.filter(pk=a_pk).update(position=parking)
    siblings.filter(pk=b_pk).update(position=a_pos)
    siblings.filter(pk=a_pk).update(position=b_pos)


# --- Surveys ---------------------------------------------------------------------------------------


class SurveyLocked(ValidationError):
    pass


@transaction.atomic
def create_survey(*, organisation, created_by, **fields) -> Survey:
    fields.setdefault("slug", unique_slug(Survey, fields["title"]))
    return Survey.objects.create(organisation=organisation, created_by=created_by, **fields)


@transaction.atomic
def update_survey(survey: Survey, **fields) -> Survey:
    if "anonymous" in fields and fields["anonymous"] != survey.anonymous and survey.responses.exists():
        # Named answers cannot become anonymous by a switch (their rows hold people), nor the reverse.
        raise SurveyLocked(
            _("People have started answering, so the survey cannot change between named and anonymous.")
        )
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()
    return survey


def _check_editable(survey: Survey) -> None:
    if survey.status != Survey.Status.DRAFT:
        raise SurveyLocked(
            _(
                "The survey has been opened, so its questions cannot change: "
                "answers already given would no longer match."
            )
        )


def check_ready(survey: Survey) -> list[str]:
    """What stops the survey from opening, in words staff can act on (empty when it is ready)."""
    problems = []
    questions = list(survey.questions.prefetch_related("options"))
    if not questions:
        problems.append(_("Add at least one question."))
    for question in questions:
        if question.has_options and len(question.options.all()) < 2:
            problems.append(_("Question %(n)s needs at least two options.") % {"n": question.position})
    return problems


@transaction.atomic
def open_survey(survey: Survey) -> None:
    problems = check_ready(survey)
    if problems:
        raise ValidationError(problems)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
    survey.status = Survey.Status.OPEN


@transaction.atomic
def close_survey(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    survey.status = Survey.Status.CLOSED


# --- Questions -------------------------------------------------------------------------------------


def _clean_options(kind: str, labels: list[str]) -> list[str]:
    if kind == Question.Kind.SCALE:
        return [_(label) for label in SCALE]
    if kind not in Question.CHOICE_KINDS:
        return []
    return [label.strip() for label in labels if label.strip()]


def _check_question(survey: Survey, fields: dict, labels: list[str], position: int) -> None:
    kind = fields["kind"]
    errors: dict[str, list[str]] = {}
    if kind in Question.CHOICE_KINDS and kind != Question.Kind.SCALE and len(labels) < 2:
        errors["options"] = [_("Give at least two options, one on each line.")]
    if len({label.lower() for label in labels}) != len(labels):
        errors["options"] = [_("Each option must be different.")]
    limit = fields.get("max_choices")
    if kind == Question.Kind.CHOOSE_UP_TO and not limit:
        errors["max_choices"] = [_("Say how many options people may choose, for example 3.")]
    if limit and labels and limit > len(labels):
        errors["max_choices"] = [_("This is more than the number of options.")]
    condition = fields.get("shown_if")
    if condition and (condition.question.survey_id != survey.pk or condition.question.position >= position):
        errors["shown_if"] = [_("Choose an answer to an earlier question.")]
    if (
        kind == Question.Kind.EQUALITY
        and survey.questions.filter(kind=kind).exclude(position=position).exists()
    ):
        errors["kind"] = [_("The survey already has the equality monitoring questions.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_question(survey: Survey, *, options: list[str] = (), **fields) -> Question:
    _check_editable(survey)
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    position = (survey.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    labels = _clean_options(fields["kind"], list(options))
    _check_question(survey, fields, labels, position)
    question = Question.objects.create(survey=survey, position=position, **fields)
    Option.objects.bulk_create(
        [Option(question=question, position=n, label=label) for n, label in enumerate(labels, start=1)]
    )
    return question


@transaction.atomic
def update_question(question: Question, *, options: list[str] = (), **fields) -> Question:
    _check_editable(question.survey)
    labels = _clean_options(fields.get("kind", question.kind), list(options))
    _check_question(question.survey, {"kind": question.kind, **fields}, labels, question.position)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    _replace_options(question, labels)
    return question


def _replace_options(question: Question, labels: list[str]) -> None:
    """Keep options whose words are unchanged (conditions may point at them); renumber the rest."""
    existing = {option.label: option for option in question.options.all()}
    question.options.exclude(label__in=labels).delete()
    question.options.update(position=F("position") + 1000)
    for n, label in enumerate(labels, start=1):
        option = existing.get(label) or Option(question=question, label=label)
        option.position = n
        option.save()


@transaction.atomic
def delete_question(question: Question) -> None:
    survey = question.survey
    _check_editable(survey)
    position = question.position
    question.delete()
    later = survey.questions.filter(position__gt=position).order_by("position")
    for item in later:
        Question.objects.filter(pk=item.pk).update(position=item.position - 1)


@transaction.atomic
def move_question(question: Question, step: int) -> None:
    _check_editable(question.survey)
    _swap(Question.objects.filter(survey_id=question.survey_id), question, step)
    _drop_broken_conditions(question.survey)


def _drop_broken_conditions(survey: Survey) -> None:
    """A question may only depend on an earlier one; after a move, conditions pointing later go."""
    for question in survey.questions.select_related("shown_if__question"):
        if question.shown_if and question.shown_if.question.position >= question.position:
            Question.objects.filter(pk=question.pk).update(shown_if=None)


@transaction.atomic
def add_equality_block(survey: Survey) -> Question:
    if survey.anonymous:
        raise ValidationError(
            _(
                "The equality questions need a named survey: "
                "anonymous answers are not kept with anyone's profile."
            )
        )
    return add_question(
        survey,
        kind=Question.Kind.EQUALITY,
        text=_("About you"),
        hint=_(
            "These questions help us see who we are hearing from. They are kept with your profile only "
            "if you have agreed to equality monitoring, and you can skip them."
        ),
        required=False,
    )
