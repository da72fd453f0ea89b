"""The text loader on every real text and Markdown report of the corpus, cell by cell.

The expected cells (``tests/corpus/expected/*.json``) were typed by hand from the sources. A cell
the source does not determine is expected "missing": the parser must leave it not assessable
and say why, never read a number into it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from disclosure_lint.core.codec import report_to_parse_output
from disclosure_lint.core.i18n import Text
from disclosure_lint.core.model import Cell, Report
from disclosure_lint.core.schemas import validator_for
from disclosure_lint.core.values import ValueReason

from ..conftest import CORPUS, SEED
from .expected import expected_cells

#: the 平潭 department and area-office reports (crawler text, see tests/corpus/SOURCES.md)
PINGTAN = [
    "n01_pingtan_gonganju_2019",
    "n03_pingtan_jiaotongjianshe_2020",
    "n05_pingtan_caizhengjinrong_2022",
    "n07_pingtan_junshanpianqu_2023",
    "n09_pingtan_supingpianqu_2025",
    "n13_pingtan_xingzhengshenpi_2022",
]
TEXT_REPORTS = ["yinzhou-gongren-2019", "r003", "r004", "r006", *PINGTAN, "kewei-2024"]
SOURCES = {
    "yinzhou-gongren-2019": SEED,
    "r003": CORPUS / "r003.md",
    "kewei-2024": CORPUS / "kewei-2024.md",
}
#: issues saying that a cell was not read, or read by position / split
NOT_READ = {"DL021", "DL022", "DL025", "DL932"}


def _source(name: str):
    return SOURCES.get(name, CORPUS / f"{name}.txt")


def _value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def score(report: Report, expected: list[dict[str, Any]]) -> tuple[int, int, list[str]]:
    """(cells right, cells left not assessable where a number was expected, wrong cells)."""
    got: dict[tuple[str, str, str], Cell] = {
        (table.key, cell.row, cell.column): cell
        for table in report.tables.values()
        for cell in table.cells.values()
    }
    right, unread, wrong = 0, 0, []
    for item in expected:
        key = (item["table"], item["row"], item["column"])
        cell = got.pop(key, None)
        if cell is None:
            wrong.append(f"{key}: not in the parse output")
            continue
        if item["value_reason"] == "missing":
            if cell.reason is ValueReason.MISSING and cell.value is None:
                right += 1
            else:
                wrong.append(f"{key}: expected not assessable, read {cell.raw!r}")
            continue
        seen = ((cell.raw or "").strip(), _value(cell.value), cell.reason.value)
        want = (item["raw"], item["value"], item["value_reason"])
        if seen == want:
            right += 1
        elif cell.reason is ValueReason.MISSING:
            unread += 1
        else:
            wrong.append(f"{key}: got {seen}, expected {want}")
    wrong.extend(f"{key}: not expected" for key in sorted(got))
    return right, unread, wrong


@pytest.mark.parametrize("name", TEXT_REPORTS)
def test_every_cell_matches_the_expected_file(load: Callable[..., Report], name: str) -> None:
    report = load(_source(name))
    assert report.loader == "text"
    expected = expected_cells(name)
    right, unread, wrong = score(report, expected)
    assert wrong == []
    assert (right, unread) == (len(expected), 0)


@pytest.mark.parametrize("name", TEXT_REPORTS)
def test_cells_not_determined_are_announced(load: Callable[..., Report], name: str) -> None:
    """Every cell left not assessable comes with a finding saying so."""
    report = load(_source(name))
    cells = [c for t in report.tables.values() for c in t.cells.values()]
    missing = [c for c in cells if c.reason is ValueReason.MISSING]
    codes = {i.code for i in report.issues}
    assert not missing or codes & NOT_READ


@pytest.mark.parametrize("name", ["r012", "n11_pingtan_shichangjianguan_2018"])
def test_the_pre_2019_reports_get_no_cells(load: Callable[..., Report], name: str) -> None:
    report = load(CORPUS / f"{name}.txt")
    assert report.format.detected == "pre2019" and report.format.used is None
    assert not any(t.cells for t in report.tables.values())
    assert expected_cells("r012") == []


def test_scores_are_counted_honestly(load: Callable[..., Report]) -> None:
    """The comparison itself can fail: a doctored expected value is caught."""
    expected = [dict(c) for c in expected_cells("r004")]
    expected[0] = {**expected[0], "raw": "1", "value": 1}
    right, _, wrong = score(load(CORPUS / "r004.txt"), expected)
    assert right == len(expected) - 1 and len(wrong) == 1


@pytest.mark.parametrize("name", [*TEXT_REPORTS, "r012", "n11_pingtan_shichangjianguan_2018"])
def test_parse_output_is_valid(load: Callable[..., Report], name: str) -> None:
    path = _source(name)
    data = json.loads(json.dumps(report_to_parse_output(load(path)), ensure_ascii=False))
    assert [e.message for e in validator_for("parse-output").iter_errors(data)] == []
    # every cell read from text keeps its line
    lines = [c["location"]["line"] for t in data["tables"] for c in t["cells"] if c["raw"]]
    assert all(isinstance(line, int) and line >= 1 for line in lines)


def _r004_with_other_handling(block: str) -> str:
    """r004 (沭阳县 2025) with its 表三 （六） block, lines 146-154, replaced by ``block``."""
    lines = (CORPUS / "r004.txt").read_text(encoding="utf-8").splitlines()
    assert lines[145] == "### (六) 其他" and lines[153].startswith("| 3. 其他 |")
    return "\n".join([*lines[:145], block, *lines[154:]]) + "\n"


def test_a_2019_single_row_is_named_not_three_missing_rows(load: Callable[..., Report]) -> None:
    # the 2019 layout: one （六） row whose numbers are the sums of r004's three sub-rows
    text = _r004_with_other_handling("| （六）其他处理 | 158 | 1 | 0 | 0 | 0 | 0 | 159 |")
    report = load(text, "r004-2019-row.txt")
    codes = [i.code for i in report.issues]
    assert "DL021" not in codes
    [issue] = [i for i in report.issues if i.code == "DL025"]
    assert issue.location.row == "result.other_handling"
    assert issue.location.source.line == 146
    assert issue.args["found"] == Text("158、1、0、0、0、0、159", "158, 1, 0, 0, 0, 0, 159")
    assert issue.args["format"] == "2019" and issue.args["label"] == "国办公开办函〔2019〕60号"
    # its numbers are not spread over the sub-rows
    assert report.tables["table3"].cells[("result.other_handling.other", "total")].reason is (
        ValueReason.MISSING
    )


def test_sub_rows_left_out_are_missing_rows(load: Callable[..., Report]) -> None:
    # the group label without numbers: nothing says which layout, the three rows are missing
    report = load(_r004_with_other_handling("| （六）其他处理 | | | | | | | |"), "r004-no-rows.txt")
    codes = [i.code for i in report.issues]
    assert codes.count("DL021") == 3 and "DL025" not in codes
    # and the real report, with its sub-rows, has neither
    codes = [i.code for i in load(CORPUS / "r004.txt").issues]
    assert "DL021" not in codes and "DL025" not in codes
