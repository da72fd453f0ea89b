"""Text shapes beyond the Word export: table text in prose lines, numbers written together,
rows whose label was lost, Markdown header rows, 表四 as one table per column group, headings
inside lines. Each test can fail: it names the cells and findings a wrong reading would change."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from disclosure_lint.core.findings import Outcome
from disclosure_lint.core.formats import ValueKind
from disclosure_lint.core.model import Report
from disclosure_lint.core.plugins import Environment
from disclosure_lint.core.values import ValueReason
from disclosure_lint.reading.runon import LabelScanner, split_run, total_relations
from disclosure_lint.testing.builders import build_report
from disclosure_lint.writers.text import render_as_text

from ..conftest import CORPUS

COUNT7 = (ValueKind.COUNT,) * 7


def _markdown(env: Environment, value: int = 1) -> str:
    """A 2021 report with every cell ``value`` (so every row total is 6 × value), as Markdown."""
    fmt = env.formats.get("2021")
    values = {}
    for tdef in fmt.tables:
        for _, row, column in tdef.cell_keys():
            total = column.key.endswith("total")
            cell = value * (6 if tdef.key == "table3" else 4) if total else value
            values[(tdef.key, row.key, column.key)] = cell
    report = build_report(
        fmt,
        values,
        title="某县2022年政府信息公开工作年度报告",
        year=2022,
        sections=[(s.label, "正文。") for s in fmt.sections],
    )
    return render_as_text(report, fmt, "markdown")


def _codes(report: Report) -> list[str]:
    return [i.code for i in report.issues]


# ---------------------------------------------------------------------------------------------
# splitting numbers written together


def test_a_run_with_one_digit_per_cell_splits_uniquely() -> None:
    split = split_run(["6000017"], COUNT7)
    assert split is not None and split.cells == ("6", "0", "0", "0", "0", "1", "7")
    assert not split.used_totals


def test_spaces_always_separate_cells() -> None:
    # "0 0 00 00 0": seven digits, seven cells; the spaces only fix where two of them end
    split = split_run(["0", "0", "00", "00", "0"], COUNT7)
    assert split is not None and split.cells == ("0",) * 7
    assert split_run(["12", "3"], (ValueKind.COUNT,) * 2).cells == ("12", "3")  # type: ignore[union-attr]


def test_more_digits_than_cells_are_not_guessed_without_a_total() -> None:
    split = split_run(["7777166"], (ValueKind.COUNT,) * 3)
    assert split is not None and split.cells == (None, None, None)
    assert split.candidates == 15


def test_the_row_total_decides_only_a_unique_split(env: Environment) -> None:
    relations = total_relations(env.formats.get("2019").table("table3").blocks[0])
    split = split_run(["200", "000121"], COUNT7, relations)
    assert split is not None and split.cells == ("20", "0", "0", "0", "0", "1", "21")
    assert split.used_totals and split.kept == 1
    # "111000012": 11 | 1 | 0 | 0 | 0 | 0 | 12 and 1 | 11 | 0 | 0 | 0 | 0 | 12 both balance
    split = split_run(["111000012"], COUNT7, relations)
    assert split is not None
    assert split.cells[0] is None and split.cells[1] is None


def test_a_sign_or_placeholder_fixes_what_it_can() -> None:
    kinds = (ValueKind.COUNT, ValueKind.DELTA, ValueKind.COUNT)
    split = split_run(["2648-18538"], kinds)
    assert split is not None and split.cells == ("2648", None, None)
    assert split_run(["35-15"], kinds[:2]).cells == ("35", "-15")  # type: ignore[union-attr]


def test_a_run_too_long_to_try_is_not_read() -> None:
    assert split_run(["1" * 500], COUNT7) is None


def test_row_totals_come_from_the_column_tree(env: Environment) -> None:
    for format_id in ("2019", "2021"):
        fmt = env.formats.get(format_id)
        t3 = fmt.table("table3").blocks[0]
        (relation,) = total_relations(t3)
        assert relation.keys(t3.leaf_columns) == {
            "total",
            "natural",
            "org.business",
            "org.research",
            "org.nonprofit",
            "org.legal",
            "org.other",
        }
        t4 = fmt.table("table4").blocks[0]
        groups = {min(r.keys(t4.leaf_columns)) for r in total_relations(t4)}
        assert len(groups) == 3
        assert total_relations(fmt.table("table2").blocks[0]) == ()


def test_the_scanner_reads_table_text_not_sentences(env: Environment) -> None:
    scanner = LabelScanner(env.formats.get("2021").table("table2"))
    assert scanner.tabular(scanner.scan("行政许可 0"))
    assert scanner.tabular(scanner.scan("### 第二十条第（五）项"))
    assert not scanner.tabular(scanner.scan("全年办理行政许可 12 件，均按时办结。"))
    assert not scanner.tabular(scanner.scan("22"))


# ---------------------------------------------------------------------------------------------
# the loader on such text


def test_a_sentence_naming_a_row_is_not_read_as_the_row(env, load) -> None:
    text = _markdown(env, 1).replace("| 行政许可 | 1 |\n", "全年办理行政许可 12 件。\n")
    report = load(text, "r.md")
    cell = report.tables["table2"].cell("licensing", "decisions")
    assert cell is not None and cell.reason is ValueReason.MISSING
    assert "DL021" in _codes(report)


def test_a_label_line_with_its_number_is_a_row(env, load) -> None:
    text = _markdown(env, 1).replace("| 行政许可 | 1 |\n", "行政许可 5\n")
    report = load(text, "r.md")
    assert report.tables["table2"].cell("licensing", "decisions").value == 5  # type: ignore[union-attr]
    assert _codes(report) == []


def test_ambiguous_run_together_cells_are_announced_not_read(load) -> None:
    text = (CORPUS / "r006.txt").read_text(encoding="utf-8")
    report = load(text.replace("规章007", "规章1234"), "r006.txt")
    cells = [report.tables["table2"].cell("regulations", c) for c in ("made", "published")]
    assert all(c is not None and c.reason is ValueReason.MISSING for c in cells)
    (issue,) = [i for i in report.issues if i.code == "DL932" and i.args["row"] == "规章"]
    assert issue.args["found"] == "1234" and "本年新制作数量" in issue.args["column"].zh


def test_a_row_split_by_its_total_does_not_verify_that_total(load, check, check_all) -> None:
    report = load(CORPUS / "r006.txt")
    assert set(report.tables["table3"].assumed_relations) == {"new", "result.total"}
    # recorded on the loader's finding about each such row (DL931), not listed on their own
    split = [f for f in check(report) if f.code == "DL931"]
    assert [sorted(f.data["blocks"]) for f in split] == [["DL103"], ["DL103"]]
    assert not [f for f in check(report) if f.code == "DL103"]
    r4 = [f for f in check_all(report) if f.code == "DL103"]
    assumed = {f.data["line"] for f in r4 if f.data.get("assumed")}
    assert assumed == {"new", "result.total"}
    assert all(f.outcome is Outcome.NOT_ASSESSABLE for f in r4 if f.data.get("assumed"))


def test_a_total_not_used_for_splitting_is_still_checked(load, check) -> None:
    # seven digits for seven cells: read without the total, so a wrong total is still an error
    text = (CORPUS / "r006.txt").read_text(encoding="utf-8")
    report = load(text.replace("（一）予以公开6000017", "（一）予以公开6000018"), "r006.txt")
    failed = [f for f in check(report) if f.code == "DL103" and f.data["line"] == "result.granted"]
    assert [f.outcome for f in failed] == [Outcome.FAIL]


def _unlabel(text: str, *labels: str) -> str:
    for label in labels:
        text = text.replace(f"| {label} |", "|", 1)
    return text


def test_a_row_without_its_label_is_read_between_found_rows(env, load) -> None:
    text = _unlabel(_markdown(env, 2), "三、本年度办理结果 | （五）不予处理 | 2.重复申请")
    report = load(text, "r.md")
    cell = report.tables["table3"].cell("result.not_processed.repeated", "natural")
    assert cell is not None and cell.value == 2
    (issue,) = [i for i in report.issues if i.code == "DL933"]
    assert issue.args["label"] == "1.信访举报投诉类申请"
    assert issue.args["detail"] == "3.要求提供公开出版物"


def test_a_label_fragment_must_fit_the_row_it_is_read_as(env, load) -> None:
    text = _markdown(env, 2).replace(
        "| 三、本年度办理结果 | （五）不予处理 | 2.重复申请 |", "| 信访举报投诉 |"
    )
    report = load(text, "r.md")
    cell = report.tables["table3"].cell("result.not_processed.repeated", "natural")
    assert cell is not None and cell.reason is ValueReason.MISSING
    assert "DL934" in _codes(report) and "DL933" not in _codes(report)


def test_unlabeled_rows_that_do_not_fill_the_gap_exactly_are_not_read(env, load) -> None:
    text = _unlabel(_markdown(env, 2), "三、本年度办理结果 | （五）不予处理 | 2.重复申请")
    row = "\n| 2 | 2 | 2 | 2 | 2 | 2 | 12 |"
    assert text.count(row) == 1
    text = text.replace(row, row + row)  # two rows of numbers for one missing row
    report = load(text, "r.md")
    cell = report.tables["table3"].cell("result.not_processed.repeated", "natural")
    assert cell is not None and cell.reason is ValueReason.MISSING
    codes = _codes(report)
    assert codes.count("DL934") == 2 and "DL021" in codes and "DL933" not in codes


def test_a_markdown_header_row_is_never_a_row_label(env, load) -> None:
    labels = ["项目", "本年新收件数", "予以公开", "部分公开", "不予公开", "总计"]
    header = "| " + " | ".join(labels) + " |\n" + "|---" * 6 + "|\n"
    text = _markdown(env, 1)
    anchor = "| 三、本年度办理结果 | （二）部分公开"
    text = text.replace(anchor, header + anchor, 1)
    report = load(text, "r.md")
    assert _codes(report) == []
    assert report.tables["table3"].cell("result.granted", "natural").value == 1  # type: ignore[union-attr]


def test_table4_as_one_table_per_group(load) -> None:
    text = (CORPUS / "r004.txt").read_text(encoding="utf-8")
    report = load(text, "r004.txt")
    cells = report.tables["table4"].cells
    assert cells[("cases", "litigation.direct.total")].value == 3
    assert cells[("cases", "litigation.after_review.other")].value == 1
    # without its heading the third table is a second 未经复议直接起诉 table: not read twice
    doctored = text.replace("### 行政诉讼（复议后起诉）\n", "")
    report = load(doctored, "r004.txt")
    assert "DL023" in _codes(report)
    missing = report.tables["table4"].cells[("cases", "litigation.after_review.total")]
    assert missing.reason is ValueReason.MISSING
    (count,) = [i for i in report.issues if i.code == "DL022"]
    assert (count.args["expected"], count.args["found"]) == (15, 10)


@pytest.mark.parametrize(
    ("line", "headings"),
    [
        ("…请与我们联系。一、总体情况2020年，我区…", ["一、总体情况"]),
        ("分两步推进：第一、二季度工作情况良好。", []),
        ("三、本年度办理结果（一）予以公开6000017", []),
    ],
)
def test_headings_inside_lines(env, line: str, headings: list[str]) -> None:
    from disclosure_lint.reading.structure import section_defs, split_inline_headings

    pieces = split_inline_headings(line, section_defs(env.formats, None))
    assert [p for p in pieces if p in headings] == headings
    assert "".join(pieces) == line


def test_a_report_on_one_line_has_its_six_sections(load: Callable[..., Report]) -> None:
    report = load(CORPUS / "r006.txt")
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.section("other").text == "无其他需要报告的事项"  # type: ignore[union-attr]
    (issue,) = [i for i in report.issues if i.code == "DL935"]
    assert issue.args["found"] == 6


#: the start of 表三 as LibreOffice's text export writes r013.html (HTML → DOCX → text): every
#: cell on a line of its own, an empty cell (or a merged label cell continued) an empty line
_LO_TABLE3 = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
申请人情况

自然人
法人或其他组织
总计


商业
企业
科研
机构
社会公益组织
法律服务机构
其他

一、本年新收政府信息公开申请数量
26





26
二、上年结转政府信息公开申请数量
0





0
三、本年度办理结果
（一）予以公开
26





26

（二）部分公开（区分处理的，只计这一情形，不计其他情形）
{partial}
"""


