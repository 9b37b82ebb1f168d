"""Improvement areas and actions: the top ideas of a round, agreed by staff, ready for a plan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from alongside.engagement.models import Action, Idea, ImprovementArea, Process, Round

EDITABLE = ("area", "title", "description", "owner_name", "owner", "status")


@transaction.atomic
def add_area(process: Process, *, name: str, description: str = "") -> ImprovementArea:
    Process.objects.select_for_update().filter(pk=process.pk).first()
    if process.improvement_areas.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("This process already has an area with this name.")})
    last = process.improvement_areas.aggregate(last=Max("position"))["last"] or 0
    return ImprovementArea.objects.create(
        process=process, name=name.strip(), description=description, position=last + 1
    )


def _check(process: Process, area: ImprovementArea, round_: Round | None, ideas) -> None:
    if area.process_id != process.pk:
        raise ValidationError({"area": _("Choose an improvement area of this process.")})
    if round_ is not None and round_.process_id != process.pk:
        raise ValidationError(_("That round belongs to another process."))
    if any(idea.process_id != process.pk for idea in ideas):
        raise ValidationError({"ideas": _("Choose ideas of this process.")})


@transaction.atomic
def create_action(
    process: Process,
    *,
    area: ImprovementArea,
    title: str,
    created_by,
    ideas=(),
    round: Round | None = None,  # noqa: A002 - the model's field name
    place: int | None = None,
    **fields,
) -> Action:
    """An action from the top of a round (``round``, ``ideas``, ``place``), or on its own."""
    ideas = list(ideas)
    _check(process, area, round, ideas)
    if not title.strip():
        raise ValidationError({"title": _("Say what the action is.")})
    last = Action.objects.filter(area=area).aggregate(last=Max("position"))["last"] or 0
    action = Action.objects.create(
        process=process,
        area=area,
        title=title.strip(),
        round=round,
        place=place,
        position=last + 1,
        created_by=created_by,
        **fields,
    )
    action.ideas.set(ideas)
    return action


@transaction.atomic
def update_action(action: Action, *, ideas=None, **fields) -> Action:
    area = fields.get("area", action.area)
    _check(action.process, area, action.round, ideas or [])
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(name)
        setattr(action, name, value)
    action.save()
    if ideas is not None:
        action.ideas.set(ideas)
    return action


def ideas_from(round_: Round, pks) -> list[Idea]:
    return list(round_.ideas.filter(pk__in=pks))
