"""Page information of an HTML page: meta tags, visible "发布日期：…" fields, the title.

Fields are read from the whole page before chrome is removed: ``<meta name="ArticleTitle|PubDate|
ContentSource">`` (the metadata gov.cn sites carry), visible "发布日期：…", "成文日期：…",
"发布机构：…", "来源：…" lines or key/value cells, and as fallback title a visible title element
or ``<title>`` without the site name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree

from .index import PageIndex, index_page
from .text import (
    SKIP_TAGS,
    class_id_values,
    collapse,
    string_value,
    tag_name,
    unspaced,
    words_of,
)
from .walk import PageWalker

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


_ANY_KEY = re.compile(_KEYS)
_HAS_COLON = lxml.etree.XPath("contains(., ':') or contains(., '：')")


class _FieldScope:
    """Which blocks and tables of a page the field walk may leave out: those none of whose
    paragraphs can hold a "key：value" field."""

    def __init__(
        self, root: lxml.etree._Element, skipped: list[lxml.etree._Element] | None = None
    ) -> None:
        # elements with a script, style, … inside (``skipped``: those elements, when known):
        # their text has more than a walk shows (a key may be cut by a script), so they are
        # read unless they have no colon at all
        found = root.iter(*SKIP_TAGS) if skipped is None else skipped
        self._mixed = {a for el in found for a in el.iterancestors()}

    def __call__(self, el: lxml.etree._Element) -> bool:
        """True when ``el``'s text, white space removed, has no field key or no colon (a
        paragraph read from it is that text with white space collapsed and cells or lines
        separated, so a key and a colon in a paragraph are in there too)."""
        if el in self._mixed:
            # a script's text may cut a key, never make a colon out of nothing: read unless
            # there is no colon at all (which libxml2 tells without handing over the text)
            return not _HAS_COLON(el)
        text = string_value(el)
        if ":" not in text and "：" not in text:
            return True
        return _ANY_KEY.search(unspaced(text)) is None


def _key_value_cells(root: lxml.etree._Element, page: PageIndex | None = None) -> dict[str, str]:
    """Fields from an information table: a cell "发布日期：" followed by a cell with the value."""
    fields: dict[str, str] = {}
    keys = set(_FIELD_KEYS)
    tables = root.iter("table") if page is None else page.tables
    # a row's text is a piece of its table's: no key in a table's text, none in its rows' (the
    # report's tables are passed over whole, not row by row)
    keyless = {t for t in tables if _ANY_KEY.search(unspaced(string_value(t))) is None}
    for row in root.iter("tr") if page is None else page.rows:
        if keyless and any(table in keyless for table in row.iterancestors("table")):
            continue
        if _ANY_KEY.search(unspaced(string_value(row))) is None:
            continue  # no cell of the row can be a key (a key cell is a key and white space)
        cells = [collapse(string_value(c)) for c in row if tag_name(c) in ("td", "th")]
        for position, text in enumerate(cells[:-1]):
            key = unspaced(text).rstrip(":：")
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
    text = collapse(string_value(title))
    if not text:
        return None
    parts = [p for p in _TITLE_SPLIT.split(text) if p]
    for part in parts:
        if "报告" in part:
            return part
    return parts[0] if parts else None


def _meta_fields(root: lxml.etree._Element, page: PageIndex | None = None) -> dict[str, str]:
    fields: dict[str, str] = {}
    for meta in root.iter("meta") if page is None else page.metas:
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        key = _META_FIELDS.get(name)
        content = collapse(meta.get("content") or "")
        if key and content:
            value = _field_value(key, content)
            if value:
                fields.setdefault(key, value)
    return fields


_CARRIERS: dict[int, lxml.etree.XPath] = {}


def _carriers(count: int) -> lxml.etree.XPath:
    """The elements whose class or id is one of ``$v0`` … (a predicate on the class and id
    attributes only, not on every element)."""
    found = _CARRIERS.get(count)
    if found is None:
        equal = " or ".join(f".=$v{i}" for i in range(count))
        found = lxml.etree.XPath(
            f"(descendant-or-self::*/@class[{equal}] | descendant-or-self::*/@id[{equal}])/.."
        )
        if count <= 16:
            _CARRIERS[count] = found
    return found


def _names_title(value: str) -> bool:
    words = words_of(value, None)
    return "title" in words or "bt" in words


def _visible_title(root: lxml.etree._Element, page: PageIndex | None = None) -> str | None:
    """A heading or ``class="title"`` element naming a report with its year, the first in
    document order (the words of a class and an id together are those of each, so the class
    and id values that say "title" are found among the page's distinct values)."""
    titled = [value for value in class_id_values(root, itself=True) if _names_title(value)]
    candidates = list(root.iter("h1", "h2", "h3") if page is None else page.headings)
    if titled:
        carriers = _carriers(len(titled))(root, **{f"v{i}": v for i, v in enumerate(titled)})
        candidates.extend(carriers)
    found: list[lxml.etree._Element] = []
    for el in dict.fromkeys(candidates):
        text = collapse(string_value(el))
        if len(text) <= 80 and _REPORT_TITLE.search(text):
            found.append(el)
    if len(found) > 1:  # the first of them as the page reads
        chosen = set(found)
        tags = {el.tag for el in found}
        found = [next(el for el in root.iter(*tags) if el in chosen)]
    return collapse(string_value(found[0])) if found else None


def is_page_info(text: str) -> bool:
    """A short line of article information ("发布日期：… 来源：… 浏览次数："), read as fields."""
    return len(text) <= 150 and _PAGE_INFO.match(text) is not None


def page_fields(
    root: lxml.etree._Element, page: PageIndex | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """(fields, fallback fields) from the whole page, before chrome is removed (``page``: its
    index, made here when not given)."""
    if page is None:
        page = index_page(root)
    # only paragraphs that may hold one
    visible = PageWalker("", {}, prune=_FieldScope(root, page.skipped), page=page)
    visible.walk(root)  # libxml2 leaves unknown elements met before <body> inside <head>
    visible.flush()
    # what the page shows wins, first occurrence in reading order (table rows included)
    fields = _visible_fields(p.text for p in visible.flow.paragraphs)
    for key, value in _key_value_cells(
        root, page
    ).items():  # "发布机构" | "…" cells without a colon
        fields.setdefault(key, value)
    for key, value in _meta_fields(root, page).items():
        if key == "标题":
            fields[key] = value  # ArticleTitle is the article's own title, without the site name
        else:
            fields.setdefault(key, value)
    fallback: dict[str, str] = {}
    title = _visible_title(root, page) or page_title(root)
    if title:
        fallback["标题"] = title
    return fields, fallback
