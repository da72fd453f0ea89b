"""Loader for plain-text reports (``.txt``) and Markdown (``.md``).

Shapes understood:

- Word "save as text" exports like the seed report: each table cell on its own line, indented
  by a tab; a blank line ends a table row; merged cells appear as lines holding only a tab; a
  line break inside a cell continues on the next, unindented line ("本年新" / "制作数量");
  artefacts such as ``[bookmark: _GoBack]`` are dropped;
- rows written on one line with tab-separated cells;
- LibreOffice's text export: every table cell on a line of its own, without tabs, an empty cell
  an empty line; a stretch of such lines is cut into rows before each label after numbers;
- Markdown pipe tables (``| 规章 | 0 | 0 | 0 |``) and ``#`` headings; a row above a ``|---|``
  line is a header row (column labels, never a row label) unless it carries numbers, as the
  first row of a table does in PDF-to-Markdown conversions;
- a crawler header block (``标题: …`` / ``发布时间: …`` before a ``==== 正文 ====`` line);
- table text outside any table syntax: prose lines are handed to the mapper, which reads those
  made of labels and numbers ("行政许可 0", a whole table on one line with its cells written
  together) and row labels broken over lines (see :mod:`~disclosure_lint.reading.runon`);
- text without line breaks: a section heading inside a line ("…联系。一、总体情况2020年，…")
  starts a new paragraph (``DL935``).

Every cell keeps its line number; sections keep their line span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..core.formats import SectionDef
from ..core.i18n import join
from ..core.inputs import InputSource, LoadContext
from ..core.model import Issue, Location, Report, SourceLocation
from ..reading.assemble import DocumentFlow, assemble_report
from ..reading.decoding import decode_text
from ..reading.structure import Paragraph, match_heading, section_defs, split_inline_headings
from ..reading.tablemap import HEADER, PROSE, SourceRow, Token, is_header_row
from ..reading.tablemap.source import is_value
from .documents import ENCODING_GUESSED

TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown")
INLINE_HEADINGS = "DL935"

#: order keys: line number × this, plus the position of a piece within its line
_PER_LINE = 1000

_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]|\[image:[^\]]*\]")
_BODY_MARKER = re.compile(r"^=+\s*正文\s*=+\s*$")
_FIELD = re.compile(r"^\s*(?P<key>[^\s:：]{2,8})\s*[:：]\s*(?P<value>.*)$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MAX_CONTINUATION = 20
#: a table written one cell per line: its cells are at most this long, and at least this many of
#: them are numbers
_MAX_CELL = 60
_MIN_CELL_NUMBERS = 3
#: a label with its numbers on one line ("行政许可 0", "规章007"): table text, never one cell
_ENDS_IN_NUMBER = re.compile(r"\d$")


@dataclass(slots=True)  # one for every line of every text file
class _Line:
    number: int  # 1-based
    text: str
    stripped: str  # the text without spaces around it
    tokens: list[str] | None  # cells when the line is part of a table, else None
    header: bool = False  # a Markdown row followed by a ``|---|`` line
    cell: bool = False  # one cell of a table written one cell per line (LibreOffice's export)


def _classify(lines: list[str]) -> list[_Line]:
    out: list[_Line] = []
    for number, raw in enumerate(lines, start=1):
        text = (_ARTEFACT.sub("", raw) if "[" in raw else raw).rstrip("\r\n")
        stripped = text.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if _PIPE_SEPARATOR.match(stripped):
                out.append(_Line(number, text, stripped, []))
                continue
            inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
            out.append(_Line(number, text, stripped, [c.strip() for c in inner.split("|")]))
        elif "\t" in text and (text.startswith("\t") or text.strip("\t ").count("\t") >= 1):
            parts = text.split("\t")
            if text.startswith("\t"):
                parts = parts[1:]
            out.append(_Line(number, text, stripped, parts))
        else:
            out.append(_Line(number, text, stripped, None))
    for line, following in pairwise(out):
        if line.tokens and following.tokens == [] and line.text.lstrip().startswith("|"):
            line.header = is_header_row(line.tokens)
    return out


def _rows(classified: list[_Line], file: str, defs, exclude_heading) -> list[tuple[int, SourceRow]]:
    """Group table lines into source rows; returns (first line number, row) pairs."""
    rows: list[tuple[int, SourceRow]] = []
    group: list[Token] = []
    group_line = 0
    previous_table = False

    def flush() -> None:
        nonlocal group
        if group:
            rows.append((group_line * _PER_LINE, SourceRow(group)))
        group = []

    cells: list[_Line] = []  # the lines of a row written one cell per line

    def flush_cells() -> None:
        if cells:
            filled = [i for i, c in enumerate(cells) if c.stripped]
            last = filled[-1] if filled else -1
            tokens = [
                Token(c.stripped, SourceLocation(file, line=c.number), trailing=i > last)
                for i, c in enumerate(cells)
            ]
            rows.append((cells[0].number * _PER_LINE, SourceRow(tokens, lines=True)))
            cells.clear()

    for line in classified:
        if line.cell:
            if cells and is_value(cells[-1].text) and not is_value(line.text):
                flush_cells()  # a label after numbers starts the next row
            cells.append(line)
            continue
        flush_cells()
        if line.tokens is not None:
            if not line.tokens:  # Markdown separator row
                previous_table = True
                continue
            if len(line.tokens) > 1 or line.text.lstrip().startswith("|"):
                flush()
                tokens = [
                    Token(t, SourceLocation(file, line=line.number, col_index=i))
                    for i, t in enumerate(line.tokens)
                ]
                rows.append(
                    (line.number * _PER_LINE, SourceRow(tokens, HEADER if line.header else "cells"))
                )
            else:
                if not group:
                    group_line = line.number
                group.append(Token(line.tokens[0], SourceLocation(file, line=line.number)))
            previous_table = True
            continue
        stripped = line.stripped
        if not stripped:
            flush()
            previous_table = False
            continue
        if (
            previous_table
            and group
            and len(stripped) <= _MAX_CONTINUATION
            and match_heading(stripped, defs, exclude_heading) is None
        ):
            last = group[-1]
            group[-1] = Token(last.text + "\n" + stripped, last.location)
            line.tokens = []  # consumed as part of a cell
            continue
        flush()
        previous_table = False
    flush()
    flush_cells()
    return rows


def _mark_cell_lines(classified: list[_Line], defs: Sequence[SectionDef]) -> None:
    """Mark the tables written one cell per line, as LibreOffice's text export writes them.

    Every cell is a line of its own, an empty cell (or the continuation of a merged one) an empty
    line, with no tab: a row label line, then its numbers each on a line. A stretch of such lines
    is a table when it holds at least :data:`_MIN_CELL_NUMBERS` lines that are a value alone and
    no line of prose (longer than :data:`_MAX_CELL`, or a section heading) or of table text (a
    label with its numbers, read as prose lines are). The stretch is cut
    into rows at each label that follows numbers; the mapper then reads each row's cells as it
    reads a row of a Word table. The empty lines after a row's last number are marked
    (:attr:`Token.trailing`): they may be the next row's merged label cells, so a row that needs
    them to fill its columns is not read.
    """
    run: list[_Line] = []

    def close() -> None:
        while run and not run[-1].stripped:
            run.pop()
        while run and not run[0].stripped:
            run.pop(0)
        numbers = sum(1 for line in run if line.stripped and is_value(line.stripped))
        if numbers >= _MIN_CELL_NUMBERS:
            for line in run:
                line.cell = True
        run.clear()

    for line in classified:
        stripped = line.stripped
        if line.tokens is None and (
            not stripped
            or is_value(stripped)
            or (
                len(stripped) <= _MAX_CELL
                and not _ENDS_IN_NUMBER.search(stripped)
                and match_heading(stripped, defs) is None
            )
        ):
            run.append(line)
        else:
            close()
    close()


def _header_fields(lines: list[str]) -> tuple[dict[str, str], int]:
    """Key/value header lines before a ``==== 正文 ====`` marker, and the marker's index."""
    for index, line in enumerate(lines[:30]):
        if _BODY_MARKER.match(line.strip()):
            fields: dict[str, str] = {}
            for header in lines[:index]:
                match = _FIELD.match(header)
                if match:
                    fields[match.group("key")] = match.group("value").strip()
            return fields, index + 1
    return {}, 0


