"""Small numbers in published results: hidden, and no published total gives a hidden one away.

A table is a set of counts (cells) and a list of sums that are also published: "these cells add up
to that cell" (the groups of a row add up to its "everyone" figure; the options of a choose-one
question add up to the number who answered). Primary suppression hides every count from 1 to 9.
Secondary suppression then hides more cells until no published sum has exactly one hidden cell
(which the sum minus the others would reveal), and no hidden sum has all its parts shown. A
column whose number of people is hidden is hidden whole, since its percentages would tell.

The cell chosen to hide is the smallest shown part, so as little as possible is lost.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

THRESHOLD = 10


@dataclass(frozen=True)
class Sum:
    parts: tuple[Hashable, ...]
    total: Hashable


def primary(cells: dict[Hashable, int]) -> set[Hashable]:
    return {key for key, count in cells.items() if 0 < count < THRESHOLD}


def suppress(
    cells: dict[Hashable, int],
    sums: Iterable[Sum],
    columns: dict[Hashable, tuple[Hashable, ...]] | None = None,
) -> set[Hashable]:
    """The cells to hide. ``columns`` maps a base cell to the cells that are percentages of it."""
    sums, columns = list(sums), columns or {}
    hidden = primary(cells)
    changed = True
    while changed:
        changed = _hide_columns(hidden, columns) | _protect_sums(cells, sums, hidden)
    return hidden


def _hide_columns(hidden: set, columns: dict) -> bool:
    changed = False
    for base, members in columns.items():
        if base in hidden:
            missing = set(members) - hidden
            hidden |= missing
            changed |= bool(missing)
    return changed


def _protect_sums(cells: dict, sums: list[Sum], hidden: set) -> bool:
    changed = False
    for relation in sums:
        hidden_parts = [p for p in relation.parts if p in hidden]
        shown_parts = [p for p in relation.parts if p not in hidden]
        total_hidden = relation.total in hidden
        exposed = (not total_hidden and len(hidden_parts) == 1) or (total_hidden and not hidden_parts)
        if not exposed:
            continue
        if shown_parts:
            hidden.add(min(shown_parts, key=lambda p: (cells.get(p, 0), str(p))))
        elif not total_hidden:
            hidden.add(relation.total)  # one part and its total are the same number
        else:
            continue
        changed = True
    return changed
