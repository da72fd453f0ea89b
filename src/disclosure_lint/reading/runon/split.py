"""Numbers written together split into a row's cells, only where the text determines them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from ...core.formats import ValueKind
from ...core.values import PLACEHOLDERS, ValueReason, parse_cell
from .totals import Relation

_MAX_STATES = 200_000  # states of the cut graph (positions × relation balances)
_MAX_RUN = 400  # characters in one run

_COUNT = re.compile(r"^\d+$")
_DELTA = re.compile(r"^[+\-]?\d+$")
_AMOUNT = re.compile(r"^\d+(?:\.\d+)?(?:万元|元)?$")
_SYMBOL_PLACEHOLDERS = frozenset(p for p in PLACEHOLDERS if not any(c.isalnum() for c in p))


#: the pattern a cell of each kind matches (any other kind: ``_COUNT``), unless it is one of the
#: symbol placeholders
_PATTERNS = {ValueKind.DELTA: _DELTA, ValueKind.AMOUNT: _AMOUNT}


@dataclass(frozen=True)
class Split:
    """The outcome of splitting a run: one text per cell, None where the cuts disagree."""

    cells: tuple[str | None, ...]
    candidates: int  # admissible cuts before any row total was used
    kept: int  # cuts that remained
    used_totals: bool  # a row total was needed to decide
    #: when cells are left open and cuts were asked for: every cut in which the row totals hold
    cuts: tuple[tuple[str, ...], ...] | None = None

    @property
    def complete(self) -> bool:
        return all(c is not None for c in self.cells)

    @property
    def any(self) -> bool:
        return any(c is not None for c in self.cells)


@lru_cache(maxsize=8192)
def _number(text: str) -> int | Decimal | None:
    parsed = parse_cell(text)
    if parsed.reason is not ValueReason.NUMBER or parsed.value is None:
        return None
    return parsed.value


_State = tuple[int, tuple[int | Decimal | None, ...]]  # (start of the next cell, relation balances)


class _Run:
    """The cuts of a run into cells, as paths through a graph of states.

    A state is where the next cell starts plus, for each row total, the balance so far (parts
    added, the total subtracted; None once a placeholder makes the relation say nothing). The
    graph is built forward from the start; a state can finish when the rest of the run can be cut
    into the remaining cells with every relation balanced. Every cut that satisfies the relations
    is a path from the start to the end, so a cell is fixed exactly when all such paths give it
    the same text, which is decided without listing the cuts.
    """

    SEPARATOR = "|"

    def __init__(self, pieces: list[str], kinds: tuple[ValueKind, ...]) -> None:
        self.text = self.SEPARATOR.join(pieces)
        self.count = len(kinds)
        length = len(self.text)
        # ends[i][a]: the ends b of an admissible cell i starting at a
        # (one table per kind of value: the columns of a row are mostly of one kind; the cells
        # never change a table, which is only read)
        by_kind: dict[ValueKind, dict[int, list[int]]] = {}
        text = self.text
        separator = self.SEPARATOR
        for kind in set(kinds):
            table: dict[int, list[int]] = {}
            pattern = _PATTERNS.get(kind, _COUNT)
            for start in range(length):
                if text[start] == separator:
                    continue
                ends: list[int] = []
                for end in range(start + 1, length + 1):
                    if text[end - 1] == separator:
                        break
                    cell = text[start:end]
                    if cell in _SYMBOL_PLACEHOLDERS or pattern.match(cell):
                        ends.append(end)
                if ends:
                    table[start] = ends
            by_kind[kind] = table
        self.ends: list[dict[int, list[int]]] = [by_kind[kind] for kind in kinds]
        self._built: dict[
            tuple[Relation, ...],
            tuple[list[dict[_State, list[tuple[str, _State]]]], set[_State]] | None,
        ] = {}
        # the value of each suffix of the run that is one plain number (a total in last place)
        self._suffix_values: list[int | None] = [
            int(self.text[q:]) if self.text[q:].isdigit() else None for q in range(length)
        ]
        #: where the next cell starts after a cell ending at each position
        self._next: list[int] = [self._next_start(end) for end in range(length + 1)]

    def _next_start(self, end: int) -> int:
        if end < len(self.text) and self.text[end] == self.SEPARATOR:
            return end + 1
        return end

    def solve(
        self, relations: tuple[Relation, ...], limit: int, keep: bool = False
    ) -> tuple[int, tuple[str | None, ...]] | None:
        """(number of cuts in which the relations hold, capped at 2**20; each cell's text where
        all of them agree), or None when the graph grows beyond ``limit`` states."""
        built = self._layers(relations, limit, keep)
        if built is None:
            return None
        layers, frontier = built
        length = len(self.text)
        zero: tuple[int | Decimal | None, ...] = tuple(0 for _ in relations)
        # ways[i][state]: cuts of cells i.. from ``state`` that reach the end
        ways: dict[_State, int] = {s: 1 for s in frontier if s[0] == length}
        texts: list[set[str]] = [set() for _ in range(self.count)]
        for i in range(self.count - 1, -1, -1):
            previous: dict[_State, int] = {}
            for state, outgoing in layers[i].items():
                total = 0
                for text, target in outgoing:
                    if target in ways:
                        total += ways[target]
                        texts[i].add(text)
                if total:
                    previous[state] = min(total, 1 << 20)
            ways = previous
        count = ways.get((0, zero), 0)
        if count == 0:
            return 0, tuple([None] * self.count)
        # a text seen on an edge into a finishing state but not from the start is impossible:
        # recompute the texts along paths from the start only
        return count, self._agreed_from_start(layers, relations)

    def cuts(self, relations: tuple[Relation, ...], limit: int) -> list[tuple[str, ...]] | None:
        """Every cut in which the relations hold, or None when there are more than ``limit``
        (or the graph grows beyond :data:`_MAX_STATES` states)."""
        built = self._layers(relations, _MAX_STATES)
        if built is None:
            return None
        layers, _ = built
        alive = self._alive(layers)
        zero: tuple[int | Decimal | None, ...] = tuple(0 for _ in relations)
        found: list[tuple[str, ...]] = []
        stack: list[tuple[int, _State, tuple[str, ...]]] = [(0, (0, zero), ())]
        while stack:
            i, state, texts = stack.pop()
            if i == self.count:
                found.append(texts)
                if len(found) > limit:
                    return None
                continue
            for text, target in layers[i].get(state, ()):
                if target in alive[i + 1]:
                    stack.append((i + 1, target, (*texts, text)))
        return found

    def _layers(
        self, relations: tuple[Relation, ...], limit: int, keep: bool = False
    ) -> tuple[list[dict[_State, list[tuple[str, _State]]]], set[_State]] | None:
        """The graph of cuts, layer by layer (cell i's edges), and the states after the last
        cell; None when it grows beyond ``limit`` states. With ``keep`` the graph is kept for
        :meth:`cuts` (only then: a graph kept alive costs the garbage collector)."""
        if relations in self._built:
            return self._built[relations]
        built = self._build(relations, limit)
        if keep:
            self._built[relations] = built
        return built

    def _build(
        self, relations: tuple[Relation, ...], limit: int
    ) -> tuple[list[dict[_State, list[tuple[str, _State]]]], set[_State]] | None:
        closing = {max(r.total, *r.parts): n for n, r in enumerate(relations)}
        zero: tuple[int | Decimal | None, ...] = tuple(0 for _ in relations)
        # for each cell, worked out once (the graph has many edges per cell): what it adds to
        # each relation's balance, and the relations whose total is still to come
        signs = [_signs(i, relations) for i in range(self.count)]
        pending = [
            tuple((n, r.total == self.count - 1) for n, r in enumerate(relations) if r.total > i)
            for i in range(self.count)
        ]
        layers: list[dict[_State, list[tuple[str, _State]]]] = []
        frontier: set[_State] = {(0, zero)}
        states = 0
        text_of_run, next_start = self.text, self._next
        for i in range(self.count):
            edges: dict[_State, list[tuple[str, _State]]] = {}
            following: set[_State] = set()
            ends, sign, closed, waiting = self.ends[i], signs[i], closing.get(i), pending[i]
            moves = bool(sign) or closed is not None  # else the cell leaves every balance as is
            for state in frontier:
                start, balance = state
                for end in ends.get(start, ()):
                    text = text_of_run[start:end]
                    after = _advance(text, balance, sign, closed) if moves else balance
                    if after is None:
                        continue
                    target = (next_start[end], after)
                    if waiting and not self._room_for_totals(i, target, waiting):
                        continue
                    edges.setdefault(state, []).append((text, target))
                    following.add(target)
            states += len(following)
            if states > limit:
                return None
            layers.append(edges)
            frontier = following
        return layers, frontier

    def _alive(self, layers: list[dict[_State, list[tuple[str, _State]]]]) -> list[set[_State]]:
        """The states of each layer from which the end of the run can be reached."""
        length = len(self.text)
        alive: list[set[_State]] = [set() for _ in range(self.count + 1)]
        alive[self.count] = {
            target
            for outgoing in layers[-1].values()
            for _, target in outgoing
            if target[0] == length
        }
        for i in range(self.count - 1, -1, -1):
            alive[i] = {
                state
                for state, outgoing in layers[i].items()
                if any(target in alive[i + 1] for _, target in outgoing)
            }
        return alive

    def _agreed_from_start(
        self, layers: list[dict[_State, list[tuple[str, _State]]]], relations: tuple[Relation, ...]
    ) -> tuple[str | None, ...]:
        zero: tuple[int | Decimal | None, ...] = tuple(0 for _ in relations)
        alive = self._alive(layers)
        reached: set[_State] = {(0, zero)}
        cells: list[str | None] = []
        for i in range(self.count):
            texts: set[str] = set()
            following: set[_State] = set()
            for state in reached & alive[i]:
                for text, target in layers[i].get(state, ()):
                    if target in alive[i + 1]:
                        texts.add(text)
                        following.add(target)
            cells.append(next(iter(texts)) if len(texts) == 1 else None)
            reached = following
        return tuple(cells)

    def _room_for_totals(
        self, i: int, state: _State, pending: tuple[tuple[int, bool], ...]
    ) -> bool:
        """False when a total still to come cannot equal its parts (``pending``: the relations
        whose total comes after cell ``i``, by position, and whether it is the row's last cell).

        The characters left, less one for each other cell, bound the number of the total's
        digits. When the total is the row's last cell (表三), its text is a suffix of the run:
        some suffix must be at least the parts so far and at most what the cells in between can
        add to them.
        """
        start, balance = state
        length = len(self.text)
        left = length - start - (self.count - i - 2)
        for n, last in pending:
            value = balance[n]
            if value is None or not isinstance(value, int):
                continue
            if value > 0 and (left < 1 or value >= 10**left):
                return False
            if last and not self._suffix_fits(start, i, value):
                return False
        return True

    def _suffix_fits(self, start: int, i: int, value: int) -> bool:
        between = self.count - 1 - i - 1  # cells between cell i and the total
        for begin in range(start + between, len(self.text)):
            total = self._suffix_values[begin]
            if total is None or total < value:
                continue
            if between == 0:
                if begin == start and total == value:
                    return True
                continue
            widest = begin - start - (between - 1)  # digits of the widest cell in between
            if total - value <= between * (10**widest - 1):
                return True
        return False


def _signs(i: int, relations: tuple[Relation, ...]) -> tuple[tuple[int, int], ...]:
    """What cell ``i`` adds to the balance of each relation it is in: (relation, sign)."""
    out: list[tuple[int, int]] = []
    for n, relation in enumerate(relations):
        sign = -1 if i == relation.total else 1 if i in relation.parts else 0
        if sign:
            out.append((n, sign))
    return tuple(out)


def _advance(
    text: str,
    balance: tuple[int | Decimal | None, ...],
    signs: tuple[tuple[int, int], ...],
    closed: int | None,
) -> tuple[int | Decimal | None, ...] | None:
    """The balances after a cell with ``text`` (see :func:`_signs`); None when the relation
    the cell closes (``closed``) does not balance."""
    if not signs and closed is None:
        return balance
    out = list(balance)
    if signs:
        value = _number(text)
        for n, sign in signs:
            if out[n] is not None:
                out[n] = None if value is None else out[n] + sign * value  # type: ignore[operator]
    if closed is not None:
        if out[closed] not in (None, 0):
            return None
        out[closed] = 0  # balanced: states merge again
    return tuple(out)


def split_run(
    pieces: list[str],
    kinds: tuple[ValueKind, ...],
    relations: tuple[Relation, ...] = (),
    cut_limit: int = 0,
) -> Split | None:
    """Split numbers written together into ``len(kinds)`` cells; None when there are too many
    ways to try. ``pieces`` are the run's whitespace-separated parts, each one cell or more.

    With ``cut_limit``, a split that leaves cells open also lists the cuts in which the
    relations hold (:attr:`Split.cuts`), when there are no more than ``cut_limit``, for the
    whole table to decide between them.
    """
    if sum(len(p) for p in pieces) > _MAX_RUN:
        return None
    return _split_run(tuple(pieces), kinds, tuple(relations), cut_limit)


#: runs kept split: the rows written together in a batch of reports are mostly the same few
#: runs ("0000000", the zeros of a row with its total), whose split depends on nothing else
_MAX_SPLITS = 1024


@lru_cache(maxsize=_MAX_SPLITS)
def _split_run(
    pieces: tuple[str, ...],
    kinds: tuple[ValueKind, ...],
    relations: tuple[Relation, ...],
    cut_limit: int,
) -> Split | None:
    """:func:`split_run` of a run not too long (cached: a :class:`Split` holds only tuples)."""
    run = _Run(list(pieces), kinds)
    plain = run.solve((), _MAX_STATES)
    if plain is None:
        return None
    total, alone = plain
    if total <= 1 or all(c is not None for c in alone):
        return Split(alone, total, total, False)
    if not relations:
        return Split(alone, total, total, False, _cuts(run, (), cut_limit, total))
    checked = run.solve(relations, _MAX_STATES, keep=cut_limit > 0)
    if checked is None:
        return None
    kept, cells = checked
    used = any(cells[i] is not None and alone[i] is None for i in range(len(kinds)))
    if not used:
        cells = alone  # the relation decided nothing: read only what the digits fix
    split = Split(cells, total, kept, used)
    if not split.complete:
        split = replace(split, cuts=_cuts(run, relations, cut_limit, kept))
    return split


def _cuts(
    run: _Run, relations: tuple[Relation, ...], limit: int, count: int
) -> tuple[tuple[str, ...], ...] | None:
    """The ``count`` cuts of ``run`` in which ``relations`` hold, when they are at most
    ``limit``."""
    if limit <= 0 or count > limit:
        return None
    found = run.cuts(relations, limit)
    return tuple(found) if found is not None else None
