"""Rebuild the rows of 表二, 表三 and 表四 from character positions, anchored on official labels.

For each table of the format, inside the part of the document where the table's section is:

1. **Row labels and captions** are searched as text laid out in a cell (see :mod:`.layout`): every
   official row label, its variants, the group labels ("（三）不予公开", the vertical
   "三、本年度办理结果") and the 表二 captions ("第二十条第（一）项").
2. **Column headers** are searched the same way among the characters left; vertical
   headers ("结" / "果" / "维" / "持") and wrapped ones ("商业" / "企业") are joined by the search.
   Consecutive headers form a header group; a row uses the last header group before it whose
   labels are its block's columns, in the format's order (sorted left to right). A table
   continued on the next page without repeated headers keeps using the headers from the
   previous page.
3. **Column bands**: the boundary between two columns is the middle of the gap between their
   headers. **Row bands**: the numbers on one line belong to the row whose label they are level
   with. Every character of a number is put in a cell by its own position, so digits set apart
   ("1 0") or numbers wrapped inside a narrow cell are joined within their cell and never slide into
   the next one.
4. A cell that cannot be read with certainty is **not assessable**: a number that crosses a column
   boundary, two numbers in one cell, numbers level with no row label or with two. Those cells are
   reported (``DL927``) and never guessed.

The result is a list of :class:`~disclosure_lint.reading.tablemap.SourceRow` for
:func:`~disclosure_lint.reading.tablemap.map_table`, which checks the counts against the format.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...core.formats import Block, Leaf, Node, TableDef
from ...core.i18n import Text, join
from ...core.labels import ordinal_of, strip_ordinal
from ...core.model import Cell, Issue, Location, SourceLocation, Table
from ...core.values import ValueReason
from ...reading.tablemap import SourceRow, Token
from .extract import Glyph, text_key
from .layout import TOUCH_GAP, Box, LabelFinder, Line, Match, PageLines, gap, group_lines

CELL_UNCLEAR = "DL927"
COLUMNS_UNRECOGNISED = "DL928"
LABEL_VARIANT = "DL926"

#: a value line must be level with a row label: its middle within the label's lines ± this (ems)
_ROW_SLACK = 0.5
#: a value line just outside every label is still given to the nearest one if that one is within
#: this distance (ems) and every other label is at least _ROW_CLEAR ems away
_ROW_NEAR, _ROW_CLEAR = 1.0, 2.0
#: characters of one cell on one line further apart than this (ems) are two values, not one
_SPLIT_GAP = 0.8
#: gaps (ems) that differ by at most this are "equal" letter spacing
_EVEN = 0.1
#: lines of one cell further apart than this (baseline to baseline, ems) are not one wrapped value
_WRAP_GAP = 1.8
#: least similarity between a misspelt row label and the official one to accept it by position
_MIN_SIMILARITY = 0.6
_VALUE_CHARS = re.compile(r"^[0-9０-９.,，。+\-－—–/／\\%％]+$")


@dataclass(frozen=True)
class _RowKind:
    block: int
    node: Node
    leaf: Leaf | None  # None for group labels (no cells of their own)


@dataclass(frozen=True)
class _Caption:
    block: int


@dataclass(frozen=True)
class _Header:
    key: str  # matching key of the column label (leaf columns share labels: 表四)
    label: str  # official label text
    leaf: bool  # a leaf column (group headers, the block header and the note are not)


@dataclass
class _Row:
    match: Match
    kind: _RowKind
    written: str | None = None  # the label as written when it differs from the official one
    values: list[Glyph] = field(default_factory=list)
    lines: list[list[Glyph]] = field(default_factory=list)
    unclear_columns: dict[int, Text] = field(default_factory=dict)
    orphans: list[tuple[Glyph, str]] = field(default_factory=list)
    headers: list[Match] | None = None
    columns: _Columns | None = None


@dataclass
class TableRead:
    rows: list[SourceRow]
    unclear: dict[SourceLocation, Text]  # cell location -> why it is not assessable
    issues: list[Issue]
    consumed: set[int]  # glyph seqs that belong to the table
    boxes: list[Box]  # areas of the table, per page


@dataclass
class _Columns:
    headers: list[Match]  # one per leaf column, left to right
    bounds: list[float]  # len(headers) + 1 boundaries; bounds[0] may be -inf
    template: list[tuple[float, float]] | None = None  # where full rows put each column
    #: ruled lines at the n + 1 cell edges, where the page has exactly one there (else None)
    hard: list[float | None] | None = None

    def index(self, x: float) -> int | None:
        for i in range(len(self.headers)):
            if self.bounds[i] <= x < self.bounds[i + 1]:
                return i
        return None

    def _between_rules(self, x0: float, x1: float) -> tuple[int | None, set[int]] | None:
        """Placement by the ruled lines: inside one cell's rules, or across a rule (in doubt).
        None when the rules around the value are not known."""
        hard = self.hard
        assert hard is not None
        for k in range(len(self.headers)):
            low, high = hard[k], hard[k + 1]
            if low is not None and high is not None and low - 0.5 <= x0 and x1 <= high + 0.5:
                return k, set()
        for k in range(1, len(self.headers)):
            edge = hard[k]
            if edge is not None and x0 < edge - 0.5 and x1 > edge + 0.5:
                return k - 1, {k - 1, k}
        return None

    def spans(self) -> list[tuple[float, float]]:
        if self.template is not None:
            return self.template
        return [(h.box.x0, h.box.x1) for h in self.headers]

    def place(self, x0: float, x1: float) -> tuple[int | None, set[int]]:
        """The column of a value spanning x0..x1, and the columns it leaves in doubt.

        A value belongs to the one column whose span (its header, or where full rows put that
        column's numbers) it overlaps. Left of the first span it can only be in the first column
        and right of the last only in the last. Overlapping two spans, or lying in the gap
        between two, it could be either: set flush right in one cell or flush left in the next.
        """
        if x1 <= self.bounds[0]:
            return None, set()
        if self.hard is not None:
            ruled = self._between_rules(x0, x1)
            if ruled is not None:
                return ruled
        spans = self.spans()
        hits = [i for i, (a, b) in enumerate(spans) if x1 > a and x0 < b]
        if len(hits) == 1:
            return hits[0], set()
        if len(hits) > 1:
            return hits[0], set(hits)
        if x1 <= spans[0][0]:
            return 0, set()
        if x0 >= spans[-1][1]:
            return len(spans) - 1, set()
        for i in range(len(spans) - 1):
            if spans[i][1] <= x0 and x1 <= spans[i + 1][0]:
                nearest = self.index((x0 + x1) / 2)
                return (i if nearest is None else nearest), {i, i + 1}
        return self.index((x0 + x1) / 2), set()


class TableReader:
    """Reads one table of the format from the glyphs of a document region."""

    def __init__(
        self,
        tdef: TableDef,
        table_index: int,
        pages: dict[int, PageLines],
        region: set[int],
        glyphs: dict[int, Glyph],
        file: str,
        rules: dict[int, list[tuple[float, float, float]]] | None = None,
    ) -> None:
        self.rules = rules or {}
        self.tdef = tdef
        self.table_index = table_index
        self.pages = pages
        self.available = set(region)
        self.glyphs = glyphs
        self.file = file
        self.issues: list[Issue] = []
        self.unclear: dict[SourceLocation, Text] = {}
        self.consumed: set[int] = set()
        self.spacing: float | None = None

    # -- helpers ------------------------------------------------------------------------------

    def _loc(
        self, glyphs: Sequence[Glyph] | Box, row: int | None = None, col: int | None = None
    ) -> SourceLocation:
        box = glyphs if isinstance(glyphs, Box) else Box.of(glyphs)
        return SourceLocation(
            self.file,
            page=box.page + 1,
            table_index=self.table_index,
            row_index=row,
            col_index=col,
            bbox=box.as_tuple(),
        )

    def _consume(self, glyphs: Sequence[Glyph]) -> None:
        for glyph in glyphs:
            self.available.discard(glyph.seq)
            self.consumed.add(glyph.seq)

    # -- step 1: labels -----------------------------------------------------------------------

    def _row_targets(self) -> list[tuple[str, object]]:
        targets: list[tuple[str, object]] = []
        for position, block in enumerate(self.tdef.blocks):
            if block.caption:
                for key in block.caption_match:
                    targets.append((text_key(key), _Caption(position)))
            leaves = {leaf.key: leaf for leaf in block.leaf_rows}
            for node in block.row_nodes():
                if not node.label:
                    continue
                kind = _RowKind(position, node, leaves.get(node.key) if not node.children else None)
                for key in node.match:
                    targets.append((text_key(key), kind))
        return targets

    def _header_targets(self) -> list[tuple[str, object]]:
        targets: list[tuple[str, object]] = []
        seen: set[str] = set()
        extra: list[str] = [self.tdef.title, f"{self.tdef.name}{self.tdef.title}"]
        if self.tdef.note:
            extra.append(self.tdef.note)
        for block in self.tdef.blocks:
            if block.header:
                extra.append(block.header)
            for node in block.column_nodes():
                if not node.label:
                    continue
                for key in sorted(node.match):
                    tkey = text_key(key)
                    if (tkey, not node.children) in seen:  # type: ignore[comparison-overlap]
                        continue
                    seen.add((tkey, not node.children))  # type: ignore[arg-type]
                    targets.append(
                        (tkey, _Header(text_key(node.label), node.label, not node.children))
                    )
        for text in extra:
            targets.append((text_key(text), _Header(text_key(text), text, False)))
        return targets

    # -- main ---------------------------------------------------------------------------------

    def read(self) -> TableRead:
        finder = LabelFinder(self.pages, self.available)
        labels = finder.find(self._row_targets())
        for match in labels:
            self._consume(match.glyphs)
        rows = [_Row(m, m.payload) for m in labels if isinstance(m.payload, _RowKind)]
        captions = [m for m in labels if isinstance(m.payload, _Caption)]
        rows.extend(self._misspelt_rows(rows))
        rows.sort(key=lambda r: (r.match.page, r.match.box.top, r.match.box.x0))

        finder = LabelFinder(self.pages, self.available)
        headers = finder.find(self._header_targets(), suffix=True, loose=True)
        for match in headers:
            self._consume(match.glyphs)
        leaf_headers = [
            m
            for m in headers
            if m.payload.leaf and not self._inside_block(m, rows)  # type: ignore[union-attr]
        ]

        events: list[tuple[tuple[int, float, float], str, object]] = []
        for match in captions:
            events.append(((match.page, match.box.top, match.box.x0), "caption", match))
        for row in rows:
            events.append(((row.match.page, row.match.box.top, row.match.box.x0), "row", row))
        for match in leaf_headers:
            events.append(((match.page, match.box.top, match.box.x0), "header", match))
        events.sort(key=lambda e: e[0])
        groups: list[list[Match]] = []
        row_group: dict[int, int] = {}  # id(row) -> index of the last header group before it
        in_group = False
        for _, kind, item in events:
            if kind == "header":
                if not in_group:
                    groups.append([])
                    in_group = True
                groups[-1].append(item)  # type: ignore[arg-type]
            else:
                in_group = False
                if kind == "row":
                    row_group[id(item)] = len(groups) - 1

        source_rows: list[tuple[tuple[int, float, float], SourceRow]] = []
        for match in captions:
            source_rows.append(
                (
                    (match.page, match.box.top, match.box.x0),
                    SourceRow(
                        [
                            Token(
                                self.tdef.blocks[match.payload.block].caption or "",
                                self._loc(match.glyphs),
                            )
                        ]
                    ),
                )
            )
        for group in groups:
            first = min(group, key=lambda m: (m.page, m.box.top))
            source_rows.append(
                (
                    (first.page, first.box.top, first.box.x0),
                    SourceRow(
                        [
                            Token(m.payload.label, self._loc(m.glyphs))
                            for m in sorted(group, key=lambda m: (m.page, m.box.cx))  # type: ignore[union-attr]
                        ]
                    ),
                )
            )

        for row in rows:
            block = self.tdef.blocks[row.kind.block]
            row.headers = self._headers_for(block, groups, row_group.get(id(row), -1))
        for page in sorted({r.match.page for r in rows}):
            self._assign_values(page, [r for r in rows if r.match.page == page])
        self.spacing = letter_spacing([line for r in rows for line in r.lines])
        templates = self._templates(rows)
        for row in rows:
            if row.headers is not None:
                row.columns = self._bands(row.headers, row, templates.get(_layout_key(row.headers)))
            self._resolve_orphans(row)

        reported_blocks: set[int] = set()
        row_number = 0
        for position, block in enumerate(self.tdef.blocks):
            if len(block.leaf_rows) == 1 and not block.leaf_rows[0].labels:
                built = self._unlabeled_row(block, groups)
                if built is not None:
                    source_rows.append(built)
                continue
            for row in (r for r in rows if r.kind.block == position):
                if row.kind.leaf is None and not row.values:
                    continue
                if (
                    row.columns is None
                    and row.kind.leaf is not None
                    and position not in reported_blocks
                ):
                    reported_blocks.add(position)
                    self.issues.append(
                        Issue(
                            COLUMNS_UNRECOGNISED,
                            Location(
                                table=self.tdef.key,
                                table_name=self.tdef.name,
                                source=self._loc(row.match.glyphs),
                            ),
                            {
                                "table": self.tdef.name,
                                "detail": join([leaf.label for leaf in block.leaf_columns]),
                            },
                        )
                    )
                row_number += 1
                source_rows.append(self._source_row(row, block, row_number))
        source_rows.sort(key=lambda item: item[0])
        return TableRead(
            [r for _, r in source_rows], self.unclear, self.issues, self.consumed, self._areas()
        )

    # -- misspelt labels ----------------------------------------------------------------------

    def _misspelt_rows(self, rows: list[_Row]) -> list[_Row]:
        """Rows whose label differs from the official wording ("2.其他法律行政止公开").

        Accepted when the label sits between the rows before and after it in the format, in
        the label column, carries the same ordinal, and is similar enough to the official label.
        """
        found = {r.kind.leaf.key: r for r in rows if r.kind.leaf is not None}
        order: list[tuple[int, Leaf]] = [
            (position, leaf)
            for position, block in enumerate(self.tdef.blocks)
            for leaf in block.leaf_rows
            if leaf.labels
        ]
        added: list[_Row] = []
        for index, (position, leaf) in enumerate(order):
            if leaf.key in found:
                continue
            before = found.get(order[index - 1][1].key) if index > 0 else None
            after = found.get(order[index + 1][1].key) if index + 1 < len(order) else None
            if before is None or after is None:
                continue
            if before.match.page != after.match.page:
                continue
            candidate = self._label_between(before.match, after.match)
            if candidate is None:
                continue
            written = "".join(g.char for g in candidate)
            official = leaf.label
            if not _similar(written, official):
                continue
            block = self.tdef.blocks[position]
            node = next(n for n in block.row_nodes() if n.key == leaf.key)
            row = _Row(
                Match(text_key(official), tuple(candidate), None),
                _RowKind(position, node, leaf),
                written=written,
            )
            self._consume(candidate)
            added.append(row)
            found[leaf.key] = row
            self.issues.append(
                Issue(
                    LABEL_VARIANT,
                    Location(
                        table=self.tdef.key,
                        table_name=self.tdef.name,
                        row=leaf.key,
                        row_labels=leaf.labels,
                        source=self._loc(candidate),
                    ),
                    {"table": self.tdef.name, "row": official, "label": written},
                )
            )
        return added

    def _label_between(self, before: Match, after: Match) -> list[Glyph] | None:
        page = self.pages[before.page]
        top, bottom = before.box.bottom, after.box.top
        x_starts = (before.box.x0, after.box.x0)
        em = max(before.em, after.em)
        chosen: list[list[Glyph]] = []
        for line in page.lines:
            if not (top < line.baseline - 0.3 * em and line.baseline < bottom + 0.3 * em):
                continue
            free = [g for g in line.glyphs if g.seq in self.available]
            if not free:
                continue
            for run in _runs(free):
                if not any(abs(run[0].x0 - x) <= 2 * em for x in x_starts):
                    continue
                text = "".join(g.char for g in run)
                if _VALUE_CHARS.match(text):
                    continue
                chosen.append(run)
        if len(chosen) == 1:
            return chosen[0]
        if len(chosen) == 2:  # a label wrapped over two lines
            first, second = chosen
            if 0 < second[0].baseline - first[0].baseline <= 2.6 * em:
                return first + second
        return None

    # -- columns ------------------------------------------------------------------------------

    def _inside_block(self, match: Match, rows: list[_Row]) -> bool:
        """A header-like text between two rows of one block is body text, not a header."""
        box = match.box
        for block in {r.kind.block for r in rows}:
            same = [r for r in rows if r.kind.block == block and r.match.page == match.page]
            above = any(r.match.box.bottom <= box.top + 0.1 for r in same)
            below = any(r.match.box.top >= box.bottom - 0.1 for r in same)
            if above and below:
                return True
        return False

    def _headers_for(
        self, block: Block, groups: list[list[Match]], group_index: int
    ) -> list[Match] | None:
        """The headers of ``block``'s columns, left to right, from the last header group at
        or before ``group_index`` that has any of them; None unless all are there in order."""
        wanted = [text_key(leaf.label) for leaf in block.leaf_columns]
        variants = [
            {text_key(k) for k in leaf.match} | {text_key(leaf.label)}
            for leaf in block.leaf_columns
        ]
        accept = set().union(*variants)
        for index in range(group_index, -1, -1):
            group = [
                m
                for m in groups[index]
                if m.payload.key in accept  # type: ignore[union-attr]
                or m.target in accept
            ]
            if not group:
                continue
            group.sort(key=lambda m: m.box.cx)
            if len(group) != len(wanted):
                return None
            for match, options in zip(group, variants, strict=True):
                if match.target not in options and match.payload.key not in options:  # type: ignore[union-attr]
                    return None
            return group
        return None

    def _columns_for(
        self, block: Block, groups: list[list[Match]], group_index: int, row: _Row | None
    ) -> _Columns | None:
        headers = self._headers_for(block, groups, group_index)
        return None if headers is None else self._bands(headers, row, None)

    def _templates(self, rows: list[_Row]) -> dict[tuple, list[tuple[float, float]]]:
        """Where each column's numbers actually are, learnt from fully filled rows.

        Headers are often centred over numbers set flush left or right; the gap between two
        headers then says little about where one cell ends. A row whose line holds exactly one
        separate number per column shows it: the template of a column is the span of its numbers
        in such rows. It is used only when all full rows agree (spans in header order, not
        overlapping, each number nearer its own header than the neighbours' centres allow).
        Blocks with the same headers at the same places (表二 （五） and （六） of 2019) learn
        together.
        """
        by_headers: dict[tuple, list[_Row]] = {}
        for row in rows:
            if row.headers is not None and row.kind.leaf is not None:
                by_headers.setdefault(_layout_key(row.headers), []).append(row)
        templates: dict[tuple, list[tuple[float, float]]] = {}
        for key, group in by_headers.items():
            headers = group[0].headers
            assert headers is not None
            n = len(headers)
            if n < 2:
                continue
            spans: list[list[tuple[float, float]]] = [[] for _ in range(n)]
            usable = True
            for row in group:
                if len(row.lines) != 1:
                    continue
                tokens = _tokens(row.lines[0])
                if len(tokens) != n:
                    continue
                for k, token in enumerate(tokens):
                    x0, x1 = token[0].x0, token[-1].x1
                    centre = (x0 + x1) / 2
                    low = headers[k - 1].box.cx if k > 0 else -math.inf
                    high = headers[k + 1].box.cx if k + 1 < n else math.inf
                    if not low < centre < high:
                        usable = False
                    spans[k].append((x0, x1))
            if not usable or not all(spans):
                continue
            merged = [(min(a for a, _ in col), max(b for _, b in col)) for col in spans]
            if all(merged[k][1] < merged[k + 1][0] for k in range(n - 1)):
                templates[key] = merged
        return templates

    def _bands(
        self, headers: list[Match], row: _Row | None, template: list[tuple[float, float]] | None
    ) -> _Columns:
        bounds: list[float] = []
        for index, (left, right) in enumerate(itertools.pairwise(headers)):
            if template is not None:
                bounds.append((template[index][1] + template[index + 1][0]) / 2)
            elif left.box.x1 <= right.box.x0:
                bounds.append((left.box.x1 + right.box.x0) / 2)
            else:
                bounds.append((left.box.cx + right.box.cx) / 2)
        first = headers[0].box
        if row is None or not row.match.target:  # 表四: no row label on the left
            start = -math.inf
        elif bounds:
            pad = bounds[0] - first.x1
            start = first.x0 - pad
            if template is not None:
                start = min(start, template[0][0] - 0.5)
            start = max(row.match.box.x1, start)
        else:
            start = row.match.box.x1
        hard = self._hard_edges(headers, row)
        return _Columns(headers, [start, *bounds, math.inf], template, hard)

    def _hard_edges(self, headers: list[Match], row: _Row | None) -> list[float | None] | None:
        """The ruled lines between, left of and right of the columns, at the row's height."""
        if row is not None and row.values:
            page = row.values[0].page
            y = (min(g.top for g in row.values) + max(g.bottom for g in row.values)) / 2
        elif row is not None and row.match.glyphs:
            page, y = row.match.page, row.match.box.cy
        else:
            return None
        xs = sorted(x for x, top, bottom in self.rules.get(page, ()) if top - 1 <= y <= bottom + 1)
        if not xs:
            return None

        def one(low: float, high: float) -> float | None:
            inside = [x for x in xs if low < x < high]
            if inside and inside[-1] - inside[0] <= 1.5:
                return (inside[0] + inside[-1]) / 2
            return None

        edges: list[float | None] = []
        label_edge = (
            row.match.box.x1 - 1 if row.kind.leaf is not None and row.match.target else None
        )
        first = headers[0].box
        left = [x for x in xs if x < first.x0 + 0.5 and (label_edge is None or x > label_edge)]
        if label_edge is not None:
            edges.append(left[0] if left else None)  # the label cell's right side
        else:
            edges.append(left[-1] if left else None)
        for a, b in itertools.pairwise(headers):
            edges.append(one(a.box.x1 - 0.5, b.box.x0 + 0.5) if a.box.x1 < b.box.x0 else None)
        right = [x for x in xs if x > headers[-1].box.x1 - 0.5]
        edges.append(right[0] if right else None)
        return edges

    # -- values -------------------------------------------------------------------------------

    def _assign_values(self, page: int, page_rows: list[_Row]) -> None:
        """Give every line of values on ``page`` to the row whose label it is level with."""
        leaves = [r for r in page_rows if r.kind.leaf is not None]
        edges = [r.match.box.x1 for r in leaves] or [r.match.box.x1 for r in page_rows]
        left_edge = min(edges)
        first_top = min(r.match.box.top for r in page_rows)
        last_bottom = max(r.match.box.bottom for r in page_rows)
        zone = []
        for seq in self.available:
            glyph = self.glyphs[seq]
            if (
                glyph.page == page
                and glyph.cx > left_edge
                and first_top - 2 * glyph.em <= glyph.cy <= last_bottom + 2 * glyph.em
            ):
                zone.append(glyph)
        for line in group_lines(zone):
            target = self._row_for_line(line, page_rows)
            if target is None:
                self._orphan(line, leaves)
                continue
            target.values.extend(line.glyphs)
            target.lines.append(line.glyphs)
            self._consume(line.glyphs)

    def _row_for_line(self, line: Line, rows: list[_Row]) -> _Row | None:
        middle = (line.top + line.bottom) / 2
        em = line.em
        hits = [
            r
            for r in rows
            if r.match.box.top - _ROW_SLACK * em <= middle <= r.match.box.bottom + _ROW_SLACK * em
        ]
        leaf_hits = [r for r in hits if r.kind.leaf is not None]
        if len(leaf_hits) == 1:
            return leaf_hits[0]
        if len(leaf_hits) > 1:
            ranked = sorted(leaf_hits, key=lambda r: abs(r.match.box.cy - middle))
            first, second = (abs(r.match.box.cy - middle) for r in ranked[:2])
            return ranked[0] if second >= 2 * first + 0.5 * em else None
        if hits:
            small = [r for r in hits if r.match.box.bottom - r.match.box.top <= 3 * em]
            return small[0] if len(small) == 1 else None
        distances = sorted(
            (
                (min(abs(middle - r.match.box.top), abs(middle - r.match.box.bottom)), i)
                for i, r in enumerate(rows)
                if r.kind.leaf is not None
            ),
        )
        if not distances:
            return None
        nearest, index = distances[0]
        runner_up = distances[1][0] if len(distances) > 1 else math.inf
        if nearest <= _ROW_NEAR * em and runner_up >= _ROW_CLEAR * em:
            return rows[index]
        return None

    def _orphan(self, line: Line, leaves: list[_Row]) -> None:
        """Values level with no row label: the rows on either side may be missing them."""
        middle = (line.top + line.bottom) / 2
        above = [r for r in leaves if r.match.box.bottom < middle]
        below = [r for r in leaves if r.match.box.top > middle]
        if not above or not below:
            return  # above the first row (headers) or below the last row (after the table)
        text = "".join(g.char for g in line.glyphs)
        if not any(g.char.isdigit() for g in line.glyphs) and not _VALUE_CHARS.match(text):
            return
        neighbours = [
            max(above, key=lambda r: r.match.box.bottom),
            min(below, key=lambda r: r.match.box.top),
        ]
        for row in neighbours:
            row.orphans.extend((glyph, text) for glyph in line.glyphs)
        self._consume(line.glyphs)

    def _resolve_orphans(self, row: _Row) -> None:
        for glyph, text in row.orphans:
            column = row.columns.index(glyph.cx) if row.columns is not None else None
            if column is not None:
                row.unclear_columns.setdefault(
                    column,
                    Text(
                        f"p{glyph.page + 1} 有未能归入任何一行的数字“{text}”",
                        f"p{glyph.page + 1} has a number '{text}' that belongs to no row",
                    ),
                )

    def _unlabeled_row(
        self, block: Block, groups: list[list[Match]]
    ) -> tuple[tuple[int, float, float], SourceRow] | None:
        """表四: one row of numbers under the header group, no row label."""
        columns = None
        group_index = -1
        for index in range(len(groups) - 1, -1, -1):
            columns = self._columns_for(block, groups, index, None)
            if columns is not None:
                group_index = index
                break
        if columns is None:
            if groups:
                first = groups[0][0]
                self.issues.append(
                    Issue(
                        COLUMNS_UNRECOGNISED,
                        Location(
                            table=self.tdef.key,
                            table_name=self.tdef.name,
                            source=self._loc(first.glyphs),
                        ),
                        {
                            "table": self.tdef.name,
                            "detail": join([leaf.label for leaf in block.leaf_columns]),
                        },
                    )
                )
            return None
        header = groups[group_index]
        page = max(m.page for m in header)
        header_bottom = max(m.box.bottom for m in header if m.page == page)
        zone = [
            self.glyphs[s]
            for s in self.available
            if self.glyphs[s].page == page and self.glyphs[s].top >= header_bottom - 1
        ]
        lines = [ln for ln in group_lines(zone)]
        if not lines:
            return None
        first = lines[0]
        if not any(_VALUE_CHARS.match(g.char) or g.char.isdigit() for g in first.glyphs):
            return None
        picked = [first]
        for line in lines[1:]:
            if line.baseline - picked[-1].baseline > _WRAP_GAP * line.em:
                break
            if not all(g.char.isdigit() for g in line.glyphs):
                break
            picked.append(line)
        glyphs = [g for ln in picked for g in ln.glyphs]
        box = Box.of(glyphs)
        row = _Row(Match("", tuple(glyphs), None), _RowKind(0, block.rows[0], block.leaf_rows[0]))
        row.values = glyphs
        row.lines = [ln.glyphs for ln in picked]
        if self.spacing is None:
            self.spacing = letter_spacing(row.lines)
        row.headers = columns.headers
        template = self._templates([row]).get(_layout_key(columns.headers))
        columns = self._bands(columns.headers, row, template)
        self._consume(glyphs)
        tokens = self._cells(row, block, columns, 1, box)
        return ((page, box.top, box.x0), SourceRow(tokens))

    # -- cells --------------------------------------------------------------------------------

    def _source_row(
        self, row: _Row, block: Block, number: int
    ) -> tuple[tuple[int, float, float], SourceRow]:
        box = row.match.box
        columns = row.columns
        label_text = row.kind.node.label or ""
        tokens = [Token(label_text, self._loc(row.match.glyphs, number, 0))]
        if row.kind.leaf is None:
            # a group label written as a row with numbers (2019 layout of （六）其他处理 in a 2021
            # report): passed on as written; the mapper knows it has no cells of its own
            tokens.extend(
                Token("".join(g.char for g in ln), self._loc(ln, number))
                for ln in _split_cells(row.values)
            )
        elif columns is None:
            for position in range(len(block.leaf_columns)):
                loc = self._loc(box, number, position + 1)
                self.unclear[loc] = Text(
                    "未能识别本表的列标题，无法确定数字所属的列",
                    "the column headers of this table were not recognised, so numbers cannot "
                    "be placed in columns",
                )
                tokens.append(Token("", loc))
        else:
            tokens.extend(self._cells(row, block, columns, number, box))
        return ((box.page, box.top, box.x0), SourceRow(tokens))

    def _cells(
        self, row: _Row, block: Block, columns: _Columns, number: int, row_box: Box
    ) -> list[Token]:
        buckets: dict[int, list[Glyph]] = {i: [] for i in range(len(columns.headers))}
        reasons: dict[int, Text] = dict(row.unclear_columns)
        for line in row.lines:
            for token in _tokens(line):
                for piece in self._pieces(token, columns):
                    text = "".join(g.char for g in piece)
                    column, doubtful = columns.place(piece[0].x0, piece[-1].x1)
                    if column is None:
                        continue
                    buckets[column].extend(piece)
                    for other in sorted(doubtful):
                        reasons.setdefault(
                            other,
                            Text(
                                f"“{text}”位于两列之间，无法确定属于哪一列",
                                f"'{text}' lies between two columns and cannot be placed",
                            ),
                        )
        tokens: list[Token] = []
        for column, header in enumerate(columns.headers):
            glyphs = buckets[column]
            if glyphs:
                text, problem = _cell_text(glyphs, self.spacing)
                loc = self._loc(glyphs, number, column + 1)
                if problem:
                    reasons.setdefault(column, problem)
            else:
                text = ""
                loc = self._loc(
                    Box(row_box.page, header.box.x0, row_box.top, header.box.x1, row_box.bottom),
                    number,
                    column + 1,
                )
            if column in reasons:
                self.unclear[loc] = reasons[column]
                tokens.append(Token(text, loc))
            else:
                tokens.append(Token(text, loc))
        return tokens

    @classmethod
    def _pieces(cls, token: list[Glyph], columns: _Columns) -> list[list[Glyph]]:
        """Split a token at the ruled lines that run between its characters, then each part
        where its characters do not touch (see :meth:`_close_values`)."""
        parts = [[token[0]]]
        edges = [e for e in (columns.hard or []) if e is not None]
        for a, b in itertools.pairwise(token):
            if any(a.x1 - 0.3 <= e <= b.x0 + 0.3 for e in edges):
                parts.append([b])
            else:
                parts[-1].append(b)
        return [piece for part in parts for piece in cls._close_values(part, columns)]

    @staticmethod
    def _close_values(token: list[Glyph], columns: _Columns) -> list[list[Glyph]]:
        """A token that covers several column spans is split where its characters do not
        touch, if every piece then sits in one column, in order: values of neighbouring cells set
        close together. An evenly letter-spaced token is one value and stays whole (and in doubt).
        Pieces that land in one column are joined again and checked as one cell.
        """
        spans = columns.spans()
        hits = [i for i, (a, b) in enumerate(spans) if token[-1].x1 > a and token[0].x0 < b]
        if len(hits) <= 1:
            return [token]
        gaps = [gap(a, b) for a, b in itertools.pairwise(token)]
        if _evenly_spaced(gaps, None):
            return [token]
        pieces: list[list[Glyph]] = [[token[0]]]
        for (_, b), distance in zip(itertools.pairwise(token), gaps, strict=True):
            if distance > TOUCH_GAP:
                pieces.append([b])
            else:
                pieces[-1].append(b)
        placed: list[int] = []
        for piece in pieces:
            column, doubtful = columns.place(piece[0].x0, piece[-1].x1)
            if column is None or doubtful or (placed and column < placed[-1]):
                return [token]
            placed.append(column)
        return pieces

    def _areas(self) -> list[Box]:
        by_page: dict[int, list[Glyph]] = {}
        for seq in self.consumed:
            glyph = self.glyphs[seq]
            by_page.setdefault(glyph.page, []).append(glyph)
        return [Box.of(glyphs) for _, glyphs in sorted(by_page.items())]


def _runs(glyphs: list[Glyph]) -> list[list[Glyph]]:
    out: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: g.x0):
        if out and gap(out[-1][-1], glyph) <= 1.0:
            out[-1].append(glyph)
        else:
            out.append([glyph])
    return out


def _layout_key(headers: list[Match]) -> tuple:
    """Headers with the same labels at the same places: the same column layout."""
    return tuple((m.target, round(m.box.x0), round(m.box.x1)) for m in headers)


def _tokens(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Separate written values on one line: runs of characters at most _SPLIT_GAP apart."""
    out: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: g.x0):
        if out and gap(out[-1][-1], glyph) <= _SPLIT_GAP:
            out[-1].append(glyph)
        else:
            out.append([glyph])
    return out


def _split_cells(glyphs: list[Glyph]) -> list[list[Glyph]]:
    return [run for line in group_lines(glyphs) for run in _runs(line.glyphs)]


def _cell_text(glyphs: list[Glyph], spacing: float | None) -> tuple[str, Text | None]:
    """The text of one cell and, if it cannot be read as one value, why.

    Characters of one value touch. Characters set apart are one value only when they are
    evenly letter-spaced: several equal gaps, or gaps equal to the letter spacing seen in
    other cells of the table (``spacing``, in ems). "3 5" is two numbers as much as "35".
    """
    lines = group_lines(glyphs)
    problem: Text | None = None
    parts: list[str] = []
    for index, line in enumerate(lines):
        if index and line.baseline - lines[index - 1].baseline > _WRAP_GAP * line.em:
            problem = Text(
                "单元格内的文字分散在相距较远的几行，无法确定为一个数值",
                "the text of the cell is spread over distant lines and is not one value",
            )
        gaps = [gap(a, b) for a, b in itertools.pairwise(line.glyphs)]
        if any(g > _SPLIT_GAP for g in gaps):
            problem = problem or Text(
                "单元格内有两处分开的文字，无法确定为一个数值",
                "the cell holds two separate pieces of text and is not one value",
            )
        elif any(g > TOUCH_GAP for g in gaps) and not _evenly_spaced(gaps, spacing):
            problem = problem or Text(
                "单元格内的数字之间有空隙，无法确定是一个数还是几个数",
                "the digits in the cell are set apart: one number or several cannot be told",
            )
        parts.append("".join(g.char for g in line.glyphs))
    return "".join(parts), problem


def _evenly_spaced(gaps: list[float], spacing: float | None) -> bool:
    if len(gaps) >= 2 and max(gaps) - min(gaps) <= _EVEN:
        return True
    return spacing is not None and all(abs(g - spacing) <= _EVEN for g in gaps)


def letter_spacing(rows_lines: list[list[Glyph]]) -> float | None:
    """The letter spacing (ems) of values in a table: the median gap inside values whose
    characters are evenly set apart, or None when values are set solid."""
    found: list[float] = []
    for line in rows_lines:
        for token in _tokens(line):
            gaps = [gap(a, b) for a, b in itertools.pairwise(token)]
            if len(gaps) >= 2 and min(gaps) > TOUCH_GAP and max(gaps) - min(gaps) <= _EVEN:
                found.append(statistics.median(gaps))
    return statistics.median(found) if found else None


def _core(text: str) -> str:
    key = text_key(text)
    return strip_ordinal(key.replace(".", ",", 1)) if ordinal_of(key.replace(".", ",", 1)) else key


def _similar(written: str, official: str) -> bool:
    a, b = text_key(written), text_key(official)
    ord_a = ordinal_of(a.replace(".", ",", 1)) if a else None
    ord_b = ordinal_of(b.replace(".", ",", 1)) if b else None
    if (ord_a or ord_b) and (ord_a or "").rstrip(",.") != (ord_b or "").rstrip(",."):
        return False
    ratio = difflib.SequenceMatcher(None, _core(written), _core(official)).ratio()
    return ratio >= _MIN_SIMILARITY


def mark_unclear(table: Table, unclear: dict[SourceLocation, Text], tdef: TableDef) -> list[Issue]:
    """Turn the cells read from unclear places into "missing" cells, with one issue each."""
    issues: list[Issue] = []
    for key, cell in list(table.cells.items()):
        if cell.location is None or cell.location not in unclear:
            continue
        if cell.reason is ValueReason.MISSING and cell.raw is None:
            continue
        why = unclear[cell.location]
        table.cells[key] = Cell(
            table=cell.table,
            row=cell.row,
            column=cell.column,
            row_labels=cell.row_labels,
            column_labels=cell.column_labels,
            raw=cell.raw,
            value=None,
            reason=ValueReason.MISSING,
            location=cell.location,
        )
        issues.append(
            Issue(
                CELL_UNCLEAR,
                Location.of_cell(table.cells[key], tdef.name),
                {
                    "table": tdef.name,
                    "row": " › ".join(cell.row_labels) or tdef.name,
                    "column": " › ".join(cell.column_labels),
                    "detail": why,
                },
            )
        )
    return issues
