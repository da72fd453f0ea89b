"""The DOCX loader: open the package, rebuild numbering, walk the body, assemble the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import lxml.etree

from ...core.errors import LoadError
from ...core.i18n import Text
from ...core.inputs import InputSource, LoadContext
from ...core.model import Report, SourceLocation
from ...reading.assemble import assemble_report
from ...reading.decoding import EMPTY, EMPTY_FILE
from ..documents import (
    CORRUPT_DOCUMENT,
    ENCRYPTED_DOCUMENT,
    ENCRYPTED_PACKAGE,
    is_encrypted_ole,
    report_image_tables,
)
from .numbering import Numbering
from .package import open_document
from .walker import BodyWalker
from .wordml import qn

if TYPE_CHECKING:
    from docx.document import Document


def _title_fallback(document: Document) -> dict[str, str]:
    try:
        title = (document.core_properties.title or "").strip()
    except (KeyError, ValueError, AttributeError, lxml.etree.XMLSyntaxError):
        return {}
    if title and "报告" in title and any(ch.isdigit() for ch in title):
        return {"标题": title}
    return {}


def load_docx_bytes(
    data: bytes, source: InputSource, context: LoadContext, loader: str = "docx"
) -> Report:
    """Read a DOCX given as bytes; ``source`` names it in findings."""
    if is_encrypted_ole(data):
        raise LoadError(ENCRYPTED_DOCUMENT, ENCRYPTED_PACKAGE)
    document = open_document(data)
    report = Report(source=source.name, loader=loader)
    body = document.element.body
    try:
        numbering = Numbering.of(document)
    except (lxml.etree.XMLSyntaxError, KeyError, ValueError) as exc:
        raise LoadError(
            CORRUPT_DOCUMENT,
            Text("编号或样式部件已损坏", f"damaged numbering or styles part ({exc})"),
        ) from exc
    table_index = {t: i for i, t in enumerate(body.iter(qn("tbl")))}
    walker = BodyWalker(source.name, numbering, table_index)
    walker.blocks(body)
    flow = walker.flow
    result = assemble_report(
        report,
        context.formats,
        flow,
        {},
        flow.text(),
        source.name,
        lambda _index, found: SourceLocation(source.name, table_index=found.table_index),
        fallback_fields=_title_fallback(document),
    )
    report_image_tables(report, result, walker.images, flow)
    return report


def load_docx(source: InputSource, context: LoadContext) -> Report:
    """Read a DOCX file (what is really in a file named ``.docx`` is decided by the dispatch)."""
    data = source.read_bytes()
    if not data.strip():
        raise LoadError(EMPTY_FILE, EMPTY)
    return load_docx_bytes(data, source, context)
