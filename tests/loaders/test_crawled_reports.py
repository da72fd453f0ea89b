"""Real reports as crawlers and converters publish them: the 平潭 department reports (one line of
text, cells run together), the same report as its page, and a PDF-to-Markdown export.

The expected cells are ``tests/corpus/expected/*.json`` (typed by hand; a cell the text does not
determine carries the value of the report's own page under ``page``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from disclosure_lint.core.findings import Finding, Outcome, Severity
from disclosure_lint.core.i18n import Text
from disclosure_lint.core.model import Report
from disclosure_lint.core.values import ValueReason

from ..conftest import CORPUS, FIXTURES
from .expected import expected_cells
from .test_text_corpus import PINGTAN

N01 = "n01_pingtan_gonganju_2019"


def _cells(report: Report) -> dict[tuple[str, str, str], Any]:
    return {(t.key, c.row, c.column): c for t in report.tables.values() for c in t.cells.values()}


def _value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _issues(report: Report, code: str) -> list[Any]:
    return [i for i in report.issues if i.code == code]


# ---------------------------------------------------------------------------------------------
# one report in two shapes


def test_the_page_gives_every_cell_of_the_report(load: Callable[..., Report]) -> None:
    """n01 as published (its page): every cell, the ones the text leaves open included."""
    report = load(CORPUS / f"{N01}.page.html")
    assert report.loader == "html"
    got = _cells(report)
    wrong = []
    for item in expected_cells(N01):
        want = item.get("page") or item
        cell = got.pop((item["table"], item["row"], item["column"]))
        seen = ((cell.raw or "").strip(), _value(cell.value), cell.reason.value)
        if seen != (want["raw"], want["value"], want["value_reason"]):
            wrong.append((item["row"], item["column"], seen))
    assert wrong == [] and got == {}


def test_text_and_page_give_the_same_cells_where_the_text_determines_them(
    load: Callable[..., Report],
) -> None:
    text, page = load(CORPUS / f"{N01}.txt"), load(CORPUS / f"{N01}.page.html")
    text_cells, page_cells = _cells(text), _cells(page)
    assert set(text_cells) == set(page_cells)
    same = differ = 0
    for key, cell in text_cells.items():
        if cell.reason is ValueReason.MISSING:
            differ += 1
            continue
        assert (cell.value, cell.reason) == (page_cells[key].value, page_cells[key].reason), key
        same += 1
    # 表二 行政许可 4500, 行政处罚 63600, 行政强制 4300 (3 cells each), 行政事业性收费 124 (2) and
    # 表三 一、本年新收 "0 00000" (six digits, seven cells: the page leaves 商业企业 blank) stay
    # unread in the text: 3 + 3 + 3 + 2 + 7 = 18
    assert (same, differ) == (180, 18)


@pytest.mark.parametrize("name", PINGTAN)
def test_cells_the_text_leaves_open_are_one_finding_per_row(
    load: Callable[..., Report], name: str
) -> None:
    """Each row not fully read gets one DL932 naming its unread columns, never one per cell."""
    report = load(CORPUS / f"{name}.txt")
    unread: dict[tuple[str, str], set[str]] = {}
    for (table, row, _), cell in _cells(report).items():
        if cell.reason is ValueReason.MISSING:
            unread.setdefault((table, row), set()).add(cell.column_labels[-1])
    issues = _issues(report, "DL932")
    assert sorted((i.location.table, i.location.row) for i in issues) == sorted(unread)
    for issue in issues:
        named = set(issue.args["column"].zh.split("、"))
        assert named == unread[(issue.location.table, issue.location.row)]


def test_rows_read_one_way_only_are_reported_once_per_table(load: Callable[..., Report]) -> None:
    report = load(CORPUS / "n13_pingtan_xingzhengshenpi_2022.txt")
    tables = [i.location.table for i in _issues(report, "DL930")]
    assert sorted(tables) == ["table2", "table3", "table4"]
    (table3,) = [i for i in _issues(report, "DL930") if i.location.table == "table3"]
    assert table3.args["found"] == 25  # every row of 表三: seven digits for seven cells


# ---------------------------------------------------------------------------------------------
# run-together text: headings, tables inside paragraphs


@pytest.mark.parametrize("name", PINGTAN)
def test_the_last_row_before_a_heading_with_the_same_ordinal_is_read(
    load: Callable[..., Report], name: str
) -> None:
    """ "…四、结转下年度继续办理0000000四、政府信息公开行政复议…": the row is 表三's, the second
    四 starts section 四."""
    report = load(CORPUS / f"{name}.txt")
    assert _issues(report, "DL021") == [] and _issues(report, "DL020") == []
    cell = report.tables["table3"].cell("carry_forward", "total")
    assert cell is not None and cell.value == 0
    section = report.section("review_litigation")
    assert section is not None and section.heading == "四、政府信息公开行政复议、行政诉讼情况"


@pytest.mark.parametrize(
    ("name", "row", "values"),
    [
        ("n03_pingtan_jiaotongjianshe_2020", "normative_documents", [3, 3, 5]),
        ("n05_pingtan_caizhengjinrong_2022", "normative_documents", [8, 0, 8]),
    ],
)
def test_a_table_inside_a_paragraph_is_read(
    load: Callable[..., Report], name: str, row: str, values: list[int]
) -> None:
    report = load(CORPUS / f"{name}.txt")
    table = report.tables["table2"]
    assert table.present
    assert [c.value for c in table.cells.values() if c.row == row] == values


def test_a_number_ending_a_table_before_prose_is_read(load: Callable[..., Report]) -> None:
    # "…行政事业性收费9116.36 (二)主动公开政府信息的主要类别…"
    report = load(CORPUS / "n05_pingtan_caizhengjinrong_2022.txt")
    cell = report.tables["table2"].cell("fees", "fee_amount")
    assert cell is not None and cell.value == Decimal("9116.36")


def test_a_unit_after_a_column_label_does_not_break_the_table(
    load: Callable[..., Report],
) -> None:
    # "…采购项目数量采购总金额（元）政府集中采购263042532": the row is found; its digits split in
    # several ways, so it is announced rather than guessed
    report = load(CORPUS / "n03_pingtan_jiaotongjianshe_2020.txt")
    assert [i.location.row for i in _issues(report, "DL021")] == []
    (issue,) = [i for i in _issues(report, "DL932") if i.location.row == "procurement"]
    assert issue.args["found"] == "263042532"


def test_an_extra_section_and_a_renumbered_one(load: Callable[..., Report], check) -> None:
    """n09: 五 is an extra 信息处理费收取情况 section with its own table, the problems are 六."""
    report = load(CORPUS / "n09_pingtan_supingpianqu_2025.txt")
    sections = [(s.key, s.number, s.heading) for s in report.sections]
    assert sections[-2:] == [
        ("processing_fees", 5, "五、信息处理费收取情况"),
        ("problems", 5, "六、存在的主要问题和改进情况"),
    ]
    # the fee table ("通知收取件数…000") is not read into 表四, which is read from section 四
    assert [c.value for c in report.tables["table4"].cells.values()] == [0] * 15
    findings = {f.code: f for f in check(report)}
    assert findings["DL004"].severity is Severity.WARNING
    assert "序号为“六”" in findings["DL004"].message()
    assert findings["DL005"].severity is Severity.INFO
    # the report has no section 其他需要报告的事项: a real defect, the only error
    errors = [f for f in check(report) if f.severity is Severity.ERROR]
    assert [(f.code, f.location.section) for f in errors] == [("DL001", "other")]


def test_a_variant_heading_is_the_section_it_is(load: Callable[..., Report], check) -> None:
    text = (CORPUS / "n13_pingtan_xingzhengshenpi_2022.txt").read_text(encoding="utf-8")
    assert text.count("五、存在的主要问题及改进情况") == 1
    text = text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及明年工作计划")
    report = load(text, "n13-variant.txt")
    section = report.section("problems")
    assert section is not None and section.heading == "五、存在的主要问题及明年工作计划"
    codes = [f.code for f in check(report)]
    assert "DL001" not in codes and codes.count("DL004") == 1


def test_a_section_whose_heading_was_lost_starts_at_its_first_sub_heading(
    load: Callable[..., Report], check
) -> None:
    """r003 (PDF-to-Markdown): section 五's heading is not in the export; "（一）2024 年工作中存在
    问题的改进情况" follows 表四."""
    report = load(CORPUS / "r003.md")
    section = report.section("problems")
    assert section is not None and section.heading.startswith("（一）2024 年工作中存在问题")
    findings = check(report)
    assert "DL001" not in [f.code for f in findings]
    (deviates,) = [f for f in findings if f.code == "DL004"]
    assert "没有本部分的标题" in deviates.message()


