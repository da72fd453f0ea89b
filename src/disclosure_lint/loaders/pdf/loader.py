"""Loader for PDF reports with a text layer.

Flow: characters with positions (:mod:`.extract`) → lines → section headings and title (shared
structure recognition of :mod:`disclosure_lint.reading.structure`) → the three tables rebuilt from
positions inside their sections (:mod:`.tables`) → prose paragraphs outside the tables → sections.
Every cell, label and section carries its page and bounding box.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ...core.formats import FormatDef
from ...core.inputs import InputSource, LoadContext
from ...core.model import Issue, Location, Report, SourceLocation
from ...reading.structure import (
    Paragraph,
    build_sections,
    extract_metadata,
    find_sections,
    match_heading,
    resolve_format,
    section_defs,
    table_row_labels,
)
from ...reading.tablemap import map_table
from .extract import Glyph, PdfText, extract
from .layout import Box, Line, PageLines, group_lines, run_text
from .tables import TableReader, mark_unclear

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?[\s\-—–－_·•]*$"
)
_HEADING_START = re.compile(r"^\s*(?:第)?[一二三四五六七八九十]{1,2}(?:部分)?\s*[、，,.．:：]")


@dataclass
class _TextLine:
    line: Line
    text: str
    page: int

    @property
    def box(self) -> Box:
        return Box.of(self.line.glyphs)

    @property
    def position(self) -> tuple[int, float]:
        return (self.page, self.line.top)


def load_pdf(source: InputSource, context: LoadContext) -> Report:
    pdf = extract(source.read_bytes())
    report = Report(source=source.name, loader="pdf")
    for problem in pdf.problems:
        report.issues.append(
            Issue(problem.code, Location(source=SourceLocation(source.name)), dict(problem.args))
        )
    pages = {
        page.index: PageLines(group_lines(page.glyphs), page.rules, page.height, page.hrules)
        for page in pdf.pages
    }
    glyphs = {g.seq: g for page in pdf.pages for g in page.glyphs}
    lines = _text_lines(pdf, pages)

    # Pass 1: every line is a candidate; headings, title and year decide the format.
    formats = context.formats
    provisional = section_defs(formats, None)
    paragraphs = [_paragraph(source.name, [ln]) for ln in lines]
    spans = find_sections(paragraphs, provisional, None)
    first = spans[0].start if spans else None
    head = _title_paragraphs(
        source.name, lines[: first if first is not None else 12], _margins(lines)
    )
    report.metadata = extract_metadata(head, len(head) if first is not None else None, {})
    full_text = "\n".join(ln.text for ln in lines)
    fmt = resolve_format(report, formats, full_text)

    consumed: set[int] = set()
    table_boxes: list[Box] = []
    if fmt is not None:
        spans = find_sections(paragraphs, section_defs(formats, fmt), fmt)
        consumed, table_boxes = _read_tables(
            report,
            fmt,
            spans,
            pages,
            glyphs,
            source.name,
            {p.index: p.rules for p in pdf.pages},
            formats.earlier(fmt),
        )

    # Pass 2: prose paragraphs (lines outside the tables) make the sections.
    prose = [ln for ln in lines if not _in_table(ln, consumed, table_boxes)]
    merged = _merge_paragraphs(
        prose, source.name, section_defs(formats, fmt), table_row_labels(fmt)
    )
    narrative = [True] * len(merged)
    spans = find_sections(merged, section_defs(formats, fmt), fmt, narrative)
    report.sections = build_sections(merged, spans, narrative)
    return report


# ---------------------------------------------------------------------------------------------
# lines and paragraphs


def _text_lines(pdf: PdfText, pages: dict[int, PageLines]) -> list[_TextLine]:
    out: list[_TextLine] = []
    for page in pdf.pages:
        for line in pages[page.index].lines:
            text = run_text(line.glyphs)
            if _is_furniture(text, line, page.height):
                continue
            out.append(_TextLine(line, text, page.index))
    return out


def _is_furniture(text: str, line: Line, height: float) -> bool:
    """Page numbers in the top or bottom margin."""
    if not _PAGE_NUMBER.match(text):
        return False
    return height <= 0 or line.top > 0.85 * height or line.bottom < 0.12 * height


def _location(file: str, lines: list[_TextLine]) -> SourceLocation:
    page = lines[0].page
    box = Box.of([g for ln in lines if ln.page == page for g in ln.line.glyphs])
    return SourceLocation(file, page=page + 1, bbox=box.as_tuple())


def _paragraph(file: str, lines: list[_TextLine]) -> Paragraph:
    return Paragraph("".join(ln.text for ln in lines), _location(file, lines))


def _title_paragraphs(
    file: str, lines: list[_TextLine], margins: dict[int, tuple[float, float]]
) -> list[Paragraph]:
    """Lines before the first section as paragraphs: the title set in a larger font over several
    lines is joined into one ("洪泽区人民政府" / "2023 年政府信息公开工作年度报告"), and so are the
    lines of running text (a line broken after "…年度报告" is not a title)."""
    if not lines:
        return []
    body_em = statistics.median(ln.line.em for ln in lines)
    groups: list[list[_TextLine]] = []
    large_group = False
    for line in lines:
        large = line.page == lines[0].page and line.line.em >= 1.15 * body_em
        if groups:
            last = groups[-1][-1]
            if large and large_group and line.line.top - last.line.bottom <= 2.0 * line.line.em:
                groups[-1].append(line)
                continue
            if not large and not large_group and _runs_on(last, line, margins):
                groups[-1].append(line)
                continue
        groups.append([line])
        large_group = large
    return [_paragraph(file, group) for group in groups]


def _runs_on(previous: _TextLine, line: _TextLine, margins: dict[int, tuple[float, float]]) -> bool:
    """``line`` continues the running text of ``previous``: that one runs to the right margin and
    this one starts at the left margin, just below, in the same size."""
    em = max(line.line.em, previous.line.em)
    if abs(line.line.em - previous.line.em) > 0.25 * em or line.page != previous.page:
        return False
    left, right = margins[line.page]
    return (
        previous.line.x1 >= right - 1.5 * em
        and line.line.x0 <= left + 1.0 * em
        and 0 <= line.line.top - previous.line.bottom <= 1.5 * em
    )


def _margins(lines: list[_TextLine]) -> dict[int, tuple[float, float]]:
    """Left and right edge of the text block of each page (from lines of prose length)."""
    out: dict[int, tuple[float, float]] = {}
    by_page: dict[int, list[_TextLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page, page_lines in by_page.items():
        long = [ln for ln in page_lines if len(ln.line.glyphs) >= 12] or page_lines
        out[page] = (min(ln.line.x0 for ln in long), max(ln.line.x1 for ln in long))
    return out


def _merge_paragraphs(
    lines: list[_TextLine], file: str, defs, exclude: frozenset[str]
) -> list[Paragraph]:
    """Join lines of running text into paragraphs: a line continues the previous one when the
    previous line runs to the right margin and this one starts at the left margin."""
    margins = _margins(lines)
    groups: list[list[_TextLine]] = []
    for line in lines:
        if groups and _continues(groups[-1][-1], line, margins, defs, exclude):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [_paragraph(file, group) for group in groups]


def _is_heading(line: _TextLine, defs, exclude: frozenset[str]) -> bool:
    return bool(_HEADING_START.match(line.text)) and (
        match_heading(line.text, defs, exclude) is not None
    )


def _continues(
    previous: _TextLine,
    line: _TextLine,
    margins: dict[int, tuple[float, float]],
    defs,
    exclude: frozenset[str],
) -> bool:
    em = max(line.line.em, previous.line.em)
    if abs(line.line.em - previous.line.em) > 0.25 * em:
        return False
    if _is_heading(previous, defs, exclude) or _is_heading(line, defs, exclude):
        return False
    _, right = margins[previous.page]
    left, _ = margins[line.page]
    if previous.line.x1 < right - 1.5 * em:
        return False  # the previous line ends early: end of a paragraph
    if line.line.x0 > left + 1.0 * em:
        return False  # indented: a new paragraph
    if line.page == previous.page:
        return 0 <= line.line.top - previous.line.bottom <= 1.5 * em
    return line.page == previous.page + 1


def _in_table(line: _TextLine, consumed: set[int], boxes: list[Box]) -> bool:
    glyphs = line.line.glyphs
    if any(g.seq in consumed for g in glyphs):
        return True
    baseline, em = line.line.baseline, line.line.em
    for box in boxes:
        if box.page != line.page or baseline < box.top - 1 or baseline - 2 * em > box.bottom + 1:
            continue  # the line is above or below the table: no character can be inside
        inside = [
            g
            for g in glyphs
            if box.x0 - 1 <= g.cx <= box.x1 + 1 and box.top - 1 <= g.cy <= box.bottom + 1
        ]
        if len(inside) * 2 >= len(glyphs):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# tables


def _read_tables(
    report: Report,
    fmt: FormatDef,
    spans,
    pages: dict[int, PageLines],
    glyphs: dict[int, Glyph],
    file: str,
    rules: dict[int, list[tuple[float, float, float]]],
    earlier: list[FormatDef],
) -> tuple[set[int], list[Box]]:
    """Read the tables of ``fmt``, each from the part of the document under its section."""
    starts: list[tuple[tuple[int, float], str]] = []
    for span in spans:
        location = span.heading.location
        if location.page is None or location.bbox is None:
            continue
        starts.append(((location.page - 1, location.bbox[3]), span.definition.key))
    starts.sort()
    bounds: dict[str, tuple[tuple[int, float], tuple[int, float]]] = {}
    for index, (position, key) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else (10**6, 0.0)
        bounds.setdefault(key, (position, end))

    all_seqs = set(glyphs)
    where = {s: (g.page, g.cy) for s, g in glyphs.items()}
    consumed: set[int] = set()
    boxes: list[Box] = []
    reads = []
    # tables whose section was found first; the others search what is left of the document
    ordered = sorted(enumerate(fmt.tables), key=lambda item: 0 if item[1].section in bounds else 1)
    for index, tdef in ordered:
        if tdef.section in bounds:
            (start, end) = bounds[tdef.section]
            region = {s for s in all_seqs - consumed if start <= where[s] < end}
        else:
            region = all_seqs - consumed
        reader = TableReader(tdef, index, pages, region, glyphs, file, rules)
        read = reader.read()
        consumed |= read.consumed
        boxes.extend(read.boxes)
        reads.append((index, tdef, read))
    for index, tdef, read in sorted(reads, key=lambda item: item[0]):
        mapped = map_table(tdef, read.rows, file, earlier)
        report.issues.extend(read.issues)
        report.issues.extend(mapped.issues)
        report.issues.extend(mark_unclear(mapped.table, read.unclear, tdef))
        if mapped.table.location is not None:
            loc = mapped.table.location
            mapped.table.location = SourceLocation(
                file, page=loc.page, table_index=index, bbox=loc.bbox
            )
        report.tables[tdef.key] = mapped.table
    return consumed, boxes
