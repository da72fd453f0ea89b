"""The records the steps of reading one PDF table share: labels found, rows, state, result."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ....core.formats import Block, Leaf, Node, TableDef
from ....core.i18n import Text, join
from ....core.model import Issue, Location, SourceLocation
from ....reading.tablemap import SourceRow
from ..extract import Glyph
from ..layout import Box, Match, PageLines

if TYPE_CHECKING:
    from .columns import Columns

CELL_UNCLEAR = "DL927"
COLUMNS_UNRECOGNISED = "DL928"
LABEL_VARIANT = "DL926"

#: text made only of these characters is a written value (a number), never a label
VALUE_CHARS = re.compile(r"^[0-9０-９.,，。+\-－—–/／\\%％]+$")

#: where a row of the rebuilt table stands in the document: page, top, left; rows are sorted by it
Place = tuple[int, float, float]

#: ruled vertical lines of each page: (x, top, bottom)
Rules = dict[int, list[tuple[float, float, float]]]


def place_of(match: Match) -> Place:
    """The place of a label found in the page."""
    return (match.page, match.box.top, match.box.x0)


@dataclass(frozen=True)
class RowKind:
    """What a row label found in the page stands for: a row of a block of the format."""

    block: int
    node: Node
    leaf: Leaf | None  # None for group labels (no cells of their own)


@dataclass(frozen=True)
class Caption:
    """A 表二 caption ("第二十条第（一）项") found in the page: it opens a block."""

    block: int


@dataclass(frozen=True)
class Header:
    """What a column header found in the page stands for."""

    key: str  # matching key of the column label (leaf columns share labels: 表四)
    label: str  # official label text
    leaf: bool  # a leaf column (group headers, the block header and the note are not)


def header_of(match: Match) -> Header:
    """The header a match of the header search stands for."""
    payload = match.payload
    assert isinstance(payload, Header)
    return payload


@dataclass
class Row:
    """A row label found in the page, and the values read level with it."""

    match: Match
    kind: RowKind
    written: str | None = None  # the label as written when it differs from the official one
    values: list[Glyph] = field(default_factory=list)
    lines: list[list[Glyph]] = field(default_factory=list)
    unclear_columns: dict[int, Text] = field(default_factory=dict)
    orphans: list[tuple[Glyph, str]] = field(default_factory=list)
    group: int = -1  # the last header group before the row (-1: none)
    headers: list[Match] | None = None
    columns: Columns | None = None


@dataclass
class TableRead:
    """The result of reading one table: its rows for the mapper, and what was found on the way."""

    rows: list[SourceRow]
    unclear: dict[SourceLocation, Text]  # cell location -> why it is not assessable
    issues: list[Issue]
    consumed: set[int]  # glyph seqs that belong to the table
    boxes: list[Box]  # areas of the table, per page


@dataclass
class ReadState:
    """The document region one table is read from, the characters still free, and the findings."""

    tdef: TableDef
    table_index: int
    pages: dict[int, PageLines]
    available: set[int]  # glyph seqs not yet taken by a label or a value
    glyphs: dict[int, Glyph]
    file: str
    rules: Rules
    issues: list[Issue] = field(default_factory=list)
    unclear: dict[SourceLocation, Text] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)
    #: letter spacing (ems) of the table's values, once known (see :func:`.cells.letter_spacing`)
    spacing: float | None = None

    def loc(
        self, glyphs: Sequence[Glyph] | Box, row: int | None = None, col: int | None = None
    ) -> SourceLocation:
        """The source location of some glyphs (or of a box) as a cell of this table."""
        box = glyphs if isinstance(glyphs, Box) else Box.of(glyphs)
        return SourceLocation(
            self.file,
            page=box.page + 1,
            table_index=self.table_index,
            row_index=row,
            col_index=col,
            bbox=box.as_tuple(),
        )

    def consume(self, glyphs: Sequence[Glyph]) -> None:
        """Mark glyphs as part of the table: no later search sees them."""
        for glyph in glyphs:
            self.available.discard(glyph.seq)
            self.consumed.add(glyph.seq)

    def columns_unrecognised(self, block: Block, glyphs: Sequence[Glyph]) -> None:
        """Report that the column headers of ``block`` were not all found, in order (DL928)."""
        self.issues.append(
            Issue(
                COLUMNS_UNRECOGNISED,
                Location(
                    table=self.tdef.key,
                    table_name=self.tdef.name,
                    source=self.loc(glyphs),
                ),
                {
                    "table": self.tdef.name,
                    "detail": join([leaf.label for leaf in block.leaf_columns]),
                },
            )
        )

    def areas(self) -> list[Box]:
        """The box of the table's glyphs on each page."""
        by_page: dict[int, list[Glyph]] = {}
        for seq in self.consumed:
            glyph = self.glyphs[seq]
            by_page.setdefault(glyph.page, []).append(glyph)
        return [Box.of(glyphs) for _, glyphs in sorted(by_page.items())]
