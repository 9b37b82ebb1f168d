"""Prioritisation rounds: setting them up, ballots (online, phone, paper) and each method's results.

The methods, and how each is scored:

- **Top N** ("choose the top few"): each person chooses up to ``choose`` ideas. An idea's figure is
  the share of people who voted in the round who chose it.
- **Ranking**: each person puts ``choose`` ideas (or all of them) in order, 1 first. Borda scoring:
  with k places, place r scores k − r + 1 (first scores k, last scores 1, an idea left out 0).
  Ideas are listed by total score.
- **Dot voting**: each person has ``dots`` dots to place; several on one idea are allowed, up to
  ``most_dots_per_idea`` when it is set. An idea's figure is its total of dots.
- **Group-balanced ranking (James Lind Alliance)**: each person ranks as above and says which group
  they take part as. Borda scores are summed within each group; each group's list is re-ranked by
  its total (1 = its highest); an idea's combined figure is the mean of its positions across the
  groups that voted, so each group counts equally however many people it had. Lowest mean first.
  Ties: ideas with the same total in a group share the mean of the positions they span (two ideas
  tied for 2nd and 3rd are both 2.5); ideas with the same combined mean share a place, ordered
  among themselves by their total score over everyone, then by title.

One ballot per person per round is enforced by the database (``one_ballot_per_person``); the round
row is locked while a ballot is written so a round closed meanwhile refuses it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.engagement.models import Ballot, Channel, Group, Idea, Process, Round, Vote

Method = Round.Method


# --- Setting up ---------------------------------------------------------------------------------


def _check_settings(method: str, choose, dots, most_dots_per_idea, idea_count: int) -> None:
    errors = {}
    if method == Method.TOP_N and not choose:
        errors["choose"] = _("Say how many ideas each person chooses.")
    if choose and choose > idea_count:
        errors["choose"] = _("There are only %(n)s ideas in this round.") % {"n": idea_count}
    if method == Method.DOTS and not dots:
        errors["dots"] = _("Say how many dots each person has.")
    if most_dots_per_idea and dots and most_dots_per_idea > dots:
        errors["most_dots_per_idea"] = _("This cannot be more than the dots each person has.")
    if idea_count < 2:
        errors["ideas"] = _("Choose at least two ideas.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_round(process: Process, *, ideas, created_by, **fields) -> Round:
    ideas = list(ideas)
    _check_settings(
        fields["method"],
        fields.get("choose"),
        fields.get("dots"),
        fields.get("most_dots_per_idea"),
        len(ideas),
    )
    if any(idea.process_id != process.pk or idea.state != Idea.State.OPEN for idea in ideas):
        raise ValidationError({"ideas": _("Choose open ideas of this process.")})
    round_ = Round.objects.create(process=process, created_by=created_by, **fields)
    round_.ideas.set(ideas)
    return round_


@transaction.atomic
def open_round(round_: Round) -> None:
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status == Round.Status.CLOSED:
        raise ValidationError(_("This round is closed; start a new round instead."))
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.OPEN, opened_at=timezone.now())


@transaction.atomic
def close_round(round_: Round) -> None:
    Round.objects.select_for_update().get(pk=round_.pk)
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED, closed_at=timezone.now())


# --- Ballots ------------------------------------------------------------------------------------


def places_needed(round_: Round, idea_count: int) -> int:
    return min(round_.choose or idea_count, idea_count)


def _top_n(round_: Round, chosen: list[int]) -> list[Vote]:
    if not chosen:
        raise ValidationError({"choices": _("Choose at least one idea.")})
    if len(chosen) != len(set(chosen)):
        raise ValidationError({"choices": _("Choose each idea only once.")})
    if len(chosen) > round_.choose:
        raise ValidationError({"choices": _("Choose no more than %(n)s ideas.") % {"n": round_.choose}})
    return [Vote(idea_id=pk) for pk in chosen]


def _ranking(round_: Round, places: dict[int, int], idea_count: int) -> list[Vote]:
    """``places``: idea id → place. Places must be 1, 2, … k, each used once (no repeats, no gaps)."""
    k = places_needed(round_, idea_count)
    given = sorted(places.values())
    if len(given) != len(set(given)):
        raise ValidationError(
            {"places": _("Each place can be given to only one idea: a number is used twice.")}
        )
    if any(place < 1 or place > k for place in given):
        raise ValidationError({"places": _("Use the numbers 1 to %(k)s.") % {"k": k}})
    if given != list(range(1, k + 1)):
        missing = sorted(set(range(1, k + 1)) - set(given))
        raise ValidationError(
            {
                "places": _("Put %(k)s ideas in order: place %(missing)s is missing.")
                % {"k": k, "missing": ", ".join(map(str, missing))}
            }
        )
    return [Vote(idea_id=pk, rank=place) for pk, place in places.items()]


def _dots(round_: Round, dots: dict[int, int]) -> list[Vote]:
    used = {pk: n for pk, n in dots.items() if n}
    if any(n < 0 for n in used.values()):
        raise ValidationError({"dots": _("Dots cannot be fewer than none.")})
    total = sum(used.values())
    if total == 0:
        raise ValidationError({"dots": _("Place at least one dot.")})
    if total > round_.dots:
        raise ValidationError(
            {
                "dots": _("You placed %(used)s dots; you have %(budget)s.")
                % {"used": total, "budget": round_.dots}
            }
        )
    most = round_.most_dots_per_idea
    if most and any(n > most for n in used.values()):
        raise ValidationError({"dots": _("Put no more than %(n)s dots on one idea.") % {"n": most}})
    return [Vote(idea_id=pk, dots=n) for pk, n in used.items()]


def votes_for(round_: Round, *, choices=(), places=None, dots=None, idea_ids: set[int]) -> list[Vote]:
    """Check a ballot's answers against the round's method; the unsaved votes, or ValidationError."""
    named = set(choices) | set(places or {}) | set(dots or {})
    if named - idea_ids:
        raise ValidationError(_("One of the ideas is not in this round."))
    if round_.method == Method.TOP_N:
        return _top_n(round_, list(choices))
    if round_.method in Round.RANKED:
        return _ranking(round_, dict(places or {}), len(idea_ids))
    return _dots(round_, dict(dots or {}))


@transaction.atomic
def cast_ballot(
    round_: Round,
    voter,
    *,
    channel: str = Channel.ONLINE,
    group: str = Group.NOT_KNOWN,
    keyed_by=None,
    choices=(),
    places=None,
    dots=None,
) -> Ballot:
    """Record one ballot; refused when the round is not open or the person has voted already."""
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status != Round.Status.OPEN:
        raise ValidationError(_("This round is closed, so it takes no more votes."))
    if locked.method == Method.JLA and group == Group.NOT_KNOWN:
        raise ValidationError({"group": _("Say which group you are taking part as.")})
    idea_ids = set(locked.ideas.values_list("pk", flat=True))
    votes = votes_for(locked, choices=choices, places=places, dots=dots, idea_ids=idea_ids)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                round=locked, voter=voter, channel=channel, group=group, keyed_by=keyed_by
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(name)s has already voted in this round.") % {"name": _voter(voter)}, code="already_voted"
        ) from error
    for vote in votes:
        vote.ballot = ballot
    Vote.objects.bulk_create(votes)
    return ballot


def _voter(voter) -> str:
    return voter.known_as or voter.first_name or _("This person")


def has_voted(round_: Round, voter) -> bool:
    return voter is not None and round_.ballots.filter(voter=voter).exists()


# --- Results ------------------------------------------------------------------------------------


@dataclass
class Row:
    idea: Idea
    place: int = 0
    votes: int = 0  # people who chose, ranked or put dots on it
    share: Decimal | None = None  # top N: percent of voters who chose it
    score: int = 0  # ranking: Borda points; dots: dots
    mean_position: Decimal | None = None  # JLA
    positions: dict[str, Decimal] = field(default_factory=dict)  # JLA: group → position in its list


@dataclass
class Results:
    round: Round
    ballots: int
    by_channel: dict[str, int]
    groups: list[tuple[str, str, int]]  # JLA: (group, label, ballots)
    rows: list[Row]


def _per_idea(round_: Round):
    """Each idea's votes and score, summed in the database."""
    votes = Vote.objects.filter(ballot__round=round_)
    if round_.method in Round.RANKED:
        k = places_needed(round_, round_.ideas.count())
        points = Value(k + 1, output_field=IntegerField()) - F("rank")
        return votes.values("idea_id").annotate(n=Count("id"), score=Sum(points))
    if round_.method == Method.DOTS:
        return votes.values("idea_id").annotate(n=Count("id"), score=Sum("dots"))
    return votes.values("idea_id").annotate(n=Count("id"), score=Count("id"))


