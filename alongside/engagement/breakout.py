"""Breakout groups: who discusses which topic, in groups of at most N, each with one facilitator.

The plan is worked out by ``plan`` (plain data in, plain data out, so it can be tested over many
random cases) and saved by ``allocate``:

1. Everyone starts in their first choice among the round's topics (people with no choice fill
   the topic with most room); each topic opens ceil(people / N) groups.
2. While that needs more groups than there are facilitators, the topic whose last group is
   emptiest closes that group, and its people move to the best of their other choices that has
   room (so as few people as possible lose their first choice). When even ceil(everyone / N)
   groups are more than the facilitators, nothing is saved and the error says how many more
   facilitators are needed.
3. Public contributors are spread: while a topic has fewer public contributors than groups and
   another has more than it needs, the one who ranked the short topic highest swaps with
   someone who is not a public contributor there (group numbers and sizes do not change).
4. Within a topic, public contributors are dealt out first, one to each group in turn, then
   everyone else, so groups differ in size by at most one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.engagement.models import (
    BreakoutGroup,
    BreakoutRound,
    EventFacilitator,
    GroupMember,
    Registration,
    TopicChoice,
)


@dataclass(frozen=True)
class Person:
    id: int
    public: bool
    # Topic ids in order of preference (only the round's topics count).
    choices: tuple[int, ...] = ()


@dataclass
class PlannedGroup:
    topic: int
    facilitator: int
    members: list[int] = field(default_factory=list)


class TooFewFacilitators(ValidationError):
    def __init__(self, needed: int, available: int):
        self.needed, self.available = needed, available
        more = needed - available
        super().__init__(
            ngettext(
                "These groups need %(needed)d facilitators and %(available)d are available: "
                "add %(more)d more facilitator, or make the groups bigger.",
                "These groups need %(needed)d facilitators and %(available)d are available: "
                "add %(more)d more facilitators, or make the groups bigger.",
                more,
            )
            % {"needed": needed, "available": available, "more": more}
        )


def _rank(person: Person, topic: int) -> int:
    """0 for a first choice; topics a person did not choose come after all their choices."""
    try:
        return person.choices.index(topic)
    except ValueError:
        return len(person.choices) + 1


def _groups_needed(count: int, size: int) -> int:
    return math.ceil(count / size)


def _first_choices(people: Sequence[Person], topics: Sequence[int], size: int) -> dict[int, list[Person]]:
    placed: dict[int, list[Person]] = {topic: [] for topic in topics}
    undecided = []
    for person in people:
        wanted = [t for t in person.choices if t in placed]
        if wanted:
            placed[wanted[0]].append(person)
        else:
            undecided.append(person)
    for person in undecided:
        # Room left in open groups first, then the topic with fewest people.
        room = {t: _groups_needed(len(p), size) * size - len(p) for t, p in placed.items()}
        topic = max(topics, key=lambda t: (room[t], -len(placed[t]), -topics.index(t)))
        placed[topic].append(person)
    return placed


def _close_one_group(placed: dict[int, list[Person]], topics: Sequence[int], size: int) -> None:
    """Close the emptiest last group of any topic; its people move to their best choice with room."""

    def room(topic: int) -> int:
        return _groups_needed(len(placed[topic]), size) * size - len(placed[topic])

    def leftover(topic: int) -> int:
        count = len(placed[topic])
        return count - (_groups_needed(count, size) - 1) * size

    closing = min((t for t in topics if placed[t]), key=lambda t: (leftover(t), topics.index(t)))
    spare = {t: room(t) for t in topics if t != closing}

    def best_elsewhere(person: Person) -> tuple[int, int]:
        open_topics = [t for t in topics if spare.get(t, 0) > 0]
        best = min(open_topics, key=lambda t: (_rank(person, t), -spare[t]))
        return _rank(person, best), best

    # Those who mind least (their best other topic with room ranks highest) move.
    members = placed[closing]
    movers = sorted(members, key=lambda p: (best_elsewhere(p)[0], -_rank(p, closing)))[: leftover(closing)]
    for person in movers:
        _rank_elsewhere, topic = best_elsewhere(person)
        members.remove(person)
        placed[topic].append(person)
        spare[topic] -= 1


def _spread_public(placed: dict[int, list[Person]], topics: Sequence[int], size: int) -> None:
    groups = {t: _groups_needed(len(placed[t]), size) for t in topics}

    def public(topic: int) -> int:
        return sum(p.public for p in placed[topic])

    while True:
        short = [t for t in topics if public(t) < groups[t]]
        spare = [t for t in topics if public(t) > groups[t]]
        if not short or not spare:
            return
        candidates = [(_rank(p, t), t, p) for t in short for s in spare for p in placed[s] if p.public]
        _r, target, mover = min(candidates, key=lambda c: (c[0], topics.index(c[1]), c[2].id))
        source = next(s for s in spare if mover in placed[s])
        others = [p for p in placed[target] if not p.public]
        back = min(others, key=lambda p: (_rank(p, source), p.id))
        placed[source].remove(mover)
        placed[target].remove(back)
        placed[target].append(mover)
        placed[source].append(back)


def plan(
    people: Sequence[Person], topics: Sequence[int], size: int, facilitators: Sequence[int]
) -> list[PlannedGroup]:
    """Groups for one round. Raises ``TooFewFacilitators`` (nothing planned) when they cannot all be led."""
    if not people:
        return []
    if not topics:
        raise ValidationError(_("Choose at least one topic for this round."))
    minimum = _groups_needed(len(people), size)
    if minimum > len(facilitators):
        raise TooFewFacilitators(minimum, len(facilitators))
    topics = list(topics)
    placed = _first_choices(people, topics, size)
    while sum(_groups_needed(len(p), size) for p in placed.values()) > len(facilitators):
        _close_one_group(placed, topics, size)
    _spread_public(placed, topics, size)
    result: list[PlannedGroup] = []
    leaders = iter(facilitators)
    for topic in topics:
        members = placed[topic]
        count = _groups_needed(len(members), size)
        groups = [PlannedGroup(topic=topic, facilitator=next(leaders)) for _n in range(count)]
        ordered = sorted(members, key=lambda p: (not p.public, p.id))
        for index, person in enumerate(ordered):
            groups[index % count].members.append(person.id)
        result += groups
    return result


# --- Facilitators and rounds ------------------------------------------------------------------------


@transaction.atomic
def add_facilitator(event, *, user=None, contributor=None) -> EventFacilitator:
    """A staff member or a contributor who can lead a group. Adding someone twice changes nothing."""
    if user is not None:
        name = user.full_name or user.email
        found, _created = EventFacilitator.objects.get_or_create(
            event=event, user=user, defaults={"name": name}
        )
    else:
        found, _created = EventFacilitator.objects.get_or_create(
            event=event, contributor=contributor, defaults={"name": contributor.display_name}
        )
    return found


@transaction.atomic
def remove_facilitator(facilitator: EventFacilitator) -> None:
    if facilitator.groups.exists():
        raise ValidationError(
            _("%(name)s leads a group. Give the group another facilitator first, or allocate again.")
            % {"name": facilitator.name}
        )
    facilitator.delete()


@transaction.atomic
def save_round(event, *, title: str, max_group_size: int, topics, round_: BreakoutRound | None = None):
    if any(topic.process_id != event.process_id for topic in topics):
        raise ValidationError({"topics": _("Choose topics of this event's process.")})
    if not topics:
        raise ValidationError({"topics": _("Choose at least one topic for this round.")})
    if round_ is None:
        number = (event.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        round_ = BreakoutRound(event=event, number=number)
    round_.title, round_.max_group_size = title, max_group_size
    round_.save()
    round_.topics.set(topics)
    return round_


# --- Saving a plan, and changing it by hand ----------------------------------------------------------


def people_for(round_: BreakoutRound) -> list[Person]:
    """Everyone with a place at the event, with their topic choices among the round's topics."""
    topic_ids = set(round_.topics.values_list("pk", flat=True))
    choices = Prefetch("topic_choices", queryset=TopicChoice.objects.order_by("rank"))
    registrations = (
        round_.event.registrations.filter(status=Registration.Status.REGISTERED)
        .prefetch_related(choices)
        .order_by("pk")
    )
    return [
        Person(
            id=r.pk,
            public=r.is_public_contributor,
            choices=tuple(c.topic_id for c in r.topic_choices.all() if c.topic_id in topic_ids),
        )
        for r in registrations
    ]


