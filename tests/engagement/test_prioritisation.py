"""Prioritisation rounds: each method's rules and results, one ballot per person, closed rounds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from alongside.engagement import prioritisation
from alongside.engagement.models import Ballot, Channel, Group, Round
from tests.builders import create_staff
from tests.engagement.ideas_helpers import create_idea, create_round, create_topic, participant, rank


@pytest.fixture(autouse=True)
def _in_english():
    """Error wording is asserted in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db
M = Round.Method


def _ideas(*titles):
    topic = create_topic()
    return topic.process, [create_idea(topic, title=t) for t in titles]


def test_group_balanced_ranking_matches_the_worked_example():
    """Four ideas A–D; each person ranks three (k = 3), so 1st scores 3, 2nd 2, 3rd 1, unranked 0.

    Public (3 people):  A,B,C  A,C,D  B,A,D  → A 3+3+2=8, B 2+0+3=5, C 1+2+0=3, D 0+1+1=2
                        positions A 1, B 2, C 3, D 4
    Researchers (1):    D,B,C               → D 3, B 2, C 1, A 0 → D 1, B 2, C 3, A 4
    Staff (2):          C,D,A  D,C,A        → C 3+2=5, D 2+3=5, A 1+1=2, B 0
                        C and D tie for 1st and 2nd, so both take (1+2)/2 = 1.5; A 3, B 4
    Mean position (each group counts once):
        A (1 + 4 + 3)   / 3 = 8/3   = 2.67
        B (2 + 2 + 4)   / 3 = 8/3   = 2.67
        C (3 + 3 + 1.5) / 3 = 7.5/3 = 2.50
        D (4 + 1 + 1.5) / 3 = 6.5/3 = 2.17
    Order: D 1st, C 2nd, A and B share 3rd (A first: its total over everyone, 8+0+2 = 10, beats
    B's 5+2+0 = 7). A plain sum over everyone would have put A (10) level with D (2+3+5 = 10) at
    the top: the three public votes would have outweighed the other groups.
    """
    process, (a, b, c, d) = _ideas("A", "B", "C", "D")
    round_ = create_round(process, [a, b, c, d], method=M.JLA, choose=3)
    for order in ([a, b, c], [a, c, d], [b, a, d]):
        rank(round_, participant(), order, group=Group.PUBLIC)
    rank(round_, participant(), [d, b, c], group=Group.RESEARCHER)
    for order in ([c, d, a], [d, c, a]):
        rank(round_, participant(), order, group=Group.STAFF)

    result = prioritisation.results(round_)
    rows = {row.idea.title: row for row in result.rows}
    assert [row.idea.title for row in result.rows] == ["D", "C", "A", "B"]
    assert [row.place for row in result.rows] == [1, 2, 3, 3]
    assert rows["A"].positions == {"public": 1, "researcher": 4, "staff": 3}
    assert rows["C"].positions == {"public": 3, "researcher": 3, "staff": Decimal("1.5")}
    assert rows["D"].positions == {"public": 4, "researcher": 1, "staff": Decimal("1.5")}
    assert round(rows["A"].mean_position, 2) == Decimal("2.67")
    assert rows["A"].mean_position == rows["B"].mean_position
    assert rows["C"].mean_position == Decimal("2.5")
    assert round(rows["D"].mean_position, 2) == Decimal("2.17")
    assert (rows["A"].score, rows["B"].score, rows["C"].score, rows["D"].score) == (10, 7, 9, 10)
    assert [(g, n) for g, _label, n in result.groups] == [("public", 3), ("researcher", 1), ("staff", 2)]


def test_group_positions_share_the_mean_of_tied_places():
    assert prioritisation.group_positions({1: 5, 2: 5, 3: 5, 4: 1}) == {1: 2, 2: 2, 3: 2, 4: 4}


def test_a_group_balanced_ballot_needs_a_group():
    process, ideas = _ideas("A", "B")
    round_ = create_round(process, ideas, method=M.JLA)
    with pytest.raises(ValidationError) as error:
        rank(round_, participant(), ideas, group=Group.NOT_KNOWN)
    assert "group" in error.value.message_dict


def test_top_n_gives_the_share_of_voters_choosing_each_idea():
    process, (a, b, c) = _ideas("A", "B", "C")
    round_ = create_round(process, [a, b, c], method=M.TOP_N, choose=2)
    for chosen in ([a, b], [a, c], [a], [b, c]):
        prioritisation.cast_ballot(round_, participant(), choices=[i.pk for i in chosen])
    result = prioritisation.results(round_)
    assert [(r.idea.title, r.votes, r.share, r.place) for r in result.rows] == [
        ("A", 3, Decimal("75.0"), 1),
        ("B", 2, Decimal("50.0"), 2),
        ("C", 2, Decimal("50.0"), 2),
    ]
    assert result.ballots == 4


@pytest.mark.parametrize(
    ("chosen", "message"),
    [([], "at least one"), ("ABC", "no more than 2"), ("AA", "only once")],
)
def test_top_n_refuses_too_many_none_or_repeats(chosen, message):
    process, ideas = _ideas("A", "B", "C")
    by_title = {i.title: i.pk for i in ideas}
    round_ = create_round(process, ideas, method=M.TOP_N, choose=2)
    with pytest.raises(ValidationError, match=message):
        prioritisation.cast_ballot(round_, participant(), choices=[by_title[t] for t in chosen])
    assert not Ballot.objects.exists()


