"""Kinds ``activity``, ``title``, ``metadata``, ``requires`` and ``deadline`` on real reports.

Real text: the seed (银州区工人街道 2019), r003.md (上海市人民政府办公厅 2025), r004.txt
(沭阳县人民政府 2025), r006.txt and r012.txt (平潭综合实验区 2020 and 2018), the 沭阳 data
transcription; doctored copies change one phrase of the real text. Settings are what
configuration passes per file.
"""

from __future__ import annotations

import pytest

from disclosure_lint.core.findings import Severity
from disclosure_lint.domain.bodies import BodyType, classify_body
from disclosure_lint.domain.prose import document_prose, section_prose
from disclosure_lint.kinds.title import title_deviations
from disclosure_lint.testing.builders import build_report

from .conftest import CORPUS, SEED, SHUYANG_DATA, codes
from .test_claims import doctored, r013_report

R003 = CORPUS / "r003.md"
R004 = CORPUS / "r004.txt"
R006 = CORPUS / "r006.txt"
R012 = CORPUS / "r012.txt"
CONTENT = {f"DL{n}" for n in range(300, 400)}


def content(findings):
    return [f for f in findings if f.code in CONTENT]


# ---------------------------------------------------------------------------------------------
# the seed, as issue 4's "Done when" describes it


def test_seed_gets_the_title_and_the_activity_warning_only(load, check) -> None:
    found = content(check(load(SEED)))
    assert codes(found) == ["DL301", "DL340"]


def test_seed_title_lacks_gongkai(load, check) -> None:
    (title,) = [f for f in check(load(SEED)) if f.code == "DL301"]
    assert title.severity is Severity.ERROR
    assert title.location.source.line == 2  # "银州区工人街道2019年度政府信息工作" / "年度报告"
    assert "银州区工人街道2019年度政府信息工作年度报告" in title.message()
    assert "缺“公开”" in title.message()
    assert "银州区工人街道2019年政府信息公开工作年度报告" in title.message()
    assert "'公开' missing" in title.message("en")


def test_seed_activity_names_both_places(load, check) -> None:
    (finding,) = [f for f in check(load(SEED)) if f.code == "DL340"]
    assert finding.severity is Severity.WARNING
    # the narrative: L8 "我街在一站式大厅公开机关干部职务姓名、办公电话、工作职责并张贴办事指南…"
    assert finding.location.section == "overview" and finding.location.source.line == 8
    assert "公开机关干部职务姓名" in finding.message()
    # the statement: L12 "2.主动公开政府信息情况：无", and the all-zero 表二
    assert "第12行" in finding.message() and "主动公开政府信息情况：无" in finding.message()
    assert "表二各项均为 0" in finding.message()
    assert finding.data["statement_line"] == 12 and finding.data["table_zero"] is True
    assert len(finding.cells) == 22 and {c.location.table for c in finding.cells} == {"table2"}
    assert all(c.value == 0 for c in finding.cells)
    assert "line 12" in finding.message("en")


def test_seed_none_statements_agree_with_zero_tables(load, check) -> None:
    # "3.收到和处理政府信息公开申请情况：无" (L13) and
    # "4.政府信息公开申请行政复议、行政诉讼情况：无" (L14) beside the all-zero 表三 and 表四:
    # consistent, nothing to report
    found = codes(check(load(SEED)))
    for code in ("DL341", "DL342", "DL345", "DL346", "DL347"):
        assert code not in found


def test_seed_without_the_none_statement_is_silent(load, check, seed_text) -> None:
    # an all-zero 表二 is normal for a 街道: without "主动公开政府信息情况：无" nothing is wrong
    text = seed_text.replace("2.主动公开政府信息情况：无", "2.主动公开政府信息情况：详见下表")
    assert "DL340" not in codes(check(load(text, "seed.txt")))


