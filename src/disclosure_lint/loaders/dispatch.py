"""Which built-in loader reads a file: chosen by its name, and by its content where names lie.

The name decides for text, data, HTML and PDF files. Word names are checked against the bytes,
because many sites publish other formats under them: a web page, a DOCX package or plain text
saved as ``.doc``, a legacy Word file or a web page named ``.docx``. Such a file is read by the
loader of what it really is, and the report starts with an info finding ``DL919`` that names
the format found. A ``.doc``/``.wps`` file is converted to DOCX by LibreOffice
(:mod:`.legacy_word`) and read by the DOCX loader, with the ``DL918`` note.

The loaders (``text``, ``data``, ``html``, ``docx``, ``legacy_word``, ``pdf``) never import each
other: this module is the only place where one format leads to another loader. Besides it, only
:mod:`.documents` (codes, file signatures, the image-table check) is shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.errors import LoadError
from ..core.i18n import Text
from ..core.inputs import InputSource, LoadContext
from ..core.model import Issue, Location, Report, SourceLocation
from ..reading.decoding import EMPTY, EMPTY_FILE, decode_text
from .data import DATA_EXTENSIONS, load_data
from .documents import (
    CONTENT_MISMATCH,
    CORRUPT_DOCUMENT,
    OLE_MAGIC,
    ZIP_MAGIC,
    is_encrypted_ole,
    looks_like_html,
)
from .docx import DOCX_EXTENSIONS, load_docx, load_docx_bytes
from .html import HTML_EXTENSIONS, load_html
from .legacy_word import LEGACY_EXTENSIONS, convert_legacy_word
from .pdf import PDF_EXTENSIONS, load_pdf
from .text import TEXT_EXTENSIONS, load_text

ALL_EXTENSIONS: tuple[str, ...] = (
    *TEXT_EXTENSIONS,
    *DATA_EXTENSIONS,
    *HTML_EXTENSIONS,
    *DOCX_EXTENSIONS,
    *LEGACY_EXTENSIONS,
    *PDF_EXTENSIONS,
)

Reader = Callable[[InputSource, LoadContext], Report]


@dataclass(frozen=True)
class Route:
    """The loader for what a file holds; ``found`` and ``detail`` when its name says otherwise."""

    read: Reader
    found: Text | None = None  # the format found, for DL919
    detail: Text | None = None  # what the content is, for DL919


def load_report(source: InputSource, context: LoadContext) -> Report | None:
    """Read ``source`` with the built-in loader for it; None when no built-in loader reads it."""
    suffix = source.suffix
    if suffix in TEXT_EXTENSIONS:
        return load_text(source, context)
    if suffix in DATA_EXTENSIONS:
        return load_data(source, context)
    if suffix in HTML_EXTENSIONS:
        return load_html(source, context)
    if suffix in DOCX_EXTENSIONS:
        return _load_by_content(source, context, route_docx_name)
    if suffix in LEGACY_EXTENSIONS:
        return _load_by_content(source, context, route_legacy_name)
    if suffix in PDF_EXTENSIONS:
        return load_pdf(source, context)
    return None


def route_docx_name(data: bytes) -> Route:
    """What reads a file named ``.docx``/``.docm``: a legacy Word/WPS file (not encrypted) is
    converted, a web page is read as HTML, anything else goes to the DOCX loader (which refuses
    a password-protected package with ``DL913`` and a damaged one with ``DL911``)."""
    if data.startswith(OLE_MAGIC) and not is_encrypted_ole(data):
        return Route(
            read_legacy_word,
            Text("旧版 Word/WPS（OLE）文件", "legacy Word/WPS (OLE)"),
            Text("该文件不是 DOCX", "the file is not a DOCX"),
        )
    if not data.startswith(ZIP_MAGIC) and not is_encrypted_ole(data) and looks_like_html(data):
        return Route(
            load_html,
            Text("网页（HTML）", "HTML"),
            Text("以 Word 文件名保存的网页", "a web page saved with a Word name"),
        )
    return Route(load_docx)


def route_legacy_name(data: bytes) -> Route:
    """What reads a file named ``.doc``/``.wps``: a DOCX package, a web page and plain text are
    read as what they are; a Word/WPS compound file or RTF is converted by LibreOffice; other
    content is refused (``DL911``)."""
    if data.startswith(ZIP_MAGIC):
        return Route(load_docx, Text("DOCX", "DOCX"), Text("DOCX 文档包", "a DOCX package"))
    if looks_like_html(data):
        return Route(
            load_html, Text("网页（HTML）", "HTML"), Text("Word 网页文件", "a Word web page")
        )
    if not data.startswith(OLE_MAGIC) and not data.lstrip().startswith(b"{\\rtf"):
        # neither a Word/WPS compound file nor RTF: plain text saved as .doc, or not a document
        try:
            decode_text(data)
        except LoadError as exc:
            raise LoadError(
                CORRUPT_DOCUMENT,
                Text(
                    "既不是 Word/WPS 文档、RTF、网页，也不是文本",
                    "neither a Word/WPS document, RTF, HTML nor text",
                ),
            ) from exc
        return Route(load_text, Text("文本", "text"), Text("纯文本文件", "a plain-text file"))
    return Route(read_legacy_word)


def read_legacy_word(source: InputSource, context: LoadContext) -> Report:
    """Convert a legacy Word/WPS file with LibreOffice and read the DOCX (``DL918`` first)."""
    conversion = convert_legacy_word(source.read_bytes(), source)
    report = load_docx_bytes(conversion.docx, source, context, loader="legacy-word")
    report.issues.insert(0, conversion.note(source))
    return report


def _load_by_content(
    source: InputSource, context: LoadContext, route_of: Callable[[bytes], Route]
) -> Report:
    data = source.read_bytes()
    if not data.strip():
        raise LoadError(EMPTY_FILE, EMPTY)
    route = route_of(data)
    report = route.read(source, context)
    if route.found is not None:
        report.issues.insert(
            0,
            Issue(
                CONTENT_MISMATCH,
                Location(source=SourceLocation(source.name)),
                {"format": route.found, "detail": route.detail},
            ),
        )
    return report
