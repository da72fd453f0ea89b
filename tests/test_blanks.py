"""Blank cells: read as 0 where the report uses them for 0, one finding per table, and the
relations they block recorded on that finding (one cause, one finding).

Reports used: tests/corpus/r013.html (沭阳县发展和改革局 2023: its five 法人或其他组织 columns
left blank) and tests/corpus/r004.txt (沭阳县人民政府 2025) with its zeros blanked the way real
reports leave them: whole 科研机构/社会公益组织 columns and the zero 总计 cells of the result rows,
or every zero; and the 表三/表四 of 《2019年上海市人民政府办公厅政府信息公开工作年度报告》
(domain-spec S13, published 2020-01-31), which leaves its zeros blank *and* leaves the 总计 column
of the outcome rows empty although those rows hold numbers.
"""

from __future__ import annotations

import re

import pytest

from disclosure_lint.core.engine import Engine, Selection
from disclosure_lint.core.findings import Outcome, Severity
from disclosure_lint.testing.builders import build_report

from .conftest import CORPUS

ARITHMETIC = {"DL101", "DL102", "DL103", "DL104"}
R004 = (CORPUS / "r004.txt").read_text(encoding="utf-8")

# S13, 表三 as published ("_" = a blank cell; the 2019 format, 20 outcome rows)
S13_COLUMNS = ("natural", "org.business", "org.research", "org.nonprofit", "org.legal")
S13_COLUMNS += ("org.other", "total")
S13_TABLE3 = {
    "new": "821 35 _ _ 2 1 859",
    "carried_over": "18 _ _ _ _ _ 18",
    "result.granted": "258 12 _ _ 1 1 _",
    "result.partial": "3 _ _ _ _ _ _",
    "result.withheld.state_secret": "14 _ _ _ _ _ _",
    "result.withheld.prohibited": "_ _ _ _ _ _ _",
    "result.withheld.security": "_ _ _ _ _ _ _",
    "result.withheld.third_party": "_ _ _ _ _ _ _",
    "result.withheld.internal": "5 _ _ _ _ _ _",
    "result.withheld.deliberative": "3 1 _ _ _ _ _",
    "result.withheld.enforcement_file": "_ _ _ _ _ _ _",
    "result.withheld.inquiry": "10 2 _ _ _ _ _",
    "result.unavailable.not_held": "252 12 _ _ 1 _ _",
    "result.unavailable.needs_creation": "44 3 _ _ _ _ _",
    "result.unavailable.unclear": "25 _ _ _ _ _ _",
    "result.not_processed.petition": "148 1 _ _ _ _ _",
    "result.not_processed.repeated": "5 4 _ _ _ _ _",
    "result.not_processed.publication": "_ _ _ _ _ _ _",
    "result.not_processed.vexatious": "_ _ _ _ _ _ _",
    "result.not_processed.confirmation": "_ _ _ _ _ _ _",
    "result.other_handling": "_ _ _ _ _ _ _",
    "result.total": "767 35 _ _ 2 1 805",
    "carry_forward": "72 _ _ _ _ _ 72",
}
S13_TABLE4 = "5 _ _ 2 7 8 _ _ 1 9 _ _ _ _ _"  # 行政复议, 未经复议直接起诉, 复议后起诉


def s13_report(fmt, changes: dict[tuple[str, str, str], str] | None = None):
    values: dict[tuple[str, str, str], str] = {}
    for _, row, column in fmt.table("table2").cell_keys():
        values[("table2", row.key, column.key)] = "0"  # S13 prints 表二's zeros
    values[("table2", "regulations", "made")] = "13"
    for row, text in S13_TABLE3.items():
        for column, raw in zip(S13_COLUMNS, text.split(), strict=True):
            values[("table3", row, column)] = "" if raw == "_" else raw
    groups = ("review", "litigation.direct", "litigation.after_review")
    parts = ("upheld", "corrected", "other", "pending", "total")
    columns = [f"{group}.{part}" for group in groups for part in parts]
    for column, raw in zip(columns, S13_TABLE4.split(), strict=True):
        values[("table4", "cases", column)] = "" if raw == "_" else raw
    values.update(changes or {})
    return build_report(fmt, values, title="2019年上海市人民政府办公厅政府信息公开工作年度报告")


def blank_r004(every_zero: bool = False, change: tuple[str, str] | None = None) -> str:
    """r004 with 表三's zeros blanked: the 科研机构 and 社会公益组织 columns (数据3, 数据4) and the
    zero 总计 cells, or (``every_zero``) every zero of 表三; ``change`` replaces one row's text."""
    out = []
    in_table3 = False
    for line in R004.split("\n"):
        if line.startswith("| 类别 | 数据1"):
            in_table3 = True
        if line.startswith("## 四、"):
            in_table3 = False
        cells = line.split("|")
        if in_table3 and len(cells) == 10 and not re.match(r"\| (类别|项目) \||\|---", line):
            for index in range(2, 9) if every_zero else (4, 5, 8):
                if cells[index].strip() == "0":
                    cells[index] = " "
            line = "|".join(cells)
        out.append(line)
    text = "\n".join(out)
    if change is not None:
        assert change[0] in text
        text = text.replace(change[0], change[1])
    return text


def about_blanks(findings) -> list:
    return [f for f in findings if f.code == "DL204" or f.outcome is Outcome.NOT_ASSESSABLE]