def test_seed_none_statements_against_nonzero_tables(load, check, seed_text) -> None:
    lines = seed_text.split("\n")
    lines[115] = "\t1"  # L116: 表三 一、本年新收 × 总计
    lines[389] = "\t1"  # L390: 表四 行政复议 × 总计
    lines[25] = "\t3"  # L26: 表二 规章 × 本年新制作数量
    found = check(load("\n".join(lines), "seed.txt"))
    by_code = {f.code: f for f in found if f.code in ("DL345", "DL346", "DL347")}
    assert sorted(by_code) == ["DL345", "DL346", "DL347"]
    assert by_code["DL345"].location.source.line == 12
    assert by_code["DL346"].location.source.line == 13
    assert by_code["DL347"].location.source.line == 14
    assert [c.location.source.line for c in by_code["DL346"].cells] == [116]
    assert [c.location.source.line for c in by_code["DL347"].cells] == [390]
    assert "合计为 1" in by_code["DL347"].message()


def test_activity_is_silent_on_the_other_reports(load, check) -> None:
    for path in (R003, R004, SHUYANG_DATA):
        found = codes(check(load(path)))
        assert not {"DL340", "DL341", "DL342", "DL345", "DL346", "DL347"} & set(found), path


# ---------------------------------------------------------------------------------------------
# prose: sentences joined across broken lines, offsets mapped back to lines


def test_prose_maps_offsets_to_source_lines(load) -> None:
    report = load(R003)
    prose = section_prose(report, report.section("overview"))
    offset = prose.text.index("含上年结转 189 件")  # "（含" ends line 38, "上年结转" starts 39
    assert prose.line_at(offset) == 38 and prose.line_at(offset + 2) == 39
    assert "— 2 —" not in prose.text  # page footers are dropped
    start, end = prose.sentence(prose.text.index("办结"))
    assert prose.text[start:end].startswith("市政府共受理政府信息公开申请 1295 件")
    document = document_prose(report)
    assert document.line_at(document.text.index("统计期限")) == 11


# ---------------------------------------------------------------------------------------------
# titles


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("银州区工人街道2019年度政府信息工作年度报告", ["missing-gongkai"]),
        ("沭阳县发展和改革局2023年政府信息公开年度报告", ["missing-gongzuo"]),  # r013 (page)
        ("2025年上海市人民政府办公厅政府信息公开工作年度报告", []),  # r003
        ("沐阳县人民政府2025年政府信息公开工作年度报告", []),  # r004
        ("平潭综合实验区2018年度政府信息公开工作年度报告", []),  # r012
        # domain-spec §7.1 and §6.2 D8
        ("2022年上海市政府信息公开工作年度报告", []),
        ("某某区2016年政务信息公开年度报告", ["zhengwu", "missing-gongzuo"]),
        ("某某局2013年度信息公开工作年度报告", ["missing-zhengfu"]),
        ("某某局2009年政府信息公开工作报告", ["work-report"]),
        ("某某局政府信息公开工作年度报告", ["missing-year"]),
    ],
)
def test_title_deviations(title: str, expected: list[str]) -> None:
    assert title_deviations(title) == expected


def test_titles_of_the_corpus(load, check) -> None:
    for path in (R003, R004, R006, R012, SHUYANG_DATA):
        found = codes(check(load(path)))
        assert not {"DL301", "DL302", "DL303"} & set(found), path


def test_r013_title_lacks_gongzuo(env, check) -> None:
    (finding,) = [f for f in check(r013_report(env.formats.get("2021"))) if f.code == "DL302"]
    assert finding.severity is Severity.WARNING and "缺“工作”" in finding.message()


# ---------------------------------------------------------------------------------------------
# report year and citations


def test_years_and_citations_of_the_corpus_are_right(load, check) -> None:
    metadata = {"DL305", "DL306", "DL307", "DL310", "DL311", "DL312", "DL313"}
    for path in (SEED, R003, R004, R006, R012, SHUYANG_DATA):
        assert not metadata & set(codes(check(load(path)))), path