# ---------------------------------------------------------------------------------------------
# labels set apart from their numbers (PDF-to-Markdown)


def test_a_label_set_apart_never_takes_another_rows_numbers(load: Callable[..., Report]) -> None:
    """kewei-2024.md: "5.属于三类内部事务信/息" and "1.本机关不掌握相关政/府信息" stand together
    before "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |"; 本机关不掌握's own row ("| 4 | … | 4 |") comes after
    8.属于行政查询事项. The numbers go by position, never to the label printed just before them."""
    report = load(CORPUS / "kewei-2024.md")
    table = report.tables["table3"]
    assert table.cell("result.unavailable.not_held", "natural").value == 4  # type: ignore[union-attr]
    assert table.cell("result.withheld.internal", "natural").value == 1  # type: ignore[union-attr]
    placed = {i.location.row for i in _issues(report, "DL933")}
    assert {"result.withheld.internal", "result.unavailable.not_held"} <= placed


def test_numbers_after_a_lone_label_are_not_read_when_their_place_is_open(
    load: Callable[..., Report],
) -> None:
    """One row of numbers dropped from kewei: the rows between 8.属于行政查询事项 and
    1.信访举报投诉类申请 no longer fill their gap, so none is read (no guess from the labels)."""
    text = (CORPUS / "kewei-2024.md").read_text(encoding="utf-8")
    dropped = "| 6 | 0 | 0 | 0 | 0 | 0 | 6 |\n|---|---|---|---|---|---|---|\n"
    assert text.count(dropped) == 1
    report = load(text.replace(dropped, ""), "kewei-dropped.md")
    table = report.tables["table3"]
    for row in ("not_held", "needs_creation", "unclear"):
        cell = table.cell(f"result.unavailable.{row}", "natural")
        assert cell is not None and cell.reason is ValueReason.MISSING
    assert _issues(report, "DL934")


