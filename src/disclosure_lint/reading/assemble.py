"""The part of loading every document loader shares: from paragraphs and table rows to a report.

A loader reduces its file to a :class:`DocumentFlow`: the paragraphs in document order (prose
paragraphs and, marked as not narrative, one entry per table row) and the table rows themselves,
each with an *order key* that places it in the document. :func:`assemble_report` then finds the
sections, the title block and the year, decides the format, builds the sections and maps the
rows that fall inside each table's section onto the format's tables with
:func:`~disclosure_lint.reading.tablemap.map_table`.

The order key is the line number for text files and the paragraph index for HTML and DOCX (whose
lines mean little: a page may be one long line).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..core.formats import FormatDef, FormatRegistry
from ..core.model import Report, SourceLocation
from .runon import LabelScanner
from .structure import (
    Paragraph,
    SectionSpan,
    build_sections,
    extract_metadata,
    find_sections,
    resolve_format,
    section_defs,
)
from .tablemap import SourceRow, map_table

#: Builds the location of a mapped table from the format table's position and the location of
#: the first label the mapper anchored on.
TableLocator = Callable[[int, SourceLocation], SourceLocation]


@dataclass(frozen=True)
class Assembled:
    """What :func:`assemble_report` decided: the format used and the sections found."""

    format: FormatDef | None
    spans: list[SectionSpan]


@dataclass
class DocumentFlow:
    """A document as paragraphs and table rows in reading order."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    narrative: list[bool] = field(default_factory=list)  # False for table rows
    order: list[int] = field(default_factory=list)  # order key of each paragraph
    rows: list[tuple[int, SourceRow]] = field(default_factory=list)  # (order key, row)
    #: prose paragraphs may be table text ("行政许可 0", a table on one line): once the format is
    #: known, those inside a table's section are kept out of the section text
    prose_tables: bool = False

    def add_paragraph(self, paragraph: Paragraph, order: int, narrative: bool = True) -> None:
        self.paragraphs.append(paragraph)
        self.narrative.append(narrative)
        self.order.append(order)

    def text(self) -> str:
        """All text, prose and table rows, for format detection."""
        return "\n".join(p.text for p in self.paragraphs)


def assemble_report(
    report: Report,
    formats: FormatRegistry,
    flow: DocumentFlow,
    fields: dict[str, str],
    text: str,
    file: str,
    table_location: TableLocator,
    fallback_fields: dict[str, str] | None = None,
) -> Assembled:
    """Fill ``report`` (metadata, format, sections, tables) from ``flow``.

    ``fields`` are key/value pairs the loader read outside the body (page metadata, a crawler
    header). ``fallback_fields`` are used only when no title was found with ``fields`` and the
    paragraphs (e.g. an HTML ``<title>``, which carries the site name). Returns the format the
    tables were read with and the section spans.
    """
    paragraphs, narrative = flow.paragraphs, flow.narrative

    # Structure is recognised with every format's section keywords first; the format is known
    # only after the year has been read from the title.
    provisional = section_defs(formats, None)
    spans = find_sections(paragraphs, provisional, None, narrative)
    first = spans[0].start if spans else None
    if first is None:
        head = [p for p, n in zip(paragraphs, narrative, strict=True) if n]
        head_count = None
    else:
        head = [p for p, n in zip(paragraphs[:first], narrative[:first], strict=True) if n]
        head_count = len([n for n in narrative[:first] if n])
    report.metadata = extract_metadata(head, head_count, fields)
    if report.metadata.title is None and fallback_fields:
        report.metadata = extract_metadata(head, head_count, {**fallback_fields, **fields})
    # the preamble: the prose before the first section (none when no section was found)
    preamble = head if first is not None else []
    report.preamble = "\n".join(p.text for p in preamble)
    if preamble:
        report.preamble_location = replace(
            preamble[0].location, end_line=preamble[-1].location.line
        )
    fmt = resolve_format(report, formats, text)
    spans = find_sections(paragraphs, section_defs(formats, fmt), fmt, narrative)
    # one scanner per table for the report: its prose is scanned for table text, then its rows
    scanners = {t.key: LabelScanner(t) for t in fmt.tables} if fmt is not None else {}
    if flow.prose_tables and fmt is not None:
        narrative = _without_table_text(fmt, paragraphs, narrative, spans, scanners)
    report.sections = build_sections(paragraphs, spans, narrative)
    if fmt is not None:
        read_tables(
            report,
            fmt,
            flow.rows,
            spans,
            flow.order,
            file,
            table_location,
            earlier=formats.earlier(fmt),
            scanners=scanners,
        )
    return Assembled(fmt, spans)


def _without_table_text(
    fmt: FormatDef,
    paragraphs: list[Paragraph],
    narrative: list[bool],
    spans: list[SectionSpan],
    by_table: dict[str, LabelScanner],
) -> list[bool]:
    """``narrative`` with the prose paragraphs that are table text of their section unmarked."""
    out = list(narrative)
    for span in spans:
        scanners = [by_table[t.key] for t in fmt.tables if t.section == span.definition.key]
        for index in range(span.start + 1, span.end):
            if not out[index]:
                continue
            text = paragraphs[index].text
            if any(s.tabular(s.scan(text)) for s in scanners):
                out[index] = False
    return out


def table_regions(
    fmt: FormatDef,
    rows: list[tuple[int, SourceRow]],
    spans: list[SectionSpan],
    order: list[int],
) -> dict[str, list[SourceRow]]:
    """The source rows each format table is read from.

    A table's rows are those inside its section (from the heading to the next heading; every
    span of a section written twice, as when a report's tables follow its prose under headings
    of their own); a table whose section was not found is read from the rows no section claimed.
    """
    bounds: dict[str, list[tuple[int, int]]] = {}
    for position, span in enumerate(spans):
        start = order[span.start]
        end = order[spans[position + 1].start] if position + 1 < len(spans) else 10**9
        bounds.setdefault(span.definition.key, []).append((start, end))
    claimed: set[int] = set()
    regions: dict[str, list[SourceRow]] = {}
    for tdef in fmt.tables:
        if tdef.section in bounds:
            spans_of = bounds[tdef.section]
            if len(spans_of) == 1:
                ((a, b),) = spans_of
                inside = [(k, r) for k, r in rows if a <= k < b]
            else:
                inside = [(k, r) for k, r in rows if any(a <= k < b for a, b in spans_of)]
            regions[tdef.key] = [row for _, row in inside]
            claimed.update(key for key, _ in inside)
    for tdef in fmt.tables:
        if tdef.key not in regions:
            regions[tdef.key] = [row for key, row in rows if key not in claimed]
    return regions


def read_tables(
    report: Report,
    fmt: FormatDef,
    rows: list[tuple[int, SourceRow]],
    spans: list[SectionSpan],
    order: list[int],
    file: str,
    table_location: TableLocator,
    earlier: Sequence[FormatDef] = (),
    scanners: dict[str, LabelScanner] | None = None,
) -> None:
    regions = table_regions(fmt, rows, spans, order)
    for index, tdef in enumerate(fmt.tables):
        scanner = scanners.get(tdef.key) if scanners else None
        mapped = map_table(tdef, regions[tdef.key], file, earlier, scanner)
        if mapped.table.location is not None:
            mapped.table.location = table_location(index, mapped.table.location)
        report.tables[tdef.key] = mapped.table
        report.issues.extend(mapped.issues)
