"""Representative selection: a lottery over panels that meet every quota, fair by the leximin rule.

Method: Flanigan, Gölz, Gupta, Hennig and Procaccia, "Fair algorithms for selecting citizens'
assemblies", Nature 596, 548–552 (2021), doi:10.1038/s41586-021-03788-6, Methods, "Leximin", read
with the authors' public replication code (github.com/pgoelz/citizensassemblies-replication).
This is our own implementation, on the HiGHS solver through ``highspy``.

*Leximin*: among all lotteries over panels of ``k`` people that meet every quota, make the
smallest selection probability as large as possible; keeping that, make the next smallest as
large as possible; and so on. Each stage is a linear programme — maximise ``z`` so that everyone
not yet fixed has probability at least ``z`` and everyone fixed keeps their value — solved by
column generation: the programme over the panels found so far, then an integer programme that
finds the panel the dual weights favour most, until no panel would raise ``z``. A person whose
dual weight is positive has probability ``z`` in every optimal lottery, so it is fixed there
(complementary slackness); the weights of those not yet fixed add up to one, so every stage
fixes someone. The panel search weighs fixed people too: a panel that keeps them at their value is
worth more.

One change of representation keeps the answer and makes the work depend on the number of groups
rather than applicants: people who count towards exactly the same quotas are interchangeable, and
the fairest lottery is unique, so it gives them the same chance. The programmes therefore work
with panel *shapes* (how many people from each such group); the draw picks a shape by its weight,
then that many people from each group uniformly at random. ``tests/opportunities/
test_leximin_property.py`` checks the probabilities against a brute-force leximin over every
individual panel of small random pools. Method, tolerances, limits and timings for staff and
developers: docs/opportunities.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import highspy
import numpy as np
from django.utils.translation import gettext as _

TOLERANCE = 1e-7  # probabilities and weights below this count as zero
DUAL_TOLERANCE = 1e-7  # a group whose dual weight is above this is fixed at the stage's level
PRICE_TOLERANCE = 1e-9  # a new panel shape must beat the current bound by more than this
ENUMERATE_LIMIT = 20_000  # panel shapes; up to this many are all listed, above it column generation
EXTRA_SHAPES = 4  # more shapes tried after each new one (see _Search._more_like)
COLUMN_GENERATION_ROUNDS = 2_000  # integer programmes per draw; past this the lottery is marked not proven
RELAXATIONS = (0.0, 1e-9, 1e-8, 1e-7, 1e-6)  # how far fixed values may give way to rounding in the solver

Progress = Callable[[int, int], None]  # (groups fixed so far, groups in all)
INF = highspy.kHighsInf


class InfeasibleQuotas(ValueError):
    """No panel of the asked size meets every quota with these people."""


class DrawFailed(RuntimeError):
    """The solver could not work out the lottery (a fault, not a problem with the quotas)."""


@dataclass(frozen=True)
class Quota:
    feature: str
    value: str
    minimum: int
    maximum: int

    def as_dict(self) -> dict:
        return {"feature": self.feature, "value": self.value, "min": self.minimum, "max": self.maximum}

    @classmethod
    def from_dict(cls, data: Mapping) -> Quota:
        return cls(data["feature"], data["value"], int(data["min"]), int(data["max"]))


@dataclass
class Distribution:
    """The fair lottery. ``shapes[j]`` takes ``shapes[j][g]`` people from ``groups[g]``, with chance
    ``weights[j]``. ``panels[j]`` is one panel of that shape (the first people of each group): every
    panel the draw can give has one of these shapes, and so the same quota counts as one of these."""

    groups: list[list]
    shapes: list[tuple[int, ...]]
    weights: list[float]
    probabilities: dict[Hashable, float]
    minimum_probability: float
    exact: bool = True  # False when the round limit stopped the search before the fairest was proven

    @property
    def panels(self) -> list[frozenset]:
        return [
            frozenset(
                person
                for members, count in zip(self.groups, shape, strict=True)
                for person in members[:count]
            )
            for shape in self.shapes
        ]


@dataclass
class Draw:
    panel: list
    distribution: Distribution
    seed: int
    quotas_met: list[dict] = field(default_factory=list)


# --- Groups of interchangeable people and the shapes of panels ------------------------------------


def _highs() -> highspy.Highs:
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    # Between solves only a column or the costs change, so the last basis stays feasible and the
    # primal simplex carries on from it; HiGHS's default choice was three times slower here.
    model.setOptionValue("simplex_strategy", 4)
    return model


def _is_whole(x: np.ndarray) -> bool:
    return bool(np.allclose(x, np.round(x), atol=1e-7))


def _maximise(model: highspy.Highs, weights: np.ndarray) -> np.ndarray | None:
    g = len(weights)
    model.changeColsCost(g, np.arange(g, dtype=np.int32), np.asarray(weights, dtype=float))
    model.run()
    status = model.getModelStatus()
    if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return None
    if status != highspy.HighsModelStatus.kOptimal:
        raise DrawFailed(f"The panel search stopped: {model.modelStatusToString(status)}")
    return np.array(model.getSolution().col_value)


@dataclass
class _Space:
    """Panel shapes of ``k`` people: a count per group, within the group's size and every quota."""

    members: list[list]
    membership: np.ndarray  # quota × group: 1 when the group's people count towards the quota
    quotas: Sequence[Quota]
    k: int

    @property
    def sizes(self) -> np.ndarray:
        return np.array([len(m) for m in self.members], dtype=float)

    @property
    def upper(self) -> np.ndarray:
        return np.minimum(self.sizes, self.k)

    def meets(self, shape: Sequence[int]) -> bool:
        counts = self.membership @ np.asarray(shape, dtype=float)
        return all(q.minimum <= c <= q.maximum for q, c in zip(self.quotas, counts, strict=True))

    def best(self, weights: np.ndarray) -> tuple[int, ...] | None:
        """The shape with the largest total weight, or None when no shape meets the quotas."""
        # Without whole numbers the programme is often already whole at its best (always with
        # quotas on one or two features), and twenty times quicker.
        x = _maximise(self._relaxed_model, weights)
        if x is not None and not _is_whole(x):
            x = _maximise(self._integer_model, weights)
        return None if x is None else tuple(int(round(v)) for v in x)

    def quick(self, weights: np.ndarray) -> tuple[int, ...] | None:
        """A shape with the largest total weight if the quick programme gives a whole one, else None."""
        x = _maximise(self._relaxed_model, weights)
        return None if x is None or not _is_whole(x) else tuple(int(round(v)) for v in x)

    @cached_property
    def _relaxed_model(self) -> highspy.Highs:
        return self._model(whole=False)

    @cached_property
    def _integer_model(self) -> highspy.Highs:
        return self._model(whole=True)

    def _model(self, *, whole: bool) -> highspy.Highs:
        """Kept between calls: only the weights change, and HiGHS starts from its last answer."""
        g = len(self.members)
        model = _highs()
        model.addVars(g, np.zeros(g), self.upper)
        columns = np.arange(g, dtype=np.int32)
        if whole:
            model.changeColsIntegrality(g, columns, np.full(g, highspy.HighsVarType.kInteger))
            # The default 1e-4 gap could hide a shape that would still raise the minimum; presolve
            # costs more than it saves on programmes this small.
            model.setOptionValue("mip_rel_gap", 0.0)
            model.setOptionValue("presolve", "off")
        model.addRow(self.k, self.k, g, columns, np.ones(g))
        for row, quota in zip(self.membership, self.quotas, strict=True):
            counted = np.flatnonzero(row).astype(np.int32)
            model.addRow(quota.minimum, quota.maximum, len(counted), counted, np.ones(len(counted)))
        model.changeObjectiveSense(highspy.ObjSense.kMaximize)
        return model

    def count_up_to(self, limit: int) -> int:
        """How many shapes of ``k`` people fit the group sizes (quotas aside), counted up to ``limit + 1``."""
        ways = np.zeros(self.k + 1)
        ways[0] = 1  # ways[s]: shapes of the groups so far with s people
        for top in self.upper.astype(int):
            ways = np.minimum(limit + 1, np.convolve(ways, np.ones(top + 1))[: self.k + 1])
        return int(ways[self.k])

    def every(self) -> list[tuple[int, ...]]:
        """Every shape that meets the quotas (use only after ``count_up_to`` says they are few)."""
        upper = [int(u) for u in self.upper]
        room = np.cumsum(upper[::-1])[::-1].tolist() + [0]  # room[g]: most people groups g.. can give
        shapes: list[tuple[int, ...]] = []

        def extend(prefix: list[int], left: int) -> None:
            g = len(prefix)
            if g == len(upper):
                if left == 0 and self.meets(prefix):
                    shapes.append(tuple(prefix))
                return
            for count in range(max(0, left - room[g + 1]), min(upper[g], left) + 1):
                extend([*prefix, count], left - count)

        extend([], self.k)
        return shapes