# ---------------------------------------------------------------------------------------------
# rows their own total leaves open, decided by the whole table


def _joined(text: str, label: str) -> str:
    """The Markdown row of ``label`` written as crawler text: label and numbers run together."""
    lines = text.split("\n")
    (index,) = [i for i, line in enumerate(lines) if line.startswith(f"| {label} |")]
    cells = [c.strip() for c in lines[index].strip("|").split("|")]
    lines[index] = label + "".join(cells[1:])
    return "\n".join(lines)


def test_a_row_open_on_its_own_is_read_when_the_table_leaves_one_split(
    load: Callable[..., Report], check, check_all
) -> None:
    """kewei's 一、本年新收 (32 2 0 0 0 0 34) and （七）总计 (33 2 0 0 0 0 35) written together.
    "322000034" splits one way with its own total (DL931); "332000035" two ways, 33|2|…|35 and
    3|32|…|35, and only 33 makes （七）总计 the sum of the outcome rows in the 自然人 column and
    新收 + 上年结转 = （七）总计 + 结转下年度 hold (DL936)."""
    text = (CORPUS / "kewei-2024.md").read_text(encoding="utf-8")
    text = _joined(text, "一、本年新收政府信息公开申请数量")
    text = _joined(text, "（七）总计")
    assert "（七）总计332000035\n" in text
    report = load(text, "kewei-joined.md")
    table = report.tables["table3"]
    assert [c.value for c in table.cells.values() if c.row == "new"] == [32, 2, 0, 0, 0, 0, 34]
    assert [c.value for c in table.cells.values() if c.row == "result.total"] == [
        33,
        2,
        0,
        0,
        0,
        0,
        35,
    ]
    assert [i.location.row for i in _issues(report, "DL931")] == ["new"]
    (decided,) = _issues(report, "DL936")
    assert decided.location.row == "result.total" and decided.args["found"] == "332000035"
    assert "DL932" not in {i.code for i in report.issues}
    # the relations used to read it are not assessable in the columns concerned, never a pass
    listed: list[Finding] = check_all(report)
    for code in ("DL101", "DL102"):
        natural = [f for f in listed if f.code == code and f.data["line"] == "natural"]
        assert [f.outcome for f in natural] == [Outcome.NOT_ASSESSABLE]
        assert natural[0].data["assumed"]
    # one cause, one finding: by default they are recorded on the finding of the split (DL936)
    findings: list[Finding] = check(report)
    assert not [f for f in findings if f.code in ("DL101", "DL102") and f.data["line"] == "natural"]
    (split,) = [f for f in findings if f.code == "DL936"]
    assert {"DL101", "DL102"} <= set(split.data["blocks"])
    assert not [f for f in findings if f.severity is Severity.ERROR and f.code.startswith("DL1")]


