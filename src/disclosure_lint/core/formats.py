"""National format definitions, loaded from YAML (``rules/formats/*.yaml``).

A format lists its six sections and its tables; each table has one or more blocks (表二 has one per
第二十条 item), each block a tree of columns and a tree of rows. Canonical keys are dotted paths in
those trees (``result.withheld.state_secret``, ``org.business``). Selecting a group key selects
all the leaves under it, so one rule can serve both formats: ``result.other_handling`` is a
single row in 2019 and three rows in 2021.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TypeVar

from .errors import DataFileError, FileProblem
from .labels import match_keys, normalize

T = TypeVar("T")


class ValueKind(StrEnum):
    COUNT = "count"  # non-negative integer
    DELTA = "delta"  # integer, may be negative (2019 本年增/减)
    AMOUNT = "amount"  # non-negative decimal (2021 收费金额 in 万元; 2019 采购总金额)

    @property
    def allows_negative(self) -> bool:
        return self is ValueKind.DELTA

    @property
    def allows_decimal(self) -> bool:
        return self is ValueKind.AMOUNT


@dataclass(frozen=True)
class Leaf:
    """A leaf row or column, with its full label path from the top group."""

    key: str
    labels: tuple[str, ...]
    match: frozenset[str]
    value: ValueKind = ValueKind.COUNT
    unit: str | None = None

    @property
    def label(self) -> str:
        return self.labels[-1] if self.labels else ""


@dataclass(frozen=True)
class Node:
    """A row or column in a label tree. Group nodes have children and no cells of their own."""

    key: str  # full dotted key
    label: str | None
    variants: tuple[str, ...]
    children: tuple[Node, ...]
    value: ValueKind
    unit: str | None

    @cached_property
    def match(self) -> frozenset[str]:
        return match_keys(self.label, self.variants) if self.label else frozenset()

    @cached_property
    def leaf_keys(self) -> tuple[str, ...]:
        """The keys of :meth:`leaves`, in order (rules ask for them per report)."""
        return tuple(leaf.key for leaf in self.leaves())

    def leaves(self, prefix: tuple[str, ...] = ()) -> Iterator[Leaf]:
        labels = (*prefix, self.label) if self.label else prefix
        if not self.children:
            yield Leaf(self.key, labels, self.match, self.value, self.unit)
            return
        for child in self.children:
            yield from child.leaves(labels)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Block:
    """A part of a table with its own column header (表二 (一)…(九)); 表三 and 表四 have one."""

    key: str | None
    caption: str | None
    header: str | None
    columns: tuple[Node, ...]
    rows: tuple[Node, ...]
    leaf_columns: tuple[Leaf, ...]
    leaf_rows: tuple[Leaf, ...]

    @property
    def caption_match(self) -> frozenset[str]:
        return match_keys(self.caption) if self.caption else frozenset()

    def column_nodes(self) -> Iterator[Node]:
        for node in self.columns:
            yield from node.walk()

    def row_nodes(self) -> Iterator[Node]:
        for node in self.rows:
            yield from node.walk()


@dataclass(frozen=True)
class TableDef:
    key: str
    name: str
    title: str
    section: str | None
    note: str | None
    blocks: tuple[Block, ...]

    def leaf_rows(self) -> Iterator[tuple[Block, Leaf]]:
        for block in self.blocks:
            for leaf in block.leaf_rows:
                yield block, leaf

    def cell_keys(self) -> Iterator[tuple[Block, Leaf, Leaf]]:
        """Every (block, row, column) that has a cell, in reading order."""
        for block in self.blocks:
            for row in block.leaf_rows:
                for column in block.leaf_columns:
                    yield block, row, column

    # Lookups are called per cell by rules and loaders: they go through indexes built once.

    @functools.cached_property
    def _row_index(self) -> dict[str, tuple[Block, Leaf, dict[str, Leaf]]]:
        index: dict[str, tuple[Block, Leaf, dict[str, Leaf]]] = {}
        for block in self.blocks:
            columns = {leaf.key: leaf for leaf in block.leaf_columns}
            for leaf in block.leaf_rows:
                index.setdefault(leaf.key, (block, leaf, columns))
        return index

    @functools.cached_property
    def _node_index(self) -> dict[tuple[str, str], Node]:
        index: dict[tuple[str, str], Node] = {}
        for block in self.blocks:
            for node in block.row_nodes():
                index.setdefault(("row", node.key), node)
            for node in block.column_nodes():
                index.setdefault(("column", node.key), node)
        return index

    def block_of_row(self, row_key: str) -> Block | None:
        entry = self._row_index.get(row_key)
        return entry[0] if entry else None

    def column_leaf(self, row_key: str, column_key: str) -> Leaf | None:
        entry = self._row_index.get(row_key)
        return entry[2].get(column_key) if entry else None

    def node(self, key: str, axis: str) -> Node | None:
        """The row (``axis="row"``) or column node with full key ``key``, group or leaf."""
        return self._node_index.get((axis, key))

    def row_leaf(self, row_key: str) -> Leaf | None:
        entry = self._row_index.get(row_key)
        return entry[1] if entry else None

    @property
    def cell_count(self) -> int:
        return sum(len(b.leaf_rows) * len(b.leaf_columns) for b in self.blocks)

    def resolve_rows(self, selectors: Iterable[str]) -> list[str]:
        """Leaf row keys selected by keys, group keys or glob patterns, in table order."""
        return list(self._resolved("row", tuple(selectors)))

    def resolve_columns(self, selectors: Iterable[str]) -> list[str]:
        """Leaf column keys selected by keys, group keys or glob patterns, in table order."""
        return list(self._resolved("column", tuple(selectors)))

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()`` once per table definition and ``key``: what rules derive from the
        definition alone (selectors resolved, the cells a term selects, label paths), reused
        for every report. ``key`` names the helper and its arguments."""
        cache = self.__dict__.setdefault("_derived", {})  # frozen: not through setattr
        if key not in cache:
            cache[key] = build()
        return cache[key]

    def _resolved(self, axis: str, selectors: tuple[str, ...]) -> tuple[str, ...]:
        def resolve() -> tuple[str, ...]:
            nodes = [b.row_nodes() if axis == "row" else b.column_nodes() for b in self.blocks]
            return tuple(_resolve(selectors, nodes, axis, self.key))

        return self.derived(("resolved", axis, selectors), resolve)

    def all_row_keys(self) -> list[str]:
        return [leaf.key for _, leaf in self.leaf_rows()]

    def all_column_keys(self) -> list[str]:
        seen: list[str] = []
        for block in self.blocks:
            for leaf in block.leaf_columns:
                if leaf.key not in seen:
                    seen.append(leaf.key)
        return seen


