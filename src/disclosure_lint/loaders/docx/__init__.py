"""Loader for Word documents in Office Open XML (``.docx``, ``.docm``).

One module per job: :mod:`.package` checks the ZIP package before anything is decompressed (zip
bombs, sizes) and opens it with python-docx; :mod:`.numbering` rebuilds the numbers Word shows
("一、", "（三）") from ``numbering.xml``; :mod:`.walker` walks the body (paragraphs, tables,
text boxes, images) in document order; :mod:`.loader` assembles the report.

Locations: paragraphs carry ``paragraph`` (1-based, in reading order); cells carry
``table_index`` (the ``w:tbl`` among all tables of the document, nested ones included, 0-based),
``row_index`` (the ``w:tr``) and ``col_index`` (the grid column).
"""

from __future__ import annotations

from .loader import DOCX_EXTENSIONS, load_docx, load_docx_bytes

__all__ = ["DOCX_EXTENSIONS", "load_docx", "load_docx_bytes"]
