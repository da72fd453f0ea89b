"""The cells of a format table filled from the rows found, checked against the format's counts."""

from __future__ import annotations

from ...core.formats import Block, Leaf, Node, TableDef
from ...core.i18n import join
from ...core.model import Cell, Issue, Location, SourceLocation, Table
from ...core.values import clean_cell_text
from ..runon import is_value_run, split_run, total_relations
from .issues import (
    RUN_NOT_SPLIT,
    RUN_SPLIT_BY_COUNT,
    RUN_SPLIT_BY_TOTAL,
    cell_count,
    group_cell_count,
    row_location,
    row_missing,
    run_issue,
)
from .source import Token, fit, is_blank


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
        location = row_location(self.tdef, leaf, anchor)
        if self.present and values is None:
            self.issues.append(row_missing(self.tdef, leaf, location))
        elif values is not None and fitted is None and _run_together(values, expected):
            fitted = self._split_row(block, leaf, values, location)
        elif values is not None and fitted is None:
            self.issues.append(cell_count(self.tdef, leaf, location, expected, values))
        for position, column in enumerate(block.leaf_columns):
            token = fitted[position] if fitted is not None else None
            self._put(leaf, column, token, anchor)

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
        relations = total_relations(block)
        split = split_run([clean_cell_text(v.text) for v in pieces], kinds, relations)
        written = " ".join(v.text.strip() for v in pieces)
        cells = split.cells if split is not None else tuple([None] * len(kinds))
        shown = " | ".join(c if c is not None else "?" for c in cells)
        if split is not None and split.any:
            code = RUN_SPLIT_BY_TOTAL if split.used_totals else RUN_SPLIT_BY_COUNT
            self.issues.append(run_issue(code, self.tdef, leaf, location, written, shown))
            if split.used_totals:
                used = [r.keys(block.leaf_columns) for r in relations]
                self.table.assumed_relations.setdefault(leaf.key, []).extend(used)
        if split is None or not split.complete:
            unread = [
                column.label
                for column, cell in zip(block.leaf_columns, cells, strict=True)
                if not cell
            ]
            self.issues.append(
                run_issue(RUN_NOT_SPLIT, self.tdef, leaf, location, written, shown, join(unread))
            )
        if split is None or not split.any:
            return None
        anchor = pieces[0].location
        return [Token(c, anchor, joined=True) if c is not None else None for c in cells]


def _run_together(values: list[Token], expected: int) -> bool:
    """Numbers from running text, fewer pieces than cells: cells may be written together."""
    pieces = [v for v in values if not is_blank(v)]
    return (
        bool(pieces)
        and len(pieces) < expected
        and all(v.joined for v in pieces)
        and all(is_value_run(v.text) for v in pieces)
    )