def load_text(source: InputSource, context: LoadContext) -> Report:
    decoded = decode_text(source.read_bytes())
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    report = Report(source=source.name, loader="text", lines=lines)
    if decoded.guessed:
        report.issues.append(
            Issue(
                ENCODING_GUESSED,
                Location(source=SourceLocation(source.name)),
                {"encoding": decoded.encoding},
            )
        )
    fields, body_start = _header_fields(lines)
    classified = _classify(lines)[body_start:]

    # Rows are grouped with every format's section keywords (the format is not known yet).
    provisional = section_defs(context.formats, None)
    _mark_cell_lines(classified, provisional)
    rows = _rows(classified, source.name, provisional, frozenset())
    flow = DocumentFlow(prose_tables=True)
    inline: list[str] = []
    inline_line: int | None = None
    for line in classified:
        if not line.stripped or line.tokens == []:
            continue
        location = SourceLocation(source.name, line=line.number)
        if line.tokens is not None or line.cell:
            flow.add_paragraph(
                Paragraph(line.stripped, location), line.number * _PER_LINE, narrative=False
            )
            continue
        pieces = split_inline_headings(line.stripped, provisional)
        if len(pieces) > 1:
            inline.extend(p for p in pieces if match_heading(p, provisional) is not None)
            inline_line = inline_line or line.number
        for offset, piece in enumerate(pieces[: _PER_LINE - 1]):
            order = line.number * _PER_LINE + offset
            flow.add_paragraph(Paragraph(piece.strip(), location), order)
            # prose is table text when it is made of labels and numbers (the mapper decides)
            rows.append((order, SourceRow([Token(piece, location)], PROSE)))
    rows.sort(key=lambda item: item[0])
    flow.rows = rows
    if inline:
        report.issues.append(
            Issue(
                INLINE_HEADINGS,
                Location(source=SourceLocation(source.name, line=inline_line)),
                {"detail": join(inline), "found": len(inline)},
            )
        )
    assemble_report(
        report,
        context.formats,
        flow,
        fields,
        text,
        source.name,
        lambda index, found: SourceLocation(source.name, line=found.line, table_index=index),
    )
    return report
