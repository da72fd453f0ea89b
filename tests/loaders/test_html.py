"""The HTML loader on the real report r013.html, its GBK and whole-page variants, and bad input."""

from __future__ import annotations

import pytest

from disclosure_lint.core.inputs import InputSource, LoadContext
from disclosure_lint.core.results import FileStatus
from disclosure_lint.core.runner import Runner
from disclosure_lint.core.values import ValueReason
from disclosure_lint.loaders.html.decode import decode_html
from disclosure_lint.loaders.html.fields import page_title
from disclosure_lint.loaders.html.loader import parse_html
from disclosure_lint.loaders.html.text import collapse
from disclosure_lint.reading.grid import (
    GridTooLarge,
    SpanCell,
    clamp_span,
    place_cells,
)

from ..conftest import CORPUS
from .expected import CONVERTED, cell_mismatches, expected_cells

R013 = CORPUS / "r013.html"
R013_VARIANTS = [R013, CONVERTED / "r013-gbk.html", CONVERTED / "r013-page-gbk.html"]


def run(env, engine, data: bytes, name: str):
    """Check one file the way the CLI does: every file ends as a result with findings."""
    return Runner(env, engine).check_source(
        InputSource.from_bytes(data, name), LoadContext(env.formats)
    )


def issue_codes(report) -> list[str]:
    return [issue.code for issue in report.issues]


# ---------------------------------------------------------------------------------------------
# r013: every cell, against the hand-checked expected file


@pytest.mark.parametrize("path", R013_VARIANTS, ids=lambda p: p.name)
def test_every_cell_of_r013_matches_the_expected_file(load, path) -> None:
    report = load(path)
    expected = expected_cells("r013")
    assert len(expected) == 10 + 175 + 15
    assert cell_mismatches(report, expected) == []
    assert report.loader == "html"
    assert report.format.used == "2021"
    assert [i for i in report.issues if i.code.startswith("DL02")] == []


def test_r013_cells_carry_their_grid_position_and_source_line(load) -> None:
    report = load(R013)
    lines = R013.read_text(encoding="utf-8").split("\n")
    t2, t3, t4 = (report.tables[k] for k in ("table2", "table3", "table4"))
    # 表二 is the page's first <table>; 行政许可 is its 7th <tr>, the value cell spans 3 columns
    licensing = t2.cell("licensing", "decisions").location
    assert (licensing.table_index, licensing.row_index, licensing.col_index) == (0, 6, 1)
    # 表三: the labels span three grid columns, so 自然人 is grid column 3 and 总计 column 9
    new = t3.cell("new", "natural").location
    assert (new.table_index, new.row_index, new.col_index) == (1, 3, 3)
    total = t3.cell("result.total", "total").location
    assert (total.table_index, total.row_index, total.col_index) == (1, 26, 9)
    blank = t3.cell("new", "org.business")
    assert blank.reason is ValueReason.BLANK and blank.location.col_index == 4
    pending = t4.cell("cases", "review.pending")
    assert pending.raw == "1"
    assert (
        pending.location.table_index,
        pending.location.row_index,
        pending.location.col_index,
    ) == (2, 3, 3)
    # the line of each cell is the line of its <td>
    for cell in (*t2.cells.values(), *t3.cells.values(), *t4.cells.values()):
        assert "<td" in lines[cell.location.line - 1], cell.key


