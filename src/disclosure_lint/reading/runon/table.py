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

#: states of the graph of combinations built before giving up
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

    The combinations are paths through a graph whose states, row after row, are the balances of
    the relation instances (left side minus right side so far; None once a placeholder makes the
    instance say nothing): a cell is fixed exactly when every path from the start to a state in
    which all instances balance takes cuts that agree on it, found without listing the paths.
    """
    index = {row.key: i for i, row in enumerate(rows)}
    used: list[Instance] = []
    start: list[Value | None] = []
    last: list[int] = []  # the last open row each instance needs
    for relation in relations:
        operands = (*relation.left, *relation.right)
        open_rows = [index[r] for r in operands if r in index]
        if not open_rows:
            continue
        for column in range(columns):
            if all(r in index or known.get((r, column)) is not None for r in operands):
                used.append(Instance(relation, column))
                start.append(_constant(relation, column, index, known))
                last.append(max(open_rows))
    deltas = [[_delta(row, cut, used) for cut in row.cuts] for row in rows]
    # an instance to which every cut of every open row adds the same says nothing about the cuts:
    # it holds or fails whatever they are, and is left to the rules (or, failing, nothing is read)
    keep: list[int] = []
    for k in range(len(used)):
        if any(len({delta[k] for delta in choices}) > 1 for choices in deltas):
            keep.append(k)
            continue
        balance: Value | None = start[k]
        for choices in deltas:
            step = choices[0][k]
            balance = None if balance is None or step is None else balance + step
        if balance not in (None, 0):
            return TableCuts({row.key: tuple([None] * columns) for row in rows}, 0, ())
    if not keep:
        return TableCuts({}, 0, ())
    used = [used[k] for k in keep]
    start = [start[k] for k in keep]
    last = [last[k] for k in keep]
    deltas = [[tuple(delta[k] for k in keep) for delta in choices] for choices in deltas]
    closing = [[k for k, row in enumerate(last) if row == i] for i in range(len(rows))]
    layers = _layers(deltas, closing, tuple(start))
    if layers is None:
        return None
    alive, solutions = _alive(layers, tuple(start))
    if not solutions:
        return TableCuts({row.key: tuple([None] * columns) for row in rows}, 0, tuple(used))
    seen: list[set[int]] = [set() for _ in rows]
    reached = {tuple(start)}
    for i in range(len(rows)):
        following: set[_State] = set()
        for state in reached:
            for choice, target in layers[i].get(state, ()):
                if target in alive[i + 1]:
                    seen[i].add(choice)
                    following.add(target)
        reached = following
    cells: dict[str, tuple[str | None, ...]] = {}
    for i, row in enumerate(rows):
        picked = [row.cuts[c] for c in seen[i]]
        cells[row.key] = tuple(
            picked[0][p] if all(cut[p] == picked[0][p] for cut in picked) else None
            for p in range(columns)
        )
    return TableCuts(cells, solutions, tuple(used))


_State = tuple[Value | None, ...]


def _constant(
    relation: ColumnRelation,
    column: int,
    index: Mapping[str, int],
    known: Mapping[tuple[str, int], Value | None],
) -> Value:
    """The part of an instance's balance the rows already read contribute."""
    total: Value = 0
    for sign, keys in ((1, relation.left), (-1, relation.right)):
        for key in keys:
            if key not in index:
                total += sign * known[(key, column)]  # type: ignore[operator]
    return total


def _delta(row: OpenRow, cut: tuple[str, ...], used: list[Instance]) -> tuple[Value | None, ...]:
    """What one cut of a row adds to each instance's balance (None: a placeholder in it)."""
    out: list[Value | None] = []
    for instance in used:
        sign = (instance.relation.left.count(row.key)) - (instance.relation.right.count(row.key))
        if not sign:
            out.append(0)
            continue
        value = _value(cut[instance.column])
        out.append(None if value is None else sign * value)
    return tuple(out)


def _layers(
    deltas: list[list[tuple[Value | None, ...]]],
    closing: list[list[int]],
    start: _State,
) -> list[dict[_State, list[tuple[int, _State]]]] | None:
    """For each open row, the edges (cut, next state) out of each state reached; an instance is
    checked (and set to 0, so that states merge) after the last row it needs. None when the
    graph grows beyond :data:`_MAX_NODES` states."""
    bounds = _bounds(deltas, closing)
    layers: list[dict[_State, list[tuple[int, _State]]]] = []
    frontier: set[_State] = {start}
    states = 0
    for row, choices in enumerate(deltas):
        edges: dict[_State, list[tuple[int, _State]]] = {}
        following: set[_State] = set()
        low, high = bounds[row]
        for state in frontier:
            for choice, delta in enumerate(choices):
                after = [
                    None if b is None or d is None else b + d
                    for b, d in zip(state, delta, strict=True)
                ]
                if any(after[k] not in (None, 0) for k in closing[row]):
                    continue
                # the rows still to come cannot bring a balance back to 0
                if any(
                    b is not None
                    and ((lo is not None and b + lo > 0) or (hi is not None and b + hi < 0))
                    for b, lo, hi in zip(after, low, high, strict=True)
                ):
                    continue
                for k in closing[row]:
                    after[k] = 0
                target = tuple(after)
                edges.setdefault(state, []).append((choice, target))
                following.add(target)
        states += len(following)
        if states > _MAX_NODES:
            return None
        layers.append(edges)
        frontier = following
    return layers


def _bounds(
    deltas: list[list[tuple[Value | None, ...]]], closing: list[list[int]]
) -> list[tuple[list[Value | None], list[Value | None]]]:
    """After each row, the least and the most the rows still to come can add to each balance
    (None: no bound, a placeholder or a closed instance)."""
    count = len(deltas[0][0]) if deltas and deltas[0] else 0
    low: list[Value | None] = [0] * count
    high: list[Value | None] = [0] * count
    out: list[tuple[list[Value | None], list[Value | None]]] = []
    for row in range(len(deltas) - 1, -1, -1):
        out.append((list(low), list(high)))
        for k in range(count):
            steps = [delta[k] for delta in deltas[row]]
            if any(step is None for step in steps) or low[k] is None or high[k] is None:
                low[k] = high[k] = None
            else:
                low[k] = low[k] + min(steps)  # type: ignore[operator]
                high[k] = high[k] + max(steps)  # type: ignore[operator]
    out.reverse()
    for row, closed in enumerate(closing):
        for k in closed:  # closed after this row: set to 0, no bound needed further
            for later in range(row, len(out)):
                out[later][0][k] = out[later][1][k] = None
    return out


def _alive(
    layers: list[dict[_State, list[tuple[int, _State]]]], start: _State
) -> tuple[list[set[_State]], int]:
    """The states of each layer from which the last row can be passed with every instance
    balanced (after the last row every instance has been checked), and the number of such
    combinations from the start (capped at 2**20)."""
    ways: dict[_State, int] = {t: 1 for edges in layers[-1].values() for _, t in edges}
    alive: list[set[_State]] = [set() for _ in range(len(layers) + 1)]
    alive[len(layers)] = set(ways)
    for i in range(len(layers) - 1, -1, -1):
        counted: dict[_State, int] = {}
        for state, edges in layers[i].items():
            total = sum(ways.get(target, 0) for _, target in edges)
            if total:
                counted[state] = min(total, 1 << 20)
        ways = counted
        alive[i] = set(counted)
    return alive, ways.get(start, 0)
