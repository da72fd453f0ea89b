"""Map rows of source cells onto a table of the format, anchored on the official labels.

Every loader reduces a table to :class:`SourceRow` objects (the cells of one physical row, or one
paragraph of a Word text export) and calls :func:`map_table`. Row labels decide which row the
numbers after them belong to; the number of numbers must fit the format exactly. A row whose
count does not fit is reported (``DL022``) and left "missing" rather than guessed, so numbers are
never shifted silently into the wrong cells.

Text sources add three kinds of rows (:attr:`SourceRow.kind`): Markdown header rows (column
labels, never row labels), prose lines (read as table text only when they are made of labels and
numbers, see :mod:`~disclosure_lint.reading.runon`), and cells from running text, which may hold
numbers written together (:attr:`Token.joined`). Rows of numbers whose label was lost are read
by position only between two rows that were found, when exactly as many rows of the format are
missing there as such rows were found.

The parts, each with one job:

- ``source``: :class:`Token`, :class:`SourceRow` and how a cell's text is read;
- ``prepare``: prose lines read as table text, row labels broken over cells or lines joined;
- ``index``: the labels of a format table by their normalised keys;
- ``mapper``: :class:`TableMapper`, the walk over the rows (labels, header rows, 表四 groups);
- ``found``: what the walk finds (labelled rows, group row lines, rows without a label);
- ``positions``: rows without a label read by position between rows that were found;
- ``filling``: :class:`TableFiller`, the table's cells from the rows found, numbers written
  together split;
- ``earlier``: group rows printed as the single row of an earlier format (DL025);
- ``issues``: the issue codes and the issues the mapping reports.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...core.formats import FormatDef, TableDef
from ..runon import LabelScanner
from .issues import (
    DUPLICATE_ROW,
    GROUP_AS_ONE_ROW,
    ROW_BY_POSITION,
    ROW_CELL_COUNT,
    ROW_MISSING,
    ROW_WITHOUT_LABEL,
    RUN_NOT_SPLIT,
    RUN_SPLIT_BY_COUNT,
    RUN_SPLIT_BY_TOTAL,
    TABLE_MISSING,
    UNKNOWN_ROW,
)
from .mapper import MappedTable, TableMapper
from .source import CELLS, HEADER, PROSE, SourceRow, Token, is_header_row

__all__ = [
    "CELLS",
    "DUPLICATE_ROW",
    "GROUP_AS_ONE_ROW",
    "HEADER",
    "PROSE",
    "ROW_BY_POSITION",
    "ROW_CELL_COUNT",
    "ROW_MISSING",
    "ROW_WITHOUT_LABEL",
    "RUN_NOT_SPLIT",
    "RUN_SPLIT_BY_COUNT",
    "RUN_SPLIT_BY_TOTAL",
    "TABLE_MISSING",
    "UNKNOWN_ROW",
    "MappedTable",
    "SourceRow",
    "TableMapper",
    "Token",
    "is_header_row",
    "map_table",
]


def map_table(
    tdef: TableDef,
    rows: list[SourceRow],
    file: str,
    earlier: Sequence[FormatDef] = (),
    scanner: LabelScanner | None = None,
) -> MappedTable:
    """Read the cells of ``tdef`` from ``rows``; report what could not be read as issues.

    ``earlier`` are the formats that preceded the report's: a group row printed as one row of
    numbers, without the sub-rows the format asks for, is named as the earlier format's layout
    when one of them has that row as a single row (表三 （六）其他处理 in the 2019 format).
    ``scanner`` is the table's :class:`~disclosure_lint.reading.runon.LabelScanner` for the
    report, when the loader already scanned its lines with it.
    """
    return TableMapper(tdef, file, earlier, scanner).map(rows)