def test_period_year_differs_from_title(load, check) -> None:
    text = doctored(
        R004, "统计期限从2025年1月1日至2025年12月31日止", "统计期限从2024年1月1日至2024年12月31日止"
    )
    (finding,) = [f for f in check(load(text, "r004.txt")) if f.code == "DL305"]
    assert finding.severity is Severity.ERROR and finding.location.source.line == 6
    assert "2024" in finding.message() and "2025" in finding.message()


def test_period_year_across_a_line_break(load, check) -> None:
    # r003 writes "统计期限为 2025" / "年 1 月 1 日至 12 月 31 日" over two lines
    text = doctored(R003, "统计期限为 2025\n", "统计期限为 2024\n")
    (finding,) = [f for f in check(load(text, "r003.md")) if f.code == "DL305"]
    assert finding.location.source.line == 11


def test_period_not_a_calendar_year(load, check) -> None:
    text = doctored(
        R006, "自2020年1月1日起至2020年12月31日止", "自2020年5月15日起至2020年12月31日止"
    )
    assert "DL306" in codes(check(load(text, "r006.txt")))


def test_period_in_the_preamble_of_an_html_report_is_checked(load, check) -> None:
    """HTML, DOCX and PDF reports have no source lines: the document prose must still include
    the text before the first section, where r013 states its 统计时限."""
    html = (CORPUS / "r013.html").read_text(encoding="utf-8")
    assert not {"DL305", "DL306"} & set(codes(check(load(html.encode(), "r013.html"))))
    start = '统计时限为</font>20</span><span style="font-family: 微软雅黑;">23'
    assert html.count(start) == 1
    doctored_html = html.replace(start, start[:-2] + "22")  # 2022年1月1日至2023年12月31日
    (finding,) = [f for f in check(load(doctored_html.encode(), "r013.html")) if f.code == "DL306"]
    assert "2022年1月1日至2023年12月31日" in finding.message()
    assert finding.location.source.paragraph == 1


def test_overview_opening_year(load, check, seed_text) -> None:
    text = seed_text.replace("2019年在区政府的正确领导下", "2018年在区政府的正确领导下")
    (finding,) = [f for f in check(load(text, "seed.txt")) if f.code == "DL307"]
    assert finding.location.source.line == 6 and "2018" in finding.message()


def test_citation_without_brackets(load, check) -> None:
    # "国办公开办函202130 号" is how 兴安盟审计局 2025 rendered the number (domain-spec S50)
    text = doctored(R004, "国办公开办函〔2021〕30号", "国办公开办函202130 号")
    (finding,) = [f for f in check(load(text, "r004.txt")) if f.code == "DL310"]
    assert finding.location.source.line == 6
    assert "国办公开办函〔2021〕30号" in finding.message()


def test_citation_with_the_wrong_number(load, check) -> None:
    text = doctored(R004, "国办公开办函〔2021〕30号", "国办公开办函〔2021〕60号")
    found = codes(check(load(text, "r004.txt")))
    assert "DL311" in found and "DL310" not in found


def test_citation_of_the_other_format_generation(load, check) -> None:
    # a 2020 report (r006) citing the notice of the 2021 format
    text = doctored(R006, "国办公开办函〔2019〕60号", "国办公开办函〔2021〕30号")
    (finding,) = [f for f in check(load(text, "r006.txt")) if f.code == "DL312"]
    assert "〔2019〕60号" in finding.message() and finding.location.source.line == 10
    # a 2025 report (r004) citing only the 2019 notice and 格式（试行）
    text = doctored(
        R004,
        "《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号)",
        "《中华人民共和国政府信息公开工作年度报告格式（试行）》(国办公开办函〔2019〕60号)",
    )
    assert "DL312" in codes(check(load(text, "r004.txt")))


def test_format_name_mangled(load, check) -> None:
    # "《政府信息公开工作年度报告格式》" without 中华人民共和国 (木兰县审计局 2021, domain-spec S27)
    text = doctored(
        R004,
        "《中华人民共和国政府信息公开工作年度报告格式》",
        "《政府信息公开工作年度报告格式》",
    )
    (finding,) = [f for f in check(load(text, "r004.txt")) if f.code == "DL313"]
    assert "《政府信息公开工作年度报告格式》" in finding.message()


