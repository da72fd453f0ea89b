"""What the built-in loaders share: input rule codes, file signatures, the image-table check.

Every loader may import this module, and it imports no loader: the loaders (``text``, ``data``,
``html``, ``docx``, ``legacy_word``, ``pdf``) never import each other; :mod:`.dispatch` chooses
between them. The codes DL910–DL919 are rules of kind ``input`` in
``rules/packs/input-documents.yaml``; ``DL904`` is in ``rules/packs/national-structure.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.i18n import Text, join
from ..core.model import Issue, Location, Report, SourceLocation
from ..reading.assemble import Assembled, DocumentFlow

ENCODING_GUESSED = "DL904"
LIBREOFFICE_MISSING = "DL910"
CORRUPT_DOCUMENT = "DL911"
DOCUMENT_TOO_LARGE = "DL912"
ENCRYPTED_DOCUMENT = "DL913"
TABLE_AS_IMAGE = "DL914"
CHARSET_MISMATCH = "DL915"
NO_VISIBLE_TEXT = "DL916"
CONVERSION_FAILED = "DL917"
CONVERTED = "DL918"
CONTENT_MISMATCH = "DL919"
GRID_TOO_LARGE = DOCUMENT_TOO_LARGE

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

_MAGIC: tuple[tuple[bytes, Text], ...] = (
    (b"%PDF-", Text("PDF 文档", "a PDF document")),
    (
        ZIP_MAGIC,
        Text(
            "ZIP 文件包（DOCX、XLSX、WPS 或压缩包）",
            "a ZIP package (DOCX, XLSX, WPS or an archive)",
        ),
    ),
    (
        OLE_MAGIC,
        Text(
            "旧版 Office 文件（.doc、.wps、.xls）或加密文档",
            "a legacy Office file (.doc, .wps, .xls) or an encrypted document",
        ),
    ),
    (b"\x89PNG", Text("PNG 图片", "a PNG image")),
    (b"GIF8", Text("GIF 图片", "a GIF image")),
    (b"\xff\xd8\xff", Text("JPEG 图片", "a JPEG image")),
    (b"{\\rtf", Text("RTF 文档", "an RTF document")),
)


def binary_kind(data: bytes) -> Text | None:
    """What a file is when its first bytes are a known binary signature, else None."""
    head = data[:16].lstrip(b"\xef\xbb\xbf")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


#: the reason given for a password-protected Office file
ENCRYPTED_PACKAGE = Text("已加密的 Office 文件包", "an encrypted Office package")


def is_encrypted_ole(data: bytes) -> bool:
    """An OLE compound file holding an encrypted OOXML package (password-protected DOCX)."""
    return data.startswith(OLE_MAGIC) and "EncryptionInfo".encode("utf-16-le") in data


def looks_like_html(data: bytes) -> bool:
    """True when the first bytes read as HTML (a Word "web page" saved as .doc, for instance)."""
    head = data[:2048]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markers = (b"<html", b"<body", b"<table", b"<p", b"<div", b"<span", b"<meta", b"<!doctype")
    return head.startswith(b"<") and any(marker in head for marker in markers)


@dataclass(frozen=True)
class ImageRef:
    """An image in the document: its position in the reading order and what names it."""

    order: int  # order key of the next paragraph when the image was met
    name: str
    location: SourceLocation


def report_image_tables(
    report: Report, assembled: Assembled, images: list[ImageRef], flow: DocumentFlow
) -> None:
    """Add ``DL914`` for each format table that was not found while its section holds images."""
    fmt = assembled.format
    if fmt is None or not images:
        return
    bounds: dict[str, tuple[int, int]] = {}
    spans = assembled.spans
    for position, span in enumerate(spans):
        start = flow.order[span.start]
        end = flow.order[spans[position + 1].start] if position + 1 < len(spans) else 10**9
        bounds.setdefault(span.definition.key, (start, end))
    for tdef in fmt.tables:
        table = report.tables.get(tdef.key)
        if table is None or table.present or tdef.section not in bounds:
            continue
        start, end = bounds[tdef.section]
        # an image's order is that of the paragraph after it: it sits inside the section when
        # it comes after the heading and no later than the next heading
        inside = [image for image in images if start < image.order <= end]
        if inside:
            report.issues.append(
                Issue(
                    TABLE_AS_IMAGE,
                    Location(table=tdef.key, table_name=tdef.name, source=inside[0].location),
                    {
                        "table": tdef.name,
                        "label": tdef.title,
                        "detail": join([image.name for image in inside[:3]]),
                    },
                )
            )
