"""Each relation R1–R6 fires on a doctored copy of a real report and is silent on the original.

2019 format: the seed report (text); one cell line is changed. 2021 format: 沭阳县人民政府 2025
(tests/fixtures/data/shuyang-county-2025.yaml, transcribed from tests/corpus/r004.txt); one value
is changed in the data.
"""

from __future__ import annotations

import copy

import pytest
import yaml

from disclosure_lint.core.findings import Outcome

from .conftest import SEED, SHUYANG_DATA, codes


def doctor_seed(seed_text: str, line: int, raw: str) -> str:
    lines = seed_text.split("\n")
    assert lines[line - 1].startswith("\t"), "only cell lines are doctored"
    lines[line - 1] = "\t" + raw
    return "\n".join(lines)


def doctor_data(changes: dict[tuple[str, str, str], object]) -> str:
    data = yaml.safe_load(SHUYANG_DATA.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    for (table, row, column), value in changes.items():
        assert column in data["tables"][table][row]
        data["tables"][table][row][column] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


ARITHMETIC = {"DL101", "DL102", "DL103", "DL104"}


def arithmetic(findings):
    return [f for f in findings if f.code in ARITHMETIC]


def test_originals_are_silent(load, check) -> None:
    # (The boilerplate rules DL401–DL403 on the prose are tested in tests/test_boilerplate.py
    # and left out here.)
    def prose_free(findings):
        return [f for f in findings if not f.code.startswith("DL40")]

    # No relation fails on the originals. The content rules (issue 4) add, deliberately: for the
    # seed, the title lacking 公开 (DL301, L2) and the 主动公开 narrative against
    # "主动公开政府信息情况：无" (DL340, L8); for 沭阳, its two counts that include carried-over
    # applications (DL320, DL321, info), no 上年度整改 in 五 (DL350) and no 社会评议 or
    # 责任追究 in a 人民政府 report (DL352).
    assert codes(prose_free(check(load(SEED)))) == ["DL301", "DL340", "DL205"]  # and "00"
    shuyang = prose_free(check(load(SHUYANG_DATA)))
    assert sorted(codes(shuyang)) == ["DL320", "DL321", "DL350", "DL352"]
    assert not [f for f in shuyang if f.code.startswith(("DL1", "DL2"))]


# (line in the seed, new raw, expected arithmetic findings as (code, line label))
SEED_CASES = [
    # R1: 一、本年新收 × 自然人 (line 110) = 3 breaks the 自然人 column balance and the row total
    (110, "3", {("DL101", "自然人"), ("DL103", "一、本年新收政府信息公开申请数量")}),
    # R3: （一）予以公开 × 总计 (line 135): the 总计 column's outcome total and the row total
    (135, "2", {("DL102", "总计"), ("DL103", "三、本年度办理结果 › （一）予以公开")}),
    # R4: 二、上年结转 × 科研机构 (line 121)
    (
        121,
        "4",
        {("DL101", "法人或其他组织 › 科研机构"), ("DL103", "二、上年结转政府信息公开申请数量")},
    ),
    # R3 + R1: （七）总计 × 法律服务机构 (line 339)
    (
        339,
        "1",
        {
            ("DL101", "法人或其他组织 › 法律服务机构"),
            ("DL102", "法人或其他组织 › 法律服务机构"),
            ("DL103", "三、本年度办理结果 › （七）总计"),
        },
    ),
    # R5: 表四 行政复议 结果维持 (line 386)
    (386, "10", {("DL104", "表四")}),
    # R5: 表四 复议后起诉 总计 (line 400)
    (400, "5", {("DL104", "表四")}),
]


@pytest.mark.parametrize(("line", "raw", "expected"), SEED_CASES)
def test_relation_fires_on_doctored_seed(load, check, seed_text, line, raw, expected) -> None:
    report = load(doctor_seed(seed_text, line, raw), "doctored.txt")
    found = arithmetic(check(report))
    assert {(f.code, f.message().split("「")[1].split("」")[0]) for f in found} >= {
        (code, label) for code, label in expected if code != "DL104"
    }
    assert {f.code for f in found} == {code for code, _ in expected}
    for finding in found:
        assert finding.outcome is Outcome.FAIL
        assert any(c.location.source.line == line for c in finding.cells), finding.code


def test_r5_names_the_group(load, check, seed_text) -> None:
    report = load(doctor_seed(seed_text, 391, "2"), "doctored.txt")  # 未经复议直接起诉 结果维持
    found = arithmetic(check(report))
    assert [f.code for f in found] == ["DL104"]
    assert found[0].location.path() == "表四 × 行政诉讼 › 未经复议直接起诉 › 总计"
    assert "2" in found[0].message() and "0" in found[0].message()


def test_r6_negative_and_decimal_counts(load, check, seed_text) -> None:
    negative = check(load(doctor_seed(seed_text, 129, "-2"), "neg.txt"))  # 予以公开 × 自然人
    assert "DL201" in codes(negative)
    decimal = check(load(doctor_seed(seed_text, 129, "1.5"), "dec.txt"))
    assert "DL202" in codes(decimal)


def test_negative_change_is_allowed_in_2019_table2(load, check, seed_text) -> None:
    # 表二 第二十条第（五）项 行政许可 × 本年增/减 (line 44): "减用负值表示"
    findings = check(load(doctor_seed(seed_text, 44, "-3"), "delta.txt"))
    assert "DL201" not in codes(findings)
    findings = check(load(doctor_seed(seed_text, 45, "-3"), "decisions.txt"))  # 处理决定数量
    assert "DL201" in codes(findings)


def test_placeholder_operand_is_not_assessable_never_zero(load, check, check_all, seed_text):
    # line 110: 表三 一、本年新收 × 自然人, in a column that prints its zeros: "/" is not a 0
    findings = check(load(doctor_seed(seed_text, 110, "/"), "slash.txt"))
    assert arithmetic(findings) == []  # neither computed as 0 nor listed one by one
    (blank,) = [f for f in findings if f.code == "DL204"]
    assert set(blank.data["blocks"]) == {"DL101", "DL103"}
    assert "不能视为 0" in blank.message() and "因此无法核对：DL101" in blank.message()
    assert blank.data["as_zero"] == 0
    # --show-not-assessable lists them as well, each naming the placeholder
    not_assessable = [f for f in check_all(load(doctor_seed(seed_text, 110, "/"), "s.txt"))]
    not_assessable = [f for f in not_assessable if f.outcome is Outcome.NOT_ASSESSABLE]
    assert {f.code for f in not_assessable} == {"DL101", "DL103"}
    for finding in not_assessable:
        assert "一、本年新收政府信息公开申请数量" in finding.message()
        assert "占位符" in finding.message()
        assert any(c.raw == "/" for c in finding.cells)


def test_blank_operand_is_not_assessable(load, check, check_all, seed_text) -> None:
    # a blank 总计 cell must not be read as 0 (which would balance): the column prints its 0s
    findings = check(load(doctor_seed(seed_text, 116, ""), "blank.txt"))
    assert arithmetic(findings) == []
    (blank,) = [f for f in findings if f.code == "DL204"]
    assert set(blank.data["blocks"]) == {"DL101", "DL103"}
    shown = check_all(load(doctor_seed(seed_text, 116, ""), "blank.txt"))
    outcomes = {(f.code, f.outcome) for f in shown if f.code in ARITHMETIC}
    assert outcomes == {("DL101", Outcome.NOT_ASSESSABLE), ("DL103", Outcome.NOT_ASSESSABLE)}


DATA_CASES = [
    (
        {("table3", "new", "natural"): 706},
        {("DL101", "自然人"), ("DL103", "一、本年新收政府信息公开申请数量")},
    ),
    (
        {("table3", "result.total", "natural"): 711},
        {("DL101", "自然人"), ("DL102", "自然人"), ("DL103", "三、本年度办理结果 › （七）总计")},
    ),
    (
        {("table3", "result.other_handling.unpaid_fee", "total"): 8},
        {
            ("DL102", "总计"),
            (
                "DL103",
                "三、本年度办理结果 › （六）其他处理 › "
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
        },
    ),
    (
        {("table3", "carry_forward", "org.business"): 1},
        {("DL101", "法人或其他组织 › 商业企业"), ("DL103", "四、结转下年度继续办理")},
    ),
    ({("table4", "cases", "litigation.direct.total"): 4}, {("DL104", "表四")}),
    ({("table4", "cases", "review.pending"): 14}, {("DL104", "表四")}),
]


@pytest.mark.parametrize(("changes", "expected"), DATA_CASES)
def test_relation_fires_on_doctored_2021_report(load, check, changes, expected) -> None:
    found = arithmetic(check(load(doctor_data(changes), "doctored.yaml")))
    assert {f.code for f in found} == {code for code, _ in expected}
    labels = {
        (f.code, f.message().split("「")[1].split("」")[0]) for f in found if f.code != "DL104"
    }
    assert labels == {(c, lab) for c, lab in expected if c != "DL104"}
    (_, row, column), value = next(iter(changes.items()))
    for finding in found:
        assert any(
            c.location.row == row and c.location.column == column and c.value == value
            for c in finding.cells
        )


def test_fee_amount_may_be_decimal_but_counts_may_not(load, check) -> None:
    assert "DL202" not in codes(check(load(SHUYANG_DATA)))  # fee 4068.208 万元 is fine
    findings = check(load(doctor_data({("table2", "penalties", "decisions"): "12.5"}), "x.yaml"))
    assert "DL202" in codes(findings)


def test_unit_in_fee_cell_that_differs_from_column_unit(load, check) -> None:
    findings = check(load(doctor_data({("table2", "fees", "fee_amount"): "3500元"}), "x.yaml"))
    unit = [f for f in findings if f.code == "DL206"]
    assert len(unit) == 1
    assert "万元" in unit[0].message() and "元" in unit[0].message()