# ---------------------------------------------------------------------------------------------
# required statements


def test_problems_section_without_last_year(load, check) -> None:
    # r004 五 reports this year's problems and measures, not last year's rectification
    (finding,) = [f for f in check(load(R004)) if f.code == "DL350"]
    assert finding.severity is Severity.WARNING
    assert finding.location.section == "problems" and finding.location.source.line == 175
    assert "2024" in finding.message()


def test_problems_section_with_last_year(env, check) -> None:
    # r003's 五 opens "（一）2024 年工作中存在问题的改进情况" (its heading was lost in extraction,
    # so here the real sentences are put into a built 2025 report)
    fmt = env.formats.get("2021")
    sections = [(s.label, "") for s in fmt.sections]
    sections[4] = (
        "五、政府信息公开工作存在的主要问题及改进情况",
        "（一）2024 年工作中存在问题的改进情况\n针对 2024 年工作中存在的主要问题，重点采取如下"
        "改进措施。",
    )
    report = build_report(
        fmt, {}, title="2025年某机关政府信息公开工作年度报告", year=2025, sections=sections
    )
    assert "DL350" not in codes(check(report))


def test_fee_statement(load, check) -> None:
    # r004 六: "收取信息处理费共计380元"; r003 六: "未收取信息公开处理费"
    assert "DL351" not in codes(check(load(R004)))
    assert "DL351" not in codes(check(load(R003)))
    # 沭阳 without its 六: an error, since 表三 （六）2 = 7 (fee notices were sent)
    real = SHUYANG_DATA.read_text(encoding="utf-8").split("\n")
    (line,) = [
        x for x in real if x.startswith("    text: 我县认真落实《政府信息公开信息处理费管理办法》")
    ]
    text = "\n".join("    text: 无。" if x == line else x for x in real)
    (finding,) = [f for f in check(load(text, "d.yaml")) if f.code == "DL351"]
    assert finding.severity is Severity.ERROR
    assert "为 7" in finding.message() and finding.cells[0].value == 7


def test_fee_statement_without_fee_notices_is_a_warning(env, check) -> None:
    fmt = env.formats.get("2021")
    sections = [(s.label, "") for s in fmt.sections]
    sections[5] = ("六、其他需要报告的事项", "无。")
    report = build_report(
        fmt, {}, title="2025年某局政府信息公开工作年度报告", year=2025, sections=sections
    )
    (finding,) = [f for f in check(report) if f.code == "DL351"]
    assert finding.severity is Severity.WARNING


def test_government_report_without_evaluation_and_accountability(load, check) -> None:
    (finding,) = [f for f in check(load(R004)) if f.code == "DL352"]
    assert finding.severity is Severity.ERROR
    assert "社会评议" in finding.message() and "责任追究" in finding.message()
    assert "工作考核" not in finding.message()  # "健全考核激励体系"
    assert finding.location.section == "overview"
    # the 办公厅 of 上海市人民政府 is presumed a government report: a warning
    (presumed,) = [f for f in check(load(R003)) if f.code == "DL352"]
    assert presumed.severity is Severity.WARNING and "推定" in presumed.message()


def test_body_type_from_settings(load, check) -> None:
    assert "DL352" not in codes(check(load(R004), {"body_type": "department"}))
    assert "DL352" not in codes(check(load(SEED)))  # a 街道
    (finding,) = [f for f in check(load(SEED), {"body_type": "government"}) if f.code == "DL352"]
    assert "工作考核、社会评议、责任追究结果" in finding.message()