def results(round_: Round) -> Results:
    ideas = {idea.pk: idea for idea in round_.ideas.select_related("topic").order_by("title", "pk")}
    channels = dict(round_.ballots.values_list("channel").annotate(n=Count("id")).order_by())
    total = sum(channels.values())
    rows = {pk: Row(idea=idea) for pk, idea in ideas.items()}
    for figure in _per_idea(round_):
        row = rows[figure["idea_id"]]
        row.votes, row.score = figure["n"], figure["score"] or 0
    if round_.method == Method.TOP_N:
        for row in rows.values():
            row.share = _percent(row.votes, total)
    groups: list[tuple[str, str, int]] = []
    if round_.method == Method.JLA:
        groups = _group_balance(round_, rows)
        ordered = sorted(rows.values(), key=lambda r: (r.mean_position, -r.score, r.idea.title))
        _place(ordered, key=lambda r: r.mean_position)
    else:
        ordered = sorted(rows.values(), key=lambda r: (-r.score, r.idea.title, r.idea.pk))
        _place(ordered, key=lambda r: r.score)
    return Results(round=round_, ballots=total, by_channel=channels, groups=groups, rows=ordered)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _place(ordered: list[Row], key) -> None:
    """Places 1, 2, …, with ties sharing the higher place (1, 2, 2, 4)."""
    for index, row in enumerate(ordered):
        tied = index and key(ordered[index - 1]) == key(row)
        row.place = ordered[index - 1].place if tied else index + 1


