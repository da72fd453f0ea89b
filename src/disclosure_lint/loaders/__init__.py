"""Built-in loaders, registered through the same hooks a third-party loader plugin uses.

They are ``trylast``: a plugin that claims a file type is asked first.
"""

from __future__ import annotations

from ..core.hookspecs import hookimpl
from ..core.inputs import InputSource, LoadContext
from ..core.model import Report
from .data import DATA_EXTENSIONS, load_data
from .docx_loader import DOCX_EXTENSIONS, load_docx
from .html_loader import HTML_EXTENSIONS, load_html
from .legacy_word import LEGACY_EXTENSIONS, load_legacy_word
from .pdf import PDF_EXTENSIONS, load_pdf
from .text import load_text

TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown")


@hookimpl(trylast=True)
def disclosure_lint_load_report(source: InputSource, context: LoadContext) -> Report | None:
    suffix = source.suffix
    if suffix in TEXT_EXTENSIONS:
        return load_text(source, context)
    if suffix in DATA_EXTENSIONS:
        return load_data(source, context)
    if suffix in HTML_EXTENSIONS:
        return load_html(source, context)
    if suffix in DOCX_EXTENSIONS:
        return load_docx(source, context)
    if suffix in LEGACY_EXTENSIONS:
        return load_legacy_word(source, context)
    if suffix in PDF_EXTENSIONS:
        return load_pdf(source, context)
    return None


@hookimpl
def disclosure_lint_input_extensions() -> list[str]:
    return [
        *TEXT_EXTENSIONS,
        *DATA_EXTENSIONS,
        *HTML_EXTENSIONS,
        *DOCX_EXTENSIONS,
        *LEGACY_EXTENSIONS,
        *PDF_EXTENSIONS,
    ]
