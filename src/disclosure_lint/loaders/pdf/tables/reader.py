"""The reading of one table, step by step: labels, header groups, values, columns, cells."""

from __future__ import annotations

from ....core.formats import Block, TableDef
from ....core.i18n import Text
from ....reading.tablemap import SourceRow, Token
from ..extract import Glyph
from ..layout import Box, Match, PageLines
from .cells import letter_spacing, row_cells, split_cells
from .columns import bands, header_groups, headers_for, layout_key, templates
from .labels import find_headers, find_rows
from .model import Caption, Place, ReadState, Row, RowKind, Rules, TableRead, header_of, place_of
from .rows import assign_values, resolve_orphans, value_lines_under

#: a row of the rebuilt table and where it stands in the document
PlacedRow = tuple[Place, SourceRow]


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
        rules: Rules | None = None,
    ) -> None:
        self.tdef = tdef
        self.state = ReadState(tdef, table_index, pages, set(region), glyphs, file, rules or {})

    def read(self) -> TableRead:
        """Find the labels, give the values to rows and columns, and build the source rows."""
        state = self.state
        rows, captions = find_rows(state)
        headers = find_headers(state, rows)
        groups = header_groups(captions, rows, headers)
        placed = [self._caption_row(match) for match in captions]
        placed.extend(self._header_row(group) for group in groups)
        self._place_values(rows, groups)
        placed.extend(self._block_rows(rows, groups))
        placed.sort(key=lambda item: item[0])
        return TableRead(
            [row for _, row in placed], state.unclear, state.issues, state.consumed, state.areas()
        )

    # -- steps --------------------------------------------------------------------------------

    def _place_values(self, rows: list[Row], groups: list[list[Match]]) -> None:
        """Give each row its headers and its values, then its column bands."""
        for row in rows:
            row.headers = headers_for(self.tdef.blocks[row.kind.block], groups, row.group)
        assign_values(self.state, rows)
        self.state.spacing = letter_spacing([line for r in rows for line in r.lines])
        learnt = templates(rows)
        for row in rows:
            if row.headers is not None:
                template = learnt.get(layout_key(row.headers))
                row.columns = bands(row.headers, row, template, self.state.rules)
            resolve_orphans(row)

    def _block_rows(self, rows: list[Row], groups: list[list[Match]]) -> list[PlacedRow]:
        """The source rows of every block, numbered in the format's order of blocks."""
        placed: list[PlacedRow] = []
        number = 0
        for position, block in enumerate(self.tdef.blocks):
            if len(block.leaf_rows) == 1 and not block.leaf_rows[0].labels:
                built = self._unlabeled_row(block, groups)
                if built is not None:
                    placed.append(built)
                continue
            block_rows = [
                r
                for r in rows
                if r.kind.block == position and (r.kind.leaf is not None or r.values)
            ]
            unplaced = [r for r in block_rows if r.columns is None and r.kind.leaf is not None]
            if unplaced:
                self.state.columns_unrecognised(block, unplaced[0].match.glyphs)
            for row in block_rows:
                number += 1
                placed.append(self._source_row(row, block, number))
        return placed

    # -- source rows --------------------------------------------------------------------------

    def _caption_row(self, match: Match) -> PlacedRow:
        """A 表二 caption as a row of its own."""
        assert isinstance(match.payload, Caption)
        caption = self.tdef.blocks[match.payload.block].caption or ""
        return place_of(match), SourceRow([Token(caption, self.state.loc(match.glyphs))])

    def _header_row(self, group: list[Match]) -> PlacedRow:
        """A header group as a row of official column labels, left to right."""
        first = min(group, key=lambda m: (m.page, m.box.top))
        ordered = sorted(group, key=lambda m: (m.page, m.box.cx))
        tokens = [Token(header_of(m).label, self.state.loc(m.glyphs)) for m in ordered]
        return place_of(first), SourceRow(tokens)

    def _source_row(self, row: Row, block: Block, number: int) -> PlacedRow:
        """A labelled row: its label, then its cells."""
        state = self.state
        box = row.match.box
        columns = row.columns
        label_text = row.kind.node.label or ""
        tokens = [Token(label_text, state.loc(row.match.glyphs, number, 0))]
        if row.kind.leaf is None:
            # a group label written as a row with numbers (2019 layout of （六）其他处理 in a 2021
            # report): passed on as written; the mapper knows it has no cells of its own
            tokens.extend(
                Token("".join(g.char for g in ln), state.loc(ln, number))
                for ln in split_cells(row.values)
            )
        elif columns is None:
            for position in range(len(block.leaf_columns)):
                loc = state.loc(box, number, position + 1)
                state.unclear[loc] = Text(
                    "未能识别本表的列标题，无法确定数字所属的列",
                    "the column headers of this table were not recognised, so numbers cannot "
                    "be placed in columns",
                )
                tokens.append(Token("", loc))
        else:
            tokens.extend(row_cells(state, row, block, columns, number, box))
        return (box.page, box.top, box.x0), SourceRow(tokens)

    def _unlabeled_row(self, block: Block, groups: list[list[Match]]) -> PlacedRow | None:
        """表四: one row of numbers under the header group, no row label."""
        state = self.state
        found = _last_headers(block, groups)
        if found is None:
            if groups:
                state.columns_unrecognised(block, groups[0][0].glyphs)
            return None
        group_index, headers = found
        picked = value_lines_under(state, groups[group_index])
        if not picked:
            return None
        glyphs = [g for ln in picked for g in ln.glyphs]
        box = Box.of(glyphs)
        row = Row(Match("", tuple(glyphs), None), RowKind(0, block.rows[0], block.leaf_rows[0]))
        row.values = glyphs
        row.lines = [ln.glyphs for ln in picked]
        if state.spacing is None:
            state.spacing = letter_spacing(row.lines)
        row.headers = headers
        template = templates([row]).get(layout_key(headers))
        columns = bands(headers, row, template, state.rules)
        state.consume(glyphs)
        tokens = row_cells(state, row, block, columns, 1, box)
        return (box.page, box.top, box.x0), SourceRow(tokens)


def _last_headers(block: Block, groups: list[list[Match]]) -> tuple[int, list[Match]] | None:
    """The last header group from which all of ``block``'s column headers can be had, and
    those headers (see :func:`.columns.headers_for`)."""
    for index in range(len(groups) - 1, -1, -1):
        headers = headers_for(block, groups, index)
        if headers is not None:
            return index, headers
    return None
