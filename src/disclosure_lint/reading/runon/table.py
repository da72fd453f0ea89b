"""Rows of numbers written together that their own totals leave open, decided by the whole table.

A row such as ``（一）予以公开12000113`` splits into its seven cells in several ways even when its
总计 must equal the other columns. The table's other rows often leave only one: in every column
（七）总计 is the sum of the outcome rows and 新收 + 上年结转 = （七）总计 + 结转下年度
(:func:`~.totals.column_relations`). :func:`solve_rows` tries every combination of the open rows'
cuts against those relations and reads a cell only where every combination that satisfies them
gives it the same text. The relations it used cannot confirm the cells any more: the caller marks
them as assumed, so the rules report them not assessable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ...core.values import ValueReason, parse_cell
from .totals import ColumnRelation

Value = int | Decimal

#: combinations of cuts (nodes of the search) tried before giving up
_MAX_NODES = 200_000


@dataclass(frozen=True)
class OpenRow:
    """A row whose cells its own text leaves open: every cut of its numbers that may be right."""

    key: str
    cuts: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Instance:
    """One relation in one column (by position)."""

    relation: ColumnRelation
    column: int


@dataclass(frozen=True)
class TableCuts:
    """What the table decided: each open row's cells (None where the solutions differ)."""

    cells: dict[str, tuple[str | None, ...]]
    solutions: int
    used: tuple[Instance, ...]  # the relation instances the open rows were tried against


def _value(text: str) -> Value | None:
    parsed = parse_cell(text)
    if parsed.reason is not ValueReason.NUMBER or parsed.value is None:
        return None
    return parsed.value


def solve_rows(
    rows: list[OpenRow],
    known: Mapping[tuple[str, int], Value | None],
    columns: int,
    relations: tuple[ColumnRelation, ...],
) -> TableCuts | None:
    """The cells of ``rows`` that every combination of cuts satisfying ``relations`` agrees on.

    ``known`` holds the value of each cell of the other rows (row key, column position); a cell
    that is not a number (or a row not read) makes the relations through it say nothing. Returns
    None when there are too many combinations to try.
    """
    index = {row.key: i for i, row in enumerate(rows)}
    values = [[tuple(_value(t) for t in cut) for cut in row.cuts] for row in rows]
    checks: list[list[Instance]] = [[] for _ in rows]  # by the last open row they need
    used: list[Instance] = []
    for relation in relations:
        operands = (*relation.left, *relation.right)
        open_rows = [index[r] for r in operands if r in index]
        if not open_rows:
            continue
        for column in range(columns):
            if all(r in index or known.get((r, column)) is not None for r in operands):
                instance = Instance(relation, column)
                checks[max(open_rows)].append(instance)
                used.append(instance)
    if not used:
        return TableCuts({}, 0, ())
    chosen: list[int] = [0] * len(rows)
    seen: list[set[int]] = [set() for _ in rows]
    solutions = 0
    nodes = 0

    def holds(instance: Instance) -> bool:
        total: Value = 0
        for sign, keys in ((1, instance.relation.left), (-1, instance.relation.right)):
            for key in keys:
                i = index.get(key)
                value = known.get((key, instance.column)) if i is None else None
                if i is not None:
                    value = values[i][chosen[i]][instance.column]
                if value is None:
                    return True  # a placeholder in this cut: the relation says nothing here
                total += sign * value
        return total == 0

    def search(depth: int) -> bool:
        nonlocal solutions, nodes
        if depth == len(rows):
            solutions += 1
            for i, choice in enumerate(chosen):
                seen[i].add(choice)
            return True
        for choice in range(len(rows[depth].cuts)):
            nodes += 1
            if nodes > _MAX_NODES:
                return False
            chosen[depth] = choice
            if all(holds(instance) for instance in checks[depth]) and not search(depth + 1):
                return False
        return True

    if not search(0):
        return None
    cells: dict[str, tuple[str | None, ...]] = {}
    for i, row in enumerate(rows):
        if not seen[i]:
            cells[row.key] = tuple([None] * columns)
            continue
        picked = [row.cuts[c] for c in seen[i]]
        cells[row.key] = tuple(
            picked[0][p] if all(cut[p] == picked[0][p] for cut in picked) else None
            for p in range(columns)
        )
    return TableCuts(cells, solutions, tuple(used))