class SelectorError(KeyError):
    """A rule names a row or column key that the format does not define."""


def _resolve(selectors: Iterable[str], node_iters: list[Iterator[Node]], what: str, table: str):
    nodes: list[Node] = [n for it in node_iters for n in it]
    leaves_in_order: list[str] = []
    for node in nodes:
        if not node.children and node.key not in leaves_in_order:
            leaves_in_order.append(node.key)
    chosen: set[str] = set()
    for selector in selectors:
        matched = False
        for node in nodes:
            if node.key == selector:
                chosen.update(node.leaf_keys)
                matched = True
        if not matched and any(ch in selector for ch in "*?["):
            hits = [k for k in leaves_in_order if fnmatch.fnmatchcase(k, selector)]
            chosen.update(hits)
            matched = bool(hits)
        if not matched:
            raise SelectorError(f"{table} has no {what} '{selector}'")
    return [k for k in leaves_in_order if k in chosen]


@dataclass(frozen=True)
class SectionDef:
    """A section of the format, or (``extra``) a section some reports add that is not one."""

    key: str
    number: int  # position in the format, 1..6; 0 for an extra section
    label: str
    keywords: tuple[tuple[str, ...], ...]
    #: keyword sets of headings that are this section in other words ("…及明年工作计划")
    variants: tuple[tuple[str, ...], ...] = ()
    extra: bool = False

    def matches(self, heading_text: str) -> bool:
        """True when a heading (without its ordinal) carries one of the keyword sets."""
        return self._all_pattern.match(normalize(heading_text)) is not None

    def worded_as_format(self, heading_text: str) -> bool:
        """True when the heading carries one of the format's own keyword sets (not a variant)."""
        norm = normalize(heading_text)
        return any(all(k in norm for k in group) for group in self._groups)

    @cached_property
    def _groups(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(normalize(k) for k in group) for group in self.keywords)

    @cached_property
    def _all_groups(self) -> tuple[tuple[str, ...], ...]:
        variants = tuple(tuple(normalize(k) for k in group) for group in self.variants)
        return (*self._groups, *variants)

    @cached_property
    def _all_pattern(self) -> re.Pattern[str]:
        """Matches (at the start) a text holding every keyword of one of the sets: the test of
        :meth:`matches` done by the regex engine, as every line that looks like a heading is
        tried against every section (issue 16)."""
        sets = ["".join(f"(?=.*?{re.escape(k)})" for k in group) for group in self._all_groups]
        return re.compile("(?:" + "|".join(sets) + ")" if sets else "(?!)", re.DOTALL)


