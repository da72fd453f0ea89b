"""Shortcuts of the HTML loader against the definitions they replace, on random element trees and
on the real pages: inline runs read as one string value (against the walk element by element),
the field walk's pruning (against reading every paragraph), white space removed by
``str.split`` and collapsed with one scan less (against the regular expressions)."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.loaders.html.chrome import Chrome, two_links
from disclosure_lint.loaders.html.decode import decode_html
from disclosure_lint.loaders.html.fields import (
    _ANY_KEY,
    _FIELD_ALIASES,
    _FIELD_KEYS,
    _field_value,
    _FieldScope,
    _key_value_cells,
    _visible_fields,
)
from disclosure_lint.loaders.html.index import PageIndex, index_page
from disclosure_lint.loaders.html.loader import parse_html
from disclosure_lint.loaders.html.tables import (
    cell_text,
    data_cells,
    is_layout_table,
    marked_cell_texts,
)
from disclosure_lint.loaders.html.text import (
    _WS,
    _WS_BETWEEN_CJK,
    SKIP_TAGS,
    collapse,
    string_value,
    tag_name,
    unspaced,
)
from disclosure_lint.loaders.html.walk import PageWalker

from ..conftest import CORPUS
from .expected import CONVERTED

PAGES = [
    CORPUS / "r013.html",
    CONVERTED / "r013-gbk.html",
    CONVERTED / "r013-page-gbk.html",
    *sorted(CORPUS.glob("w0*.html")),
    *sorted(CORPUS.glob("*.page.html")),
]

_TEXTS = [
    "发布日期：2021-02-03",
    "来源：本局",
    "发布机构",
    "成文日期：",
    "2021年1月2日",
    "发布",
    "日期",
    "：",
    ":",
    " ",
    "\n",
    "\u00a0",
    "\u3000",
    "\t",
    "\r\n ",
    "一、总体情况",
    "主动公开政府信息情况",
    "2022年政府信息公开工作年度报告",
    "本年新收政府信息公开申请数量",
    "结果维持",
    "商业\n企业",
    "12",
    "0",
    "abc def",
    "&nbsp;",
    "&#12288;",
    "|",
]
_ATTRIBUTES = [
    'class="nav"',
    'class="MsoNormal"',
    'class="title"',
    'id="share"',
    'id="x-bt"',
    'style="display:none"',
    'style="DISPLAY: none"',
    'style="font-family: 宋体"',
    'style="visibility:hidden"',
    "hidden",
    'role="navigation"',
    'aria-hidden="true"',
    'lang="EN-US"',
    'href="/a"',
    'rowspan="2"',
    'colspan="3"',
    'src="t.png"',
]
_INLINE = ["span", "SPAN", "font", "b", "o:p", "a", "a", "em", "i", "u", "sub", "label", "x-tag"]
_BLOCKS = ["p", "P", "div", "li", "ul", "h1", "h2", "center", "section", "td", "blockquote"]
_SPECIAL = ["br", "img", "script", "style", "nav", "footer", "form", "input", "iframe", "table"]


class _Page:
    """A random page: nested inline and block elements, chrome, links, tables, field lines."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def attributes(self, most: int = 2) -> str:
        return " ".join(self.rnd.sample(_ATTRIBUTES, self.rnd.randint(0, most)))

    def content(self, depth: int) -> str:
        rnd = self.rnd
        parts: list[str] = []
        for _ in range(rnd.randint(0, 4)):
            r = rnd.random()
            if r < 0.4 or depth > 4:
                parts.append(rnd.choice(_TEXTS))
                continue
            pool = _INLINE if r < 0.75 else _BLOCKS if r < 0.92 else _SPECIAL
            tag = rnd.choice(pool)
            attributes = self.attributes(1 if rnd.random() < 0.7 else 3)
            if tag in ("br", "img", "input"):
                parts.append(f"<{tag} {attributes}>")
            elif tag == "table":
                parts.append(self.table(depth + 1))
            else:
                parts.append(f"<{tag} {attributes}>{self.content(depth + 1)}</{tag}>")
        return "".join(parts)

    def table(self, depth: int) -> str:
        rnd = self.rnd
        rows = []
        for _ in range(rnd.randint(1, 4)):
            cells = "".join(
                f"<{rnd.choice(['td', 'td', 'th'])} {self.attributes(1)}>{self.content(depth)}</td>"
                for _ in range(rnd.randint(1, 4))
            )
            rows.append(f"<tr>{cells}</tr>")
        caption = f"<caption>{rnd.choice(_TEXTS)}</caption>" if rnd.random() < 0.2 else ""
        return f"<table {self.attributes(1)}>{caption}{''.join(rows)}</table>"

    def html(self) -> str:
        body = self.content(0) + self.table(1) + self.content(0)
        return (
            f"<html><head><title>{self.rnd.choice(_TEXTS)}</title></head><body>{body}</body></html>"
        )


