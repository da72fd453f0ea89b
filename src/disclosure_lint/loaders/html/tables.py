"""HTML data tables: a table's own rows and cells, cell text, layout tables, spans on a grid."""

from __future__ import annotations

import lxml.etree

from ...reading.grid import MAX_COLSPAN, MAX_ROWSPAN, SpanCell, clamp_span
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


def is_layout_table(table: lxml.etree._Element, cells: list[list[lxml.etree._Element]]) -> bool:
    """A table that contains another table, or has a single cell: it lays out running text."""
    nested = next(table.iterdescendants("table"), None) is not None
    single = sum(len(c) for c in cells) <= 1
    return nested or single


def span_cells(cells: list[list[lxml.etree._Element]]) -> list[list[SpanCell]]:
    """Each cell's text, row span and column span (read as browsers read them) and line."""
    return [
        [
            SpanCell(
                cell_text(cell),
                clamp_span(cell.get("rowspan"), MAX_ROWSPAN, zero_means=MAX_ROWSPAN),
                clamp_span(cell.get("colspan"), MAX_COLSPAN),
                cell.sourceline,
            )
            for cell in row
        ]
        for row in cells
    ]
