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

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...core.inputs import InputSource, LoadContext
    from ...core.model import Report

DOCX_EXTENSIONS = (".docx", ".docm")

# The loader's modules (and lxml) are imported when the first such file is read: a run that
# reads none (a cache hit, a text report) does without them.


def load_docx(source: InputSource, context: LoadContext) -> Report:
    """Read a DOCX file (:func:`.loader.load_docx`)."""
    from .loader import load_docx

    return load_docx(source, context)


def load_docx_bytes(
    data: bytes, source: InputSource, context: LoadContext, loader: str = "docx"
) -> Report:
    """Read a DOCX given as bytes (:func:`.loader.load_docx_bytes`)."""
    from .loader import load_docx_bytes

    return load_docx_bytes(data, source, context, loader)


__all__ = ["DOCX_EXTENSIONS", "load_docx", "load_docx_bytes"]