def test_r013_sections_metadata_and_paragraph_locations(load) -> None:
    report = load(R013)
    assert [s.key for s in report.sections] == [
        "overview",
        "proactive",
        "requests",
        "review_litigation",
        "problems",
        "other",
    ]
    problems = report.section("problems")
    assert problems.heading == "五、存在的主要问题及整改措施"
    assert problems.text.startswith("（一）存在的主要问题。")
    assert problems.location.line == 968 and problems.location.paragraph == 63
    assert report.section("other").text.startswith(
        "2023年度，县发展和改革局政府信息公开未发生收费情况。"
    )
    assert report.metadata.year == 2023 and report.metadata.year_source == "period"
    # no title in the fragment: the body is named by the opening sentence ("现向社会公布沭阳县
    # 发展和改革局2023年度政府信息公开年度报告")
    assert report.metadata.title is None
    assert report.metadata.body == "沭阳县发展和改革局"
    assert report.preamble.startswith("根据《中华人民共和国政府信息公开条例》")
    assert report.preamble.endswith("电话：0527—83593059）。")
    assert (report.preamble_location.line, report.preamble_location.paragraph) == (1, 1)
    assert report.issues == []


def test_labels_broken_by_paragraphs_in_a_cell_still_match(load) -> None:
    """ "商业<p>企业": the column labels of 表三 are written on two lines in r013."""
    root = parse_html(R013.read_text(encoding="utf-8"))
    cells = [c for c in root.iter("td") if "商业" in "".join(c.itertext())]
    from disclosure_lint.loaders.html.tables import cell_text

    assert cell_text(cells[0]) == "商业\n企业"
    report = load(R013)
    assert report.tables["table3"].cell("new", "org.business").column_labels == (
        "法人或其他组织",
        "商业企业",
    )


# ---------------------------------------------------------------------------------------------
# Encodings