def _space(people: Sequence[Hashable], features: Mapping, quotas: Sequence[Quota], k: int) -> _Space:
    patterns: dict[tuple[bool, ...], list] = {}
    for person in people:
        values = features[person]
        pattern = tuple(values.get(q.feature) == q.value for q in quotas)
        patterns.setdefault(pattern, []).append(person)
    ordered = sorted(patterns)
    membership = np.array([[float(p[q]) for p in ordered] for q in range(len(quotas))]).reshape(
        len(quotas), len(ordered)
    )
    return _Space(members=[patterns[p] for p in ordered], membership=membership, quotas=quotas, k=k)


# --- One stage: the best minimum for the groups not yet fixed -------------------------------------


@dataclass
class _Stage:
    weights: np.ndarray  # per shape
    level: float  # z: the smallest probability among the groups not yet fixed
    # Per group: its weight in the dual. The panel search needs the fixed groups' weights too (a
    # shape that keeps a fixed group at its value is worth more); only free groups are fixed by it.
    duals: np.ndarray
    bound: float  # ŷ: no shape can be worth more than this to the dual without raising z


class _Master:
    """Over the shapes found so far, maximise z: every group not fixed has chance at least z, every
    fixed group at least its value. Kept between solves, so each new shape or fixed group starts
    from the last answer (a warm start: about a millisecond instead of a hundred)."""

    def __init__(self, sizes: np.ndarray):
        self.sizes = sizes
        self.groups = len(sizes)
        self.floors: dict[int, float] = {}  # fixed groups and their values
        self.slack = 0.0  # how far every floor currently gives way to rounding in the solver
        self.model = model = _highs()
        model.addVar(0, INF)  # z, column 0; HiGHS minimises, so its cost is -1
        model.changeColCost(0, -1.0)
        z_only = (np.array([0], dtype=np.int32), np.array([1.0]))
        for _group in range(self.groups):  # row g: z - (chance of group g) <= 0
            model.addRow(-INF, 0.0, 1, *z_only)
        model.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))  # the weights add up to 1

    def add(self, shape: Sequence[int]) -> None:
        rows = [g for g, count in enumerate(shape) if count]
        shares = [-shape[g] / self.sizes[g] for g in rows]
        self.model.addCol(
            0.0, 0.0, INF, len(rows) + 1, np.array([*rows, self.groups], dtype=np.int32), [*shares, 1.0]
        )

    def fix(self, group: int, value: float) -> None:
        self.floors[group] = value
        self.model.changeCoeff(group, 0, 0.0)
        self.model.changeRowBounds(group, -INF, -max(0.0, value - self.slack))

    def solve(self) -> _Stage:
        for slack in (s for s in RELAXATIONS if s >= self.slack):
            self._give_way(slack)
            self.model.run()
            status = self.model.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                return self._stage()
            if status != highspy.HighsModelStatus.kInfeasible:
                raise DrawFailed(f"The fairness programme stopped: {self.model.modelStatusToString(status)}")
        raise DrawFailed("The fixed probabilities could not be kept, even allowing for rounding.")

    def _give_way(self, slack: float) -> None:
        if slack != self.slack:
            self.slack = slack
            for group, value in self.floors.items():
                self.model.changeRowBounds(group, -INF, -max(0.0, value - slack))

    def _stage(self) -> _Stage:
        solution = self.model.getSolution()
        x = np.array(solution.col_value)
        duals = -np.array(solution.row_dual)
        return _Stage(
            weights=x[1:],
            level=float(x[0]),
            duals=np.maximum(0.0, duals[: self.groups]),
            bound=float(duals[self.groups]),
        )


