"""Loader for HTML reports (``.html``, ``.htm``, ``.shtml``): a whole gov.cn page or a fragment.

What it does, in order:

1. **Decode**: a BOM wins; then the bytes are tried as UTF-8; then the charset the page declares
   (``<meta charset>``, ``http-equiv``, XML declaration); then GB18030 (a superset of GBK and
   GB2312); then statistical detection. A declaration that contradicts the bytes is reported
   (``DL915``); a guessed encoding too (``DL904``). Binary content (a PDF or DOCX named
   ``.html``) is refused with a finding that names what the file really is.
2. **Parse** with lxml's HTML parser (comments, processing instructions dropped).
3. **Page information** from the whole page: ``<meta name="ArticleTitle|PubDate|ContentSource">``
   (the metadata gov.cn sites carry), ``<title>`` without the site name, a visible title element,
   and visible "发布日期：…", "成文日期：…", "发布机构：…", "来源：…" lines or key/value cells.
4. **Chrome removal**: scripts, styles, forms, frames, hidden elements, ``nav/header/footer/
   aside``, elements whose class or id names navigation, breadcrumbs, share buttons, related
   links, footers and similar, and blocks made mostly of links. An element that holds the report
   (section 一 or the 表三/表四 labels) is never removed.
5. **Reading order**: paragraphs split at block elements and ``<br>``; data tables with
   ``rowspan``/``colspan`` expanded onto a grid (:mod:`.grid`); ``&nbsp;``, ``<o:p>`` and line
   breaks inside cells handled. A table that contains another table, or has a single cell, is a
   layout table: its cells are read as running text.

Locations: paragraphs carry the source ``line`` (lxml ``sourceline``) and their ``paragraph``
number in reading order; cells carry ``table_index`` (the position of the ``<table>`` among all
tables of the page, 0-based), ``row_index`` (the ``<tr>`` in that table) and ``col_index`` (the
grid column), plus the line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from ..core.errors import LoadError
from ..core.inputs import InputSource, LoadContext
from ..core.model import Issue, Location, Report, SourceLocation
from ..reading.assemble import DocumentFlow, assemble_report
from ..reading.decoding import BINARY_CONTENT, EMPTY_FILE, decode_text
from ..reading.grid import (
    MAX_COLSPAN,
    MAX_ROWSPAN,
    GridTooLarge,
    PlacedCell,
    SpanCell,
    clamp_span,
    place_cells,
    source_rows,
)
from ..reading.structure import Paragraph
from .documents import (
    CHARSET_MISMATCH,
    GRID_TOO_LARGE,
    NO_VISIBLE_TEXT,
    ImageRef,
    binary_kind,
    report_image_tables,
)
from .text import ENCODING_GUESSED

HTML_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml")

# ---------------------------------------------------------------------------------------------
# Decoding

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*(?P<name>[A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["'](?P<name>[A-Za-z0-9_.:\-]+)""")
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz"})
# Declarations that cannot describe Chinese text; pages that declare them are decoded by content.
_WESTERN = frozenset({"ascii", "latin_1", "iso8859_1", "cp1252", "iso8859_15", "cp1251"})


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    guessed: bool
    declared: str | None  # the charset the page declares, as written
    mismatch: bool  # the declaration does not fit the bytes


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (meta charset, http-equiv, XML decl)."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    return match.group("name").decode("ascii", "replace")


