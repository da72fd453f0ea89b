"""Blank cells of a table and whether they stand for zeros (the report's own convention).

Many reports leave a cell blank (or write "/", "-", "无") where others print 0: whole 法人或其他组织
columns, whole outcome rows. Such a blank is read as 0 for the arithmetic, and the table's blanks
are reported once. A blank is *not* read as 0 when the report shows it means something else:

- a printed 0 in the same column (of a one-row block: the same row) — the report writes 0 for
  zero, so its blanks are something else;
- it is a total (``总计``: a ``total`` row or column of the format) while the parts it totals hold
  a number other than 0 — a total left out, not a zero. When two or more totals of one line (the
  总计 column, the （七）总计 row) are left out, every blank of that line is taken as left out.

Those blanks stay "not assessable": the relations that need them are not computed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.formats import Block, FormatDef, Node, TableDef
from ..core.model import Cell, Report, Table
from ..core.values import ValueReason

CellKey = tuple[str, str]  # (row, column)

#: blank-like reasons: the cell holds no number and no text
BLANK_REASONS = frozenset({ValueReason.BLANK, ValueReason.PLACEHOLDER})

#: left-out totals on one line from which every blank of that line counts as left out
LINE_OF_TOTALS = 2


@dataclass
class BlankReading:
    """The blank and placeholder cells of one table, and which of them are read as 0."""

    table: str
    blanks: list[Cell] = field(default_factory=list)
    #: blanks beside a printed 0 in their column (or row): not zeros
    beside_zero: set[CellKey] = field(default_factory=set)
    #: blank totals over parts that are not all 0 -> the parts' sum (None: not all numbers)
    left_out: dict[CellKey, int | Decimal | None] = field(default_factory=dict)

    @property
    def zero_keys(self) -> set[CellKey]:
        """Keys of the blanks read as 0."""
        return {c.key for c in self.blanks} - self.beside_zero - set(self.left_out)

    def is_zero(self, cell: Cell) -> bool:
        """True when ``cell`` is a blank of this table read as 0."""
        if cell.reason not in BLANK_REASONS:
            return False
        key = (cell.row, cell.column)  # ``cell.key``, made once (rules ask for every cell)
        return key not in self.beside_zero and key not in self.left_out

    @property
    def not_zero(self) -> list[Cell]:
        return [c for c in self.blanks if not self.is_zero(c)]


def short_label(label: str) -> str:
    """A label without a long note at its end: "（二）部分公开（区分处理的，只计这一情形…）"
    becomes "（二）部分公开"."""
    cut = label.rfind("（")
    if cut > 0 and label.endswith("）") and len(label) - cut > 6:
        return label[:cut]
    return label


def value_of(cell: Cell, reading: BlankReading | None) -> int | Decimal | None:
    """The cell's number, 0 for a blank read as 0, else None."""
    if cell.is_number:
        return cell.value
    if reading is not None and reading.is_zero(cell):
        return 0
    return None


def blank_reading(report: Report, fmt: FormatDef, table_key: str) -> BlankReading | None:
    """The blanks of a table of ``report`` read with ``fmt`` (None: no such table)."""
    tdef = fmt.table(table_key)
    table = report.table(table_key)
    if tdef is None or table is None or not table.present:
        return None
    return report.memo(("blank-reading", fmt.id, table_key), lambda: _read(tdef, table))


def _read(tdef: TableDef, table: Table) -> BlankReading:
    reading = BlankReading(tdef.key)
    # one pass over the cells: the blanks, and the keys of the blanks and of the printed zeros
    blanks = reading.blanks
    blank_keys: set[CellKey] = set()
    zero_keys: set[CellKey] = set()
    number = ValueReason.NUMBER
    for key, cell in table.cells.items():
        reason = cell.reason
        if reason in BLANK_REASONS:
            blanks.append(cell)
            blank_keys.add(key)
        elif reason is number and cell.value == 0:
            zero_keys.add(key)
    if not blanks:
        return reading
    cells = table.cells
    for lines, total_lines in _lines_of(tdef):
        for line in lines:
            if blank_keys.isdisjoint(line) or zero_keys.isdisjoint(line):
                continue  # no blank to mark on this line, or no 0 beside it
            reading.beside_zero.update(cells[key].key for key in line if key in blank_keys)
        _left_out(total_lines, table, blank_keys, reading)
    return reading


def _lines_of(tdef: TableDef) -> list[tuple[list[Line], list[TotalLine]]]:
    """:func:`_lines` of ``tdef``, found once per table definition."""
    return tdef.derived("blank-lines", lambda: _lines(tdef))


Line = tuple[CellKey, ...]
#: a line of totals: each total's key with the keys of the parts it totals
TotalLine = tuple[tuple[CellKey, tuple[CellKey, ...]], ...]


def _lines(tdef: TableDef) -> list[tuple[list[Line], list[TotalLine]]]:
    """Per block of ``tdef``: its columns (and the row of a one-row block) as lines of cell
    keys, and its lines of totals (see :func:`_left_out`); the same for every report."""
    found: list[tuple[list[Line], list[TotalLine]]] = []
    for block in tdef.blocks:
        rows = [leaf.key for leaf in block.leaf_rows]
        columns = [leaf.key for leaf in block.leaf_columns]
        lines = [tuple((row, column) for row in rows) for column in columns]
        if len(rows) == 1:
            lines.append(tuple((rows[0], column) for column in columns))
        found.append((lines, _total_lines(block)))
    return found


def _total_lines(block: Block) -> list[TotalLine]:
    """A total column: one line down the rows; a total row: one line across the columns."""
    rows = [leaf.key for leaf in block.leaf_rows]
    columns = [leaf.key for leaf in block.leaf_columns]
    lines: list[TotalLine] = []
    for total, parts in _totals(block.columns):
        if total in columns:
            lines.append(tuple(((row, total), tuple((row, p) for p in parts)) for row in rows))
    for total, parts in _totals(block.rows):
        if total in rows:
            lines.append(
                tuple(((total, column), tuple((p, column) for p in parts)) for column in columns)
            )
    return lines


def _left_out(
    lines: list[TotalLine], table: Table, blank_keys: set[CellKey], reading: BlankReading
) -> None:
    """Blank totals whose parts hold a number other than 0, per line of totals."""
    for line in lines:
        found: dict[CellKey, int | Decimal | None] = {}
        blanks: list[CellKey] = []
        for key, parts in line:
            if key not in blank_keys:
                continue
            blanks.append(key)
            part_cells = [c for c in (table.cell(*p) for p in parts) if c is not None]
            if any(c.is_number and c.value != 0 for c in part_cells):
                numbers = all(c.is_number or c.reason in BLANK_REASONS for c in part_cells)
                total = sum((c.value for c in part_cells if c.is_number), start=0)
                found[key] = total if numbers and len(part_cells) == len(parts) else None
        reading.left_out.update(found)
        if len(found) >= LINE_OF_TOTALS:
            for key in blanks:
                reading.left_out.setdefault(key, None)


def _totals(nodes: tuple[Node, ...]) -> Iterator[tuple[str, list[str]]]:
    """(total leaf key, leaf keys it totals) for every 总计 among ``nodes`` and their groups."""
    for index, node in enumerate(nodes):
        if not node.children and _is_total(node.key):
            parts = [
                key
                for other in nodes[:index] + nodes[index + 1 :]
                for key in other.leaf_keys
                if not _is_total(key)
            ]
            if parts:
                yield node.key, parts
        elif node.children:
            yield from _totals(node.children)


def _is_total(key: str) -> bool:
    return key.rsplit(".", 1)[-1] == "total"
