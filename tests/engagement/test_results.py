"""Results: exact against a hand count, the same whichever way answers came in, and small numbers
that cannot be backed out of published totals."""

from __future__ import annotations

import random

import pytest

from alongside.engagement import results, suppression
from alongside.engagement.models import Channel, Group
from tests.engagement.helpers import AREAS, K, areas_survey, create_survey, option_ids, record

pytestmark = pytest.mark.django_db


def _by_label(result):
    return {row.label: row for row in result.rows}


def test_top_three_percentages_match_a_hand_count():
    survey = areas_survey(anonymous=True)
    question = survey.questions.get(position=1)
    rng = random.Random(7)
    picks = [rng.sample(AREAS, rng.choice([1, 2, 3])) for _n in range(37)]
    for chosen in picks:
        record(survey, {1: option_ids(question, *chosen)})
    result = results.survey_results(survey)[0]
    assert result.answered.count == 37
    for area in AREAS:
        by_hand = sum(area in chosen for chosen in picks)
        figure = _by_label(result)[area].figures[results.ALL]
        assert figure.count == by_hand
        assert figure.percent == round(__import__("decimal").Decimal(by_hand * 100) / 37, 1)


def test_ranking_top_n_and_borda_scores_match_a_hand_count():
    survey = areas_survey(anonymous=True)
    question = survey.questions.get(position=2)  # Online, Phone, Post; top 3 of 3 -> use max_choices
    ballots = [["Phone", "Online"], ["Online"], ["Post", "Phone", "Online"], ["Phone"], ["Phone", "Post"]]
    for ballot in ballots:
        ids = option_ids(question, *ballot)
        record(
            survey,
            {
                1: option_ids(survey.questions.get(position=1), "Payment"),
                2: {i: str(n) for n, i in enumerate(ids, 1)},
            },
        )
    result = results.survey_results(survey)[1]
    rows = _by_label(result)
    # Borda with k = 3: first 3 points, second 2, third 1.
    assert rows["Phone"].score == 3 + 2 + 3 + 3
    assert rows["Online"].score == 2 + 3 + 1
    assert rows["Post"].score == 3 + 2
    assert [row.label for row in result.rows] == ["Phone", "Online", "Post"]
    assert result.top_n == 3
    assert rows["Online"].top[results.ALL].count == 3
    assert rows["Post"].top[results.ALL].count == 2


def test_paper_phone_imported_and_online_answers_count_the_same():
    survey = areas_survey(anonymous=True)
    question = survey.questions.get(position=1)
    for channel in (Channel.PAPER, Channel.PHONE, Channel.IMPORT):
        record(survey, {1: option_ids(question, "Payment", "Reach")}, channel=channel)
    from alongside.engagement import answering, queries

    questions = queries.questions(survey)
    response = answering.start(survey)
    answering.save_answer(
        response, question, answering.clean_answer(question, option_ids(question, "Payment", "Reach"))
    )
    answering.submit(response, questions)
    result = results.survey_results(survey)[0]
    rows = _by_label(result)
    assert rows["Payment"].figures[results.ALL].count == 4
    for channel in Channel.values:
        assert rows["Payment"].figures[f"channel:{channel}"].count == 1
        assert result.bases[f"channel:{channel}"].count == 1


def test_published_results_hide_small_groups_and_every_total_that_would_reveal_them():
    survey = create_survey(
        anonymous=True, questions=[{"kind": K.SINGLE, "text": "Which?", "options": ["A", "B", "C"]}]
    )
    question = survey.questions.get()
    plan = {  # (group, option) -> people
        (Group.PUBLIC, "A"): 30,
        (Group.PUBLIC, "B"): 12,
        (Group.PUBLIC, "C"): 3,
        (Group.RESEARCHER, "A"): 11,
        (Group.RESEARCHER, "B"): 10,
        (Group.RESEARCHER, "C"): 14,
        (Group.STAFF, "A"): 4,
        (Group.STAFF, "B"): 2,
    }
    for (group, label), people in plan.items():
        for _n in range(people):
            record(survey, {1: option_ids(question, label)}, group=group)
    exact = results.survey_results(survey)[0]
    shown = results.survey_results(survey, published=True)[0]
    assert _by_label(exact)["C"].figures["group:public"].count == 3
    assert _by_label(shown)["C"].figures["group:public"].hidden
    assert shown.bases["group:staff"].hidden  # six people: the whole column goes
    _cannot_be_backed_out(exact, shown)


