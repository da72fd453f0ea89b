"""The walk over one table's source rows, anchoring numbers on the official labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from ...core.formats import Block, FormatDef, Leaf, Node, TableDef
from ...core.labels import normalized
from ...core.model import Issue, SourceLocation, Table
from ..runon import LabelScanner
from .earlier import group_rows_of_earlier_layouts
from .filling import TableFiller
from .found import Event, GroupRow, Orphan, Segment
from .index import table_index, unlabeled_block
from .issues import (
    duplicate_row,
    duplicate_unlabeled,
    row_without_label,
    table_missing,
    unknown_row,
)
from .positions import fill_gaps, read_orphan
from .prepare import prepare_rows
from .source import CELLS, HEADER, SourceRow, Token, fit, is_blank, is_number, is_value

_TEXT = attrgetter("text")


@dataclass
class MappedTable:
    """The table read (every cell of the format, found or missing) and what could not be read."""

    table: Table
    issues: list[Issue]


class TableMapper:
    """Reads the cells of ``tdef`` from a table's source rows; one mapper maps one table.

    The walk keeps the row whose label was met last (:attr:`current`) and gives it the numbers
    that follow; a row without a label is kept as an :class:`~.found.Orphan` to be read by
    position later, or taken as the block's single unlabeled row (表四), whole or group by group.
    """

    def __init__(
        self,
        tdef: TableDef,
        file: str,
        earlier: Sequence[FormatDef] = (),
        scanner: LabelScanner | None = None,
    ) -> None:
        self.tdef = tdef
        self.file = file
        self.earlier = earlier
        self.index = table_index(tdef)
        self.scanner = scanner or LabelScanner(tdef)
        self.issues: list[Issue] = []
        self.segments: dict[str, Segment] = {}  # leaf key -> the row found by its label
        self.block: Block | None = tdef.blocks[0] if len(tdef.blocks) == 1 else None
        self.current: Segment | None = None  # the row whose numbers are being read
        self.column_group: Node | None = None  # the column group a group heading announced (表四)
        self.unlabeled: dict[int, list[Token]] = {}  # block position -> its unlabeled row
        #: block position -> a row of blank cells under the header, exactly as many as the block
        #: has columns (a blank template): the unlabeled row when no row with numbers is found
        self.blank_unlabeled: dict[int, list[Token]] = {}
        # block position -> column group key -> (the group, its cells)
        self.unlabeled_groups: dict[int, dict[str, tuple[Node, list[Token]]]] = {}
        self.header_hits: dict[int, set[str]] = {}  # block position -> column labels met
        self.first_location: SourceLocation | None = None  # the first label: the table's place
        self.seen_label = False  # from the first label on, unknown labels are reported
        self.events: list[Event] = []  # rows found and rows without a label, in order
        self.group_row: GroupRow | None = None  # a group row label met on the current line
        self.group_rows: dict[str, GroupRow] = {}  # group key -> the first such line with numbers

    def map(self, rows: list[SourceRow]) -> MappedTable:
        """Walk ``rows``, place rows without a label, and fill the table."""
        for row in prepare_rows(self.tdef, rows, self.scanner):
            norms = list(map(normalized, map(_TEXT, row.tokens)))
            if row.kind == HEADER:
                self._header_row(row, norms)
            else:
                self._row(row, norms)
        self._close()
        self._place_orphans()
        return self._table()

    # -- the walk ---------------------------------------------------------------------------

    def _header_row(self, row: SourceRow, norms: list[str]) -> None:
        """Column headers: never row labels ("予以公开" heading a column is not the row)."""
        self._close()
        self._end_group()
        for token, norm in zip(row.tokens, norms, strict=True):
            if norm in self.index.captions:  # a table whose header is its caption
                self._enter_block(self.index.captions[norm], token)
            elif norm in self.index.stops:
                self._note_column_label(norm, token)

    def _row(self, row: SourceRow, norms: list[str]) -> None:
        """A row of cells or table text: its labels open rows, its numbers go to the open row; a
        row without a label is kept to be read by position, or is a block's unlabeled row."""
        has_label = not self.index.opening.isdisjoint(norms)  # a leaf label or a caption
        if self.current is not None and has_label:
            self._close()
        hint = None
        if not has_label and self.current is not None and self.current.alone:
            # numbers after a label that stood alone: placed among the rows by position (a PDF
            # extraction sets labels apart from their numbers, and not always in their order)
            hint = self.current.leaf
            self.current = None
        if (
            not has_label
            and self.current is None
            and self.block is not None
            and not unlabeled_block(self.block)
        ):
            orphan = read_orphan(self.block, row, norms, self.index, self.scanner, hint)
            if orphan is not None:
                self.events.append(orphan)
                return
        labels = self.index.labels
        for token, norm in zip(row.tokens, norms, strict=True):
            # (most cells are numbers: no label, read without the look-ups of ``_token``)
            if norm in labels:
                self._token(token, norm)
            elif self.current is not None and is_value(token.text):
                self.current.values.append(token)  # a number of the open row (see ``_cell``)
            else:
                self._cell(token, norm)
        if (
            not has_label
            and self.current is None
            and self.block is not None
            and unlabeled_block(self.block)
        ):
            self._unlabeled_row(self.block, row, norms)
        self._end_group()
        if self.current is not None:
            expected = len(self.current.block.leaf_columns)
            if len(self.current.values) >= expected:
                self._close()
            elif not self.current.values and self.current.label in row.tokens:
                self.current.alone = True

    def _token(self, token: Token, norm: str) -> None:
        """One cell: a caption, a row label, another label of the table, or a cell."""
        if norm not in self.index.labels:
            self._cell(token, norm)
            return
        caption = self.index.captions.get(norm)
        if caption is not None:
            self._close()
            self._end_group()
            self._enter_block(caption, token)
            return
        hit = self.index.leaves.get(norm)
        if hit is not None:
            self._close()
            self._end_group()
            self._open_row(*hit, token)
            return
        if norm in self.index.stops:
            self._close()
            self._end_group()
            if norm in self.index.row_groups:
                block, node = self.index.row_groups[norm]
                self.group_row = GroupRow(block, node, token)
            self._note_column_label(norm, token)
            return
        self._cell(token, norm)

    def _cell(self, token: Token, norm: str) -> None:
        """A cell that is no label of the table: a number of the open row or group row line, the
        end of a full row, or a label this format does not know."""
        value = is_value(token.text)
        if self.current is None and self.group_row is not None:
            if value:
                self.group_row.values.append(token)
                return
            self._end_group()
        if self.current is not None:
            # (the row's filled cells are counted only for text: a value is always taken)
            if not value and self._filled(self.current) >= len(self.current.block.leaf_columns):
                self._close()  # text after a full row: a label this format does not know
            else:
                self.current.values.append(token)
                return
        if (
            not value
            and norm
            and self.seen_label
            and len(norm) >= 2
            and not self.scanner.is_fragment(token.text)
        ):
            self.issues.append(unknown_row(self.tdef, token))

    @staticmethod
    def _filled(segment: Segment) -> int:
        """The cells of ``segment`` that are not blank."""
        return len([v for v in segment.values if not is_blank(v)])

    # -- anchoring on labels ----------------------------------------------------------------

    def _anchor(self, token: Token) -> None:
        self.first_location = self.first_location or token.location

    def _enter_block(self, block: Block, token: Token) -> None:
        """A caption (表二 第二十条第（一）项): the rows that follow are this block's."""
        self.block = block
        self.column_group = None
        self.seen_label = True
        self._anchor(token)

    def _open_row(self, block: Block, leaf: Leaf, token: Token) -> None:
        """A row label: the numbers that follow are this row's."""
        self.block = block
        self.current = Segment(block, leaf, token)
        self.seen_label = True
        self._anchor(token)

    def _close(self) -> None:
        """Keep the open row if it has numbers (the first one with a label wins)."""
        current = self.current
        if current is None:
            return
        key = current.leaf.key
        if not current.values:
            pass  # a label with no numbers after it (a heading, a label line): nothing to read
        elif key in self.segments:
            self.issues.append(duplicate_row(self.tdef, current, self.file))
        else:
            self.segments[key] = current
            self.events.append(key)
        self.current = None

    def _end_group(self) -> None:
        """Keep the numbers beside a group row label, the first line of a group that had any."""
        group_row = self.group_row
        if group_row is not None and any(is_number(v.text) for v in group_row.values):
            self.group_rows.setdefault(group_row.node.key, group_row)
        self.group_row = None

    def _note_column_label(self, norm: str, token: Token) -> None:
        """A column label of the current block; a column group's label announces the group."""
        if self.block is None:
            return
        pos = self.tdef.blocks.index(self.block)
        if norm in self.index.column_labels[pos]:
            self.header_hits.setdefault(pos, set()).add(norm)
            self._anchor(token)
        group = self.index.column_groups[pos].get(norm)
        if group is not None:
            self.column_group = group

    # -- the single unlabeled row of a block (表四) -------------------------------------------

    def _unlabeled_row(self, block: Block, row: SourceRow, norms: list[str]) -> None:
        """A row without labels that carries numbers, under the block's column labels: the whole
        row, or one column group's cells under a heading naming the group."""
        pos = self.tdef.blocks.index(block)
        kept = [(t, n) for t, n in zip(row.tokens, norms, strict=True) if n not in self.index.stops]
        texts = [i for i, (t, _) in enumerate(kept) if not is_value(t.text)]
        if texts and row.kind == CELLS:
            # a header written one cell per line, its labels broken over lines ("结果" / "维持"),
            # then the numbers: the numbers after the last piece of a column label
            labels = self.index.column_labels[pos]
            if all(any(n in label for label in labels) for _, n in kept[: texts[-1] + 1] if n):
                kept = kept[texts[-1] + 1 :]
        values = [t for t, _ in kept]
        if not (
            values
            and all(is_value(t.text) for t in values)
            and len(self.header_hits.get(pos, ())) >= 1
        ):
            return
        if all(is_blank(t) for t in values):
            if len(values) == len(block.leaf_columns) and row.kind == CELLS:
                self.blank_unlabeled.setdefault(pos, values)
            return
        group = self.column_group
        if (
            group is not None
            and fit(values, len(block.leaf_columns)) is None
            and not any(t.joined for t in values)
            and fit(values, len(list(group.leaves()))) is not None
        ):
            taken = self.unlabeled_groups.setdefault(pos, {})
            if group.key in taken or pos in self.unlabeled:
                self.issues.append(duplicate_unlabeled(self.tdef, values, self.file))
            else:
                taken[group.key] = (group, values)
                self.seen_label = True
        elif pos in self.unlabeled or pos in self.unlabeled_groups:
            self.issues.append(duplicate_unlabeled(self.tdef, values, self.file))
        else:
            self.unlabeled[pos] = values
            self.seen_label = True

    # -- after the walk ---------------------------------------------------------------------

    def _place_orphans(self) -> None:
        """Rows without a label read by position where they fit; the others reported."""
        by_position = fill_gaps(self.tdef, self.events, self.segments, self.issues)
        for event in self.events:
            if isinstance(event, Orphan) and id(event) not in by_position:
                self.issues.append(row_without_label(self.tdef, event))

    def _table(self) -> MappedTable:
        """Every cell of the format, from the rows found; rows and cells not found reported."""
        tdef = self.tdef
        for pos, values in self.blank_unlabeled.items():
            if pos not in self.unlabeled and pos not in self.unlabeled_groups:
                self.unlabeled[pos] = values
        present = bool(self.segments) or bool(self.unlabeled) or bool(self.unlabeled_groups)
        table = Table(
            key=tdef.key,
            name=tdef.name,
            title=tdef.title,
            present=present,
            location=self.first_location,
        )
        if not present:
            self.issues.append(table_missing(tdef))
        filler = TableFiller(tdef, table, self.issues, present)
        for position, block in enumerate(tdef.blocks):
            for leaf in block.leaf_rows:
                if not leaf.labels:
                    values = self.unlabeled.get(position)
                    if values is None and position in self.unlabeled_groups:
                        filler.fill_groups(block, leaf, self.unlabeled_groups[position])
                        continue
                    anchor = values[0].location if values else self.first_location
                    filler.fill_row(block, leaf, values, anchor)
                    continue
                segment = self.segments.get(leaf.key)
                if segment is None:
                    filler.fill_row(block, leaf, None, self.first_location)
                else:
                    filler.fill_row(block, leaf, segment.values, segment.label.location)
        filler.finish()
        issues = self.issues
        if present and self.group_rows and self.earlier:
            issues = group_rows_of_earlier_layouts(
                tdef, self.group_rows, self.segments, self.earlier, issues
            )
        return MappedTable(table, issues)