@dataclass
class _Search:
    """The shapes found so far, the fixed groups and the integer programmes left to find more."""

    space: _Space
    shapes: list[tuple[int, ...]]
    rounds_left: int
    can_grow: bool = True
    exact: bool = True

    def __post_init__(self) -> None:
        self.master = _Master(self.space.sizes)
        for shape in self.shapes:
            self.master.add(shape)

    @property
    def fixed(self) -> dict[int, float]:
        return self.master.floors

    def best_stage(self) -> _Stage:
        """Column generation: add the shape the duals favour most until none would raise z."""
        known = set(self.shapes)
        while True:
            stage = self.master.solve()
            if not self.can_grow:
                return stage
            if self.rounds_left <= 0:
                self.exact = False
                return stage
            self.rounds_left -= 1
            per_person = stage.duals / self.space.sizes
            candidate = self.space.best(per_person)
            if candidate is None or candidate in known:
                return stage
            if float(per_person @ np.array(candidate)) <= stage.bound + PRICE_TOLERANCE:
                return stage
            for shape in [candidate, *self._more_like(candidate, per_person, stage.bound, known)]:
                self.shapes.append(shape)
                self.master.add(shape)
                known.add(shape)

    def _more_like(self, shape, per_person: np.ndarray, bound: float, known: set) -> list[tuple[int, ...]]:
        """More shapes that would raise z, each favouring the groups the shapes before it left out.
        Several shapes per solve of the stage programme, which is the slow part (Flanigan et al.
        start from a similar spread of panels)."""
        found = []
        weights = per_person.copy()
        for _round in range(EXTRA_SHAPES):
            weights[np.flatnonzero(shape)] = 0.0
            shape = self.space.quick(weights)
            if shape is None or shape in known or shape in found:
                break
            if float(per_person @ np.array(shape)) <= bound + PRICE_TOLERANCE:
                break
            found.append(shape)
        return found


