"""Tables with merged cells, laid out on a grid, and turned into rows for the label mapper.

HTML (``rowspan``/``colspan``) and DOCX (``gridSpan``/``vMerge``) both describe a table as rows
of *origin* cells, each covering a rectangle of the grid. :func:`place_cells` computes the grid
column of every origin cell (skipping positions covered by a cell above); :func:`source_rows`
gives the mapper one token per origin cell, located at its top-left grid position.

Why one token per origin cell and not one per grid cell: a label written across three grid
columns (``一、本年新收…`` with ``colspan=3``) would otherwise add two blank tokens before the
numbers, and the mapper could only guess whether a blank at the start or at the end of the row
is filler — with a real blank in the last column it would shift every number one column to the
right. A cell spanning several rows belongs to the first of them only, so a number merged over
two rows is read once and the second row reports its missing cell instead of a copied value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..core.i18n import Text
from ..core.model import SourceLocation
from .tablemap import SourceRow, Token

#: HTML caps ``colspan`` at 1000 and ``rowspan`` at 65534; the grid is capped as a whole.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
MAX_GRID_CELLS = 1_000_000


class GridTooLarge(Exception):
    """A table whose grid would exceed :data:`MAX_GRID_CELLS` positions."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(f"table grid of {rows} rows x {columns} columns")
        self.rows = rows
        self.columns = columns
        self.text = Text(
            f"表格网格为 {rows} 行 × {columns} 列", f"table grid of {rows} rows x {columns} columns"
        )


@dataclass(slots=True)
class SpanCell:
    """One origin cell as written: its text and how many rows and columns it spans. Not frozen:
    one is made for every cell of every table (a frozen dataclass's ``__init__`` takes four times
    as long), and none is changed."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    line: int | None = None  # source line, when the format has lines


@dataclass(slots=True)  # not frozen: made for every cell of every table, and never changed
class PlacedCell:
    text: str
    row: int  # physical row index (0-based)
    col: int  # grid column of the cell's top-left corner (0-based)
    rowspan: int
    colspan: int
    line: int | None = None


def clamp_span(raw: str | None, maximum: int, zero_means: int | None = None) -> int:
    """A span attribute as HTML reads it: digits only, at least 1 (``0`` may mean "to the end")."""
    if raw is None:
        return 1
    digits = ""
    for char in raw.strip():
        if not char.isdigit():
            break
        digits += char
    if not digits:
        return 1
    value = int(digits[:7])
    if value == 0:
        return zero_means if zero_means is not None else 1
    return min(value, maximum)


def place_cells(rows: Sequence[Sequence[SpanCell]]) -> list[list[PlacedCell]]:
    """Grid positions of origin cells given per physical row (HTML table model).

    Row spans are cut at the last row of the table. Raises :class:`GridTooLarge` when the grid
    would hold more than :data:`MAX_GRID_CELLS` positions.
    """
    total = len(rows)
    covered: dict[int, set[int]] = {}
    placed: list[list[PlacedCell]] = []
    width = 0
    area = 0
    # (written with comparisons instead of ``min``/``max`` calls: this runs for every cell of
    # every table of an HTML page or DOCX file)
    for r, cells in enumerate(rows):
        taken = covered.pop(r, None)  # the columns cells of the rows above cover
        left = total - r  # rows from this one to the last
        col = 0
        out: list[PlacedCell] = []
        for cell in cells:
            if taken:
                while col in taken:
                    col += 1
            rowspan = cell.rowspan if cell.rowspan < left else left
            if rowspan < 1:
                rowspan = 1
            colspan = cell.colspan if cell.colspan > 1 else 1
            area += rowspan * colspan
            end = col + colspan
            if end > width:
                width = end
            if area > MAX_GRID_CELLS:
                raise GridTooLarge(total, width)
            if rowspan > 1:
                for below in range(r + 1, r + rowspan):
                    covered.setdefault(below, set()).update(range(col, end))
            out.append(PlacedCell(cell.text, r, col, rowspan, colspan, cell.line))
            col = end
        placed.append(out)
    return placed


def source_rows(
    placed: Sequence[Sequence[PlacedCell]],
    locate: Callable[[PlacedCell], SourceLocation],
) -> list[tuple[int, SourceRow]]:
    """Mapper rows (physical row index, row) with one token per origin cell; empty rows skipped."""
    out: list[tuple[int, SourceRow]] = []
    for cells in placed:
        if not cells:
            continue
        tokens = [Token(cell.text, locate(cell)) for cell in cells]
        out.append((cells[0].row, SourceRow(tokens)))
    return out
