"""Representative selection with fair selection probabilities.

Follows the maximin approach of Flanigan, Gölz, Gupta, Hennig and Procaccia, "Fair algorithms
for selecting citizens' assemblies", Nature 596 (2021): find a probability distribution over
*panels* (groups of ``k`` people that meet every quota) that makes the smallest selection
probability of any person as large as possible, then draw one panel from it.

The distribution is found by column generation: a linear programme over the panels found so far
(solved with SciPy's HiGHS), and an integer programme that finds the panel the current dual
weights favour most. For small pools every feasible panel is enumerated instead.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

TOLERANCE = 1e-7
ENUMERATE_LIMIT = 20_000  # panels; above this, column generation
COLUMN_GENERATION_ROUNDS = 500


class InfeasibleQuotas(ValueError):
    """No panel of the asked size meets every quota with these people."""


@dataclass(frozen=True)
class Quota:
    feature: str
    value: str
    minimum: int
    maximum: int

    def as_dict(self) -> dict:
        return {"feature": self.feature, "value": self.value, "min": self.minimum, "max": self.maximum}


@dataclass
class Distribution:
    panels: list[frozenset]
    weights: list[float]
    probabilities: dict[Hashable, float]
    minimum_probability: float


@dataclass
class Draw:
    panel: list
    distribution: Distribution
    seed: int
    quotas_met: list[dict] = field(default_factory=list)


def _matrix(people: Sequence[Hashable], features: Mapping, quotas: Sequence[Quota]) -> np.ndarray:
    """Row q, column i: 1 when person i has the value of quota q."""
    rows = np.zeros((len(quotas), len(people)))
    for q, quota in enumerate(quotas):
        for i, person in enumerate(people):
            if features[person].get(quota.feature) == quota.value:
                rows[q, i] = 1
    return rows


def _best_panel(weights: np.ndarray, k: int, membership: np.ndarray, quotas, force: int | None = None):
    """The feasible panel with the largest total weight (or None when no panel is feasible)."""
    n = len(weights)
    constraints = [LinearConstraint(np.ones((1, n)), k, k)]
    if len(quotas):
        lower = np.array([q.minimum for q in quotas], dtype=float)
        upper = np.array([q.maximum for q in quotas], dtype=float)
        constraints.append(LinearConstraint(membership, lower, upper))
    low = np.zeros(n)
    if force is not None:
        low[force] = 1
    result = milp(
        c=-weights,
        constraints=constraints,
        integrality=np.ones(n),
        bounds=Bounds(low, np.ones(n)),
        options={"presolve": True},
    )
    if result.status != 0 or result.x is None:
        return None
    return frozenset(int(i) for i in np.flatnonzero(result.x > 0.5))


def _meets(panel: frozenset, membership: np.ndarray, quotas) -> bool:
    for q, quota in enumerate(quotas):
        count = int(sum(membership[q, i] for i in panel))
        if not quota.minimum <= count <= quota.maximum:
            return False
    return True


def _maximin_over(panels: list[frozenset], n: int, eligible: list[int]):
    """Solve max t: every eligible person is on the chosen panels with probability >= t."""
    m = len(panels)
    # Variables: x_0..x_{m-1} (panel weights), then t. linprog minimises, so minimise -t.
    cost = np.zeros(m + 1)
    cost[-1] = -1
    a_ub = np.zeros((len(eligible), m + 1))
    for row, person in enumerate(eligible):
        for col, panel in enumerate(panels):
            if person in panel:
                a_ub[row, col] = -1
        a_ub[row, -1] = 1
    a_eq = np.ones((1, m + 1))
    a_eq[0, -1] = 0
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.zeros(len(eligible)),
        A_eq=a_eq,
        b_eq=[1],
        bounds=[(0, None)] * m + [(0, 1)],
        method="highs",
    )
    if result.status != 0:
        raise InfeasibleQuotas("The fairness programme could not be solved.")
    duals = np.zeros(n)
    for row, person in enumerate(eligible):
        duals[person] = max(0.0, -result.ineqlin.marginals[row])
    return result.x[:m], result.x[-1], duals


def fair_distribution(features: Mapping[Hashable, Mapping[str, str]], k: int, quotas: Sequence[Quota]):
    """The maximin-fair distribution over quota-meeting panels of ``k`` people from ``features``' keys."""
    people = sorted(features, key=str)
    n = len(people)
    if k <= 0 or k > n:
        raise InfeasibleQuotas(f"Cannot choose {k} people from {n}.")
    membership = _matrix(people, features, quotas)
    if math.comb(n, k) <= ENUMERATE_LIMIT:
        panels = [frozenset(c) for c in itertools.combinations(range(n), k)]
        panels = [p for p in panels if _meets(p, membership, quotas)]
        if not panels:
            raise InfeasibleQuotas("No panel meets every quota.")
        eligible = sorted({i for p in panels for i in p})
        weights, _t, _duals = _maximin_over(panels, n, eligible)
    else:
        panels, weights = _column_generation(n, k, membership, quotas)
    return _distribution(people, panels, weights)