def test_ranking_scores_by_borda_and_leaves_unranked_ideas_at_nothing():
    process, (a, b, c) = _ideas("A", "B", "C")
    round_ = create_round(process, [a, b, c], method=M.RANKING, choose=2)
    rank(round_, participant(), [a, b])  # A 2, B 1
    rank(round_, participant(), [b, c])  # B 2, C 1
    rank(round_, participant(), [a, c])  # A 2, C 1
    result = prioritisation.results(round_)
    assert [(r.idea.title, r.score, r.place) for r in result.rows] == [("A", 4, 1), ("B", 3, 2), ("C", 2, 3)]


@pytest.mark.parametrize(
    ("places", "message"),
    [
        ({"A": 1, "B": 1, "C": 2}, "used twice"),
        ({"A": 1, "C": 3}, "place 2 is missing"),
        ({"A": 1, "B": 2, "C": 4}, "1 to 3"),
        ({"A": 0, "B": 1, "C": 2}, "1 to 3"),
    ],
)
def test_a_ranking_with_repeats_or_gaps_is_refused(places, message):
    process, ideas = _ideas("A", "B", "C")
    by_title = {i.title: i.pk for i in ideas}
    round_ = create_round(process, ideas, method=M.RANKING)
    with pytest.raises(ValidationError, match=message) as error:
        prioritisation.cast_ballot(round_, participant(), places={by_title[t]: p for t, p in places.items()})
    assert "places" in error.value.message_dict
    assert not Ballot.objects.exists()


def test_dot_voting_allows_several_dots_on_one_idea_within_the_limits():
    process, (a, b, c) = _ideas("A", "B", "C")
    round_ = create_round(process, [a, b, c], method=M.DOTS, dots=5, most_dots_per_idea=3)
    prioritisation.cast_ballot(round_, participant(), dots={a.pk: 3, b.pk: 2})
    prioritisation.cast_ballot(round_, participant(), dots={c.pk: 3, b.pk: 1, a.pk: 0})
    result = prioritisation.results(round_)
    assert [(r.idea.title, r.score, r.votes) for r in result.rows] == [("A", 3, 1), ("B", 3, 2), ("C", 3, 1)]
    assert [r.place for r in result.rows] == [1, 1, 1]


@pytest.mark.parametrize(
    ("dots", "message"),
    [({"A": 3, "B": 3}, "you have 5"), ({"A": 4}, "no more than 3"), ({}, "at least one")],
)
def test_more_dots_than_allowed_are_refused(dots, message):
    process, ideas = _ideas("A", "B", "C")
    by_title = {i.title: i.pk for i in ideas}
    round_ = create_round(process, ideas, method=M.DOTS, dots=5, most_dots_per_idea=3)
    with pytest.raises(ValidationError, match=message):
        prioritisation.cast_ballot(round_, participant(), dots={by_title[t]: n for t, n in dots.items()})


def test_a_second_ballot_and_a_ballot_after_closing_are_refused():
    process, ideas = _ideas("A", "B")
    round_ = create_round(process, ideas, method=M.RANKING)
    sam = participant()
    rank(round_, sam, ideas)
    with pytest.raises(ValidationError, match="already voted"):
        rank(round_, sam, list(reversed(ideas)))
    prioritisation.close_round(round_)
    with pytest.raises(ValidationError, match="closed"):
        rank(round_, participant(), ideas)
    assert Ballot.objects.count() == 1
    assert list(Ballot.objects.get().votes.order_by("rank").values_list("idea__title", flat=True)) == [
        "A",
        "B",
    ]


def test_a_round_being_set_up_takes_no_ballots():
    process, ideas = _ideas("A", "B")
    round_ = create_round(process, ideas, method=M.RANKING, open_it=False)
    with pytest.raises(ValidationError, match="closed"):
        rank(round_, participant(), ideas)


def test_the_database_allows_one_ballot_per_person_per_round():
    process, ideas = _ideas("A", "B")
    round_ = create_round(process, ideas, method=M.RANKING)
    sam = participant()
    rank(round_, sam, ideas)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=round_, voter=sam)


def test_staff_key_in_a_paper_ballot_recording_the_channel_and_who_keyed_it():
    process, ideas = _ideas("A", "B")
    round_ = create_round(process, ideas, method=M.RANKING)
    staff = create_staff(process.organisation)
    ballot = rank(round_, participant(), ideas, channel=Channel.PAPER, keyed_by=staff)
    assert (ballot.channel, ballot.keyed_by) == (Channel.PAPER, staff)
    assert prioritisation.results(round_).by_channel == {"paper": 1}


def test_a_round_needs_its_methods_settings_and_two_ideas():
    process, ideas = _ideas("A", "B")
    with pytest.raises(ValidationError) as error:
        create_round(process, ideas, method=M.TOP_N)
    assert "choose" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create_round(process, ideas, method=M.DOTS, dots=2, most_dots_per_idea=3)
    assert "most_dots_per_idea" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create_round(process, ideas[:1], method=M.RANKING)
    assert "ideas" in error.value.message_dict


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel ballots need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_ballots_by_one_person_record_exactly_one():
    import threading

    from django.db import connections

    process, ideas = _ideas("A", "B", "C")
    round_ = create_round(process, ideas, method=M.RANKING)
    sam = participant()
    barrier = threading.Barrier(50)
    outcomes: list[str] = []

    def vote(n: int):
        try:
            barrier.wait()
            order = ideas[n % 3 :] + ideas[: n % 3]
            rank(round_, sam, order)
            outcomes.append("recorded")
        except ValidationError:
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001 - reported below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded"] + ["refused"] * 49
    assert Ballot.objects.filter(round=round_, voter=sam).count() == 1
    assert Ballot.objects.get().votes.count() == 3