def test_gbk_copy_is_decoded_by_detection_without_a_declaration() -> None:
    data = (CONVERTED / "r013-gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    page = decode_html(data)
    assert page.encoding == "gb18030" and page.declared is None and not page.mismatch
    assert page.text == R013.read_text(encoding="utf-8")


def test_whole_page_declares_gb2312_and_is_read_as_gbk() -> None:
    page = decode_html((CONVERTED / "r013-page-gbk.html").read_bytes())
    assert page.declared == "gb2312" and page.encoding == "gb18030"
    assert not page.mismatch and not page.guessed


@pytest.mark.parametrize(
    ("text", "encoding", "declared", "mismatch"),
    [
        ('<meta charset="utf-8"><p>一、总体情况</p>', "utf-8", "utf-8", False),
        ('<meta charset="gbk"><p>一、总体情况</p>', "gbk", "gbk", False),
        ('<meta charset="gb2312"><p>一、总体情况</p>', "utf-8", "gb2312", True),
        ('<meta charset="utf-8"><p>一、总体情况</p>', "gbk", "utf-8", True),
        ('<meta charset="iso-8859-1"><p>一、总体情况</p>', "gb18030", "iso-8859-1", True),
        ('<meta charset="utf-16"><p>一、总体情况</p>', "gbk", "utf-16", True),
        (
            '<?xml version="1.0" encoding="gb18030"?><html><p>一、总体情况</p></html>',
            "gb18030",
            "gb18030",
            False,
        ),
    ],
)
def test_charset_declaration_and_bytes(text, encoding, declared, mismatch) -> None:
    page = decode_html(text.encode(encoding))
    assert page.declared == declared
    assert page.mismatch is mismatch
    assert "一、总体情况" in page.text


def test_big5_declaration_is_honoured() -> None:
    page = decode_html('<meta charset="big5"><p>政府資訊公開</p>'.encode("big5"))
    assert page.encoding == "big5" and "政府資訊公開" in page.text


def test_wrong_declaration_is_reported_and_the_page_still_read(load) -> None:
    text = R013.read_text(encoding="utf-8")
    report = load(('<meta charset="gb2312">' + text).encode("utf-8"), "page.html")
    assert issue_codes(report) == ["DL915"]
    assert report.issues[0].args == {"detail": "gb2312", "encoding": "utf-8"}
    assert cell_mismatches(report, expected_cells("r013")) == []


def test_utf8_bom(load) -> None:
    report = load(b"\xef\xbb\xbf" + R013.read_bytes(), "bom.html")
    assert cell_mismatches(report, expected_cells("r013")) == []


# ---------------------------------------------------------------------------------------------
# Page chrome and metadata


def test_whole_page_metadata_comes_from_meta_tags_and_visible_lines(load) -> None:
    report = load(CONVERTED / "r013-page-gbk.html")
    meta = report.metadata
    assert meta.title == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert meta.body == "沭阳县发展和改革局"
    assert meta.year == 2023 and meta.year_source == "title"
    assert meta.published == "2024-01-17"  # 发布日期 of the information table, met first
    assert meta.extra["索引号"] == "K21325580/2024-00012"
    assert meta.extra["成文日期"] == "2024-01-17"


def test_whole_page_chrome_is_not_report_text(load) -> None:
    report = load(CONVERTED / "r013-page-gbk.html")
    fragment = load(R013)
    # every section reads as in the bare fragment: no navigation, share buttons, related links,
    # print links, hidden copies, footer or script text
    assert [(s.key, s.heading, s.text) for s in report.sections] == [
        (s.key, s.heading, s.text) for s in fragment.sections
    ]
    # the preamble is the title and the report's opening, not the 发布日期/来源/浏览次数 line
    assert report.preamble == f"{report.metadata.title}\n{fragment.preamble}"
    assert report.issues == []


def test_page_title_drops_the_site_name() -> None:
    root = parse_html(
        "<html><head><title>某局2022年政府信息公开工作年度报告_某某市人民政府"
        "</title></head><body><p>x</p></body></html>"
    )
    assert page_title(root) == "某局2022年政府信息公开工作年度报告"
    root = parse_html("<title>某某市人民政府 - 某局2022年政府信息公开工作年度报告</title><p>x</p>")
    assert page_title(root) == "某局2022年政府信息公开工作年度报告"


def test_title_from_the_page_when_the_body_has_none(load) -> None:
    text = R013.read_text(encoding="utf-8")
    page = (
        "<html><head><title>沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局</title>"
        f"</head><body>{text}</body></html>"
    )
    report = load(page, "page.html")
    assert report.metadata.title == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert report.metadata.body == "沭阳县发展和改革局"


def test_visible_publication_line(load) -> None:
    page = (
        "<div class='article-info'><span>成文日期：2022年1月10日</span>"
        "<span>发布日期：2022-01-20</span><span>发布机构：某某县民政局</span></div>"
        "<p>一、总体情况</p><p>正文。</p>"
    )
    report = load(page, "page.html")
    assert report.metadata.published == "2022-01-20"
    assert report.metadata.extra["成文日期"] == "2022年1月10日"
    assert report.metadata.body == "某某县民政局"


def test_whitespace_collapse_follows_css_for_chinese() -> None:
    assert collapse("沭阳县\n      发展和改革局") == "沭阳县发展和改革局"
    assert collapse("2023\n年") == "2023 年"
    assert collapse("\u00a0 26 \u00a0") == "26"


# ---------------------------------------------------------------------------------------------
# Tables: merged cells and layouts

_TABLE3_HEAD = (
    "<p>某局2022年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p><table>"
    "<tr><td rowspan='3' colspan='3'>"
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    "</td><td colspan='7'>申请人情况</td></tr>"
    "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td>"
    "<td rowspan='2'>总计</td></tr>"
    "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
)


def test_real_blank_in_the_last_column_does_not_shift_numbers(load) -> None:
    """A label spanning three columns and a blank 总计: with one token per grid cell the mapper
    would have to trim two blank fillers at one end and could drop the wrong ones."""
    page = (
        _TABLE3_HEAD + "<tr><td colspan='3'>一、本年新收政府信息公开申请数量</td>"
        "<td>26</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>&nbsp;</td></tr></table>"
    )
    report = load(page, "t.html")
    table = report.tables["table3"]
    assert table.cell("new", "natural").raw == "26"
    assert table.cell("new", "org.other").raw == "5"
    assert table.cell("new", "total").reason is ValueReason.BLANK


def test_number_merged_over_two_rows_is_not_copied(load) -> None:
    page = (
        _TABLE3_HEAD
        + "<tr><td colspan='3'>一、本年新收政府信息公开申请数量</td><td rowspan='2'>7</td>"
        + "<td>0</td>" * 5
        + "<td>7</td></tr>"
        + "<tr><td colspan='3'>二、上年结转政府信息公开申请数量</td>"
        + "<td>0</td>" * 6
        + "</tr>"
        + "</table>"
    )
    report = load(page, "t.html")
    table = report.tables["table3"]
    assert table.cell("new", "natural").value == 7
    carried = table.cell("carried_over", "natural")
    assert carried.reason is ValueReason.MISSING  # not 7, and not shifted
    counts = [i for i in report.issues if i.code == "DL022"]
    assert [i.args["row"] for i in counts] == ["二、上年结转政府信息公开申请数量"]


def test_report_inside_layout_tables_is_read(load) -> None:
    text = R013.read_text(encoding="utf-8")
    page = (
        "<table><tr><td class='left'>栏目</td><td>"
        f"<table width='100%'><tr><td>{text}</td></tr></table>"
        "</td></tr></table>"
    )
    report = load(page, "layout.html")
    assert cell_mismatches(report, expected_cells("r013")) == []
    assert len(report.sections) == 6


def test_table_caption_is_a_paragraph_before_the_table(load) -> None:
    text = R013.read_text(encoding="utf-8")
    # the section heading written as the caption of 表二 instead of a paragraph before it
    text = text.replace("二、主动公开政府信息情况", "")
    end = text.index(">", text.index("<table")) + 1
    text = text[:end] + "<caption>二、主动公开政府信息情况</caption>" + text[end:]
    report = load(text, "caption.html")
    assert report.section("proactive") is not None
    assert cell_mismatches(report, expected_cells("r013")) == []


def test_span_attributes_are_read_like_browsers_do() -> None:
    assert clamp_span(None, 1000) == 1
    assert clamp_span("3", 1000) == 3
    assert clamp_span(" 2px", 1000) == 2
    assert clamp_span("abc", 1000) == 1
    assert clamp_span("0", 1000) == 1
    assert clamp_span("0", 1000, zero_means=65534) == 65534
    assert clamp_span("99999999", 1000) == 1000


def test_grid_places_cells_around_row_spans() -> None:
    rows = [
        [SpanCell("a", rowspan=2), SpanCell("b", colspan=2)],
        [SpanCell("c"), SpanCell("d")],
        [SpanCell("e", rowspan=9), SpanCell("f")],
    ]
    placed = place_cells(rows)
    assert [(c.text, c.row, c.col) for row in placed for c in row] == [
        ("a", 0, 0),
        ("b", 0, 1),
        ("c", 1, 1),
        ("d", 1, 2),
        ("e", 2, 0),
        ("f", 2, 1),
    ]
    assert placed[2][0].rowspan == 1  # cut at the last row


def test_gigantic_grid_is_refused() -> None:
    with pytest.raises(GridTooLarge):
        place_cells([[SpanCell("x", rowspan=65534, colspan=1000)]] * 1100)


def test_gigantic_table_is_a_finding_not_a_hang(load) -> None:
    rows = "<tr><td rowspan='0' colspan='1000'>x</td><td>y</td></tr>" * 1100
    report = load(f"<p>某局2022年政府信息公开工作年度报告</p><table>{rows}</table>", "big.html")
    assert "DL912" in issue_codes(report)


# ---------------------------------------------------------------------------------------------
# Files that are not a readable report: each gets a finding, never a traceback


def test_html_without_tables_reports_the_missing_tables(env, engine) -> None:
    page = (
        "<html><body><p>某局2022年政府信息公开工作年度报告</p>"
        "<p>一、总体情况</p><p>正文。</p></body></html>"
    )
    result = run(env, engine, page.encode("utf-8"), "notables.html")
    codes = [f.code for f in result.findings]
    assert codes.count("DL020") == 3
    assert result.report is not None and result.report.loader == "html"


def test_table_published_as_an_image(env, engine) -> None:
    page = (
        "<p>某局2022年政府信息公开工作年度报告</p><p>一、总体情况</p><p>正文。</p>"
        "<p>二、主动公开政府信息情况</p><p><img src='/upload/table2.png'></p>"
        "<p>三、收到和处理政府信息公开申请情况</p><p>正文。</p>"
    )
    result = run(env, engine, page.encode("utf-8"), "image.html")
    images = [f for f in result.findings if f.code == "DL914"]
    assert len(images) == 1
    assert images[0].location.table == "table2"
    assert "/upload/table2.png" in images[0].message("zh")


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "DL903", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "DL903", "ZIP"),
        (bytes(range(256)) * 20, "DL903", ""),
        (b"", "DL905", ""),
        (b"   \n\t  ", "DL905", ""),
        (
            b"<html><head><script src='app.js'></script></head><body><div id='app'></div></body>"
            b"</html>",
            "DL916",
            "JavaScript",
        ),
        (b"<html><frameset><frame src='content.html'></frameset></html>", "DL916", "content.html"),
    ],
    ids=["pdf", "zip", "binary", "empty", "whitespace", "script-only", "frames"],
)
def test_unreadable_html_files_get_one_clear_finding(env, engine, data, code, words) -> None:
    result = run(env, engine, data, "report.html")
    assert result.status is FileStatus.UNREADABLE
    assert [f.code for f in result.findings] == [code]
    assert words in result.findings[0].message("en")