@transaction.atomic
def allocate(round_: BreakoutRound) -> list[BreakoutGroup]:
    """Replace the round's groups with a new plan. Nothing changes when the plan cannot be made."""
    round_ = BreakoutRound.objects.select_for_update().select_related("event").get(pk=round_.pk)
    topics = list(round_.topics.order_by("position", "pk").values_list("pk", flat=True))
    facilitators = list(round_.event.facilitators.order_by("name", "pk").values_list("pk", flat=True))
    planned = plan(people_for(round_), topics, round_.max_group_size, facilitators)
    GroupMember.objects.filter(round=round_).delete()
    round_.groups.all().delete()
    groups = []
    for planned_group in planned:
        groups.append(
            BreakoutGroup(
                round=round_,
                topic_id=planned_group.topic,
                number=len(groups) + 1,
                facilitator_id=planned_group.facilitator,
            )
        )
    BreakoutGroup.objects.bulk_create(groups)
    saved = list(round_.groups.order_by("number"))
    GroupMember.objects.bulk_create(
        GroupMember(group=group, round=round_, registration_id=member)
        for group, planned_group in zip(saved, planned, strict=True)
        for member in planned_group.members
    )
    round_.allocated_at = timezone.now()
    round_.save(update_fields=["allocated_at"])
    return saved


