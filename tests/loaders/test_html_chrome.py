"""Chrome removal and the visible title on real report pages: the selections libxml2 makes
(distinct class, id and style values; tags; links) give what judging every element gives."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.etree
import pytest

from disclosure_lint.loaders.html.chrome import Chrome
from disclosure_lint.loaders.html.decode import decode_html
from disclosure_lint.loaders.html.fields import _visible_title
from disclosure_lint.loaders.html.loader import parse_html
from disclosure_lint.loaders.html.text import class_tokens, collapse, string_value, tag_name

from ..conftest import CORPUS
from .expected import CONVERTED
from .render import CHROME

PAGES = [
    CORPUS / "r013.html",
    CONVERTED / "r013-page-gbk.html",
    *sorted(CORPUS.glob("w0*.html")),
    *sorted(CORPUS.glob("*.page.html")),
]
# chrome placed inside report cells: a share box, related links, a navigation list, hidden
# text, a script and a form (what a site template can put into an article's table)
_IN_CELL = (
    CHROME["share"]
    + CHROME["related"]
    + CHROME["nav"]
    + '<span style="DISPLAY: none">隐藏文字</span><script>var x = 1;</script>'
    + '<form><input name="q"></form>'
)
# chrome named by attributes only, no links (a table without links is judged from its values)
_NAMED_IN_CELL = (
    '<span class="print-btn">打印本页</span><span style="DISPLAY: none">隐藏文字</span>'
    '<div hidden>另一段隐藏</div><p role="Navigation">导航</p><script>var x = 1;</script>'
)
_TD = re.compile(r"<td\b[^>]*>", re.IGNORECASE)


def _with_chrome_in_cells(text: str, chrome: str = _IN_CELL) -> str:
    """Every fifth cell of the page gets the chrome above at its start."""
    count = 0

    def add(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return match.group(0) + (chrome if count % 5 == 1 else "")

    return _TD.sub(add, text)


def _texts(path: Path) -> list[str]:
    text = decode_html(path.read_bytes()).text
    return [text, _with_chrome_in_cells(text), _with_chrome_in_cells(text, _NAMED_IN_CELL)]


def _cleaned(text: str, each: bool) -> bytes:
    root = parse_html(text)
    chrome = Chrome(root)
    for table in list(root.iter("table")):
        if table.getparent() is None or not any(a is root for a in table.iterancestors()):
            continue  # removed with a table around it
        if each:
            chrome._clean_each(table)
        else:
            chrome.clean(table)
    return lxml.etree.tostring(root, encoding="utf-8")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_chrome_in_tables_is_removed_as_judging_every_element_removes_it(path) -> None:
    plain, injected, named = _texts(path)
    pages = []
    for text in (plain, injected, named):
        fast = _cleaned(text, each=False)
        assert fast == _cleaned(text, each=True)
        pages.append(fast.decode("utf-8"))
    assert injected.count("相关信息") > plain.count("相关信息")  # chrome was put into cells
    for words in ("相关信息", "分享到微信", "隐藏文字", "依申请公开</a>", "var x"):
        assert pages[1].count(words) == pages[0].count(words)  # and is gone with its links
    assert pages[1].count("政府信息公开") >= pages[0].count("政府信息公开") // 2  # the report stays
    assert named.count("隐藏文字") > plain.count("隐藏文字")
    for words in ("打印本页", "隐藏文字", "另一段隐藏", "导航</p>", "var x"):
        assert pages[2].count(words) == pages[0].count(words)


def _visible_title_by_element(root: lxml.etree._Element) -> str | None:
    """The visible title judged element by element: headings and elements whose class or id
    has the word "title" or "bt", the first in document order naming a report with its year."""
    for el in root.iter():
        tokens = class_tokens(el)
        if tag_name(el) in ("h1", "h2", "h3") or "title" in tokens or "bt" in tokens:
            text = collapse(string_value(el))
            if len(text) <= 80 and re.search(r"(?:19|20)\d{2}\s*年.*报告", text):
                return text
    return None


_TITLED = [
    '<div class="Title">2023年政府信息公开工作年度报告</div><h2>2022年度报告</h2>',
    '<h3>2021年政府信息公开年度报告</h3><p id="bt">2020年政府信息公开年度报告</p>',
    '<p id="x-bt">2020年政府信息公开年度报告</p><p class="标题 title">2019年年度报告</p>',
    '<p class="subtitle">2020年报告</p><p class="btn">2019年报告</p>',
]


@pytest.mark.parametrize("html", _TITLED)
def test_visible_title_is_the_first_heading_or_titled_element(html) -> None:
    root = parse_html(f"<html><body><div class='nav'>首页</div>{html}<p>正文</p></body></html>")
    assert _visible_title(root) == _visible_title_by_element(root)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_visible_title_of_real_pages(path) -> None:
    root = parse_html(decode_html(path.read_bytes()).text)
    assert _visible_title(root) == _visible_title_by_element(root)


def test_judging_a_table_keeps_nothing_allocated() -> None:
    """The attribute values read to judge a table, or to find the visible title, are freed
    afterwards. (EXSLT's set:distinct, used at first, left each string it returned allocated
    under lxml 6.2: about 100 bytes a call, 35 MB over 100,000 pages.)"""
    import gc
    import tracemalloc

    root = parse_html(decode_html((CORPUS / "r013.html").read_bytes()).text)
    tables = list(root.iter("table"))
    assert tables
    chrome = Chrome(root)
    for table in tables:  # the first calls fill the page's caches of judged values
        chrome._may_name(table)
    _visible_title(root)
    tracemalloc.start()
    try:
        for _ in range(200):
            for table in tables:
                Chrome(root)._may_name(table)
            _visible_title(root)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert kept < 4096, kept