def _to_fix(stage: _Stage, fixed: Mapping[int, float]) -> list[int]:
    chosen = [g for g, weight in enumerate(stage.duals) if g not in fixed and weight > DUAL_TOLERANCE]
    # The free duals add up to one; if rounding hid them all, the largest is still positive.
    return chosen or [
        max((g for g in range(len(stage.duals)) if g not in fixed), key=lambda g: stage.duals[g])
    ]


def _starting_shapes(space: _Space) -> tuple[list[tuple[int, ...]], list[int]]:
    """Shapes that include every group that can be on any panel, and the groups that cannot."""
    g = len(space.members)
    shapes: list[tuple[int, ...]] = []
    covered: set[int] = set()
    while True:
        uncovered = np.array([0.0 if group in covered else 1.0 for group in range(g)])
        shape = space.best(uncovered)
        if shape is None:
            raise InfeasibleQuotas(_("No panel meets every quota."))
        reached = {group for group, count in enumerate(shape) if count}
        if not reached - covered:
            break
        shapes.append(shape)
        covered |= reached
    never = []
    for group in sorted(set(range(g)) - covered):
        shape = space.best(np.eye(g)[group])
        if shape is not None and shape[group]:
            shapes.append(shape)
            covered |= {other for other, count in enumerate(shape) if count}
        else:
            never.append(group)
    return shapes or [space.best(np.zeros(g))], never