def _cannot_be_backed_out(exact, shown):
    """The attack: solve every published sum with one unknown, again and again, as a person with
    the published table would; then check every hidden cell still has more than one possible value."""
    cells, hidden, sums = _as_table(exact, shown)
    known = {cell: value for cell, value in cells.items() if cell not in hidden}
    progress = True
    while progress:
        progress = False
        for parts, total in sums:
            unknown = [c for c in (*parts, total) if c not in known]
            if len(unknown) == 1:
                cell = unknown[0]
                known[cell] = (
                    (known[total] - sum(known[p] for p in parts if p != cell))
                    if cell != total
                    else sum(known[p] for p in parts)
                )
                progress = True
    revealed = [cell for cell in hidden if cell in known]
    assert not revealed, f"backed out: {revealed}"
    _more_than_one_solution(cells, hidden, sums)


def _as_table(exact, shown):
    keys = [results.ALL] + [k for d in results.DIMENSIONS for k, _l in results.columns(d)]
    cells, hidden = {}, set()
    for key in keys:
        cells[("base", key)] = exact.bases[key].count
        if shown.bases[key].hidden:
            hidden.add(("base", key))
        for row, shown_row in zip(exact.rows, shown.rows, strict=True):
            cells[(row.label, key)] = row.figures[key].count
            if shown_row.figures[key].hidden:
                hidden.add((row.label, key))
    sums = []
    for dimension in results.DIMENSIONS:
        parts = [k for k, _l in results.columns(dimension)]
        sums.append(([("base", p) for p in parts], ("base", results.ALL)))
        for row in exact.rows:
            sums.append(([(row.label, p) for p in parts], (row.label, results.ALL)))
    for key in keys:
        sums.append(([(row.label, key) for row in exact.rows], ("base", key)))
    return cells, hidden, sums


def _more_than_one_solution(cells, hidden, sums):
    """The stronger attack: the published sums as linear equations in the hidden cells. A hidden
    cell is given away exactly when its unit vector lies in the span of the equations' rows."""
    import numpy

    hidden = sorted(hidden, key=str)
    index = {cell: i for i, cell in enumerate(hidden)}
    rows = []
    for parts, total in sums:
        row = numpy.zeros(len(hidden))
        for cell in parts:
            if cell in index:
                row[index[cell]] += 1
        if total in index:
            row[index[total]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return
    matrix = numpy.array(rows)
    rank = numpy.linalg.matrix_rank(matrix)
    for cell, i in index.items():
        unit = numpy.zeros(len(hidden))
        unit[i] = 1
        assert numpy.linalg.matrix_rank(numpy.vstack([matrix, unit])) > rank, (
            f"{cell} is determined by the totals"
        )


@pytest.mark.parametrize("seed", range(25))
def test_suppression_survives_the_attack_on_random_tables(seed):
    """Random cross-tabs (groups by options, choose-one, so columns add up too)."""
    rng = random.Random(seed)
    rows, cols = rng.randint(2, 4), rng.randint(2, 4)
    counts = {(r, c): rng.choice([0, 1, 3, 8, 9, 10, 15, 40]) for r in range(rows) for c in range(cols)}
    cells = dict(counts)
    sums = []
    for r in range(rows):
        cells[(r, "all")] = sum(counts[(r, c)] for c in range(cols))
        sums.append(suppression.Sum(tuple((r, c) for c in range(cols)), (r, "all")))
    for c in [*range(cols), "all"]:
        cells[("base", c)] = sum(cells[(r, c)] for r in range(rows))
        sums.append(suppression.Sum(tuple((r, c) for r in range(rows)), ("base", c)))
    sums.append(suppression.Sum(tuple(("base", c) for c in range(cols)), ("base", "all")))
    members = {("base", c): tuple((r, c) for r in range(rows)) for c in [*range(cols), "all"]}
    hidden = suppression.suppress(cells, sums, members)
    assert all(cell in hidden for cell, n in cells.items() if 0 < n < 10)
    known = {cell: n for cell, n in cells.items() if cell not in hidden}
    progress = True
    while progress:
        progress = False
        for relation in sums:
            unknown = [c for c in (*relation.parts, relation.total) if c not in known]
            if len(unknown) == 1:
                cell = unknown[0]
                if cell == relation.total:
                    known[cell] = sum(known[p] for p in relation.parts)
                else:
                    known[cell] = known[relation.total] - sum(known[p] for p in relation.parts if p != cell)
                progress = True
    assert not [cell for cell in hidden if cell in known]
    _more_than_one_solution(cells, hidden, [(r.parts, r.total) for r in sums])
