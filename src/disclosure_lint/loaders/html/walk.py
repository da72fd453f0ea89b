"""Reading order of an HTML page: its paragraphs, table rows and images, in document order.

Paragraphs are split at block elements and ``<br>``; data tables are placed on a grid
(:mod:`.tables`), layout tables read as running text; images are remembered for ``DL914``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import lxml.etree

from ...core.model import Issue, Location, SourceLocation
from ...reading.assemble import DocumentFlow
from ...reading.grid import GridTooLarge, PlacedCell, place_cells, source_rows
from ...reading.structure import Paragraph
from ..documents import GRID_TOO_LARGE, ImageRef
from .chrome import Chrome
from .index import PageIndex
from .tables import data_cells, is_layout_table, marked_cell_texts, span_cells
from .text import BLOCK_TAGS, SKIP_TAGS, collapse, string_value, tag_name

_BLANK = " \t\r\n\f\u00a0"  # white space that notes no line
#: what the walk reads otherwise than as running text ("": comments and the like)
_NOT_INLINE = BLOCK_TAGS | SKIP_TAGS | {"br", "img", "table", ""}


def first_line(el: lxml.etree._Element) -> int | None:
    """The line the walk notes for ``el``'s content: that of the first element whose text
    (``el`` or inside) or child's tail (at its parent) is not blank and has a line."""
    line = el.sourceline
    if line is not None and el.text and el.text.strip(_BLANK):
        return line
    for child in el:
        found = first_line(child)
        if found is not None:
            return found
        if line is not None and child.tail and child.tail.strip(_BLANK):
            return line
    return None