def _search(space: _Space) -> tuple[_Search, list[int]]:
    if space.count_up_to(ENUMERATE_LIMIT) <= ENUMERATE_LIMIT:
        shapes = space.every()
        if not shapes:
            raise InfeasibleQuotas(_("No panel meets every quota."))
        never = [g for g in range(len(space.members)) if not any(s[g] for s in shapes)]
        return _Search(space, shapes, rounds_left=0, can_grow=False), never
    shapes, never = _starting_shapes(space)
    return _Search(space, shapes, rounds_left=COLUMN_GENERATION_ROUNDS), never


def _leximin(space: _Space, progress: Progress | None) -> tuple[_Search, np.ndarray]:
    search, never = _search(space)
    groups = len(space.members)
    for group in never:  # nobody in these groups is on any panel: their chance is 0
        search.master.fix(group, 0.0)
    while True:
        stage = search.best_stage()
        for group in _to_fix(stage, search.fixed):
            search.master.fix(group, stage.level)
        if progress:
            progress(len(search.fixed), groups)
        if len(search.fixed) == groups:
            return search, stage.weights


# --- The distribution and the draw ----------------------------------------------------------------


def fair_distribution(
    features: Mapping[Hashable, Mapping[str, str]],
    k: int,
    quotas: Sequence[Quota],
    *,
    progress: Progress | None = None,
) -> Distribution:
    """The leximin-fair lottery over quota-meeting panels of ``k`` people from ``features``' keys."""
    people = sorted(features, key=str)
    if k <= 0 or k > len(people):
        raise InfeasibleQuotas(_("Cannot choose %(k)s people from %(n)s.") % {"k": k, "n": len(people)})
    space = _space(people, features, quotas, k)
    search, weights = _leximin(space, progress)
    return _distribution(search, weights)


def _distribution(search: _Search, weights: np.ndarray) -> Distribution:
    kept = sorted((shape, float(w)) for shape, w in zip(search.shapes, weights, strict=True) if w > TOLERANCE)
    total = sum(w for _shape, w in kept)
    shapes = [shape for shape, _w in kept]
    chances = [w / total for _shape, w in kept]
    members = search.space.members
    per_group = (np.array(chances) @ np.array(shapes, dtype=float)) / search.space.sizes
    probabilities = {
        person: round(float(p), 6) for group, p in zip(members, per_group, strict=True) for person in group
    }
    eligible = [v for v in probabilities.values() if v > TOLERANCE]
    return Distribution(
        groups=members,
        shapes=shapes,
        weights=chances,
        probabilities=probabilities,
        minimum_probability=min(eligible) if eligible else 0.0,
        exact=search.exact,
    )


def quotas_report(panel, features, quotas: Sequence[Quota]) -> list[dict]:
    report = []
    for quota in quotas:
        count = sum(1 for person in panel if features[person].get(quota.feature) == quota.value)
        report.append({**quota.as_dict(), "count": count, "met": quota.minimum <= count <= quota.maximum})
    return report


def draw(
    features: Mapping[Hashable, Mapping[str, str]],
    k: int,
    quotas: Sequence[Quota],
    seed: int,
    *,
    progress: Progress | None = None,
) -> Draw:
    """Draw one panel from the fair lottery. The same inputs and seed give the same panel."""
    distribution = fair_distribution(features, k, quotas, progress=progress)
    rng = np.random.default_rng(seed)
    # Shapes and the people in each group are in a fixed order, so the panel depends only on the
    # inputs and the seed.
    shape = distribution.shapes[int(rng.choice(len(distribution.shapes), p=distribution.weights))]
    chosen = []
    for members, count in zip(distribution.groups, shape, strict=True):
        chosen += [members[i] for i in sorted(rng.choice(len(members), size=count, replace=False))]
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
