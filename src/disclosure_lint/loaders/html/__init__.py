"""Loader for HTML reports (``.html``, ``.htm``, ``.shtml``): a whole gov.cn page or a fragment.

What it does, in order, one module per step:

1. :mod:`.decode`: bytes to text (BOM, UTF-8, the declared charset, GB18030, detection);
   a declaration that contradicts the bytes is ``DL915``, a guessed encoding ``DL904``, binary
   content (a PDF or DOCX named ``.html``) ``DL903``.
2. :mod:`.loader`: parse with lxml's HTML parser (comments, processing instructions dropped).
3. :mod:`.fields`: page information from the whole page (meta tags, visible "发布日期：…" lines
   and key/value cells, the title).
4. :mod:`.chrome`: site chrome removed (scripts, navigation, footers, share buttons, hidden
   elements, link blocks); an element that holds the report is never removed.
5. :mod:`.walk`: reading order: paragraphs split at block elements and ``<br>``
   (:mod:`.text` collapses white space as browsers do); :mod:`.tables`: data tables with
   ``rowspan``/``colspan`` expanded onto a grid, layout tables read as running text.

Locations: paragraphs carry the source ``line`` (lxml ``sourceline``) and their ``paragraph``
number in reading order; cells carry ``table_index`` (the position of the ``<table>`` among all
tables of the page, 0-based), ``row_index`` (the ``<tr>`` in that table) and ``col_index`` (the
grid column), plus the line.
"""

from __future__ import annotations

from .loader import HTML_EXTENSIONS, load_html

__all__ = ["HTML_EXTENSIONS", "load_html"]
