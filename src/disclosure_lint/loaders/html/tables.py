"""HTML data tables: a table's own rows and cells, cell text, layout tables, spans on a grid."""

from __future__ import annotations

import re
import threading

import lxml.etree

from ...reading.grid import MAX_COLSPAN, MAX_ROWSPAN, SpanCell, clamp_span
from .index import PageIndex
from .text import BLOCK_TAGS, SKIP_TAGS, STRUCTURE_TAGS, collapse, string_value, tag_name


class _Lines:
    """Accumulates inline text; ``br`` and block boundaries start a new line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.current.append(text)

    def newline(self) -> None:
        line = collapse("".join(self.current))
        if line:
            self.lines.append(line)
        self.current = []


def cell_text(cell: lxml.etree._Element) -> str:
    """The text of a table cell: one line per paragraph or ``<br>``, spaces collapsed."""
    if next(cell.iterdescendants(*STRUCTURE_TAGS), None) is None:
        return collapse(string_value(cell))  # inline content only: one line (lxml joins it)
    out = _Lines()

    def walk(el: lxml.etree._Element) -> None:
        tag = tag_name(el)
        if tag == "br":
            out.newline()
        elif tag in SKIP_TAGS or tag == "table":
            pass
        elif tag:
            block = tag in BLOCK_TAGS
            if block:
                out.newline()
            out.add(el.text)
            for child in el:
                walk(child)
            if block:
                out.newline()
        out.add(el.tail)

    out.add(cell.text)
    for child in cell:
        walk(child)
    out.newline()
    return "\n".join(out.lines)


def own_rows(table: lxml.etree._Element) -> list[lxml.etree._Element]:
    """The table's own rows (not those of nested tables), thead/tbody/tfoot included."""
    rows: list[lxml.etree._Element] = []
    for child in table:
        tag = tag_name(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if tag_name(r) == "tr")
    return rows


def data_cells(table: lxml.etree._Element) -> list[list[lxml.etree._Element]]:
    """The ``td``/``th`` cells of each of the table's own rows."""
    return [[c for c in row if tag_name(c) in ("td", "th")] for row in own_rows(table)]


def is_layout_table(
    table: lxml.etree._Element, cells: list[list[lxml.etree._Element]], may_nest: bool = True
) -> bool:
    """A table that contains another table, or has a single cell: it lays out running text
    (``may_nest`` False: the table is known to hold no table, which is not looked for)."""
    nested = may_nest and next(table.iterdescendants("table"), None) is not None
    single = sum(len(c) for c in cells) <= 1
    return nested or single


_START, _END, _BREAK = "\ufdd0", "\ufdd1", "\ufdd2"  # noncharacters: never text of a page
#: what follows each _START up to the next _START or _END: a cell's marked text
_CELL_TEXT = re.compile(f"{_START}([^{_START}{_END}]*)")


def _lines(text: str) -> str:
    """The lines of marked cell text, collapsed; white space alone makes no line."""
    if _BREAK not in text:
        return collapse(text)
    lines = [collapse(part) for part in text.split(_BREAK) if part and not part.isspace()]
    return lines[0] if len(lines) == 1 else "\n".join(lines)


# The table's text with the marks of :func:`marked_cell_texts`, written by libxslt in one pass
# over the table (its elements below the table itself): a cell's content between _START and
# _END, a block's between two _BREAKs, a <br> as a _BREAK, other elements as their content
# (the built-in template), text as it is.
_BLOCK_PATTERN = "|".join(sorted(BLOCK_TAGS - {"td", "th"}))
_MARKING = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="utf-8"/>
<xsl:template match="/"><xsl:apply-templates select="*/node()"/></xsl:template>
<xsl:template match="td|th">{_START}<xsl:apply-templates/>{_END}</xsl:template>
<xsl:template match="br">{_BREAK}</xsl:template>
<xsl:template match="{_BLOCK_PATTERN}">{_BREAK}<xsl:apply-templates/>{_BREAK}</xsl:template>
</xsl:stylesheet>"""
_THREAD = threading.local()  # a stylesheet per thread (lxml: faster in the thread made in)


def _marking() -> lxml.etree.XSLT:
    style: lxml.etree.XSLT | None = getattr(_THREAD, "marking", None)
    if style is None:
        style = _THREAD.marking = lxml.etree.XSLT(lxml.etree.fromstring(_MARKING))
    return style


def marked_cell_texts(
    table: lxml.etree._Element,
    cells: list[list[lxml.etree._Element]],
    page: PageIndex | None = None,
) -> list[str] | None:
    """:func:`cell_text` of every cell of a data table (no table inside), read in one pass: the
    table's text is written by libxslt with the line breaks and the bounds of the cells marked
    with noncharacters, then cut at the marks (the table is not changed). None when the table
    holds an element whose text a cell leaves out (script, style, …) or a mark, a ``<br>`` with
    content, or a ``td``/``th`` that is not one of ``cells``. (``page``: the page's index,
    which tells of most tables that they hold no unshown element and no such ``<br>``.)"""
    if (page is None or page.may_skip(table)) and next(table.iter(*SKIP_TAGS), None) is not None:
        return None
    whole = string_value(table)
    if _START in whole or _END in whole or _BREAK in whole:
        return None
    if (page is None or page.may_break_with_content(table)) and any(
        br.text or len(br) for br in table.iter("br")
    ):
        return None
    try:
        marked = str(_marking()(table))
    except lxml.etree.XSLTApplyError:
        return None
    texts = _CELL_TEXT.findall(marked)
    if len(texts) != sum(len(row) for row in cells):
        # a td or th outside the table's own rows, marked as a cell too (no mark is text)
        return None
    return [_lines(text) for text in texts]


def span_cells(
    cells: list[list[lxml.etree._Element]], texts: list[str] | None = None
) -> list[list[SpanCell]]:
    """Each cell's text, row span and column span (read as browsers read them) and line; the
    texts may be given (:func:`marked_cell_texts`, in the order of the cells)."""
    if texts is None:
        texts = [cell_text(cell) for row in cells for cell in row]
    read = iter(texts)
    spans: list[list[SpanCell]] = []
    for row in cells:
        out: list[SpanCell] = []
        for cell in row:
            rowspan = cell.get("rowspan")
            colspan = cell.get("colspan")
            out.append(
                SpanCell(
                    next(read),
                    # no attribute: a span of 1 (what clamp_span gives for None, uncalled)
                    1
                    if rowspan is None
                    else clamp_span(rowspan, MAX_ROWSPAN, zero_means=MAX_ROWSPAN),
                    1 if colspan is None else clamp_span(colspan, MAX_COLSPAN),
                    cell.sourceline,
                )
            )
        spans.append(out)
    return spans