def test_a_row_the_table_cannot_decide_stays_unread(load: Callable[..., Report]) -> None:
    """The same （七）总计 with 上年结转 and 予以公开 not read (a cell too many each): no relation
    is left in the 自然人 column to decide between 33|2 and 3|32."""
    text = _joined((CORPUS / "kewei-2024.md").read_text(encoding="utf-8"), "（七）总计")
    for row in ("| 二、上年结转政府信息公开申请数量 | 2 |", "| （一）予以公开 | 9 |"):
        assert text.count(row) == 1
        text = text.replace(row, f"{row} 9 |")
    report = load(text, "kewei-open.md")
    cells = {c.column: c for c in report.tables["table3"].cells.values() if c.row == "result.total"}
    assert cells["natural"].reason is ValueReason.MISSING
    assert cells["org.business"].reason is ValueReason.MISSING
    assert cells["total"].value == 35
    (issue,) = [i for i in _issues(report, "DL932") if i.location.row == "result.total"]
    assert issue.args["column"] == Text("自然人、商业企业", "自然人, 商业企业")
    assert "DL936" not in {i.code for i in report.issues}


# ---------------------------------------------------------------------------------------------
# the blank official template


def test_the_blank_template_has_its_three_tables(load: Callable[..., Report], check) -> None:
    report = load(FIXTURES / "template" / "template-2021-wps.docx")
    assert all(t.present for t in report.tables.values())
    cells = [c for t in report.tables.values() for c in t.cells.values()]
    assert len(cells) == 200 and {c.reason for c in cells} == {ValueReason.BLANK}
    codes = {f.code for f in check(report) if f.severity is Severity.ERROR}
    assert "DL020" not in codes and "DL021" not in codes


# ---------------------------------------------------------------------------------------------
# no false error


#: error-level findings of the corpus's reports (text, Markdown, HTML, PDF) that are real defects
#: of the report, with the evidence (anything else is a false error)
REAL_ERRORS: dict[str, list[str]] = {
    # 淮安市洪泽区人民政府 2023: 表四 totals 0 although 行政复议 维持 10 + 纠正 1 and 复议后起诉
    # 维持 5; 表三 （六）其他处理 printed as the 2019 format's single row "0 0 0 0 0 0 0"; the
    # text never mentions 考核, 评议 or 追究
    "d01_hongze_2023.pdf": ["DL025", "DL104", "DL104", "DL352"],
    # 2024: the same single （六）其他处理 row; 考核 mentioned (高质量发展考核), 评议 and 追究 not
    "d02_hongze_2024.pdf": ["DL025", "DL352"],
    # 淮安市人民政府 2024: no word of 考核, 评议 or 追究 in the report
    "d03_huaian_2024.pdf": ["DL352"],
    # the title "银州区工人街道2019年度政府信息工作年度报告" lacks 公开
    "yinzhou-gongren-2019.txt": ["DL301"],
    # 表三 自然人: （一）至（六） are 6 + 6 + 4 + 3 + 3 + 4 = 26 but （七）总计 is 20; 总计 column
    # 7 + 6 + 4 + 3 + 3 + 4 = 27 against 21
    "r006.txt": ["DL102", "DL102"],
    # a county government (沐阳县人民政府) that does not report 社会评议 or 责任追究 results
    "r004.txt": ["DL352"],
    # no section 其他需要报告的事项 (五 is an extra fee section, the problems are 六)
    "n09_pingtan_supingpianqu_2025.txt": ["DL001"],
}
REPORTS = [
    "d01_hongze_2023.pdf",
    "d02_hongze_2024.pdf",
    "d03_huaian_2024.pdf",
    "yinzhou-gongren-2019.txt",
    "r003.md",
    "r004.txt",
    "r006.txt",
    "r012.txt",
    "r013.html",
    "kewei-2024.md",
    f"{N01}.page.html",
    *(f"{name}.txt" for name in PINGTAN),
    "n11_pingtan_shichangjianguan_2018.txt",
]


@pytest.mark.parametrize("name", REPORTS)
def test_every_error_is_a_real_defect(load: Callable[..., Report], check, name: str) -> None:
    errors = [f.code for f in check(load(CORPUS / name)) if f.severity is Severity.ERROR]
    assert sorted(errors) == sorted(REAL_ERRORS.get(name, []))
