"""Kind ``claims`` (DL320–DL331): numbers in the narrative against the tables, on real reports.

Real text: r003.md (上海市人民政府办公厅 2025), r004.txt and its data transcription
(沭阳县人民政府 2025), the seed (银州区工人街道 2019), and sentences of r013.html
(沭阳县发展和改革局 2023) in reports built with the testing builders (the text loader does
not read HTML). Doctored copies change one number of the real text, so each rule is seen to fire
where the original is silent.
"""

from __future__ import annotations

import pytest

from disclosure_lint.core.findings import Outcome, Severity
from disclosure_lint.testing.builders import build_report

from .conftest import CORPUS, SEED, SHUYANG_DATA, codes

R003 = CORPUS / "r003.md"
R004 = CORPUS / "r004.txt"
CLAIMS = {f"DL{n}" for n in range(320, 332)}


def claims(findings):
    return [f for f in findings if f.code in CLAIMS]


def doctored(path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_r003_numbers_all_agree_with_its_tables(load, check) -> None:
    # 受理 1295, 办结 1191（含上年结转 189）, 不予公开 20, 无法提供 564, five shares, and
    # "未发生因依申请公开被行政复议纠错或行政诉讼败诉情形" against 表四 结果纠正 0
    assert claims(check(load(R003))) == []


def test_r003_doctored_completed_count(load, check) -> None:
    findings = claims(check(load(doctored(R003, "办结 1191 件", "办结 1190 件"), "r003.md")))
    (finding,) = findings
    assert finding.code == "DL323" and finding.severity is Severity.WARNING
    assert finding.location.section == "overview" and finding.location.source.line == 38
    assert "1190" in finding.message() and "1191" in finding.message()
    # the cell compared: 表三 （七）总计 × 总计, at its own line
    (cell,) = finding.cells
    assert cell.location.row == "result.total" and cell.location.column == "total"
    assert cell.location.source.line == 168 and cell.value == 1191


def test_r003_doctored_carried_over_across_a_line_break(load, check) -> None:
    # "办结 1191 件（含\n上年结转 189 件）": the PDF line break inside the sentence is joined
    text = doctored(R003, "上年结转 189 件）", "上年结转 180 件）")
    (finding,) = claims(check(load(text, "r003.md")))
    assert finding.code == "DL322" and finding.location.source.line == 39
    assert "180" in finding.message() and "189" in finding.message()


def test_r003_doctored_outcome_count_its_share_still_matches_the_table(load, check) -> None:
    # the count changed, the share left as printed: 564 / 1191 = 47.36% is the table's share,
    # so only the count is wrong
    text = doctored(R003, "无法提供 564 件（47.36%）", "无法提供 560 件（47.36%）")
    (outcome,) = claims(check(load(text, "r003.md")))
    assert outcome.code == "DL325"
    assert "560" in outcome.message() and "564" in outcome.message()


def test_r003_doctored_share_matching_neither_the_table_nor_the_count(load, check) -> None:
    text = doctored(R003, "208 件（17.46%）", "208 件（17.56%）")
    (finding,) = claims(check(load(text, "r003.md")))
    assert finding.code == "DL326" and "17.46%" in finding.message()
    # "予以公开和部分公开 208 件": the share of both rows together
    assert "予以公开" in finding.message() and "部分公开" in finding.message()


def test_r003_shares_are_read_to_the_digits_written(load, check) -> None:
    # 20 / 1191 = 1.679…%: "1.68%" rounds, "1.67%" cuts, "1.7%" rounds to one decimal
    for written in ("1.67%", "1.7%"):
        text = doctored(R003, "不予公开 20 件（1.68%）", f"不予公开 20 件（{written}）")
        assert claims(check(load(text, "r003.md"))) == [], written
    text = doctored(R003, "不予公开 20 件（1.68%）", "不予公开 20 件（1.66%）")
    (finding,) = claims(check(load(text, "r003.md")))
    assert finding.code == "DL326" and "1.68%" in finding.message()


def test_r003_doctored_review_correction(load, check) -> None:
    # 表四 行政复议 结果纠正 0 -> 1 (and its 总计 55 -> 56): "未发生…被行政复议纠错" is now wrong
    text = doctored(R003, "| 40 | 0 | 10 | 5 | 55 |", "| 40 | 1 | 10 | 5 | 56 |")
    (finding,) = claims(check(load(text, "r003.md")))
    assert finding.code == "DL328" and finding.location.source.line == 43
    assert finding.cells[0].location.column == "review.corrected"
    assert finding.cells[0].value == 1


def test_r003_approximations_compare_as_approximations(load, check) -> None:
    def dl320(new: str):
        text = doctored(R003, "受理政府信息公开申请 1295 件", new)
        return [f for f in check(load(text, "r003.md")) if f.code == "DL320"]

    assert dl320("受理政府信息公开申请约1300件") == []  # 1295 is about 1300
    assert dl320("受理政府信息公开申请1200余件") == []  # 1200 <= 1295 < 1300
    assert dl320("受理政府信息公开申请一千二百九十五件") == []
    assert dl320("受理政府信息公开申请1.2万件") != []
    (finding,) = dl320("受理政府信息公开申请近1200件")
    assert "1295" in finding.message() and "近1200" in finding.message()
    # the alternative counting (新收 + 上年结转 = 1484) is named when neither matches
    assert "1484" in finding.message() and "新收 + 上年结转" in finding.message()


def test_r004_counts_including_carried_over_are_recognised(load, check) -> None:
    # "全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人或其他组织申请 8 件；
    # 共办理 718 件，结转下一年 31 件": 749 = 新收 713 + 上年结转 36, 741 = 705 + 36.
    found = claims(check(load(R004)))
    assert sorted(codes(found)) == ["DL320", "DL321"]
    for finding in found:
        assert finding.severity is Severity.INFO
        assert finding.location.source.line == 26
        assert "新收 + 上年结转" in finding.message() and "与表格一致" in finding.message()
        assert "consistent with the table" in finding.message("en")
    received = next(f for f in found if f.code == "DL320")
    assert "749" in received.message() and "713" in received.message()
    assert {c.location.row for c in received.cells} == {"new", "carried_over"}


def test_r004_doctored_received_count_is_a_mismatch(load, check) -> None:
    text = doctored(R004, "受理政府信息公开申请 749 件", "受理政府信息公开申请 750 件")
    found = [f for f in check(load(text, "r004.txt")) if f.code == "DL320"]
    (finding,) = found
    assert finding.severity is Severity.WARNING
    assert "713" in finding.message() and "749" in finding.message()


def test_data_report_review_and_litigation_cases(load, check) -> None:
    # "依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件 74 件" = 61 + 3 + 10
    assert "DL327" not in codes(check(load(SHUYANG_DATA)))
    text = doctored(SHUYANG_DATA, "相关案件 74 件", "相关案件 75 件")
    (finding,) = [f for f in check(load(text, "d.yaml")) if f.code == "DL327"]
    assert "75" in finding.message() and "74" in finding.message()
    assert sorted(c.location.column for c in finding.cells) == [
        "litigation.after_review.total",
        "litigation.direct.total",
        "review.total",
    ]


def test_data_report_completed_and_carried_forward(load, check) -> None:
    text = doctored(
        SHUYANG_DATA, "共办理 718 件，结转下一年 31 件", "共办理 700 件，结转下一年 30 件"
    )
    found = claims(check(load(text, "d.yaml")))
    assert {"DL323", "DL324"} <= set(codes(found))


def test_blank_total_is_read_as_the_sum_of_its_parts(load, check) -> None:
    # the 表三 new × total cell of r003 (line 115) written "/" instead of 1295: the applicant
    # columns (1259 + 36) still say how many applications came in
    row = "| 一、本年新收政府信息公开申请数量 | 1259 | 36 | 0 | 0 | 0 | 0 | 1295 |"
    blank_total = row.replace("| 1295 |", "| / |")
    assert [
        f for f in check(load(doctored(R003, row, blank_total), "r003.md")) if f.code == "DL320"
    ] == []
    # with a part changed, the claim is checked against their sum and says how it was read
    changed = blank_total.replace("| 1259 |", "| 1250 |")
    (finding,) = [
        f for f in check(load(doctored(R003, row, changed), "r003.md")) if f.code == "DL320"
    ]
    assert finding.outcome is Outcome.FAIL
    assert "1286" in finding.message() and "“总计”空白，按其各组成项之和计" in finding.message()
    assert "blank “总计” taken as the sum of its parts" in finding.message("en")
    assert finding.data["blank_totals_derived"] is True


def test_blank_cell_makes_a_claim_not_assessable_never_zero(load, check) -> None:
    # the 总计 "/" and a part written as text: nothing to add up, never 0
    row = "| 一、本年新收政府信息公开申请数量 | 1259 | 36 | 0 | 0 | 0 | 0 | 1295 |"
    text = doctored(R003, row, row.replace("| 1295 |", "| / |").replace("| 1259 |", "| 见附表 |"))
    (finding,) = [f for f in check(load(text, "r003.md")) if f.code == "DL320"]
    assert finding.outcome is Outcome.NOT_ASSESSABLE
    assert "不是数字" in finding.message() and "1295" in finding.message()


def test_seed_has_no_number_claims(load, check) -> None:
    # 约1200余人, 约500人, 2000余份, 上报政务信息21个: none is a figure of the tables
    assert claims(check(load(SEED))) == []


def r013_report(fmt, new_total: int = 26, unpaid_fee: int = 0):
    """沭阳县发展和改革局 2023 (tests/corpus/r013.html): sentences copied from the page; 表三 as
    published (26 applications by natural persons, all granted)."""
    values = {
        ("table3", "new", "natural"): new_total,
        ("table3", "new", "total"): new_total,
        ("table3", "carried_over", "natural"): 0,
        ("table3", "carried_over", "total"): 0,
        ("table3", "result.granted", "natural"): new_total,
        ("table3", "result.granted", "total"): new_total,
        ("table3", "result.total", "natural"): new_total,
        ("table3", "result.total", "total"): new_total,
        ("table3", "result.other_handling.unpaid_fee", "total"): unpaid_fee,
        ("table4", "cases", "review.pending"): 1,
        ("table4", "cases", "review.total"): 1,
    }
    for tdef in fmt.tables:
        for _, row, column in tdef.cell_keys():
            values.setdefault((tdef.key, row.key, column.key), 0)
    sections = [
        (
            "一、总体情况",
            "（二）依申请公开政府信息情况\n2023年度我局共收到依申请信息公开26件，及时回复申请人，"
            "并将申请人所申请的信息通过电子邮箱发送给申请人\n"
            "提高网站信息更新频率。全年未发生政府信息公开方面责任追究结果情况。",
        ),
        ("二、主动公开政府信息情况", ""),
        ("三、收到和处理政府信息公开申请情况", ""),
        ("四、政府信息公开行政复议、行政诉讼情况", ""),
        (
            "五、存在的主要问题及整改措施",
            "（一）存在的主要问题。各科室人员信息公开意识有所松懈，部门文件、新政策发布及解读工作"
            "主动性不强；政民互动栏目网民留言回复效率有待提高；信息公开队伍专业化能力建设有待进一步"
            "提升。",
        ),
        ("六、其他需要报告的事项", "2023年度，县发展和改革局政府信息公开未发生收费情况。"),
    ]
    return build_report(
        fmt,
        values,
        title="沭阳县发展和改革局2023年政府信息公开年度报告",
        body="沭阳县发展和改革局",
        year=2023,
        sections=sections,
        source="r013.html",
    )


def test_r013_sentences_agree_with_its_tables(env, check) -> None:
    report = r013_report(env.formats.get("2021"))
    found = codes(check(report))
    assert not CLAIMS & set(found)
    # "全年未发生政府信息公开方面责任追究结果情况" is not a statement about 表四 (which has 1)
    assert "DL347" not in found


def test_r013_sentences_against_a_zero_table(env, check) -> None:
    report = r013_report(env.formats.get("2021"), new_total=0)
    found = check(report)
    (received,) = [f for f in found if f.code == "DL320"]
    assert "26" in received.message() and received.location.section == "overview"
    assert "DL341" in codes(found)  # 回复申请人 while 表三 is all zero


def test_no_fee_statement_with_fee_notices_sent(env, check) -> None:
    # "政府信息公开未发生收费情况" while 表三 （六）2 = 2: fee notices were sent
    report = r013_report(env.formats.get("2021"), unpaid_fee=2)
    (finding,) = [f for f in check(report) if f.code == "DL331"]
    assert finding.severity is Severity.INFO and "收费通知" in finding.message()


# 淮安市人民政府 2024 (tests/fixtures/data/huaian-city-2024.yaml, transcribed from
# tests/corpus/d03_huaian_2024.pdf): every number of its narrative is a figure of its tables
HUAIAN = SHUYANG_DATA.parent / "huaian-city-2024.yaml"

HUAIAN_CASES = [
    # (phrase of the real text, doctored, rule, the table's figure named in the message)
    ("受理政府信息公开申请 3119 件", "受理政府信息公开申请 3120 件", "DL320", "3119"),
    ("答复 3050 件", "答复 3051 件", "DL323", "3050"),
    ("上年度结转申请 34 件", "上年度结转申请 35 件", "DL322", "34"),
    ("另有 103 件顺延到下年度答复", "另有 104 件顺延到下年度答复", "DL324", "103"),
    ("政府信息公开行政复议 351 件", "政府信息公开行政复议 352 件", "DL327", "351"),
    ("政府信息公开行政诉讼 46 件", "政府信息公开行政诉讼 47 件", "DL327", "46"),
    ("市政府规章 1 件", "市政府规章 2 件", "DL329", "1"),
]


def test_huaian_narrative_agrees_with_its_tables(load, check) -> None:
    found = check(load(HUAIAN))
    assert not [f for f in found if f.code.startswith(("DL1", "DL2"))]  # transcription balances
    assert claims(found) == []
    # a 人民政府 report without 考核, 评议 or 追责; 五 without last year's problems (the
    # boilerplate heuristics DL402/DL403 on its prose are tested in tests/test_boilerplate.py)
    assert sorted(c for c in codes(found) if not c.startswith("DL40")) == ["DL350", "DL352"]


@pytest.mark.parametrize(("old", "new", "code", "figure"), HUAIAN_CASES)
def test_huaian_doctored_number_fires(load, check, old, new, code, figure) -> None:
    (finding,) = claims(check(load(doctored(HUAIAN, old, new), "huaian.yaml")))
    assert finding.code == code and finding.severity is Severity.WARNING
    assert new.split()[-2] in finding.message() and f"为 {figure}" in finding.message()
    assert finding.location.section == "overview" and finding.cells