@dataclass(frozen=True)
class FormatDef:
    id: str
    name: str
    document: str
    first_year: int | None
    last_year: int | None
    checkable: bool
    signatures: tuple[str, ...]
    min_signatures: int
    sections: tuple[SectionDef, ...]
    tables: tuple[TableDef, ...]
    source: str = ""
    #: sections some reports add that the format does not have (信息处理费收取情况)
    extra_sections: tuple[SectionDef, ...] = ()

    def table(self, key: str) -> TableDef | None:
        for table in self.tables:
            if table.key == key:
                return table
        return None

    def section(self, key: str) -> SectionDef | None:
        for section in (*self.sections, *self.extra_sections):
            if section.key == key:
                return section
        return None

    def covers_year(self, year: int) -> bool:
        if self.first_year is not None and year < self.first_year:
            return False
        return not (self.last_year is not None and year > self.last_year)

    def signatures_in(self, normalized_text: str) -> tuple[str, ...]:
        return tuple(s for s in self.signatures if normalize(s) in normalized_text)


@dataclass
class FormatRegistry:
    formats: dict[str, FormatDef] = field(default_factory=dict)

    def add(self, fmt: FormatDef) -> None:
        if fmt.id in self.formats:
            other = self.formats[fmt.id]
            raise DataFileError(
                f"format id '{fmt.id}' is defined twice",
                [
                    FileProblem(fmt.source, None, "id", f"also defined in {other.source}"),
                ],
            )
        self.formats[fmt.id] = fmt

    def get(self, format_id: str | None) -> FormatDef | None:
        return self.formats.get(format_id) if format_id else None

    def ids(self) -> list[str]:
        return list(self.formats)

    def earlier(self, fmt: FormatDef) -> list[FormatDef]:
        """The checkable formats that preceded ``fmt`` (by first report year), newest first."""
        if fmt.first_year is None:
            return []
        older = [
            f
            for f in self.formats.values()
            if f.checkable and f.first_year is not None and f.first_year < fmt.first_year
        ]
        return sorted(older, key=lambda f: f.first_year or 0, reverse=True)

    def expected_for_year(self, year: int | None) -> FormatDef | None:
        if year is None:
            return None
        for fmt in self.formats.values():
            if fmt.covers_year(year):
                return fmt
        return None

    def detect(self, text: str) -> tuple[FormatDef | None, tuple[str, ...]]:
        """Detect the format from the labels present in ``text``.

        Checkable formats are scored first by the number of distinct signature labels found; a
        non-checkable (pre-2019) format is only chosen when no checkable format has any.
        """
        norm = normalize(text)
        best: tuple[int, FormatDef | None, tuple[str, ...]] = (0, None, ())
        for fmt in self.formats.values():
            if not fmt.checkable:
                continue
            hits = fmt.signatures_in(norm)
            if len(hits) >= max(fmt.min_signatures, 1) and len(hits) > best[0]:
                best = (len(hits), fmt, hits)
        if best[1] is not None:
            return best[1], best[2]
        for fmt in self.formats.values():
            if fmt.checkable:
                continue
            hits = fmt.signatures_in(norm)
            if len(hits) >= max(fmt.min_signatures, 1):
                return fmt, hits
        return None, ()
