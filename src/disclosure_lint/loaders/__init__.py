"""Built-in loaders, registered through the same hooks a third-party loader plugin uses.

They are ``trylast``: a plugin that claims a file type is asked first.
"""

from __future__ import annotations

from ..core.hookspecs import hookimpl
from ..core.inputs import InputSource, LoadContext
from ..core.model import Report
from .data import DATA_EXTENSIONS, load_data
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
    if suffix in PDF_EXTENSIONS:
        return load_pdf(source, context)
    return None


@hookimpl
def disclosure_lint_input_extensions() -> list[str]:
    return [*TEXT_EXTENSIONS, *DATA_EXTENSIONS, *PDF_EXTENSIONS]
