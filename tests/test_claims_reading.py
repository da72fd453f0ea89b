"""What a number in the narrative counts (DL320–DL333), on sentences of real reports.

A number is read as the category its sentence names for it (``domain/subjects.py``); categories
named together are summed; a blank 总计 is read as the sum of its parts; the text's own
breakdown is added up against the total it states; 均获维持 and 零败诉 are checked against 表四.

Sentences: ``tests/corpus/n05_pingtan_caizhengjinrong_2022.txt`` (平潭综合实验区财政金融局 2022:
"共收到政府信息公开申请1件……1件公开申请已办结"),
``tests/corpus/n11_pingtan_shichangjianguan_2018.txt`` (平潭综合实验区市场监督管理局 2018:
"已答复件数2件，已答复中“同意公开”的件数为1件…"), ``r003.md`` (上海市人民政府办公厅 2025),
``r004.txt`` (沭阳县人民政府 2025), the 淮安市人民政府 2024 transcription
(``tests/fixtures/data/huaian-city-2024.yaml``), ``d02_hongze_2024.pdf``, and the sentences of a
2019 provincial report that issue 14 quotes. Sentences that are not in a checkable report of the
corpus are put into reports built with the testing builders, with tables that agree with them;
doctored copies change one number, so each rule is seen to fire where the original is silent.
"""

from __future__ import annotations

import re

import pytest

from disclosure_lint.core.findings import Severity
from disclosure_lint.domain.subjects import counts_in
from disclosure_lint.testing.builders import build_report

from .conftest import CORPUS, FIXTURES, codes

N05 = CORPUS / "n05_pingtan_caizhengjinrong_2022.txt"
N11 = CORPUS / "n11_pingtan_shichangjianguan_2018.txt"
R003 = CORPUS / "r003.md"
R004 = CORPUS / "r004.txt"
HUAIAN = FIXTURES / "data" / "huaian-city-2024.yaml"
CLAIMS = {f"DL{n}" for n in range(320, 340)}

#: quoted in issue 14 from a 2019 provincial report (not in the corpus)
ISSUE_SUB_COUNTS = (
    "所有办结的信息公开申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2件。"
)
ISSUE_REVIEWS = "信息公开类行政复议7件，诉讼9件，均获维持，继续保持了省级政府零败诉的记录。"
#: assembled from the issue's quotes: the 答复 total, then the first outcome with its share
ISSUE_SHARE = "答复政府信息公开申请805件。予以公开及部分公开258件，占33.9%；"


def n11_sentence() -> str:
    """The 依申请公开 paragraph of the n11 report, as published (one line of crawler text)."""
    text = N11.read_text(encoding="utf-8")
    match = re.search(r"（二）依申请公开办理情况[^。]*。", text)
    assert match is not None
    return match.group()


def r003_outcomes() -> str:
    """The 依申请公开 sentence of r003 across its PDF line breaks, joined."""
    lines = R003.read_text(encoding="utf-8").split("\n")
    return "".join(lines[37:43])


def claims(findings):
    return [f for f in findings if f.code in CLAIMS]


