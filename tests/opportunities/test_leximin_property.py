"""The draw's probabilities are the leximin ones: checked against a brute force over every panel.

The brute force lists every panel of small random pools, then solves leximin by the textbook
iterated programme over all of them: raise the smallest probability as far as it goes, fix the
people who cannot go higher without lowering it (each checked by its own programme, no dual
weights), and repeat. ``sortition`` instead finds panel shapes by column generation and fixes people
by their dual weights, so the two share no solver code beyond HiGHS itself.
"""

from __future__ import annotations

import itertools
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from alongside.opportunities import sortition

Quota = sortition.Quota
AGREE_WITHIN = 1e-5  # the draw shows probabilities rounded to 6 places; the solvers work to about 1e-9


def _panels(pool, k, quotas) -> tuple[list, np.ndarray]:
    """Every panel that meets the quotas, as a people × panels 0/1 matrix."""
    people = sorted(pool, key=str)
    panels = [
        panel
        for panel in itertools.combinations(people, k)
        if all(q["met"] for q in sortition.quotas_report(panel, pool, quotas))
    ]
    matrix = np.array([[1.0 if person in panel else 0.0 for panel in panels] for person in people])
    return people, matrix


def _lowest_raised(matrix, fixed) -> float:
    """The largest z that every free person reaches while every fixed person keeps their value."""
    n, m = matrix.shape
    cost = np.zeros(m + 1)
    cost[-1] = -1  # variables: a weight per panel, then z
    free = np.array([[0.0 if i in fixed else 1.0] for i in range(n)])
    result = linprog(
        cost,
        A_ub=np.hstack([-matrix, free]),
        b_ub=np.array([-fixed.get(i, 0.0) for i in range(n)]),
        A_eq=np.hstack([np.ones((1, m)), np.zeros((1, 1))]),
        b_eq=[1],
        bounds=[(0, None)] * (m + 1),
    )
    assert result.status == 0
    return -result.fun


def _highest_chance(matrix, person, floors) -> float:
    """The largest chance ``person`` can have while everyone keeps at least their floor."""
    m = matrix.shape[1]
    result = linprog(
        -matrix[person],
        A_ub=-matrix,
        b_ub=-(floors - 1e-9),
        A_eq=np.ones((1, m)),
        b_eq=[1],
        bounds=[(0, None)] * m,
    )
    assert result.status == 0
    return -result.fun


def brute_force_leximin(pool, k, quotas) -> dict | None:
    people, matrix = _panels(pool, k, quotas)
    if matrix.shape[1] == 0:
        return None
    fixed: dict[int, float] = {}
    while len(fixed) < len(people):
        level = _lowest_raised(matrix, fixed)
        floors = np.array([fixed.get(i, level) for i in range(len(people))])
        free = [i for i in range(len(people)) if i not in fixed]
        stuck = [i for i in free if _highest_chance(matrix, i, floors) <= level + 1e-7]
        assert stuck, "some free person is always at the stage's minimum"
        fixed.update(dict.fromkeys(stuck, level))
    return {person: fixed[i] for i, person in enumerate(people)}


FEATURES = {"region": ["London", "Wales", "Leeds"], "age": ["young", "old"], "group": ["A", "B"]}


@st.composite
def pools(draw):
    n = draw(st.integers(5, 9))
    names = draw(st.lists(st.sampled_from(list(FEATURES)), min_size=1, max_size=3, unique=True))
    pool = {f"p{i}": {name: draw(st.sampled_from(FEATURES[name])) for name in names} for i in range(n)}
    k = draw(st.integers(1, n - 1))
    quotas = []
    for name in names:
        for value in FEATURES[name]:
            if draw(st.booleans()):
                low = draw(st.integers(0, k))
                quotas.append(Quota(name, value, low, draw(st.integers(low, k))))
    return pool, k, quotas


# Found by this test: the panel search once ignored the dual weights of groups already fixed, so
# the second stage could not find the panel that raises Wales-young from 2/7 to 1/2.
SECOND_STAGE_NEEDS_A_NEW_PANEL = (
    {
        **{f"london-young{i}": {"region": "London", "age": "young"} for i in range(5)},
        **{f"london-old{i}": {"region": "London", "age": "old"} for i in range(2)},
        "wales-young": {"region": "Wales", "age": "young"},
        "wales-old": {"region": "Wales", "age": "old"},
    },
    2,
    [Quota("region", "Wales", 1, 1), Quota("age", "old", 0, 1)],
)


@pytest.mark.parametrize("enumerate_limit", [sortition.ENUMERATE_LIMIT, 0], ids=["listed", "generated"])
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=pools())
@example(case=SECOND_STAGE_NEEDS_A_NEW_PANEL)
def test_the_draw_gives_the_leximin_probabilities_of_every_panel(enumerate_limit, case):
    pool, k, quotas = case
    expected = brute_force_leximin(pool, k, quotas)
    with mock.patch.object(sortition, "ENUMERATE_LIMIT", enumerate_limit):
        if expected is None:
            with pytest.raises(sortition.InfeasibleQuotas):
                sortition.fair_distribution(pool, k, quotas)
            return
        result = sortition.fair_distribution(pool, k, quotas)
    assert result.exact
    assert result.probabilities == pytest.approx(expected, abs=AGREE_WITHIN)
    assert sum(result.weights) == pytest.approx(1)
    for panel in result.panels:
        assert all(q["met"] for q in sortition.quotas_report(panel, pool, quotas))