@transaction.atomic
def move(member: GroupMember, group: BreakoutGroup) -> GroupMember:
    """Move a person to another group of the same round, if it has room."""
    if group.round_id != member.round_id:
        raise ValidationError(_("Choose a group in the same round."))
    group = BreakoutGroup.objects.select_for_update().select_related("round").get(pk=group.pk)
    if group.pk == member.group_id:
        return member
    if group.members.count() >= group.round.max_group_size:
        raise ValidationError(
            _("Group %(number)d is full: it already has %(size)d people.")
            % {"number": group.number, "size": group.round.max_group_size},
            code="full",
        )
    member.group = group
    member.save(update_fields=["group"])
    return member


@transaction.atomic
def change_facilitator(group: BreakoutGroup, facilitator: EventFacilitator) -> BreakoutGroup:
    """Give a group another facilitator, one not leading another group in the round."""
    if facilitator.event_id != group.round.event_id:
        raise ValidationError(_("Choose a facilitator of this event."))
    taken = group.round.groups.filter(facilitator=facilitator).exclude(pk=group.pk)
    if taken.exists():
        raise ValidationError(
            _("%(name)s already leads group %(number)d in this round.")
            % {"name": facilitator.name, "number": taken.first().number},
            code="taken",
        )
    group.facilitator = facilitator
    group.save(update_fields=["facilitator"])
    return group


def groups_with_members(round_: BreakoutRound) -> list[BreakoutGroup]:
    members = Prefetch(
        "members",
        queryset=GroupMember.objects.select_related("registration__contributor").order_by(
            "registration__contributor__last_name", "registration__contributor__first_name", "pk"
        ),
    )
    return list(
        round_.groups.select_related("topic", "facilitator")
        .prefetch_related(members)
        .annotate(size=Count("members"))
        .order_by("number")
    )


def group_lists_pdf(event, round_: BreakoutRound, *, large_print: bool = False) -> bytes:
    """One page per group for its facilitator: names, and support needs only where someone gave them."""
    from alongside.core import pdf

    when = formats.date_format(timezone.localtime(event.starts_at), "j F Y, H:i")
    blocks: list = []
    for index, group in enumerate(groups_with_members(round_)):
        if index:
            blocks.append(pdf.Break())
        blocks += [
            pdf.Heading(
                _("Group %(number)d: %(topic)s") % {"number": group.number, "topic": group.topic.title}, 2
            ),
            pdf.Text(_("Facilitator: %(name)s") % {"name": group.facilitator.name}),
        ]
        rows = [[_("Name"), _("Support needed")]]
        rows += [
            [m.registration.contributor.display_name, m.registration.access_needs or ""]
            for m in group.members.all()
        ]
        blocks.append(pdf.Rows(rows))
    if not blocks:
        blocks.append(pdf.Text(_("Nobody has been put into groups yet.")))
    title = f"{event.title}: {round_.title} ({when})"
    return pdf.render(pdf.Document(title=title, blocks=blocks, large_print=large_print))
