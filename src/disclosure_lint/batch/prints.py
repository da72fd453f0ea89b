"""Compact prints of reports for the batch checks.

A :class:`ReportPrint` is what a batch check keeps of a report once the report itself is gone:
per section the hashes of its normalised character shingles (in text order), where each
paragraph starts and on which source line, plus the few table cells the cross-year relations
need. A :class:`SectionView` is the same for a report that is still in memory, with the text,
so that a shared passage can be quoted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import numpy as np

from ..core.labels import normalize
from ..core.model import Report, Section, SourceLocation
from ..similarity.text import name_variants, normalise, shingle_hashes, unique

#: shingle length (characters) used by the batch checks
SHINGLE = 5
#: pseudo-section used when a report has no recognised sections: its whole text
WHOLE_TEXT = "text"

#: table cells kept for the cross-year relations (domain-spec §5.3 H1–H3)
KEPT_ROWS = {
    "table3": {"carried_over", "carry_forward"},
    "table2": {
        "regulations",
        "normative_documents",
        "licensing",
        "other_services",
        "penalties",
        "enforcement",
        "fees",
    },
}


def body_key(body: str | None) -> str | None:
    """The key a body is matched by: its name with widths, spaces and punctuation folded."""
    if not body:
        return None
    return normalize(body) or None


@dataclass(frozen=True)
class CellNote:
    table: str
    row: str
    column: str
    value: int | Decimal
    raw: str | None
    row_label: str
    column_label: str
    table_name: str
    location: SourceLocation | None


@dataclass
class SectionPrint:
    key: str
    heading: str
    line: int | None  # the heading's line
    hashes: np.ndarray  # uint32 shingle hashes of the normalised text, in order
    para_starts: np.ndarray  # normalised offset at which each paragraph starts
    para_lines: np.ndarray  # source line of each paragraph (0: unknown)
    chars: int  # normalised characters
    #: page (PDF) and paragraph number (DOCX, HTML) of each paragraph (0: unknown), and of the
    #: heading; empty when the source gives none
    para_pages: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    para_numbers: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    page: int | None = None
    paragraph: int | None = None

    @cached_property
    def shingles(self) -> np.ndarray:
        return unique(self.hashes)

    def line_at(self, position: int) -> int | None:
        """Source line of the shingle at ``position``."""
        if self.para_lines.size == 0:
            return self.line
        index = int(np.searchsorted(self.para_starts, position, side="right")) - 1
        line = int(self.para_lines[max(index, 0)])
        return line or self.line

    def source_at(self, path: str, position: int) -> SourceLocation:
        """Where the shingle at ``position`` is in the file ``path``: line, page, paragraph."""

        def pick(values: np.ndarray, fallback: int | None) -> int | None:
            if values.size == 0:
                return fallback
            index = int(np.searchsorted(self.para_starts, position, side="right")) - 1
            return int(values[max(index, 0)]) or fallback

        return SourceLocation(
            path,
            line=pick(self.para_lines, self.line),
            page=pick(self.para_pages, self.page),
            paragraph=pick(self.para_numbers, self.paragraph),
        )

    def find(self, shingle: int) -> int | None:
        """First position of a shingle hash, or None."""
        where = np.flatnonzero(self.hashes == shingle)
        return int(where[0]) if where.size else None


@dataclass
class SectionView(SectionPrint):
    text: str = ""
    offsets: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def quote(self, start: int, end: int, limit: int = 60) -> str:
        """The original text of shingles ``[start, end)``, cut to ``limit`` characters."""
        if self.offsets.size == 0 or end <= start:
            return ""
        last = min(end - 1 + SHINGLE - 1, self.offsets.size - 1)
        passage = self.text[int(self.offsets[start]) : int(self.offsets[last]) + 1]
        passage = " ".join(passage.split())
        return passage if len(passage) <= limit else passage[:limit] + "…"

    def compact(self) -> SectionPrint:
        return SectionPrint(
            self.key,
            self.heading,
            self.line,
            self.hashes,
            self.para_starts,
            self.para_lines,
            self.chars,
            self.para_pages,
            self.para_numbers,
            self.page,
            self.paragraph,
        )


@dataclass
class ReportPrint:
    path: str
    body: str | None
    year: int | None
    format: str | None
    sections: list[SectionPrint]
    cells: dict[tuple[str, str, str], CellNote] = field(default_factory=dict)

    @property
    def body_key(self) -> str | None:
        return body_key(self.body)

    @cached_property
    def shingles(self) -> np.ndarray:
        if not self.sections:
            return np.zeros(0, np.uint32)
        return unique(np.concatenate([s.hashes for s in self.sections]))

    @property
    def chars(self) -> int:
        return sum(s.chars for s in self.sections)

    def section(self, key: str) -> SectionPrint | None:
        for section in self.sections:
            if section.key == key:
                return section
        return None

    def locate(self, shingle: int) -> tuple[SectionPrint, SourceLocation] | None:
        """The section and the place where a shingle hash first occurs."""
        for section in self.sections:
            position = section.find(shingle)
            if position is not None:
                return section, section.source_at(self.path, position)
        return None

    def compact(self) -> ReportPrint:
        return ReportPrint(
            self.path,
            self.body,
            self.year,
            self.format,
            [s.compact() if isinstance(s, SectionView) else s for s in self.sections],
            self.cells,
        )

    def label(self) -> str:
        """``path（body year年）`` for messages."""
        bits = [b for b in (self.body, f"{self.year}年" if self.year else None) if b]
        return f"{self.path}（{' '.join(bits)}）" if bits else self.path


def _paragraph_places(
    report: Report, section: Section, paragraphs: list[str]
) -> tuple[list[int], list[int], list[int]]:
    """Line, page and paragraph number of each paragraph (0: unknown): the loader's when it
    recorded them (:attr:`Section.paragraphs`), else lines found again in ``report.lines``."""
    known = section.known_paragraphs
    if known is not None:
        return (
            [p.line or 0 for p in known],
            [p.page or 0 for p in known],
            [p.paragraph or 0 for p in known],
        )
    return _paragraph_lines(report, section, paragraphs), [], []


def _paragraph_lines(report: Report, section: Section, paragraphs: list[str]) -> list[int]:
    loc = section.location
    first = loc.line if loc is not None and loc.line is not None else 0
    lines = report.lines
    if lines is None or not first:
        return [first] * len(paragraphs)
    last = min(loc.end_line or len(lines), len(lines)) if loc is not None else len(lines)
    cursor = first
    found: list[int] = []
    for paragraph in paragraphs:
        probe = "".join(paragraph.split())[:12]
        hit = 0
        if probe:
            for number in range(cursor, last + 1):
                if probe in "".join(lines[number - 1].split()):
                    hit = number
                    cursor = number
                    break
        found.append(hit or (found[-1] if found else first))
    return found


def view_section(
    key: str,
    heading: str,
    line: int | None,
    paragraphs: list[str],
    paragraph_lines: list[int],
    names: list[str],
    places: tuple[list[int], list[int], int | None, int | None] = ([], [], None, None),
) -> SectionView:
    """``places``: the page and paragraph number of each paragraph and of the heading."""
    text = "\n".join(paragraphs)
    norm = normalise(text, names)
    starts: list[int] = []
    offset = 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + 1
    para_starts = np.searchsorted(norm.offsets, np.array(starts, np.int64))
    return SectionView(
        key=key,
        heading=heading,
        line=line,
        hashes=shingle_hashes(norm.codes, SHINGLE),
        para_starts=para_starts.astype(np.int64),
        para_lines=np.array(paragraph_lines, np.int64),
        chars=len(norm),
        para_pages=np.array(places[0], np.int64),
        para_numbers=np.array(places[1], np.int64),
        page=places[2],
        paragraph=places[3],
        text=text,
        offsets=norm.offsets,
    )


def view_report(report: Report, path: str) -> ReportPrint:
    """The print of a report still in memory; its sections are :class:`SectionView` s. Made
    once per report and path: the batch checks that read the same report share it (none of
    them changes a print)."""
    return report.memo(("batch-print", path), lambda: _view_report(report, path))


def _view_report(report: Report, path: str) -> ReportPrint:
    names = name_variants(report.metadata.body)
    sections: list[SectionPrint] = []
    for section in report.sections:
        if not section.text.strip():
            continue
        paragraphs = section.text.split("\n")
        lines, pages, numbers = _paragraph_places(report, section, paragraphs)
        loc = section.location
        line = loc.line if loc is not None else None
        heading = (pages, numbers, loc.page if loc else None, loc.paragraph if loc else None)
        sections.append(
            view_section(section.key, section.heading, line, paragraphs, lines, names, heading)
        )
    if not sections and report.lines:
        numbered = [(n, t) for n, t in enumerate(report.lines, start=1) if t.strip()]
        if numbered:
            sections.append(
                view_section(
                    WHOLE_TEXT,
                    "全文",
                    numbered[0][0],
                    [t for _, t in numbered],
                    [n for n, _ in numbered],
                    names,
                )
            )
    cells: dict[tuple[str, str, str], CellNote] = {}
    for table_key, rows in KEPT_ROWS.items():
        table = report.tables.get(table_key)
        if table is None or not table.present:
            continue
        for cell in table.cells.values():
            if cell.row in rows and cell.is_number and cell.value is not None:
                cells[(table_key, cell.row, cell.column)] = CellNote(
                    table_key,
                    cell.row,
                    cell.column,
                    cell.value,
                    cell.raw,
                    "".join(cell.row_labels[-1:]),
                    " › ".join(cell.column_labels),
                    table.name,
                    cell.location,
                )
    meta = report.metadata
    return ReportPrint(path, meta.body, meta.year, report.format.used, sections, cells)