def test_s13_blank_zeros_and_a_total_column_left_empty(env, check) -> None:
    findings = check(s13_report(env.formats.get("2019")))
    assert [f for f in findings if f.code in ARITHMETIC] == []
    table3, table4 = (f for f in findings if f.code == "DL204")
    assert table3.location.table == "table3" and table4.location.table == "table4"
    assert table3.severity is Severity.WARNING  # a defect of form; no national text requires 0
    # the 总计 blanks of the outcome rows whose other columns hold numbers are not zeros …
    assert table3.data["left_out"]["result.granted×total"] == 272  # 258 + 12 + 1 + 1
    assert table3.data["as_zero"] == table3.data["blank"] - 19
    assert "「（一）予以公开」应为 272" in table3.message()
    # … so R3 on the 总计 column and R4 on the outcome rows are recorded there, not listed
    blocked = {(code, line) for code, lines in table3.data["blocks"].items() for line in lines}
    assert ("DL102", "总计") in blocked and ("DL103", "（一）予以公开") in blocked
    assert {code for code, _ in blocked} == {"DL102", "DL103"}
    assert set(table3.data["blank_columns"]) == {"org.research", "org.nonprofit"}
    # 表四's blanks are zeros (no 0 printed, totals balance with them)
    assert "空白按 0 计入勾稽核对" in table4.message() and "blocks" not in table4.data
    assert len(about_blanks(findings)) == 2
    assert len(findings) <= 15


def test_s13_true_failure_is_still_an_error(env, check) -> None:
    # 自然人 予以公开 258 -> 257: R3 (自然人) fails; R1 (自然人) still holds (767 unchanged)
    changed = {("table3", "result.granted", "natural"): "257"}
    findings = check(s13_report(env.formats.get("2019"), changed))
    failed = [f for f in findings if f.code in ARITHMETIC]
    assert [(f.code, f.data["line"], f.severity) for f in failed] == [
        ("DL102", "natural", Severity.ERROR)
    ]
    # a failure in a column whose blanks count as 0 says so
    changed = {("table3", "carry_forward", "org.business"): "1"}
    findings = check(s13_report(env.formats.get("2019"), changed))
    (r1,) = [f for f in findings if f.code == "DL101"]
    assert r1.outcome is Outcome.FAIL and "空白按 0 计" in r1.message()
    assert r1.data["blank_as_zero"] == ["carried_over×org.business"]


def test_r013_leaves_its_organisation_columns_blank(load, check) -> None:
    findings = check(load(CORPUS / "r013.html"))
    assert [f for f in findings if f.code in ARITHMETIC] == []
    (blank,) = about_blanks(findings)
    assert blank.code == "DL204" and blank.data["blank_columns"] == [
        "org.business",
        "org.research",
        "org.nonprofit",
        "org.legal",
        "org.other",
    ]
    assert "法人或其他组织各列" in blank.message() and "空白按 0 计入勾稽核对" in blank.message()
    assert len(findings) <= 15


@pytest.mark.parametrize("every_zero", [False, True])
def test_r004_with_its_zeros_blanked(load, check, every_zero) -> None:
    original = check(load(CORPUS / "r004.txt"))
    findings = check(load(blank_r004(every_zero), "r004.txt"))
    (blank,) = about_blanks(findings)
    assert blank.data["as_zero"] == blank.data["blank"]
    assert "org.research" in blank.data["blank_columns"]
    # nothing else changes: the same findings as the original, and the one about the blanks
    assert sorted(f.code for f in findings if f is not blank) == sorted(f.code for f in original)
    assert len(findings) <= 15


@pytest.mark.parametrize("every_zero", [False, True])
def test_r004_blanked_with_one_true_failure(load, check, every_zero) -> None:
    # 予以公开 自然人 290 -> 291: R3 (自然人, 总计 stays) and R4 (予以公开) fail
    row = "| 予以公开 | 290 | 1 |"
    text = blank_r004(every_zero, (row, "| 予以公开 | 291 | 1 |"))
    findings = check(load(text, "r004.txt"))
    failed = {(f.code, f.data["line"]) for f in findings if f.code in ARITHMETIC}
    assert failed == {("DL102", "natural"), ("DL103", "result.granted")}
    assert all(f.outcome is Outcome.FAIL for f in findings if f.code in ARITHMETIC)
    assert len(about_blanks(findings)) == 1 and len(findings) <= 15


def test_text_cell_records_the_relations_it_blocks(load, check) -> None:
    text = R004.replace("| 予以公开 | 290 |", "| 予以公开 | 见说明 |")
    findings = check(load(text, "r004.txt"))
    assert [f for f in findings if f.code in ARITHMETIC] == []
    (text_cell,) = [f for f in findings if f.code == "DL203"]
    assert set(text_cell.data["blocks"]) == {"DL102", "DL103"}
    assert "因此无法核对" in text_cell.message()


def test_without_the_cause_rule_one_finding_per_cause(env, load) -> None:
    # DL204 not selected: the relations a "/" blocks stay listed, but once, on one of them
    engine = Engine(env.rules, env.kinds, env.formats, Selection(select=["DL102", "DL103"]))
    text = R004.replace("| 予以公开 | 290 |", "| 予以公开 | / |")
    findings = engine.check(load(text, "r004.txt"))
    (finding,) = findings
    assert finding.outcome is Outcome.NOT_ASSESSABLE and "占位符" in finding.message()
    assert {finding.code, *finding.data["blocks"]} == {"DL102", "DL103"}
    assert "同一原因还使以下关系无法核对" in finding.message()