def decode_html(data: bytes) -> DecodedPage:
    """Decode an HTML page; raises :class:`LoadError` for binary or empty content."""
    kind = binary_kind(data)
    if kind is not None:
        raise LoadError(BINARY_CONTENT, f"the content is {kind}, not HTML")
    decoded = decode_text(data)  # BOM, UTF-8, GB18030, detection; refuses binary and empty
    declared = declared_charset(data)
    codec = _codec(declared) if declared else None
    if decoded.encoding in ("utf-8", "utf-8-sig", "utf-16"):
        mismatch = (
            codec is not None
            and not codec.startswith("utf")
            and codec != "ascii"
            and not data.isascii()
        )
        return DecodedPage(decoded.text, decoded.encoding, False, declared, mismatch)
    if codec is not None and codec.startswith(("utf_16", "utf_32")):
        codec = "utf_8"  # WHATWG: a meta tag cannot declare UTF-16, it means UTF-8
    if codec is not None and codec not in _WESTERN and codec not in _GB_FAMILY:
        # big5, shift_jis, euc_kr …: the declaration is more specific than a GB18030 guess
        try:
            return DecodedPage(data.decode(codec), codec, False, declared, False)
        except (UnicodeDecodeError, LookupError):
            pass
    mismatch = codec is not None and codec not in _GB_FAMILY
    guessed = decoded.guessed and not (codec in _GB_FAMILY and decoded.encoding == "gb18030")
    return DecodedPage(decoded.text, decoded.encoding, guessed, declared, mismatch)


# ---------------------------------------------------------------------------------------------
# Text of elements

_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "ucapcontent",
        "option",
        "legend",
    }
)
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_WS_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\n\f]*[\r\n][ \t\r\n\f]*(?=[{_CJK}])")
_WS = re.compile(r"[ \t\r\n\f\u00a0]+")


def collapse(text: str) -> str:
    """Collapse HTML white space: a line break between two CJK characters disappears (CSS Text
    segment-break rule), any other run becomes one space; NBSP counts as a space."""
    text = _WS_BETWEEN_CJK.sub("", text)
    return _WS.sub(" ", text).strip()