def test_township_governments_are_a_level_of_government(load, check, seed_text) -> None:
    # 条例第五十条（四）"各级人民政府": a 镇人民政府 reports 考核、评议、追责, a 街道 does not
    text = seed_text.replace(
        "银州区工人街道2019年度政府信息工作", "某某镇人民政府2019年度政府信息公开工作"
    )
    report = load(text, "town.txt")
    assert report.metadata.body == "某某镇人民政府"
    (finding,) = [f for f in check(report) if f.code == "DL352"]
    assert finding.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("name", "kind", "certain"),
    [
        ("银州区工人街道", BodyType.TOWNSHIP, True),
        ("工人街道办事处", BodyType.TOWNSHIP, True),
        ("沭阳县人民政府", BodyType.GOVERNMENT, True),
        ("上海市杨浦区政府", BodyType.GOVERNMENT, True),
        ("上海市人民政府办公厅", BodyType.GOVERNMENT, False),
        ("平潭综合实验区", BodyType.GOVERNMENT, False),
        ("沭阳县发展和改革局", BodyType.DEPARTMENT, True),
        ("阿城区机关后勤服务中心", BodyType.DEPARTMENT, True),
        ("某县乡村振兴局", BodyType.DEPARTMENT, True),
        ("某镇人民政府", BodyType.TOWNSHIP, True),
    ],
)
def test_body_types_from_names(name: str, kind: BodyType, certain: bool) -> None:
    body = classify_body(name)
    assert body is not None and body.type is kind and body.certain is certain


# ---------------------------------------------------------------------------------------------
# deadlines


def test_deadlines_met_in_the_corpus(load, check) -> None:
    deadline = {"DL360", "DL361", "DL362"}
    # r006: 2020 report published 2021-03-05 (平潭综合实验区: a government area, 3月31日);
    # r012: 2018 report published 2019-01-10; r004: dated 2026年1月23日; seed: no date at all
    for path in (R006, R012, R004, SEED, SHUYANG_DATA):
        assert not deadline & set(codes(check(load(path)))), path


def test_department_deadline_is_31_january(load, check) -> None:
    found = [f for f in check(load(R006), {"body_type": "department"}) if f.code == "DL360"]
    (finding,) = found
    assert finding.severity is Severity.ERROR
    assert "2021-03-05" in finding.message() and "2021-01-31" in finding.message()
    assert finding.data["published"] == "2021-03-05" and "33 天" in finding.message()


def test_government_deadline_is_31_march(load, check) -> None:
    late = check(load(R004), {"published": "2026-04-01"})
    (finding,) = [f for f in late if f.code == "DL360"]
    assert finding.severity is Severity.ERROR and "2026-03-31" in finding.message()
    assert "DL360" not in codes(check(load(R004), {"published": "2026-03-31"}))


def test_presumed_body_type_gives_a_warning(load, check) -> None:
    # 平潭综合实验区 is presumed a government: published 2021-04-02 is after 3月31日 anyway
    (finding,) = [f for f in check(load(R006), {"published": "2021-04-02"}) if f.code == "DL360"]
    assert finding.severity is Severity.WARNING and "推定" in finding.message()


def test_report_dated_after_the_deadline(load, check) -> None:
    text = R004.read_text(encoding="utf-8").replace("2026年1月23日", "2026年4月2日")
    (finding,) = [f for f in check(load(text, "r004.txt")) if f.code == "DL361"]
    assert finding.severity is Severity.ERROR and finding.location.source.line == 189
    assert "2026-04-02" in finding.message() and "所署日期" in finding.message()
    # a known publication date decides instead
    assert "DL361" not in codes(check(load(text, "r004.txt"), {"published": "2026-03-01"}))


def test_pre_2019_reports_have_31_march(load, check) -> None:
    (finding,) = [f for f in check(load(R012), {"published": "2019-04-02"}) if f.code == "DL360"]
    assert "2019-03-31" in finding.message() and "第三十一条" in finding.message()


def test_township_deadline_only_from_configuration(load, check) -> None:
    assert "DL360" not in codes(check(load(SEED), {"published": "2020-06-01"}))
    configured = {"published": "2020-06-01", "deadlines": {"township": "02-20"}}
    (finding,) = [f for f in check(load(SEED), configured) if f.code == "DL360"]
    assert "2020-02-20" in finding.message() and "deadlines.township" in finding.message()


def test_published_before_the_year_ended(load, check) -> None:
    assert "DL362" in codes(check(load(R006), {"published": "2020-12-01"}))