def _group_balance(round_: Round, rows: dict[int, Row]) -> list[tuple[str, str, int]]:
    """Sum Borda scores per group (in the database), re-rank each group's list, average positions."""
    k = places_needed(round_, len(rows))
    points = Value(k + 1, output_field=IntegerField()) - F("rank")
    sums = (
        Vote.objects.filter(ballot__round=round_)
        .values("ballot__group", "idea_id")
        .annotate(score=Coalesce(Sum(points), 0))
        .order_by()
    )
    per_group: dict[str, dict[int, int]] = defaultdict(lambda: dict.fromkeys(rows, 0))
    for figure in sums:
        per_group[figure["ballot__group"]][figure["idea_id"]] = figure["score"]
    counts = dict(round_.ballots.values_list("group").annotate(n=Count("id")).order_by())
    labels = dict(Group.choices)
    groups = [(g, str(labels[g]), counts.get(g, 0)) for g in Group.values if counts.get(g)]
    for group, _label, _n in groups:
        for pk, position in group_positions(per_group[group]).items():
            rows[pk].positions[group] = position
    for row in rows.values():
        positions = list(row.positions.values())
        # Exact, so ties are true ties; pages show it to two places.
        row.mean_position = sum(positions) / len(positions) if positions else None
    if not groups:
        for row in rows.values():
            row.mean_position = Decimal(0)
    return groups


def group_positions(scores: dict[int, int]) -> dict[int, Decimal]:
    """Re-rank one group's totals: 1 for the highest; tied ideas share the mean of their positions."""
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    positions: dict[int, Decimal] = {}
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1][1] == ordered[start][1]:
            end += 1
        shared = Decimal(start + 1 + end + 1) / 2  # positions start+1 … end+1
        for pk, _score in ordered[start : end + 1]:
            positions[pk] = shared
        start = end + 1
    return positions