class _CountingChrome(Chrome):
    """Chrome counting the links of every element it is asked about (the definition of
    :meth:`Chrome.two_links`, which counts each element once in a row and none inside an
    element with fewer than two)."""

    def two_links(self, el) -> bool:
        return two_links(el)


def _read(
    text: str,
    runs: bool,
    chrome: bool,
    prune: bool = False,
    counting: bool = False,
    indexed: bool = False,
):
    root = parse_html(text)
    walker = PageWalker(
        "f.html",
        {t: i for i, t in enumerate(root.iter("table"))},
        page=index_page(root) if indexed else None,
        chrome=(_CountingChrome if counting else Chrome)(root) if chrome else None,
        prune=_FieldScope(root) if prune else None,
        inline_runs=runs,
    )
    walker.walk(root)
    walker.flush()
    paragraphs = [(p.text, p.location) for p in walker.flow.paragraphs]
    rows = [(order, [(t.text, t.location) for t in row.tokens]) for order, row in walker.flow.rows]
    return paragraphs, rows, walker.images, walker.issues, walker.flow.narrative


def _page_texts() -> list[str]:
    return [decode_html(path.read_bytes()).text for path in PAGES]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_inline_runs_read_what_the_walk_element_by_element_reads(seed) -> None:
    text = _Page(seed).html()
    for chrome in (True, False):
        assert _read(text, True, chrome) == _read(text, False, chrome)


@pytest.mark.parametrize("text", _page_texts(), ids=[p.name for p in PAGES])
def test_inline_runs_on_real_pages(text) -> None:
    for chrome in (True, False):
        assert _read(text, True, chrome) == _read(text, False, chrome)


def _cell_texts(text: str, clean: bool) -> tuple[int, int]:
    """Reads each data table of a page in one pass (cleaned of chrome first, as the walk does,
    or as parsed) and checks the texts against reading each cell; (tables read, declined)."""
    root = parse_html(text)
    chrome = Chrome(root)
    page = index_page(root)
    read = declined = 0
    for table in list(root.iter("table")):
        cells = data_cells(table)
        if is_layout_table(table, cells):
            continue
        if clean:
            chrome.clean(table)
            cells = data_cells(table)
        expected = [cell_text(cell) for row in cells for cell in row]
        texts = marked_cell_texts(table, cells)
        assert marked_cell_texts(table, cells, page) == texts  # the index changes nothing
        if texts is None:
            declined += 1
        else:
            read += 1
            assert texts == expected
    return read, declined


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans())
def test_cell_texts_in_one_pass_are_those_of_each_cell(seed, clean) -> None:
    """The data table's text marked by libxslt, cut at the marks, gives every cell the text
    reading the cell gives (or declines)."""
    _cell_texts(_Page(seed).html(), clean)


def test_cell_texts_in_one_pass_of_random_pages_are_read() -> None:
    counts = [_cell_texts(_Page(seed).html(), clean=True) for seed in range(200)]
    assert sum(read for read, _ in counts) > 100  # the test above is not about declining only


@pytest.mark.parametrize("text", _page_texts(), ids=[p.name for p in PAGES])
def test_cell_texts_in_one_pass_on_real_pages(text) -> None:
    for clean in (True, False):
        assert _cell_texts(text, clean)[0] > 0


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_links_counted_once_read_what_counting_each_time_reads(seed) -> None:
    text = _Page(seed).html()
    for runs in (True, False):
        assert _read(text, runs, True) == _read(text, runs, True, counting=True)


@pytest.mark.parametrize("text", _page_texts(), ids=[p.name for p in PAGES])
def test_links_counted_once_on_real_pages(text) -> None:
    assert _read(text, True, True) == _read(text, True, True, counting=True)


def _index_by_passes(root) -> PageIndex:
    """The page index made as its fields are defined: one pass over the page for each."""
    tables = list(root.iter("table"))
    return PageIndex(
        tables=tables,
        rows=list(root.iter("tr")),
        headings=list(root.iter("h1", "h2", "h3")),
        metas=list(root.iter("meta")),
        frames=list(root.iter("iframe", "frame")),
        skipped=list(root.iter(*SKIP_TAGS)),
        scripts=next(root.iter("script"), None) is not None,
        nesting={t for t in tables if next(t.iterdescendants("table"), None) is not None},
        pictured={t for t in tables if next(t.iter("img"), None) is not None},
        skipping={t for t in tables if next(t.iter(*SKIP_TAGS), None) is not None},
        breaking={t for t in tables if any(br.text or len(br) for br in t.iter("br"))},
    )


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_page_index_in_one_pass_is_that_of_a_pass_each(seed) -> None:
    text = _Page(seed).html()
    root = parse_html(text)
    assert index_page(root) == _index_by_passes(root)
    for chrome in (True, False):  # and the walk reads with it what it reads looking
        assert _read(text, True, chrome, indexed=True) == _read(text, True, chrome)


