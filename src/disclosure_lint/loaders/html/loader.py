"""The HTML loader: decode, parse, page fields, chrome removal, reading order, assembly."""

from __future__ import annotations

import lxml.etree

from ...core.errors import LoadError
from ...core.i18n import Text
from ...core.inputs import InputSource, LoadContext
from ...core.model import Issue, Location, Report, SourceLocation
from ...reading.assemble import assemble_report
from ...reading.decoding import EMPTY_FILE
from ..documents import (
    CHARSET_MISMATCH,
    ENCODING_GUESSED,
    NO_VISIBLE_TEXT,
    report_image_tables,
)
from .chrome import Chrome
from .decode import decode_html
from .fields import is_page_info, page_fields
from .index import index_page
from .walk import PageWalker


def parse_html(text: str) -> lxml.etree._Element:
    """Parse decoded page text with lxml's HTML parser (comments, instructions dropped).

    Plain ``lxml.etree`` elements: the ``lxml.html`` element classes would cost a Python class
    lookup for every element the walk touches and are not needed.
    """
    parser = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(text.encode("utf-8"), parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise LoadError(EMPTY_FILE, Text("没有网页内容", f"no HTML content ({exc})")) from exc
    if root is None:
        raise LoadError(EMPTY_FILE, Text("没有网页内容", "no HTML content (Document is empty)"))
    return root


def load_html(source: InputSource, context: LoadContext) -> Report:
    """Read an HTML page or fragment into a report."""
    data = source.read_bytes()
    page = decode_html(data)
    report = Report(source=source.name, loader="html")
    where = Location(source=SourceLocation(source.name))
    if page.mismatch:
        report.issues.append(
            Issue(
                CHARSET_MISMATCH, where, {"detail": page.declared or "", "encoding": page.encoding}
            )
        )
    if page.guessed:
        report.issues.append(Issue(ENCODING_GUESSED, where, {"encoding": page.encoding}))
    root = parse_html(page.text)
    index = index_page(root)  # counted before the walk, which removes the chrome inside tables
    table_index = {t: i for i, t in enumerate(index.tables)}
    fields, fallback = page_fields(root, index)
    frames = [el.get("src") or "" for el in index.frames]
    walker = PageWalker(
        source.name, table_index, skip_line=is_page_info, chrome=Chrome(root), page=index
    )
    walker.walk(root)
    walker.flush()
    flow = walker.flow
    if not flow.paragraphs:
        if frames:
            shown = ", ".join(frames[:3])
            detail = Text(
                f"页面以框架（frame）嵌入其他页面：{shown}",
                f"the page shows other pages in frames ({shown})",
            )
        elif index.scripts:
            detail = Text(
                "正文可能由 JavaScript 加载，请保存浏览器中显示的页面",
                "the text is probably loaded by JavaScript; save the page as displayed",
            )
        else:
            detail = Text("没有可见文字", "no visible text")
        raise LoadError(NO_VISIBLE_TEXT, detail)
    report.issues.extend(walker.issues)
    result = assemble_report(
        report,
        context.formats,
        flow,
        fields,
        flow.text(),
        source.name,
        lambda _index, found: SourceLocation(
            source.name, line=found.line, table_index=found.table_index
        ),
        fallback_fields=fallback,
    )
    report_image_tables(report, result, walker.images, flow)
    return report