def _tag(el: lxml.etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # comment or processing instruction
    return tag.rsplit("}", 1)[-1].lower()


class _Lines:
    """Accumulates inline text; ``br`` and block boundaries start a new line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.current.append(text)

    def newline(self) -> None:
        line = collapse("".join(self.current))
        if line:
            self.lines.append(line)
        self.current = []


def cell_text(cell: lxml.etree._Element) -> str:
    """The text of a table cell: one line per paragraph or ``<br>``, spaces collapsed."""
    out = _Lines()

    def walk(el: lxml.etree._Element) -> None:
        tag = _tag(el)
        if tag == "br":
            out.newline()
        elif tag in _SKIP_TAGS or tag == "table":
            pass
        elif tag:
            block = tag in _BLOCK
            if block:
                out.newline()
            out.add(el.text)
            for child in el:
                walk(child)
            if block:
                out.newline()
        out.add(el.tail)

    out.add(cell.text)
    for child in cell:
        walk(child)
    out.newline()
    return "\n".join(out.lines)


# ---------------------------------------------------------------------------------------------
# Page information

_FIELD_KEYS = (
    "标题",
    "索引号",
    "发布机构",
    "发布单位",
    "信息来源",
    "文章来源",
    "来源",
    "成文日期",
    "发布日期",
    "发布时间",
    "印发日期",
    "发文字号",
    "文号",
    "发文机关",
)
_FIELD_ALIASES = {"文章来源": "来源"}
_KEYS = "|".join(_FIELD_KEYS)
_FIELD = re.compile(
    rf"(?P<key>{_KEYS})\s*[:：]\s*"
    rf"(?P<value>.*?)(?=\s*(?:{_KEYS})\s*[:：]|\s+[^\s:：]{{2,6}}\s*[:：]|\s{{2,}}|[|｜]|$)"
)
_DATE_KEYS = frozenset({"成文日期", "发布日期", "发布时间", "印发日期"})
_DATE = re.compile(
    r"(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
# a line of article information above or below the text, not part of the report
_PAGE_INFO = re.compile(
    r"^(?:【?(?:发布日期|发布时间|成文日期|索引号|信息来源|文章来源|来源|发布机构|浏览次数|点击数|访问量|阅读次数|"
    r"作者|责任编辑|编辑|字号)\s*[:：])"
)
_META_FIELDS = {"articletitle": "标题", "pubdate": "发布日期", "contentsource": "来源"}
_TITLE_SPLIT = re.compile(r"\s*(?:[_｜|—–]+|--+|(?<!\d)-|-(?!\d))\s*")
_REPORT_TITLE = re.compile(r"(?:19|20)\d{2}\s*年.*报告")


def _field_value(key: str, value: str) -> str | None:
    value = value.strip(" 　\u00a0")
    if key in _DATE_KEYS:
        match = _DATE.search(value)
        return match.group(0) if match else None
    return value or None


def _visible_fields(texts: Iterator[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for text in texts:
        for match in _FIELD.finditer(text):
            key = _FIELD_ALIASES.get(match.group("key"), match.group("key"))
            value = _field_value(key, match.group("value"))
            if value and key not in fields:
                fields[key] = value
    return fields


def _key_value_cells(root: lxml.etree._Element) -> dict[str, str]:
    """Fields from an information table: a cell "发布日期：" followed by a cell with the value."""
    fields: dict[str, str] = {}
    keys = set(_FIELD_KEYS)
    for row in root.iter("tr"):
        cells = [collapse(c.text_content()) for c in row if _tag(c) in ("td", "th")]
        for position, text in enumerate(cells[:-1]):
            key = re.sub(r"\s+", "", text).rstrip(":：")
            if key in keys:
                key = _FIELD_ALIASES.get(key, key)
                value = _field_value(key, cells[position + 1])
                if value and key not in fields:
                    fields[key] = value
    return fields


def page_title(root: lxml.etree._Element) -> str | None:
    """``<title>`` without the site name (the part that names a report)."""
    title = root.find(".//title")
    if title is None:
        return None
    text = collapse(title.text_content())
    if not text:
        return None
    parts = [p for p in _TITLE_SPLIT.split(text) if p]
    for part in parts:
        if "报告" in part:
            return part
    return parts[0] if parts else None


def _meta_fields(root: lxml.etree._Element) -> dict[str, str]:
    fields: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        key = _META_FIELDS.get(name)
        content = collapse(meta.get("content") or "")
        if key and content:
            value = _field_value(key, content)
            if value:
                fields.setdefault(key, value)
    return fields


def _visible_title(root: lxml.etree._Element) -> str | None:
    """A heading or ``class="title"`` element naming a report with its year."""
    for el in root.iter():
        tag = _tag(el)
        tokens = _class_tokens(el)
        if tag in ("h1", "h2", "h3") or "title" in tokens or "bt" in tokens:
            text = collapse(el.text_content())
            if len(text) <= 80 and _REPORT_TITLE.search(text):
                return text
    return None


# ---------------------------------------------------------------------------------------------
# Chrome

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "svg",
        "canvas",
        "button",
        "select",
        "input",
        "textarea",
        "title",
        "meta",
        "link",
        "base",
        "map",
        "audio",
        "video",
    }
)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_CHROME_TOKENS = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "menu",
        "menubar",
        "submenu",
        "topnav",
        "subnav",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "dqwz",
        "header",
        "topbar",
        "banner",
        "logo",
        "footer",
        "foot",
        "bottom",
        "copyright",
        "share",
        "sharebox",
        "bdshare",
        "bdsharebuttonbox",
        "jiathis",
        "fenxiang",
        "social",
        "related",
        "relate",
        "xgxx",
        "xglj",
        "xgwj",
        "xgwz",
        "sidebar",
        "aside",
        "toolbar",
        "login",
        "search",
        "skip",
        "ads",
        "advert",
        "comment",
        "comments",
        "qrcode",
        "ewm",
        "wza",
        "fontsize",
        "pager",
        "pagination",
        "hidden",
        "print",
        "close",
    }
)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_REPORT_MARKERS = ("总体情况", "本年新收政府信息公开申请数量", "结果维持", "主动公开政府信息情况")


def _class_tokens(el: lxml.etree._Element) -> set[str]:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return {t for t in _TOKEN_SPLIT.split(raw) if t}


def _holds_report(el: lxml.etree._Element) -> bool:
    text = re.sub(r"\s+", "", el.text_content())
    return any(marker in text for marker in _REPORT_MARKERS)


def _link_dense(el: lxml.etree._Element) -> bool:
    """Three links or more making most of the text, or two making nearly all of it."""
    links = list(el.iter("a"))
    if len(links) < 2:
        return False
    total = len(re.sub(r"\s+", "", el.text_content()))
    linked = sum(len(re.sub(r"\s+", "", a.text_content())) for a in links)
    if total == 0:
        return False
    ratio = linked / total
    return ratio >= 0.9 or (len(links) >= 3 and ratio >= 0.6)


def _is_chrome(el: lxml.etree._Element) -> bool:
    tag = _tag(el)
    if tag in _CHROME_TAGS:
        return True
    if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    if el.get("aria-hidden") == "true" or (el.get("role") or "").lower() in ("navigation",):
        return True
    if _class_tokens(el) & _CHROME_TOKENS:
        return True
    return tag in ("ul", "ol", "div", "dl", "table", "p", "section", "span", "td") and _link_dense(
        el
    )


def remove_chrome(root: lxml.etree._Element) -> None:
    """Drop site chrome in place; elements holding the report itself are kept."""
    for el in list(root.iter()):
        if el.getparent() is None and el is not root:
            continue  # already removed with an ancestor
        tag = _tag(el)
        if not tag or el is root or tag in ("html", "head", "body"):
            continue
        if not _attached(el, root):
            continue
        if tag in _SKIP_TAGS or (_is_chrome(el) and not _holds_report(el)):
            _drop(el)


def _attached(el: lxml.etree._Element, root: lxml.etree._Element) -> bool:
    return any(ancestor is root for ancestor in el.iterancestors())


def _drop(el: lxml.etree._Element) -> None:
    """Remove ``el`` but keep its tail text in the document."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


# ---------------------------------------------------------------------------------------------
# Reading order


@dataclass
class _Walker:
    file: str
    table_index: dict[lxml.etree._Element, int]  # <table> -> its index among all tables
    flow: DocumentFlow = field(default_factory=DocumentFlow)
    issues: list[Issue] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    drop_page_info: bool = False  # skip "发布日期：… 来源：… 浏览次数：" lines (read as fields)
    _buffer: list[str] = field(default_factory=list)
    _line: int | None = None

    # paragraphs ------------------------------------------------------------------------------
    def _add(self, text: str | None, el: lxml.etree._Element) -> None:
        if not text:
            return
        if self._line is None and text.strip(" \t\r\n\f\u00a0"):
            self._line = el.sourceline
        self._buffer.append(text)

    def flush(self) -> None:
        text = collapse("".join(self._buffer))
        if text and not (self.drop_page_info and len(text) <= 150 and _PAGE_INFO.match(text)):
            order = len(self.flow.paragraphs)
            location = SourceLocation(self.file, line=self._line, paragraph=order + 1)
            self.flow.add_paragraph(Paragraph(text, location), order)
        self._buffer = []
        self._line = None

    # tree ------------------------------------------------------------------------------------
    def walk(self, el: lxml.etree._Element) -> None:
        tag = _tag(el)
        if tag == "br":
            self.flush()
        elif tag == "img":
            self.images.append(
                ImageRef(
                    len(self.flow.paragraphs),
                    el.get("src") or el.get("alt") or "img",
                    SourceLocation(
                        self.file, line=el.sourceline, paragraph=len(self.flow.paragraphs) + 1
                    ),
                )
            )
        elif tag == "table":
            self.flush()
            self.table(el)
        elif tag and tag not in _SKIP_TAGS:
            block = tag in _BLOCK
            if block:
                self.flush()
            self._add(el.text, el)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
        if el.tail:
            self._add(el.tail, el.getparent() if el.getparent() is not None else el)

    def table(self, table: lxml.etree._Element) -> None:
        for caption in table:
            if _tag(caption) == "caption":  # "表二 主动公开政府信息情况": a paragraph before it
                self.walk(caption)
                self.flush()
        rows = _rows_of(table)
        cells = [[c for c in row if _tag(c) in ("td", "th")] for row in rows]
        nested = any(_tag(d) == "table" for d in table.iterdescendants())
        single = sum(len(c) for c in cells) <= 1
        if nested or single:  # a layout table: read its cells as running text
            for row in cells:
                for cell in row:
                    self.walk(cell)
                    self.flush()
            return
        index = self.table_index.get(table, 0)
        spans = [
            [
                SpanCell(
                    cell_text(cell),
                    clamp_span(cell.get("rowspan"), MAX_ROWSPAN, zero_means=MAX_ROWSPAN),
                    clamp_span(cell.get("colspan"), MAX_COLSPAN),
                    cell.sourceline,
                )
                for cell in row
            ]
            for row in cells
        ]
        try:
            placed = place_cells(spans)
        except GridTooLarge as exc:
            self.issues.append(
                Issue(
                    GRID_TOO_LARGE,
                    Location(
                        source=SourceLocation(self.file, line=table.sourceline, table_index=index)
                    ),
                    {"detail": str(exc)},
                )
            )
            return

        def locate(cell: PlacedCell) -> SourceLocation:
            return SourceLocation(
                self.file, line=cell.line, table_index=index, row_index=cell.row, col_index=cell.col
            )

        for _, row in source_rows(placed, locate):
            order = len(self.flow.paragraphs)
            first = row.tokens[0].location
            text = "\t".join(t.text.replace("\n", " ") for t in row.tokens)
            self.flow.add_paragraph(Paragraph(text, first), order, narrative=False)
            self.flow.rows.append((order, row))
        for img in table.iter("img"):
            self.images.append(
                ImageRef(
                    len(self.flow.paragraphs),
                    img.get("src") or "img",
                    SourceLocation(self.file, line=img.sourceline, table_index=index),
                )
            )


def _rows_of(table: lxml.etree._Element) -> list[lxml.etree._Element]:
    """The table's own rows (not those of nested tables), thead/tbody/tfoot included."""
    rows: list[lxml.etree._Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


# ---------------------------------------------------------------------------------------------
# Loader


def parse_html(text: str) -> lxml.etree._Element:
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise LoadError(EMPTY_FILE, f"no HTML content ({exc})") from exc


def page_fields(root: lxml.etree._Element) -> tuple[dict[str, str], dict[str, str]]:
    """(fields, fallback fields) from the whole page, before chrome is removed."""
    visible = _Walker("", {})
    visible.walk(root)  # libxml2 leaves unknown elements met before <body> inside <head>
    visible.flush()
    # what the page shows wins, first occurrence in reading order (table rows included)
    fields = _visible_fields(p.text for p in visible.flow.paragraphs)
    for key, value in _key_value_cells(root).items():  # "发布机构" | "…" cells without a colon
        fields.setdefault(key, value)
    for key, value in _meta_fields(root).items():
        if key == "标题":
            fields[key] = value  # ArticleTitle is the article's own title, without the site name
        else:
            fields.setdefault(key, value)
    fallback: dict[str, str] = {}
    title = _visible_title(root) or page_title(root)
    if title:
        fallback["标题"] = title
    return fields, fallback


def load_html(source: InputSource, context: LoadContext) -> Report:
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
    table_index = {t: i for i, t in enumerate(root.iter("table"))}
    fields, fallback = page_fields(root)
    frames = [el.get("src") or "" for el in root.iter("iframe", "frame")]
    scripts = len(list(root.iter("script")))
    remove_chrome(root)
    walker = _Walker(source.name, table_index, drop_page_info=True)
    walker.walk(root)
    walker.flush()
    flow = walker.flow
    if not flow.paragraphs:
        if frames:
            detail = f"the page shows other pages in frames ({', '.join(frames[:3])})"
        elif scripts:
            detail = "the text is probably loaded by JavaScript; save the page as displayed"
        else:
            detail = "no visible text"
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
