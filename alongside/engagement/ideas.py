"""Ideas: adding, editing, commenting, supporting, merging and splitting, each in a transaction.

Every change appends an ``IdeaRevision`` (who, when, at which event, what changed); nothing here
edits or deletes one. ``support_count`` and ``comment_count`` move with F() in the same transaction
as the rows they count, so the idea board never counts rows to sort or show them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.engagement.models import Event, Idea, IdeaComment, IdeaRevision, IdeaSupport, Topic

Kind = IdeaRevision.Kind
EDITABLE = ("title", "description", "topic", "event")


def _check_event(topic: Topic, event: Event | None) -> None:
    if event is not None and event.process_id != topic.process_id:
        raise ValidationError({"event": _("Choose an event of this process.")})


def _revise(idea: Idea, kind: str, *, by=None, event=None, changes=None, related=()) -> IdeaRevision:
    revision = IdeaRevision.objects.create(
        idea=idea,
        kind=kind,
        by=by if by is not None and by.is_authenticated else None,
        event=event,
        title=idea.title,
        description=idea.description,
        changes=changes or {},
    )
    if related:
        revision.related.set(related)
    return revision


@transaction.atomic
def add_idea(
    topic: Topic,
    *,
    title: str,
    description: str = "",
    author=None,
    captured_by=None,
    captured_from: str = "",
    event: Event | None = None,
) -> Idea:
    """A participant's idea (``author``), or one staff typed in for a person or a breakout group."""
    _check_event(topic, event)
    if not title.strip():
        raise ValidationError({"title": _("Write the idea in a sentence.")})
    idea = Idea.objects.create(
        process_id=topic.process_id,
        topic=topic,
        event=event,
        title=title.strip(),
        description=description.strip(),
        author=author,
        captured_by=captured_by,
        captured_from=captured_from.strip(),
    )
    _revise(idea, Kind.ADDED, by=captured_by or (author.user if author else None), event=event)
    return idea


def _value(value):
    return getattr(value, "pk", value)


@transaction.atomic
def edit_idea(idea: Idea, *, by, event: Event | None = None, **fields) -> Idea:
    """Change an open idea; the revision records each field before and after, and the event."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.state != Idea.State.OPEN:
        raise ValidationError(_("This idea was merged or split, so it cannot be changed any more."))
    topic = fields.get("topic", idea.topic)
    _check_event(topic, fields.get("event", idea.event))
    changes = {}
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(name)
        before = getattr(idea, name)
        if _value(before) != _value(value):
            changes[name] = [_value(before), _value(value)]
            setattr(idea, name, value)
    if not changes:
        return idea
    idea.updated_at = timezone.now()
    idea.save()
    _revise(idea, Kind.EDITED, by=by, event=event, changes=changes)
    return idea


@transaction.atomic
def comment(idea: Idea, *, author, text: str, from_team: bool = False) -> IdeaComment:
    if not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    note = IdeaComment.objects.create(idea=idea, author=author, text=text.strip(), from_team=from_team)
    Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    return note


@transaction.atomic
def support(idea: Idea, person) -> bool:
    """Record ``person``'s support; False if they already support it (the database says so)."""
    if idea.state != Idea.State.OPEN:
        raise ValidationError(_("This idea was merged or split: support the idea it became."))
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(idea=idea, person=person)
    except IntegrityError:
        return False
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    return True


@transaction.atomic
def withdraw_support(idea: Idea, person) -> bool:
    removed, _by_model = IdeaSupport.objects.filter(idea=idea, person=person).delete()
    if removed:
        Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") - 1)
    return bool(removed)


def _copy_supports(sources: list[Idea], target: Idea) -> None:
    """Everyone who supported any of ``sources`` supports ``target``, once each."""
    people = set(IdeaSupport.objects.filter(idea__in=sources).values_list("person_id", flat=True))
    people -= set(target.supports.values_list("person_id", flat=True))
    IdeaSupport.objects.bulk_create([IdeaSupport(idea=target, person_id=pk) for pk in sorted(people)])
    Idea.objects.filter(pk=target.pk).update(support_count=F("support_count") + len(people))


@transaction.atomic
def merge(ideas: list[Idea], *, into: Idea, by, event: Event | None = None) -> Idea:
    """Merge ``ideas`` into the survivor ``into``: the others stay, marked as merged into it."""
    pks = sorted({idea.pk for idea in ideas} - {into.pk})
    locked = list(Idea.objects.select_for_update().filter(pk__in=[*pks, into.pk]).order_by("pk"))
    others = [idea for idea in locked if idea.pk != into.pk]
    if not others:
        raise ValidationError({"ideas": _("Choose at least two ideas to merge.")})
    if any(idea.state != Idea.State.OPEN for idea in locked):
        raise ValidationError(
            {"ideas": _("Only open ideas can be merged: one of these was merged or split.")}
        )
    if any(idea.process_id != into.process_id for idea in others):
        raise ValidationError({"ideas": _("Only ideas of the same process can be merged.")})
    survivor = next(idea for idea in locked if idea.pk == into.pk)
    _copy_supports(others, survivor)
    Idea.objects.filter(pk__in=pks).update(
        state=Idea.State.MERGED, merged_into=survivor, updated_at=timezone.now()
    )
    for idea in others:
        idea.refresh_from_db()
        _revise(idea, Kind.MERGED_INTO, by=by, event=event, related=[survivor])
    survivor.refresh_from_db()
    _revise(survivor, Kind.MERGED_IN, by=by, event=event, related=others)
    return survivor


@transaction.atomic
def split(idea: Idea, parts: list[dict], *, by, event: Event | None = None) -> list[Idea]:
    """Split ``idea`` into new ideas (each a dict of title and description); it stays, marked split.

    Everyone who supported the whole idea supports each part: they backed all of it.
    """
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.state != Idea.State.OPEN:
        raise ValidationError(_("This idea was already merged or split."))
    parts = [part for part in parts if part.get("title", "").strip()]
    if len(parts) < 2:
        raise ValidationError({"parts": _("Give at least two new ideas to split this one into.")})
    made = []
    for part in parts:
        new = Idea.objects.create(
            process_id=idea.process_id,
            topic=part.get("topic") or idea.topic,
            event=event or idea.event,
            title=part["title"].strip(),
            description=part.get("description", "").strip(),
            author=idea.author,
            captured_by=idea.captured_by,
            captured_from=idea.captured_from,
            split_from=idea,
        )
        _copy_supports([idea], new)
        new.refresh_from_db(fields=["support_count"])
        _revise(new, Kind.SPLIT_FROM, by=by, event=event, related=[idea])
        made.append(new)
    Idea.objects.filter(pk=idea.pk).update(state=Idea.State.SPLIT, updated_at=timezone.now())
    idea.refresh_from_db()
    _revise(idea, Kind.SPLIT_INTO, by=by, event=event, related=made)
    return made
