"""An HTML report as published, made inert, with the cell or paragraph of a finding highlighted.

The page is parsed the way the HTML loader parses it (lxml, comments and processing
instructions dropped), so a cell's ``table_index``/``row_index``/``col_index`` and a paragraph's
source line point at the same elements. Scripts, frames, objects, forms' targets, ``<base>``,
``<link>``, refresh and event-handler attributes are removed; the response also carries a
Content-Security-Policy with ``sandbox`` and no script source, and the report page shows it in an
``<iframe sandbox>``: even markup missed here could not run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.etree
import lxml.html

from ..api import SourceLocation
from ..reading.decoding import decode_text
from ..reading.grid import MAX_COLSPAN, MAX_ROWSPAN, GridTooLarge, SpanCell, clamp_span, place_cells

#: the response header of a served report page
SOURCE_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)

_DROP = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "link",
        "template",
        "portal",
        "noscript",
    }
)
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "background"})
_BAD_URL = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_BLOCKS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre", "blockquote", "dd"}
)

HIGHLIGHT_STYLE = (
    ".dl-mark{background:#fff2b3 !important;}"
    ".dl-hl{background:#ffd54f !important;outline:3px solid #d32f2f !important;"
    "outline-offset:1px;scroll-margin:80px;}"
)


def _tag(el: lxml.etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse(data: bytes) -> lxml.etree._Element:
    """The page as the HTML loader parses it (raises ValueError when there is no HTML)."""
    text = decode_text(data).text
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except lxml.etree.ParserError as exc:
        raise ValueError(str(exc)) from exc


def make_inert(root: lxml.etree._Element) -> None:
    """Remove everything that could run, load or navigate (links keep their text only)."""
    for el in list(root.iter()):
        tag = _tag(el)
        if tag in _DROP or (tag == "meta" and el.get("http-equiv")):
            parent = el.getparent()
            if parent is not None:
                tail, prev = el.tail, el.getprevious()
                parent.remove(el)
                if tail:  # keep the text that followed the element
                    if prev is not None:
                        prev.tail = (prev.tail or "") + tail
                    else:
                        parent.text = (parent.text or "") + tail
            continue
        for name in list(el.attrib):
            lower = name.lower()
            value = el.get(name) or ""
            if (
                lower.startswith("on")
                or lower in ("srcdoc", "ping", "http-equiv")
                or (lower in _URL_ATTRS and _BAD_URL.match(value))
                or (tag in ("a", "area") and lower in ("href", "xlink:href", "target"))
            ):
                del el.attrib[name]


def _own_rows(table: lxml.etree._Element) -> list[lxml.etree._Element]:
    rows: list[lxml.etree._Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def find_cell(
    root: lxml.etree._Element, table_index: int, row_index: int | None, col_index: int | None
) -> lxml.etree._Element | None:
    """The ``td``/``th`` at a grid position (merged cells laid out as the loader lays them),
    the row when no column is given, the table when no row is given."""
    tables = list(root.iter("table"))
    if not 0 <= table_index < len(tables):
        return None
    table = tables[table_index]
    if row_index is None:
        return table
    rows = _own_rows(table)
    cells = [[c for c in row if _tag(c) in ("td", "th")] for row in rows]
    if col_index is None:
        return rows[row_index] if 0 <= row_index < len(rows) else None
    spans = [
        [
            SpanCell(
                "",
                clamp_span(c.get("rowspan"), MAX_ROWSPAN, zero_means=MAX_ROWSPAN),
                clamp_span(c.get("colspan"), MAX_COLSPAN),
            )
            for c in row
        ]
        for row in cells
    ]
    try:
        placed = place_cells(spans)
    except GridTooLarge:
        return None
    if not 0 <= row_index < len(placed):
        return None
    for element, cell in zip(cells[row_index], placed[row_index], strict=True):
        if cell.col <= col_index < cell.col + cell.colspan:
            return element
    return None


def find_lines(root: lxml.etree._Element, first: int, last: int) -> list[lxml.etree._Element]:
    """The innermost text blocks that start on source lines ``first``..``last``."""
    found = []
    for el in root.iter():
        if _tag(el) not in _BLOCKS or el.sourceline is None:
            continue
        if first <= el.sourceline <= last and (el.text_content() or "").strip():
            found.append(el)
    inner = set(found)
    return [el for el in found if not any(d in inner for d in el.iterdescendants() if d is not el)]


def locate(root: lxml.etree._Element, where: SourceLocation) -> list[lxml.etree._Element]:
    """The elements a source location points at (empty when it cannot be found)."""
    if where.table_index is not None:
        cell = find_cell(root, where.table_index, where.row_index, where.col_index)
        return [cell] if cell is not None else []
    if where.line is not None:
        return find_lines(root, where.line, where.end_line or where.line)
    return []


def _add_class(el: lxml.etree._Element, name: str) -> None:
    classes = (el.get("class") or "").split()
    if name not in classes:
        el.set("class", " ".join([*classes, name]))


def inert_page(
    data: bytes, target: SourceLocation | None, marks: Iterable[SourceLocation] = ()
) -> bytes:
    """The page made inert, as UTF-8 HTML; the target's elements get ``id="dl-target"``."""
    root = parse(data)
    make_inert(root)
    for where in marks:
        for el in locate(root, where):
            _add_class(el, "dl-mark")
    if target is not None:
        for number, el in enumerate(locate(root, target)):
            _add_class(el, "dl-hl")
            if number == 0:
                el.set("id", "dl-target")
    head = root.find("head")
    if head is None:
        head = lxml.etree.Element("head")
        root.insert(0, head)
    for meta in list(head.iter("meta")):
        if meta.get("charset"):
            meta.getparent().remove(meta)
    charset = lxml.etree.Element("meta", charset="utf-8")
    head.insert(0, charset)
    style = lxml.etree.SubElement(head, "style")
    style.text = HIGHLIGHT_STYLE
    return lxml.html.tostring(root, encoding="utf-8", method="html", doctype="<!DOCTYPE html>")
