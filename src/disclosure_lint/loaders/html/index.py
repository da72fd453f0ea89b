"""What the HTML loader looks up in a page, found in one pass of libxml2 over it.

The loader needs the page's tables (numbered), rows, headings, meta tags, frames, scripts and the
other elements whose text is never shown, and which tables hold a table or an image. Each used
to be a pass of its own over the whole page (``root.iter("table")``, ``root.iter("tr")`` …);
one pass over the elements with any of those tags gives them all, in document order.

Taken from the page as parsed, before any chrome is removed. What chrome removal can change
(a table's nested tables and images) is only trusted when it says "none" (removal never adds an
element); a "some" is checked on the page as it is (:meth:`PageIndex.may_nest`,
:meth:`PageIndex.may_picture`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.etree

from .text import SKIP_TAGS

_HEADINGS = ("h1", "h2", "h3")
_FRAMES = ("iframe", "frame")
_TAGS = tuple(sorted(SKIP_TAGS | {"table", "tr", "img", "br", *_HEADINGS}))


@dataclass
class PageIndex:
    """The elements of a page the loader looks up, each list in document order."""

    tables: list[lxml.etree._Element] = field(default_factory=list)
    rows: list[lxml.etree._Element] = field(default_factory=list)  # every <tr>
    headings: list[lxml.etree._Element] = field(default_factory=list)  # h1, h2, h3
    metas: list[lxml.etree._Element] = field(default_factory=list)
    frames: list[lxml.etree._Element] = field(default_factory=list)  # iframe, frame
    skipped: list[lxml.etree._Element] = field(default_factory=list)  # SKIP_TAGS elements
    scripts: bool = False  # a <script> somewhere
    #: tables with a table inside, an image, an unshown element, a <br> with content (as
    #: parsed)
    nesting: set[lxml.etree._Element] = field(default_factory=set)
    pictured: set[lxml.etree._Element] = field(default_factory=set)
    skipping: set[lxml.etree._Element] = field(default_factory=set)
    breaking: set[lxml.etree._Element] = field(default_factory=set)

    def may_nest(self, table: lxml.etree._Element) -> bool:
        """``table`` had a table inside when the page was parsed (none: it has none now)."""
        return table in self.nesting

    def may_picture(self, table: lxml.etree._Element) -> bool:
        """``table`` had an image inside when the page was parsed (none: it has none now)."""
        return table in self.pictured

    def may_skip(self, table: lxml.etree._Element) -> bool:
        """``table`` had an unshown element (script, style …) inside (none: none now)."""
        return table in self.skipping

    def may_break_with_content(self, table: lxml.etree._Element) -> bool:
        """``table`` had a ``<br>`` with text or children inside when the page was parsed
        (none: none now; removing chrome never puts anything into a ``<br>`` without)."""
        return table in self.breaking


def index_page(root: lxml.etree._Element) -> PageIndex:
    """The :class:`PageIndex` of the page under ``root`` (``root`` included)."""
    index = PageIndex()
    tables, rows, skipped = index.tables, index.rows, index.skipped
    images: list[lxml.etree._Element] = []
    filled: list[lxml.etree._Element] = []  # <br> with content
    for el in root.iter(*_TAGS):
        tag = el.tag
        if tag == "tr":
            rows.append(el)
        elif tag == "table":
            tables.append(el)
        elif tag == "img":
            images.append(el)
        elif tag == "br":
            if el.text or len(el):
                filled.append(el)
        elif tag in _HEADINGS:
            index.headings.append(el)
        else:
            skipped.append(el)
            if tag == "meta":
                index.metas.append(el)
            elif tag in _FRAMES:
                index.frames.append(el)
            elif tag == "script":
                index.scripts = True
    if len(tables) > 1:
        index.nesting = {a for t in tables for a in t.iterancestors("table")}
    if tables:
        index.pictured = {a for img in images for a in img.iterancestors("table")}
        index.skipping = {a for el in skipped for a in el.iterancestors("table")}
        index.breaking = {a for br in filled for a in br.iterancestors("table")}
    return index