def doctored(path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def built(env, narrative: str, values: dict, fmt_id: str = "2021"):
    """A report of format ``fmt_id`` whose 一、总体情况 is ``narrative``; cells not given are 0."""
    fmt = env.formats.get(fmt_id)
    cells = dict(values)
    for tdef in fmt.tables:
        for _, row, column in tdef.cell_keys():
            cells.setdefault((tdef.key, row.key, column.key), 0)
    year = 2021 if fmt_id == "2021" else 2019
    sections = [
        ("一、总体情况", narrative),
        ("二、主动公开政府信息情况", ""),
        ("三、收到和处理政府信息公开申请情况", ""),
        ("四、政府信息公开行政复议、行政诉讼情况", ""),
        ("五、存在的主要问题及改进情况", "无。"),
        ("六、其他需要报告的事项", "无。"),
    ]
    return build_report(
        fmt,
        cells,
        title=f"某局{year}年政府信息公开工作年度报告",
        body="某局",
        year=year,
        sections=sections,
        source="built.txt",
    )


def table3(**rows: int | None) -> dict:
    """表三 cells: each row's value in the 自然人 and 总计 columns (None: 总计 left blank)."""
    values: dict = {}
    for row, value in rows.items():
        key = row.replace("__", ".")
        values[("table3", key, "natural")] = value if value is not None else 0
        values[("table3", key, "total")] = value
    return values


def table4(**cells: int) -> dict:
    return {("table4", "cases", k.replace("__", ".")): v for k, v in cells.items()}


# --- the subject of each count -----------------------------


SUBJECT_CASES = [
    # (sentence, [(number, categories)]) -- every count of the sentence, in order
    (
        ISSUE_SUB_COUNTS,
        [("9", {"granted"}), ("0", {"partial"}), ("2", {"withheld"})],
    ),
    (
        n11_sentence,
        [("2", {"completed"}), ("1", {"granted"}), ("0", {"partial"}), ("1", {"withheld"})],
    ),
    (
        lambda: R004.read_text(encoding="utf-8").split("\n")[25],
        [
            ("749", {"new"}),
            ("741", {"natural"}),
            ("8", {"org"}),
            ("718", {"completed"}),
            ("31", {"carry_forward"}),
            ("74", {"completed"}),  # "全县共办理相关案件 74 件": DL327 reads it as cases
        ],
    ),
    (
        r003_outcomes,
        [
            ("1295", {"new"}),
            ("1191", {"completed"}),
            ("189", {"carried_over"}),
            ("208", {"granted", "partial"}),
            ("20", {"withheld"}),
            ("564", {"unavailable"}),
            ("80", {"not_processed"}),
            ("319", {"other_handling"}),
            ("157", None),  # "含申请人主动撤回 157 件": no category named
        ],
    ),
    (
        "答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复）",
        [("805", {"completed"}), ("18", {"carried_over"}), ("72", {"carry_forward"})],
    ),
    (
        "政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，"
        "尚未审结 37 件；",
        [
            ("351", {"review"}),
            ("72", {"upheld"}),
            ("64", {"corrected"}),
            ("178", {"other_result"}),
            ("37", {"pending"}),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), SUBJECT_CASES)
def test_each_count_is_read_as_the_category_its_sentence_names(sentence, expected) -> None:
    text = sentence() if callable(sentence) else sentence
    found = [
        (text[c.start : c.end].strip(), set(c.subject) if c.subject else None)
        for c in counts_in(text, 0, len(text))
    ]
    assert found == expected


def test_counts_of_other_things_have_no_category() -> None:
    # r003 counts documents ("规章 22 件、……其他文件 84 件"): none is an application or a case
    lines = R003.read_text(encoding="utf-8").split("\n")
    text = "".join(lines[27:30])
    found = counts_in(text, 0, len(text))
    assert [text[c.start : c.end] for c in found][:4] == ["22", "34", "196", "84"]
    assert all(c.subject is None for c in found)
    # article numbers and 条 of information are not counts: "第二十条", "信息数105条"
    text = "行政强制000第二十条第（八）项；不予公开信息数105条。"
    assert counts_in(text, 0, len(text)) == []


def test_a_number_for_each_of_several_categories_is_not_their_sum() -> None:
    # "各" gives the number to each category, "等" names examples: neither is a sum
    for text in ("其中予以公开、不予公开各1件。", "不予公开、无法提供等50件。"):
        ((count),) = counts_in(text, 0, len(text))
        assert count.subject is None, text
    text = "不予公开和无法提供 584 件"
    ((count),) = counts_in(text, 0, len(text))
    assert count.subject == {"withheld", "unavailable"}


def test_a_part_named_after_a_total_is_not_the_total() -> None:
    # "办结的 11 件申请中 9 件予以公开": 9 is a part of 办结, named after it
    text = "本年度办结的11件申请中9件予以公开，2件不予以公开。"
    found = [(text[c.start : c.end], c.subject) for c in counts_in(text, 0, len(text))]
    assert found == [
        ("11", frozenset({"completed"})),
        ("9", frozenset({"granted"})),
        ("2", frozenset({"withheld"})),
    ]


# --- sub-counts are not read as totals ---------------------


def n11_tables(completed: int = 2, granted: int = 1) -> dict:
    return table3(
        new=completed,
        result__granted=granted,
        result__withheld__third_party=1,
        result__unavailable__not_held=completed - granted - 1,
        result__total=completed,
    )


def test_n11_sub_counts_agree_with_their_rows(env, check) -> None:
    assert claims(check(built(env, n11_sentence(), n11_tables()))) == []


def test_n11_sub_counts_are_never_compared_with_the_total(env, check) -> None:
    # 办结 35 in the table: only "已答复件数2件" is a count of 办结; 1, 0 and 1 are not
    found = claims(check(built(env, n11_sentence(), n11_tables(completed=35))))
    assert codes(found) == ["DL323"]
    assert "已答复件数2件" in found[0].message() and "为 35" in found[0].message()


def test_n11_granted_count_against_its_row(env, check) -> None:
    (finding,) = claims(check(built(env, n11_sentence(), n11_tables(granted=0, completed=2))))
    assert finding.code == "DL325" and "“同意公开”的件数为1件" in finding.message()
    assert "予以公开 1 件" in finding.message() and "为 0" in finding.message()


def test_issue_sentence_reads_granted_not_completed(env, check) -> None:
    values = table3(
        new=35,
        result__granted=9,
        result__withheld__third_party=2,
        result__unavailable__not_held=24,
        result__total=35,
    )
    assert claims(check(built(env, ISSUE_SUB_COUNTS, values))) == []
    values.update(table3(result__granted=8, result__unavailable__not_held=25))
    (finding,) = claims(check(built(env, ISSUE_SUB_COUNTS, values)))
    assert finding.code == "DL325" and "予以公开 9 件" in finding.message()
    assert "为 8" in finding.message()


# --- categories named together -----------------------------


R003_WITHHELD = "不予公开 20 件（1.68%），因本机关\n不掌握等原因无法提供 564 件（47.36%）"


def test_r003_two_categories_named_together_are_summed(load, check) -> None:
    # 20 + 564 = 584 = 49.03% of 1191
    text = doctored(R003, R003_WITHHELD, "不予公开和无法提供\n584 件（49.03%）")
    assert claims(check(load(text, "r003.md"))) == []


def test_r003_two_categories_named_together_against_their_sum(load, check) -> None:
    text = doctored(R003, R003_WITHHELD, "不予公开和无法提供\n585 件（49.03%）")
    found = claims(check(load(text, "r003.md")))
    assert sorted(codes(found)) == ["DL325", "DL333"]
    outcome = next(f for f in found if f.code == "DL325")
    assert "不予公开＋无法提供 585 件" in outcome.message() and "为 584" in outcome.message()
    assert {c.location.row.split(".")[1] for c in outcome.cells} == {"withheld", "unavailable"}
    # the text's own list no longer adds up: 208 + 585 + 80 + 319 = 1192
    breakdown = next(f for f in found if f.code == "DL333")
    assert "208+585+80+319 = 1192" in breakdown.message() and "1191" in breakdown.message()


# --- a blank 总计 is the sum of its parts --------------------


R003_GRANTED = "| （一）予以公开 | 201 | 5 | 0 | 0 | 0 | 0 | 206 |"


def test_r003_blank_total_of_a_row_is_the_sum_of_its_applicant_columns(load, check) -> None:
    text = doctored(R003, R003_GRANTED, R003_GRANTED.replace("| 206 |", "|  |"))
    found = check(load(text, "r003.md"))
    assert claims(found) == []  # 208 = (201 + 5) + 2, with the 总计 of 予以公开 left blank
    text = text.replace("部\n分公开 208 件（17.46%）", "部\n分公开 210 件（17.46%）")
    found = claims(check(load(text, "r003.md")))
    assert "DL325" in codes(found)
    outcome = next(f for f in found if f.code == "DL325")
    assert "为 208（“总计”空白，按其各组成项之和计）" in outcome.message()
    assert outcome.data["blank_totals_derived"] is True


def test_issue_share_and_count_against_applicant_columns(env, check) -> None:
    # the issue's report leaves the 总计 of the outcome rows blank; its applicant columns hold
    # 予以公开 + 部分公开 = 275 of 805 answered
    values = table3(new=805, result__granted=None, result__partial=None, result__total=None)
    values.update(
        {
            ("table3", "result.granted", "natural"): 250,
            ("table3", "result.granted", "org.business"): 20,
            ("table3", "result.partial", "natural"): 5,
            ("table3", "result.unavailable.not_held", "natural"): 530,
            ("table3", "result.unavailable.not_held", "total"): 530,
            ("table3", "result.total", "natural"): 785,
            ("table3", "result.total", "org.business"): 20,
            ("table3", "new", "natural"): 785,
            ("table3", "new", "org.business"): 20,
        }
    )
    found = claims(check(built(env, ISSUE_SHARE, values, "2019")))
    assert sorted(codes(found)) == ["DL325", "DL326"]
    count = next(f for f in found if f.code == "DL325")
    assert "258" in count.message() and "为 275（" in count.message()
    share = next(f for f in found if f.code == "DL326")
    # 258 / 805 = 32.05%, the table's 275 / 805 = 34.16%: the text's 33.9% is neither
    assert "32.05%" in share.message() and "34.16%" in share.message()
    assert "33.9%" in share.message()


# --- the text's own breakdown ------------------------------


def test_breakdowns_that_add_up_are_silent(load, check) -> None:
    # r003: 208 + 20 + 564 + 80 + 319 = 1191; r004: 741 + 8 = 749; 淮安: 72 + 64 + 178 + 37 =
    # 351 and 25 + 5 + 9 + 7 = 46
    for path in (R003, R004, HUAIAN):
        assert "DL333" not in codes(check(load(path))), path.name


def test_issue_outcomes_that_do_not_add_up_to_the_answered_total(env, check) -> None:
    # the issue's report: 258 + 35 + 265 + 158 + 0 = 716, not the 805 answered it states; the
    # table agrees with each number, so only the text's own arithmetic is wrong
    narrative = (
        "答复政府信息公开申请805件。予以公开及部分公开258件，占33.9%；不予公开35件；"
        "无法提供265件；不予处理158件；其他处理0件。"
    )
    values = table3(
        new=805,
        result__granted=250,
        result__partial=8,
        result__withheld__third_party=35,
        result__unavailable__not_held=265,
        result__not_processed__repeated=158,
        result__total=805,
    )
    found = claims(check(built(env, narrative, values, "2019")))
    (breakdown,) = [f for f in found if f.code == "DL333"]
    assert "258+35+265+158+0 = 716" in breakdown.message() and "805" in breakdown.message()
    assert breakdown.data["sum"] == "716" and breakdown.data["total"] == "805"


def test_huaian_review_breakdown_that_does_not_add_up(load, check) -> None:
    text = doctored(HUAIAN, "其他结果 178 件", "其他结果 177 件")
    (finding,) = claims(check(load(text, "huaian.yaml")))
    assert finding.code == "DL333" and finding.severity is Severity.WARNING
    assert "72+64+177+37 = 350" in finding.message() and "行政复议 351 件" in finding.message()
    assert "administrative reviews it states (351)" in finding.message("en")
    assert finding.location.section == "overview"


def test_r004_applicant_breakdown_that_does_not_add_up(load, check) -> None:
    text = doctored(R004, "法人或其他组织申请 8 件", "法人或其他组织申请 9 件")
    found = claims(check(load(text, "r004.txt")))
    breakdown = next(f for f in found if f.code == "DL333")
    assert "741+9 = 750" in breakdown.message() and "749" in breakdown.message()


def test_a_list_that_leaves_a_part_out_is_not_a_breakdown(env, check, load) -> None:
    # n11 names 同意公开, 部分公开 and 不予公开 only: 1 + 0 + 1 is not all of 2
    found = check(built(env, n11_sentence(), n11_tables(completed=5)))
    assert "DL333" not in codes(found)
    # r003 without its 其他处理 clause
    text = doctored(R003, "，其他处理 319 件（26.78%，含申请人\n主动撤回 157 件）", "")
    assert "DL333" not in codes(check(load(text, "r003.md")))


# --- 均获维持, 全部胜诉, 零败诉 against 表四 ----------------------------


def test_all_upheld_agrees_with_a_table_of_upheld_cases(env, check) -> None:
    values = table4(
        review__upheld=7, review__total=7, litigation__direct__upheld=9, litigation__direct__total=9
    )
    assert claims(check(built(env, ISSUE_REVIEWS, values))) == []


def test_all_upheld_against_pending_cases(env, check) -> None:
    # the issue's report: 尚未审结 2 (复议) and 1 (诉讼)
    values = table4(
        review__upheld=5,
        review__pending=2,
        review__total=7,
        litigation__direct__upheld=8,
        litigation__direct__pending=1,
        litigation__direct__total=9,
    )
    found = claims(check(built(env, ISSUE_REVIEWS, values)))
    assert codes(found) == ["DL332", "DL332"]
    review, litigation = found
    assert "行政复议均获维持" in review.message() and "为 2" in review.message()
    assert [c.location.column for c in review.cells] == ["review.pending"]
    assert "行政诉讼均获维持" in litigation.message() and "为 1" in litigation.message()
    assert all(f.severity is Severity.WARNING for f in found)


def test_zero_lost_lawsuits_against_a_corrected_case(env, check) -> None:
    values = table4(
        review__upheld=7,
        review__total=7,
        litigation__direct__upheld=8,
        litigation__direct__corrected=1,
        litigation__direct__total=9,
    )
    found = claims(check(built(env, ISSUE_REVIEWS, values)))
    assert sorted(codes(found)) == ["DL328", "DL332"]
    lost = next(f for f in found if f.code == "DL328")
    assert "零败诉" in lost.message()


def test_statements_that_are_not_all_upheld_stay_silent(load, check) -> None:
    # r003: 表四 行政复议 尚未审结 5, and its text says only "未发生…被行政复议纠错或行政诉讼败诉"
    # (true: 结果纠正 0); 淮安 lists 结果维持 72 件 among other results
    assert "DL332" not in codes(check(load(R003)))
    assert "DL332" not in codes(check(load(HUAIAN)))


# --- a count given for a narrower scope --------------------


def test_count_for_the_government_itself_beside_an_aggregate_table(load, check) -> None:
    # 洪泽区 2024: "区政府办代表区政府受理政府信息公开申请17件"; its 表三 (the district) has 95
    found = [f for f in check(load(CORPUS / "d02_hongze_2024.pdf")) if f.code == "DL320"]
    (finding,) = found
    assert finding.severity is Severity.INFO
    assert "可能只是表中数字的一部分" in finding.message() and "95" in finding.message()
    assert finding.data["scope"]


def test_handled_count_including_carried_forward_is_another_counting(load, check) -> None:
    # 淮安: "答复 3050 件（……另有 103 件顺延到下年度答复）"; a report that counts every application
    # it handled writes 3050 + 103 = 3153: the counting is named, not a mismatch
    text = doctored(HUAIAN, "答复 3050 件", "办理 3153 件")
    (finding,) = claims(check(load(text, "huaian.yaml")))
    assert finding.code == "DL323" and finding.severity is Severity.INFO
    assert "办结 + 结转下年度" in finding.message() and "3153" in finding.message()
    text = doctored(HUAIAN, "答复 3050 件", "办理 3154 件")
    (finding,) = claims(check(load(text, "huaian.yaml")))
    assert finding.severity is Severity.WARNING and "亦不符" in finding.message()


def test_n05_number_before_its_category(load, check) -> None:
    # "2022年共收到政府信息公开申请1件……1件公开申请已办结，办结率100%": 1 received, 1 completed
    assert claims(check(load(N05))) == []
    text = doctored(N05, "1件公开申请已办结", "2件公开申请已办结")
    (finding,) = claims(check(load(text, N05.name)))
    assert finding.code == "DL323" and "办结的申请 2 件" in finding.message()
    assert "为 1" in finding.message()
