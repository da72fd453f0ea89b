"""Loader for HTML reports (``.html``, ``.htm``, ``.shtml``): a whole gov.cn page or a fragment.

What it does, in order, one module per step:

1. :mod:`.decode`: bytes to text (BOM, UTF-8, the declared charset, GB18030, detection);
   a declaration that contradicts the bytes is ``DL915``, a guessed encoding ``DL904``, binary
   content (a PDF or DOCX named ``.html``) ``DL903``.
2. :mod:`.loader`: parse with lxml's HTML parser (comments, processing instructions dropped),
   into plain ``lxml.etree`` elements; :mod:`.index`: one pass over the page finds its tables,
   rows, headings, meta tags, frames and unshown elements for the steps below.
3. :mod:`.fields`: page information from the whole page (meta tags, visible "发布日期：…" lines
   and key/value cells, the title); the walk for visible fields reads only the blocks and
   tables whose text holds a field key and a colon.
4. :mod:`.walk`, one walk over the page in reading order: site chrome (:mod:`.chrome`: scripts,
   navigation, footers, share buttons, hidden elements, link blocks; an element that holds the
   report is never left out) is skipped as it is met, as if it had been removed from the page
   first; paragraphs are split at block elements and ``<br>`` (:mod:`.text` collapses white
   space as browsers do); :mod:`.tables`: data tables with ``rowspan``/``colspan`` expanded
   onto a grid, their cell texts written by libxslt in one pass; layout tables read as
   running text.

The Python code touches each element about once; the work libxml2 can do (finding links,
scripts, tables, class and id values, the text of cells) is left to it.

Locations: paragraphs carry the source ``line`` (lxml ``sourceline``) and their ``paragraph``
number in reading order; cells carry ``table_index`` (the position of the ``<table>`` among all
tables of the page, 0-based), ``row_index`` (the ``<tr>`` in that table) and ``col_index`` (the
grid column), plus the line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...core.inputs import InputSource, LoadContext
    from ...core.model import Report

HTML_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml")

# The loader's modules (and lxml) are imported when the first such file is read: a run that
# reads none (a cache hit, a text report) does without them.


def load_html(source: InputSource, context: LoadContext) -> Report:
    """Read an HTML page or fragment into a report (:func:`.loader.load_html`)."""
    from .loader import load_html

    return load_html(source, context)


__all__ = ["HTML_EXTENSIONS", "load_html"]