@dataclass
class PageWalker:
    """Walks an element tree in document order into a :class:`DocumentFlow`."""

    file: str
    table_index: dict[lxml.etree._Element, int]  # <table> -> its index among all tables
    flow: DocumentFlow = field(default_factory=DocumentFlow)
    issues: list[Issue] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    skip_line: Callable[[str], bool] | None = None  # paragraphs left out (page information)
    #: blocks and tables whose paragraphs the caller does not need (left out, content unread)
    prune: Callable[[lxml.etree._Element], bool] | None = None
    chrome: Chrome | None = None  # site chrome left out (None: the page as it is)
    #: the page's index (None: tables are looked into for nested tables and images)
    page: PageIndex | None = None
    #: runs of inline content read as one string by libxml2 (False: element by element, the
    #: definition the shortcut is tested against)
    inline_runs: bool = True
    _cleaned: bool = False  # inside a table whose chrome is already removed
    _buffer: list[str] = field(default_factory=list)
    _line: int | None = None

    # paragraphs ------------------------------------------------------------------------------
    def _add(self, text: str | None, el: lxml.etree._Element) -> None:
        if not text:
            return
        if self._line is None and text.strip(_BLANK):
            self._line = el.sourceline
        self._buffer.append(text)

    def _add_tail(self, el: lxml.etree._Element) -> None:
        """``el``'s tail, located at its parent (the element the text stands in)."""
        text = el.tail
        if not text:
            return
        if self._line is None and text.strip(_BLANK):
            parent = el.getparent()
            self._line = (parent if parent is not None else el).sourceline
        self._buffer.append(text)

    def flush(self) -> None:
        if not self._buffer:
            return  # nothing read since the last paragraph (and no line noted)
        text = collapse("".join(self._buffer))
        if text and not (self.skip_line is not None and self.skip_line(text)):
            order = len(self.flow.paragraphs)
            location = SourceLocation(self.file, line=self._line, paragraph=order + 1)
            self.flow.add_paragraph(Paragraph(text, location), order)
        self._buffer = []
        self._line = None

    # tree ------------------------------------------------------------------------------------
    def walk(self, el: lxml.etree._Element) -> None:
        tag = tag_name(el)
        if self.chrome is not None and not self._cleaned and self.chrome.drops(el, tag):
            pass  # chrome: left out with its content, its tail read where it stands
        elif tag == "br":
            self.flush()
        elif tag == "img":
            self.images.append(
                ImageRef(
                    len(self.flow.paragraphs),
                    el.get("src") or el.get("alt") or "img",
                    SourceLocation(
                        self.file, line=el.sourceline, paragraph=len(self.flow.paragraphs) + 1
                    ),
                )
            )
        elif tag == "table":
            self.flush()
            if self.prune is None or not self.prune(el):
                if self.chrome is not None and not self._cleaned:
                    self.chrome.clean(el)
                    self._cleaned = True
                    self.table(el)
                    self._cleaned = False
                else:
                    self.table(el)
        elif tag and tag not in SKIP_TAGS:
            if tag in BLOCK_TAGS:
                self.flush()
                if self.prune is None or not self.prune(el):
                    self._content(el)
                    self.flush()
            else:
                self._content(el)
        self._add_tail(el)

    def _content(self, el: lxml.etree._Element) -> None:
        """``el``'s text and what is inside it (not its tail)."""
        if len(el) and self.inline_runs and self._inline_only(el):
            # the walk would add el.text and each descendant's text and tail, in document
            # order: the string value, joined by libxml2
            text = string_value(el)
            if text:
                if self._line is None and text.strip(_BLANK):
                    self._line = first_line(el)
                self._buffer.append(text)
            return
        self._add(el.text, el)
        chrome = None if self._cleaned else self.chrome
        if chrome is None or chrome.few_links or not len(el) or chrome.two_links(el):
            for child in el:
                self.walk(child)
            return
        chrome.few_links = True  # nothing inside el has two links: none is counted
        try:
            for child in el:
                self.walk(child)
        finally:
            chrome.few_links = False

    def _inline_only(self, el: lxml.etree._Element) -> bool:
        """Nothing inside ``el`` breaks a line, is left out or is an image or table: no block,
        ``br``, ``img``, table, script or the like, no chrome."""
        chrome = None if self._cleaned else self.chrome
        # chrome inside: a link block (two links), or an element named by its attributes
        if chrome is not None and chrome.two_links(el):
            return False
        for child in el.iterdescendants():  # in Python: lxml's test of ~75 tags costs more
            if tag_name(child) in _NOT_INLINE or (chrome is not None and chrome.named(child)):
                return False
        return True

    def table(self, table: lxml.etree._Element) -> None:
        for caption in table:
            if tag_name(caption) == "caption":  # "表二 主动公开政府信息情况": a paragraph before it
                self.walk(caption)
                self.flush()
        cells = data_cells(table)
        may_nest = self.page is None or self.page.may_nest(table)
        if is_layout_table(table, cells, may_nest):  # read its cells as running text
            for row in cells:
                for cell in row:
                    self.walk(cell)
                    self.flush()
            return
        index = self.table_index.get(table, 0)
        try:
            texts = marked_cell_texts(table, cells, self.page) if self._cleaned else None
            placed = place_cells(span_cells(cells, texts))
        except GridTooLarge as exc:
            self.issues.append(
                Issue(
                    GRID_TOO_LARGE,
                    Location(
                        source=SourceLocation(self.file, line=table.sourceline, table_index=index)
                    ),
                    {"detail": exc.text},
                )
            )
            return

        def locate(cell: PlacedCell) -> SourceLocation:
            return SourceLocation(
                self.file, line=cell.line, table_index=index, row_index=cell.row, col_index=cell.col
            )

        for _, row in source_rows(placed, locate):
            order = len(self.flow.paragraphs)
            first = row.tokens[0].location
            text = "\t".join(t.text.replace("\n", " ") for t in row.tokens)
            self.flow.add_paragraph(Paragraph(text, first), order, narrative=False)
            self.flow.rows.append((order, row))
        if self.page is not None and not self.page.may_picture(table):
            return
        for img in table.iter("img"):
            self.images.append(
                ImageRef(
                    len(self.flow.paragraphs),
                    img.get("src") or "img",
                    SourceLocation(self.file, line=img.sourceline, table_index=index),
                )
            )