def test_bad_settings_are_not_guessed_around(load, check) -> None:
    found = check(load(R004), {"body_type": "county"})
    errors = [f for f in found if f.code == "DL999"]
    assert errors and "body_type" in errors[0].message()
    found = check(load(R004), {"deadlines": {"department": "1月31日"}, "body_type": "department"})
    assert any("MM-DD" in f.message() for f in found if f.code == "DL999")


# ---------------------------------------------------------------------------------------------
# rule files using the content kinds are validated like every other


@pytest.mark.parametrize(
    ("kind", "params", "key", "text"),
    [
        (
            "claims",
            "{claims: [{label: {zh: 甲, en: a}, patterns: ['申请(件'], "
            "cells: [{table: table3, rows: [new]}]}]}",
            "rules[0].params.claims[0].patterns[0]",
            "invalid regex",
        ),
        (
            "claims",
            "{claims: [{label: {zh: 甲, en: a}, patterns: ['申请{N}件'], "
            "cells: [{table: table3, rows: [neww]}]}]}",
            "rules[0].params.claims[0].cells[0].rows[0]",
            "no row 'neww'",
        ),
        (
            "claims",
            "{claims: [{label: {zh: 甲, en: a}, patterns: ['{N}件（{P}）'], "
            "cells: [{table: table3}]}]}",
            "rules[0].params.claims[0]",
            "percent_of",
        ),
        (
            "activity",
            "{check: activity, statements: ['无'], cells: [{table: table2}]}",
            "rules[0].params.activity",
            "needs activity patterns",
        ),
        ("title", "{deviations: [misspelt]}", "rules[0].params.deviations[0]", "misspelt"),
        ("deadline", "{check: late, uncertain_severity: fatal}", "rules[0].params", "fatal"),
    ],
)
def test_content_rule_files_are_validated(env, tmp_path, kind, params, key, text) -> None:
    from disclosure_lint.core.errors import DataFileError
    from disclosure_lint.core.rules import load_rule_pack

    path = tmp_path / "local.yaml"
    path.write_text(
        "schema: disclosure-lint/rule-pack/1\npack: local\nrules:\n"
        "  - code: LC301\n    name: local-content\n"
        f"    kind: {kind}\n    severity: warning\n"
        "    title: {zh: 标题, en: title}\n    message: {zh: 消息, en: message}\n"
        "    rationale: {zh: 理由, en: why}\n"
        f"    params: {params}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_rule_pack(path, env.kinds, env.formats)
    problems = [(p.line, p.key, p.message) for p in info.value.problems]
    assert any(k.startswith(key) and text in m and line == 11 for line, k, m in problems), problems


def test_r013_department_report(env, check) -> None:
    # 沭阳县发展和改革局 2023: signed 2024年1月17日, a department (deadline 1月31日)
    report = r013_report(env.formats.get("2021"))
    found = content(check(report))
    assert sorted(codes(found)) == ["DL302", "DL350"]  # no DL352: not a government
    assert "DL360" not in codes(check(report, {"published": "2024-01-17"}))
    (late,) = [f for f in check(report, {"published": "2024-02-05"}) if f.code == "DL360"]
    assert late.severity is Severity.ERROR and "5 天" in late.message()
    assert "部门" in late.message() and "第四十九条" in late.message()


def test_body_from_the_opening_sentence() -> None:
    from disclosure_lint.reading.structure import body_from_opening

    # r013 (沭阳县发展和改革局 2023), the opening of its fragment
    opening = (
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，现向社会公布"
        "沭阳县发展和改革局2023年度政府信息公开年度报告。本年度报告所列数据的统计时限为"
    )
    assert body_from_opening(opening) == "沭阳县发展和改革局"
    # "我局" / "本机关" name no one; a sentence without the report's name gives nothing
    assert body_from_opening("现向社会公布我局2023年度政府信息公开工作年度报告。") is None
    assert body_from_opening("2023年，县发展和改革局政府信息公开未发生收费情况。") is None
