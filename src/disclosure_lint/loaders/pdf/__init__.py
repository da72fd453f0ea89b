"""PDF loader: reports with a text layer, tables rebuilt from character positions.

See ``docs/loaders-pdf.md`` for what is recognised and what is not.
"""

from __future__ import annotations

from .loader import load_pdf

PDF_EXTENSIONS = (".pdf",)

__all__ = ["PDF_EXTENSIONS", "load_pdf"]
