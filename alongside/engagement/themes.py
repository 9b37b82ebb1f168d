"""Coding free-text answers with themes: create, rename, merge, split, assign, and choose quotes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.engagement import suggestions
from alongside.engagement.models import Answer, Question, Response, Suggestion, SuggestionRun, Theme


def _name_free(question: Question, name: str, *, exclude_pk=None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Give the theme a name")]})
    taken = question.themes.filter(name__iexact=name)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": [_("There is already a theme called “%(name)s”") % {"name": name}]})
    return name


def _text_answers(question: Question, answer_ids) -> list[str]:
    """Only sent answers to this question can be coded."""
    ids = list(
        Answer.objects.filter(
            pk__in=list(answer_ids), question=question, response__state=Response.State.SUBMITTED
        ).values_list("pk", flat=True)
    )
    return ids


@transaction.atomic
def create_theme(question: Question, name: str, description: str = "", answer_ids=()) -> Theme:
    if not question.is_text:
        raise ValidationError(_("Only written answers are coded with themes."))
    theme = Theme.objects.create(question=question, name=_name_free(question, name), description=description)
    assign(theme, answer_ids)
    return theme


@transaction.atomic
def rename_theme(theme: Theme, name: str, description: str | None = None) -> Theme:
    theme.name = _name_free(theme.question, name, exclude_pk=theme.pk)
    if description is not None:
        theme.description = description
    theme.save()
    return theme


@transaction.atomic
def assign(theme: Theme, answer_ids) -> int:
    ids = _text_answers(theme.question, answer_ids)
    through = Theme.answers.through
    through.objects.bulk_create(
        [through(theme_id=theme.pk, answer_id=answer_id) for answer_id in ids], ignore_conflicts=True
    )
    return len(ids)


@transaction.atomic
def unassign(theme: Theme, answer_ids) -> None:
    theme.answers.remove(*Answer.objects.filter(pk__in=list(answer_ids)))


@transaction.atomic
def merge(keep: Theme, others: list[Theme]) -> Theme:
    """Fold ``others`` into ``keep``: their answers join it, and they go."""
    for other in others:
        if other.pk == keep.pk or other.question_id != keep.question_id:
            continue
        assign(keep, other.answers.values_list("pk", flat=True))
        other.delete()
    return keep


@transaction.atomic
def split(theme: Theme, name: str, answer_ids) -> Theme:
    """Move some of a theme's answers to a new theme."""
    moving = list(theme.answers.filter(pk__in=list(answer_ids)).values_list("pk", flat=True))
    if not moving:
        raise ValidationError(_("Choose the answers to move to the new theme."))
    try:
        new = create_theme(theme.question, name, answer_ids=moving)
    except IntegrityError:
        raise ValidationError({"name": [_("There is already a theme with that name")]}) from None
    unassign(theme, moving)
    return new


@transaction.atomic
def delete_theme(theme: Theme) -> None:
    theme.delete()


@transaction.atomic
def mark_quote(answer: Answer, chosen: bool = True) -> None:
    """A quote may be chosen only from someone who agreed to be quoted."""
    if chosen and not answer.response.may_quote:
        raise ValidationError(
            _("This person did not agree to be quoted, so their words cannot be used as a quote.")
        )
    Answer.objects.filter(pk=answer.pk).update(is_quote=chosen)
    answer.is_quote = chosen


# --- Suggestions -----------------------------------------------------------------------------------

# Up to this many answers, suggestions are worked out while the page waits; more go to the worker.
INLINE_LIMIT = 800


@transaction.atomic
def request_suggestions(question: Question, *, by) -> SuggestionRun:
    run = SuggestionRun.objects.create(question=question, requested_by=by)
    count = _sent_text(question).count()
    if count <= INLINE_LIMIT:
        transaction.on_commit(lambda: compute_suggestions(run.pk))
    else:
        from alongside.engagement.tasks import suggest_themes

        transaction.on_commit(lambda: suggest_themes.enqueue(run.pk))
    return run


def _sent_text(question: Question):
    return Answer.objects.filter(question=question, response__state=Response.State.SUBMITTED).exclude(text="")


def compute_suggestions(run_id: int) -> SuggestionRun | None:
    """Safe to run twice: a run is worked out only while it waits."""
    with transaction.atomic():
        run = (
            SuggestionRun.objects.select_for_update()
            .filter(pk=run_id, status=SuggestionRun.Status.WAITING)
            .first()
        )
        if run is None:
            return None
        coded = Theme.answers.through.objects.filter(theme__question=run.question).values("answer_id")
        rows = list(_sent_text(run.question).exclude(pk__in=coded).values_list("pk", "text"))
        groups = suggestions.suggest([text for _pk, text in rows])
        through = Suggestion.answers.through
        for group in groups:
            suggestion = Suggestion.objects.create(run=run, name=group.name[:120], keywords=group.keywords)
            through.objects.bulk_create(
                [through(suggestion_id=suggestion.pk, answer_id=rows[i][0]) for i in group.members]
            )
        run.status, run.finished_at, run.answers_read = SuggestionRun.Status.DONE, timezone.now(), len(rows)
        run.save()
        return run


@transaction.atomic
def accept_suggestion(suggestion: Suggestion, *, name: str | None = None, answer_ids=None) -> Theme:
    """Make the suggestion a theme (or add its answers to the theme of that name), with the answers
    staff kept (all of them unless they unticked some)."""
    question = suggestion.run.question
    name = (name or suggestion.name).strip()
    ids = suggestion.answers.values_list("pk", flat=True)
    if answer_ids is not None:
        ids = ids.filter(pk__in=list(answer_ids))
    theme = question.themes.filter(name__iexact=name).first()
    if theme is None:
        theme = create_theme(question, name)
    assign(theme, list(ids))
    Suggestion.objects.filter(pk=suggestion.pk).update(state=Suggestion.State.ACCEPTED, theme=theme)
    return theme


@transaction.atomic
def ignore_suggestion(suggestion: Suggestion) -> None:
    Suggestion.objects.filter(pk=suggestion.pk).update(state=Suggestion.State.IGNORED)