def test_a_table_written_one_cell_per_line_is_read(load) -> None:
    head = "某局2023年政府信息公开工作年度报告\n一、总体情况\n本局认真做好公开工作。\n"
    text = head + _LO_TABLE3.format(partial="0\n\n\n\n\n\n0\n")
    report = load(text, "lo.txt")
    table = report.tables["table3"]
    assert table.cell("new", "natural").value == 26  # type: ignore[union-attr]
    assert table.cell("new", "total").value == 26  # type: ignore[union-attr]
    assert table.cell("new", "org.legal").reason is ValueReason.BLANK  # type: ignore[union-attr]
    assert table.cell("result.granted", "total").value == 26  # type: ignore[union-attr]
    assert table.cell("result.partial", "total").value == 0  # type: ignore[union-attr]


@pytest.mark.parametrize("following", ["", "\n（三）不予公开\n1.属于国家秘密\n0\n"])
def test_a_row_one_cell_short_per_line_is_not_shifted(load, following: str) -> None:
    """Six cells where the format has seven (two merged), then the next row's merged label cell
    as an empty line: the empty line could be the row's 总计, so its numbers are not read."""
    head = "某局2023年政府信息公开工作年度报告\n一、总体情况\n本局认真做好公开工作。\n"
    partial = "5\n\n\n\n\n5\n" + ("\n" if following else "") + following
    report = load(head + _LO_TABLE3.format(partial=partial), "lo.txt")
    table = report.tables["table3"]
    cells = [table.cell("result.partial", c) for c in ("natural", "org.other", "total")]
    assert all(c is not None and c.reason is ValueReason.MISSING for c in cells)
    assert "DL022" in _codes(report)
    assert table.cell("new", "total").value == 26  # type: ignore[union-attr]


def test_labels_apart_from_their_numbers_one_per_line_are_not_read_by_the_last_label(
    load,
) -> None:
    """Two row labels, one broken over lines, then one row of numbers (a PDF's text extraction
    sets labels apart from their numbers): the numbers are not given to the second label."""
    head = "某局2023年政府信息公开工作年度报告\n一、总体情况\n本局认真做好公开工作。\n"
    apart = "0\n\n\n\n\n\n0\n（三）不予公开\n1.属于国家秘\n密\n2.其他法律行政法规禁止公开\n"
    report = load(head + _LO_TABLE3.format(partial=apart + "3\n0\n0\n0\n0\n0\n3\n"), "lo.txt")
    table = report.tables["table3"]
    for row in ("result.withheld.state_secret", "result.withheld.prohibited"):
        cell = table.cell(row, "total")
        assert cell is not None and cell.reason is ValueReason.MISSING, row
    assert table.cell("result.partial", "total").value == 0  # type: ignore[union-attr]