@pytest.mark.parametrize("text", _page_texts(), ids=[p.name for p in PAGES])
def test_page_index_on_real_pages(text) -> None:
    root = parse_html(text)
    index = index_page(root)
    assert index == _index_by_passes(root)
    assert index.tables and index.rows
    assert _read(text, True, True, indexed=True) == _read(text, True, True)


def _fields(text: str, prune: bool) -> dict[str, str]:
    paragraphs = _read(text, True, chrome=False, prune=prune)[0]
    return _visible_fields(p for p, _ in paragraphs)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_field_walk_leaves_out_only_what_holds_no_field(seed) -> None:
    """The blocks the field walk leaves out (no colon, or no key outside a script) hold no
    field: the fields are those of every paragraph of the page."""
    text = _Page(seed).html()
    assert _fields(text, prune=True) == _fields(text, prune=False)


def test_field_walk_with_scripts_cutting_keys() -> None:
    for html in (
        "<div>发布<script>x()</script>日期：2021-01-02</div>",
        "<ul><li>a</li><script>var a = 1;</script><li>来源：本局</li></ul>",
        "<ul><li>a</li><script>var a = 'x:y';</script><li>b</li></ul><p>来源：本局</p>",
    ):
        text = f"<html><body>{html}</body></html>"
        assert _fields(text, prune=True) == _fields(text, prune=False)


@pytest.mark.parametrize("text", _page_texts(), ids=[p.name for p in PAGES])
def test_field_walk_on_real_pages(text) -> None:
    assert _fields(text, prune=True) == _fields(text, prune=False)


def _key_value_cells_row_by_row(root) -> dict[str, str]:
    """:func:`_key_value_cells` judging every row (no table passed over whole)."""
    fields: dict[str, str] = {}
    for row in root.iter("tr"):
        if _ANY_KEY.search(unspaced(string_value(row))) is None:
            continue
        cells = [collapse(string_value(c)) for c in row if tag_name(c) in ("td", "th")]
        for position, text in enumerate(cells[:-1]):
            key = unspaced(text).rstrip(":：")
            if key in _FIELD_KEYS:
                key = _FIELD_ALIASES.get(key, key)
                value = _field_value(key, cells[position + 1])
                if value and key not in fields:
                    fields[key] = value
    return fields


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_key_value_cells_of_tables_without_a_key_are_not_read(seed) -> None:
    root = parse_html(_Page(seed).html())
    assert _key_value_cells(root) == _key_value_cells_row_by_row(root)


def test_key_value_cells_of_random_pages_are_found() -> None:
    roots = [parse_html(_Page(seed).html()) for seed in range(300)]
    assert sum(bool(_key_value_cells(root)) for root in roots) > 10  # not about no field only


@pytest.mark.parametrize("text", _page_texts(), ids=[p.name for p in PAGES])
def test_key_value_cells_on_real_pages(text) -> None:
    root = parse_html(text)
    assert _key_value_cells(root) == _key_value_cells_row_by_row(root)


def test_unspaced_removes_what_the_regular_expression_removes() -> None:
    """``\\s`` of a ``str`` pattern and ``str.split()`` take the same characters, all of them."""
    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (space.match(char) is not None) == char.isspace()
        text = f"a{char}b{char}{char}"
        assert unspaced(text) == re.sub(r"\s+", "", text)


def _collapse_by_definition(text: str) -> str:
    return _WS.sub(" ", _WS_BETWEEN_CJK.sub("", text)).strip()


@given(st.text(alphabet=" \t\r\n\f\u00a0\u3000\u2028\x0b中文ab1、。", max_size=12))
def test_collapse_is_its_definition(text) -> None:
    assert collapse(text) == _collapse_by_definition(text)


def test_collapse_of_real_page_texts() -> None:
    for path in PAGES:
        for line in Path(path).read_bytes().decode("utf-8", "replace").splitlines():
            assert collapse(line) == _collapse_by_definition(line)


def test_cell_texts_in_one_pass_of_every_character() -> None:
    """libxslt writes every character a cell can hold as it is (the table's text marked and
    cut gives what reading each cell gives): the BMP and a few beyond, in cells of 32."""
    marks = {0xFDD0, 0xFDD1, 0xFDD2}
    codes = [
        c
        for c in [*range(1, 0x10000), 0x1F600, 0x20000, 0x10FFFD]
        if not 0xD800 <= c < 0xE000 and c not in marks and chr(c) not in "<&"
    ]
    chunks = ["".join(map(chr, codes[i : i + 32])) for i in range(0, len(codes), 32)]
    read = 0
    for start in range(0, len(chunks), 256):
        cells = "".join(f"<td>{c}<p>{c[:3]}</p></td>" for c in chunks[start : start + 256])
        root = parse_html(f"<html><body><table><tr>{cells}</tr><tr><td>1</td></tr></table>")
        table = root.find(".//table")
        cells_ = data_cells(table)
        texts = marked_cell_texts(table, cells_)
        if texts is not None:
            read += 1
            assert texts == [cell_text(cell) for row in cells_ for cell in row]
    assert read >= len(chunks) // 256 - 1  # (a table whose characters make a mark: declined)
