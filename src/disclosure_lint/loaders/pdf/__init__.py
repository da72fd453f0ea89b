"""PDF loader: reports with a text layer, tables rebuilt from character positions.

See ``docs/loaders-pdf.md`` for what is recognised and what is not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...core.inputs import InputSource, LoadContext
    from ...core.model import Report

PDF_EXTENSIONS = (".pdf",)

# The loader's modules (and lxml) are imported when the first such file is read: a run that
# reads none (a cache hit, a text report) does without them.


def load_pdf(source: InputSource, context: LoadContext) -> Report:
    """Read a PDF report (:func:`.loader.load_pdf`)."""
    from .loader import load_pdf

    return load_pdf(source, context)


__all__ = ["PDF_EXTENSIONS", "load_pdf"]