def test_html_extensions_are_claimed(env) -> None:
    for suffix in (".html", ".htm", ".shtml"):
        assert suffix in env.extensions


# ---------------------------------------------------------------------------------------------
# Cell texts read in one pass


@pytest.mark.parametrize("path", R013_VARIANTS, ids=lambda p: p.name)
def test_cell_texts_read_in_one_pass_are_those_read_cell_by_cell(path) -> None:
    """The marked one-pass reading of a data table gives every cell the text the element walk
    gives it (lines at ``<p>`` and ``<br>``, white space collapsed), on the real pages."""
    from disclosure_lint.loaders.html.chrome import Chrome
    from disclosure_lint.loaders.html.tables import (
        cell_text,
        data_cells,
        is_layout_table,
        marked_cell_texts,
    )

    root = parse_html(decode_html(path.read_bytes()).text)
    chrome = Chrome(root)
    tables = [t for t in root.iter("table") if not is_layout_table(t, data_cells(t))]
    assert len(tables) >= 3  # 表二, 表三, 表四
    multi_line = 0
    for table in tables:
        chrome.clean(table)
        cells = data_cells(table)
        expected = [cell_text(cell) for row in cells for cell in row]
        multi_line += sum("\n" in text for text in expected)
        assert marked_cell_texts(table, cells) == expected
    assert multi_line > 0  # "商业\n企业" and the other labels written on two lines


def test_cell_texts_in_one_pass_decline_what_they_cannot_read() -> None:
    """A table with a script inside or a noncharacter in its text is read cell by cell (the
    one-pass reading returns None and leaves the table as it was)."""
    from disclosure_lint.loaders.html.tables import data_cells, marked_cell_texts

    for html in (
        "<table><tr><td>发布<script>x()</script>日期</td><td>1</td></tr></table>",
        "<table><tr><td>\ufdd2规章</td><td>1</td></tr></table>",
    ):
        root = parse_html(html)
        table = root.find(".//table")
        before = lxml_text(table)
        assert marked_cell_texts(table, data_cells(table)) is None
        assert lxml_text(table) == before


def lxml_text(el) -> list[str | None]:
    return [t for e in el.iter() for t in (e.text, e.tail)]
