"""From glyphs to cell texts: a row's values split into cells, each read or marked unclear."""

from __future__ import annotations

import itertools
import statistics
from typing import TYPE_CHECKING

from ....core.formats import Block, TableDef
from ....core.i18n import Text
from ....core.model import Cell, Issue, Location, SourceLocation, Table
from ....core.values import ValueReason
from ....reading.tablemap import Token
from ..extract import Glyph
from ..layout import TOUCH_GAP, Box, gap, group_lines
from .model import CELL_UNCLEAR, ReadState, Row

if TYPE_CHECKING:
    from .columns import Columns

#: characters of one cell on one line further apart than this (ems) are two values, not one
SPLIT_GAP = 0.8
#: gaps (ems) that differ by at most this are "equal" letter spacing
EVEN = 0.1
#: lines of one cell further apart than this (baseline to baseline, ems) are not one wrapped value
WRAP_GAP = 1.8


def touching_runs(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Runs of characters, left to right, at most 1 em apart."""
    out: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: g.x0):
        if out and gap(out[-1][-1], glyph) <= 1.0:
            out[-1].append(glyph)
        else:
            out.append([glyph])
    return out


def tokens(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Separate written values on one line: runs of characters at most SPLIT_GAP apart."""
    out: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: g.x0):
        if out and gap(out[-1][-1], glyph) <= SPLIT_GAP:
            out[-1].append(glyph)
        else:
            out.append([glyph])
    return out


def split_cells(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Values as written, line by line, when there are no columns to put them in."""
    return [run for line in group_lines(glyphs) for run in touching_runs(line.glyphs)]


def evenly_spaced(gaps: list[float], spacing: float | None) -> bool:
    """Several equal gaps, or gaps equal to the table's letter spacing: one letter-spaced value."""
    if len(gaps) >= 2 and max(gaps) - min(gaps) <= EVEN:
        return True
    return spacing is not None and all(abs(g - spacing) <= EVEN for g in gaps)


def letter_spacing(rows_lines: list[list[Glyph]]) -> float | None:
    """The letter spacing (ems) of values in a table: the median gap inside values whose
    characters are evenly set apart, or None when values are set solid."""
    found: list[float] = []
    for line in rows_lines:
        for token in tokens(line):
            gaps = [gap(a, b) for a, b in itertools.pairwise(token)]
            if len(gaps) >= 2 and min(gaps) > TOUCH_GAP and max(gaps) - min(gaps) <= EVEN:
                found.append(statistics.median(gaps))
    return statistics.median(found) if found else None


def cell_text(glyphs: list[Glyph], spacing: float | None) -> tuple[str, Text | None]:
    """The text of one cell and, if it cannot be read as one value, why.

    Characters of one value touch. Characters set apart are one value only when they are
    evenly letter-spaced: several equal gaps, or gaps equal to the letter spacing seen in
    other cells of the table (``spacing``, in ems). "3 5" is two numbers as much as "35".
    """
    lines = group_lines(glyphs)
    problem: Text | None = None
    parts: list[str] = []
    for index, line in enumerate(lines):
        if index and line.baseline - lines[index - 1].baseline > WRAP_GAP * line.em:
            problem = Text(
                "单元格内的文字分散在相距较远的几行，无法确定为一个数值",
                "the text of the cell is spread over distant lines and is not one value",
            )
        gaps = [gap(a, b) for a, b in itertools.pairwise(line.glyphs)]
        if any(g > SPLIT_GAP for g in gaps):
            problem = problem or Text(
                "单元格内有两处分开的文字，无法确定为一个数值",
                "the cell holds two separate pieces of text and is not one value",
            )
        elif any(g > TOUCH_GAP for g in gaps) and not evenly_spaced(gaps, spacing):
            problem = problem or Text(
                "单元格内的数字之间有空隙，无法确定是一个数还是几个数",
                "the digits in the cell are set apart: one number or several cannot be told",
            )
        parts.append("".join(g.char for g in line.glyphs))
    return "".join(parts), problem


def row_cells(
    state: ReadState, row: Row, block: Block, columns: Columns, number: int, row_box: Box
) -> list[Token]:
    """One token per column of ``block`` from the values of ``row``; cells in doubt are
    recorded in ``state.unclear`` with the reason."""
    buckets, reasons = _fill_columns(row, columns)
    out: list[Token] = []
    for column, header in enumerate(columns.headers):
        glyphs = buckets[column]
        if glyphs:
            text, problem = cell_text(glyphs, state.spacing)
            loc = state.loc(glyphs, number, column + 1)
            if problem:
                reasons.setdefault(column, problem)
        else:
            text = ""
            loc = state.loc(
                Box(row_box.page, header.box.x0, row_box.top, header.box.x1, row_box.bottom),
                number,
                column + 1,
            )
        if column in reasons:
            state.unclear[loc] = reasons[column]
        out.append(Token(text, loc))
    return out


def _fill_columns(row: Row, columns: Columns) -> tuple[dict[int, list[Glyph]], dict[int, Text]]:
    """The glyphs placed in each column, and why columns are in doubt (by column index)."""
    buckets: dict[int, list[Glyph]] = {i: [] for i in range(len(columns.headers))}
    reasons: dict[int, Text] = dict(row.unclear_columns)
    for line in row.lines:
        for token in tokens(line):
            for piece in _pieces(token, columns):
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
    return buckets, reasons


def _pieces(token: list[Glyph], columns: Columns) -> list[list[Glyph]]:
    """Split a token at the ruled lines that run between its characters, then each part
    where its characters do not touch (see :func:`_close_values`)."""
    parts = [[token[0]]]
    edges = [e for e in (columns.hard or []) if e is not None]
    for a, b in itertools.pairwise(token):
        if any(a.x1 - 0.3 <= e <= b.x0 + 0.3 for e in edges):
            parts.append([b])
        else:
            parts[-1].append(b)
    return [piece for part in parts for piece in _close_values(part, columns)]


def _close_values(token: list[Glyph], columns: Columns) -> list[list[Glyph]]:
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
    if evenly_spaced(gaps, None):
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
