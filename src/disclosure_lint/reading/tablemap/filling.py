"""The cells of a format table filled from the rows found, checked against the format's counts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...core.formats import Block, Leaf, Node, TableDef
from ...core.i18n import join
from ...core.model import Cell, Issue, Location, SourceLocation, Table
from ...core.values import clean_cell_text, parsed_cell
from ..runon import is_value_run, split_run, total_relations
from ..runon.table import OpenRow, solve_rows
from ..runon.totals import column_relations
from .issues import (
    RUN_NOT_SPLIT,
    RUN_SPLIT_BY_TABLE,
    RUN_SPLIT_BY_TOTAL,
    cell_count,
    group_cell_count,
    row_location,
    row_missing,
    run_issue,
    runs_split_by_count,
)
from .source import Token, fit, is_blank

#: cuts of one row tried against the whole table
_MAX_CUTS = 256


@dataclass
class _Open:
    """A row written together whose own text left cells open, waiting for the whole table."""

    block: Block
    leaf: Leaf
    location: Location
    anchor: SourceLocation
    written: str
    cuts: tuple[tuple[str, ...], ...]
    cells: tuple[str | None, ...]  # what the row alone decided
    issues: tuple[Issue, ...]  # its DL932 (and DL931), replaced when the table decides more


class TableFiller:
    """Puts the cells of each row of ``tdef`` into ``table``; appends what it cannot to ``issues``.

    ``present`` says whether any part of the table was found: only then is a row without
    numbers reported missing.
    """

    def __init__(self, tdef: TableDef, table: Table, issues: list[Issue], present: bool) -> None:
        self.tdef = tdef
        self.table = table
        self.issues = issues
        self.present = present
        #: the relations between rows in every column, and each block's row totals (by position)
        self.column_relations = column_relations(tdef)
        self.row_totals = {id(block): total_relations(block) for block in tdef.blocks}
        self.open: list[_Open] = []
        self.by_count: list[tuple[Leaf, Location, str, str]] = []  # rows split one way only

    def fill_row(
        self,
        block: Block,
        leaf: Leaf,
        values: list[Token] | None,
        anchor: SourceLocation | None,
    ) -> None:
        """One row from the cells found after its label (None: the row was not found)."""
        expected = len(block.leaf_columns)
        fitted: list[Token | None] | None = None
        if values is not None:
            fitted = list(fit(values, expected) or []) or None
        # (the row's location is made only for an issue: most rows are read as they are)
        if self.present and values is None:
            self.issues.append(row_missing(self.tdef, leaf, row_location(self.tdef, leaf, anchor)))
        elif values is not None and fitted is None:
            location = row_location(self.tdef, leaf, anchor)
            if _run_together(values, expected):
                fitted = self._split_row(block, leaf, values, location)
            else:
                self.issues.append(cell_count(self.tdef, leaf, location, expected, values))
        # (``_put`` for each cell, written out with ``Cell.from_raw``'s body: this runs for every
        # cell of every table)
        cells = self.table.cells
        table, row, row_labels = self.tdef.key, leaf.key, leaf.labels
        for column, token in zip(block.leaf_columns, fitted or _none(expected), strict=True):
            if token is None:
                raw, where = None, anchor
            else:
                raw, where = token.text, token.location
            parsed = parsed_cell(raw)
            key = column.key
            cells[(row, key)] = Cell(
                table,
                row,
                key,
                row_labels,
                column.labels,
                raw,
                parsed.value,
                parsed.reason,
                parsed.irregularities,
                parsed.unit,
                where,
            )

    def fill_groups(
        self, block: Block, leaf: Leaf, groups: dict[str, tuple[Node, list[Token]]]
    ) -> None:
        """The unlabeled row read group by group (表四 as one small table per column group)."""
        tokens: dict[str, Token] = {}
        for group, values in groups.values():
            fitted = fit(values, len(list(group.leaves())))
            assert fitted is not None  # checked when the values were taken
            for column, token in zip(group.leaves(), fitted, strict=True):
                tokens[column.key] = token
        anchor = next(iter(tokens.values())).location
        missing = [c for c in block.leaf_columns if c.key not in tokens]
        if missing:
            found = list(tokens.values())
            self.issues.append(
                group_cell_count(self.tdef, leaf, anchor, len(block.leaf_columns), found)
            )
        for column in block.leaf_columns:
            self._put(leaf, column, tokens.get(column.key), anchor)

    def _put(
        self, leaf: Leaf, column: Leaf, token: Token | None, anchor: SourceLocation | None
    ) -> None:
        self.table.cells[(leaf.key, column.key)] = Cell.from_raw(
            self.tdef.key,
            leaf.key,
            column.key,
            leaf.labels,
            column.labels,
            token.text if token is not None else None,
            token.location if token is not None else anchor,
        )

    def _split_row(
        self, block: Block, leaf: Leaf, values: list[Token], location: Location
    ) -> list[Token | None] | None:
        """Split a row's numbers written together into its cells; report how (DL930–DL932)."""
        pieces = [v for v in values if not is_blank(v)]
        kinds = tuple(column.value for column in block.leaf_columns)
        relations = self.row_totals[id(block)]
        limit = _MAX_CUTS if self.column_relations else 0
        texts = [clean_cell_text(v.text) for v in pieces]
        split = split_run(texts, kinds, relations, limit)
        written = " ".join(v.text.strip() for v in pieces)
        cells = split.cells if split is not None else tuple([None] * len(kinds))
        shown = " | ".join(c if c is not None else "?" for c in cells)
        by_total: Issue | None = None
        if split is not None and split.used_totals:
            by_total = run_issue(RUN_SPLIT_BY_TOTAL, self.tdef, leaf, location, written, shown)
            self.issues.append(by_total)
            used = [r.keys(block.leaf_columns) for r in relations]
            self.table.assumed_relations.setdefault(leaf.key, []).extend(used)
        elif split is not None and split.complete:
            self.by_count.append((leaf, location, written, shown))
        anchor = pieces[0].location
        if split is None or not split.complete:
            issue = self._not_split(block, leaf, location, written, cells)
            self.issues.append(issue)
            if split is not None and split.cuts:
                issues = (issue, by_total) if by_total is not None else (issue,)
                self.open.append(
                    _Open(block, leaf, location, anchor, written, split.cuts, cells, issues)
                )
        if split is None or not split.any:
            return None
        return [Token(c, anchor, joined=True) if c is not None else None for c in cells]

    def _not_split(
        self,
        block: Block,
        leaf: Leaf,
        location: Location,
        written: str,
        cells: tuple[str | None, ...],
    ) -> Issue:
        """One issue for a row whose cells were not all read, naming the cells not read."""
        shown = " | ".join(c if c is not None else "?" for c in cells)
        unread = [
            column.label for column, cell in zip(block.leaf_columns, cells, strict=True) if not cell
        ]
        return run_issue(RUN_NOT_SPLIT, self.tdef, leaf, location, written, shown, join(unread))

    def finish(self) -> None:
        """After every row: rows left open decided by the whole table, and the rows split one
        way only reported once for the table."""
        self._decide_open_rows()
        if self.by_count:
            self.issues.append(runs_split_by_count(self.tdef, self.by_count))

    def _decide_open_rows(self) -> None:
        """Cells the table's relations fix in rows their own text left open (DL936)."""
        relations = self.column_relations
        if not self.open or not relations or len(self.tdef.blocks) != 1:
            return
        block = self.tdef.blocks[0]
        columns = block.leaf_columns
        pending = {row.leaf.key: row for row in self.open}
        known = {}
        for leaf in block.leaf_rows:
            if leaf.key in pending:
                continue
            for position, column in enumerate(columns):
                cell = self.table.cells.get((leaf.key, column.key))
                known[(leaf.key, position)] = cell.value if cell and cell.is_number else None
        rows = [OpenRow(row.leaf.key, row.cuts) for row in self.open]
        decided = solve_rows(rows, known, len(columns), relations)
        if decided is None or decided.solutions == 0:
            return
        changed: set[tuple[str, int]] = set()  # (row, column position) read by the table
        for row in self.open:
            cells = decided.cells[row.leaf.key]
            if cells == row.cells:
                continue
            changed.update(
                (row.leaf.key, p) for p, c in enumerate(cells) if c is not None and not row.cells[p]
            )
            for position, column in enumerate(columns):
                if cells[position] is not None:
                    token = Token(cells[position], row.anchor, joined=True)
                    self._put(row.leaf, column, token, row.anchor)
            for issue in row.issues:
                self.issues.remove(issue)
            shown = " | ".join(c if c is not None else "?" for c in cells)
            if all(c is not None for c in cells):
                self.issues.append(
                    run_issue(
                        RUN_SPLIT_BY_TABLE, self.tdef, row.leaf, row.location, row.written, shown
                    )
                )
            else:
                self.issues.append(
                    self._not_split(row.block, row.leaf, row.location, row.written, cells)
                )
            self.table.rows_split_by_table.add(row.leaf.key)
            assumed_here = self.table.assumed_relations.setdefault(row.leaf.key, [])
            for relation in self.row_totals[id(block)]:
                if relation.keys(columns) not in assumed_here:
                    assumed_here.append(relation.keys(columns))
        # the relations the rows read here were tried against cannot confirm them any more
        for instance in decided.used:
            if not any((r, instance.column) in changed for r in instance.relation.rows):
                continue
            assumed = self.table.assumed_column_relations.setdefault(
                columns[instance.column].key, []
            )
            if instance.relation.rows not in assumed:
                assumed.append(instance.relation.rows)


@lru_cache(maxsize=64)
def _none(count: int) -> tuple[None, ...]:
    """``count`` cells not found."""
    return (None,) * count


def _run_together(values: list[Token], expected: int) -> bool:
    """Numbers from running text, fewer pieces than cells: cells may be written together."""
    pieces = [v for v in values if not is_blank(v)]
    return (
        bool(pieces)
        and len(pieces) < expected
        and all(v.joined for v in pieces)
        and all(is_value_run(v.text) for v in pieces)
    )