def _column_generation(n: int, k: int, membership, quotas):
    # Start with panels that cover everyone who can be on any panel (Flanigan et al., step 1):
    # favour people not yet covered, then test each remaining person on their own.
    panels: list[frozenset] = []
    covered: set[int] = set()
    while True:
        weights = np.array([0.0 if i in covered else 1.0 for i in range(n)])
        panel = _best_panel(weights, k, membership, quotas)
        if panel is None or not panel - covered:
            break
        panels.append(panel)
        covered |= panel
    for person in range(n):
        if person not in covered:
            panel = _best_panel(np.zeros(n), k, membership, quotas, force=person)
            if panel is not None:
                panels.append(panel)
                covered |= panel
    eligible = sorted(covered)
    if not panels:
        raise InfeasibleQuotas("No panel meets every quota.")
    for _round in range(COLUMN_GENERATION_ROUNDS):
        weights, t, duals = _maximin_over(panels, n, eligible)
        candidate = _best_panel(duals, k, membership, quotas)
        if candidate is None or candidate in panels:
            return panels, weights
        if sum(duals[i] for i in candidate) <= t + TOLERANCE:
            return panels, weights
        panels.append(candidate)
    # The limit was reached after adding a panel the weights do not cover yet: weigh them all again.
    weights, _t, _duals = _maximin_over(panels, n, eligible)
    return panels, weights


def _distribution(people, panels, weights) -> Distribution:
    cleaned = [(p, max(0.0, float(w))) for p, w in zip(panels, weights, strict=True) if w > TOLERANCE]
    total = sum(w for _p, w in cleaned)
    cleaned = [(p, w / total) for p, w in cleaned]
    probabilities = dict.fromkeys(people, 0.0)
    for panel, weight in cleaned:
        for index in panel:
            probabilities[people[index]] += weight
    eligible = [v for v in probabilities.values() if v > TOLERANCE]
    return Distribution(
        panels=[frozenset(people[i] for i in p) for p, _w in cleaned],
        weights=[w for _p, w in cleaned],
        probabilities={person: round(value, 6) for person, value in probabilities.items()},
        minimum_probability=round(min(eligible), 6) if eligible else 0.0,
    )


def quotas_report(panel, features, quotas: Sequence[Quota]) -> list[dict]:
    report = []
    for quota in quotas:
        count = sum(1 for person in panel if features[person].get(quota.feature) == quota.value)
        report.append({**quota.as_dict(), "count": count, "met": quota.minimum <= count <= quota.maximum})
    return report


def draw(features: Mapping[Hashable, Mapping[str, str]], k: int, quotas: Sequence[Quota], seed: int) -> Draw:
    """Draw one panel from the fair distribution. The same inputs and seed give the same panel."""
    distribution = fair_distribution(features, k, quotas)
    rng = np.random.default_rng(seed)
    # Panels in a fixed order so that the draw depends on the seed and the inputs only.
    order = sorted(range(len(distribution.panels)), key=lambda i: sorted(map(str, distribution.panels[i])))
    chances = np.array([distribution.weights[i] for i in order])
    chosen = distribution.panels[order[int(rng.choice(len(order), p=chances / chances.sum()))]]
    panel = sorted(chosen, key=str)
    return Draw(
        panel=panel, distribution=distribution, seed=seed, quotas_met=quotas_report(panel, features, quotas)
    )


def proportional_quotas(feature: str, shares: Mapping[str, float], k: int) -> list[Quota]:
    """Quotas from population shares: each value gets between floor and ceil of its share of ``k``."""
    total = sum(shares.values()) or 1
    quotas = []
    for value, share in shares.items():
        exact = k * share / total
        quotas.append(Quota(feature, value, math.floor(exact), math.ceil(exact)))
    return quotas
