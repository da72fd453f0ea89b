"""Format definitions are data: loaded from YAML, validated, and used to detect the format."""

from pathlib import Path

import pytest

from disclosure_lint.core.errors import DataFileError
from disclosure_lint.core.format_files import load_format_file
from disclosure_lint.core.formats import SelectorError
from disclosure_lint.core.labels import normalize

from .conftest import CORPUS


def test_cell_counts_of_the_national_formats(env) -> None:
    f2019, f2021 = env.formats.get("2019"), env.formats.get("2021")
    counts = {t.key: t.cell_count for t in f2019.tables}
    assert counts == {"table2": 22, "table3": 161, "table4": 15}  # domain-spec §2.3-§2.5
    counts = {t.key: t.cell_count for t in f2021.tables}
    assert counts == {"table2": 10, "table3": 175, "table4": 15}  # domain-spec §3.4-§3.6


def test_label_paths_from_top_group_to_leaf(env) -> None:
    t3 = env.formats.get("2019").table("table3")
    leaf = t3.row_leaf("result.withheld.state_secret")
    assert leaf.labels == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    column = t3.column_leaf("result.withheld.state_secret", "org.business")
    assert column.labels == ("法人或其他组织", "商业企业")
    t4 = env.formats.get("2021").table("table4")
    assert t4.column_leaf("cases", "litigation.direct.pending").labels == (
        "行政诉讼",
        "未经复议直接起诉",
        "尚未审结",
    )


def test_group_selectors_expand_to_leaves_per_format(env) -> None:
    t2019 = env.formats.get("2019").table("table3")
    t2021 = env.formats.get("2021").table("table3")
    assert t2019.resolve_rows(["result.other_handling"]) == ["result.other_handling"]
    assert t2021.resolve_rows(["result.other_handling"]) == [
        "result.other_handling.no_correction",
        "result.other_handling.unpaid_fee",
        "result.other_handling.other",
    ]
    assert len(t2021.resolve_columns(["org"])) == 5
    assert t2021.resolve_rows(["result.withheld.*"])[0] == "result.withheld.state_secret"
    with pytest.raises(SelectorError):
        t2021.resolve_rows(["result.nonexistent"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("yinzhou-gongren-2019.txt", "2019"),
        ("r006.txt", "2019"),  # 平潭 2020, cells run together but labels present
        ("r004.txt", "2021"),
        ("r003.md", "2021"),
        ("r013.html", "2021"),
        ("r012.txt", "pre2019"),  # 平潭 2018: 政府信息公开情况统计表 …
    ],
)
def test_detection_on_real_reports(env, name: str, expected: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    detected, evidence = env.formats.detect(text)
    assert detected is not None and detected.id == expected
    assert len(evidence) >= 2


def test_one_label_in_prose_does_not_decide_the_format(env) -> None:
    # r012 (a 2018 report) mentions "政府集中采购项目类信息55条" in its prose: a 2019 signature
    text = (CORPUS / "r012.txt").read_text(encoding="utf-8")
    assert "政府集中采购" in text
    assert env.formats.detect(text)[0].id == "pre2019"


def test_expected_format_by_year(env) -> None:
    assert env.formats.expected_for_year(2018).id == "pre2019"
    assert env.formats.expected_for_year(2019).id == "2019"
    assert env.formats.expected_for_year(2020).id == "2019"
    assert env.formats.expected_for_year(2021).id == "2021"
    assert env.formats.expected_for_year(2031).id == "2021"


def test_invalid_format_file_names_file_line_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: disclosure-lint/format/1\n"
        "id: '2030'\n"
        "name: x\n"
        "document: y\n"
        "report_years: {first: 2030}\n"
        "sections: []\n"
        "tables:\n"
        "  - key: table2\n"
        "    name: 表二\n"
        "    title: t\n"
        "    colour: red\n"  # line 11: unknown key
        "    blocks:\n"
        "      - columns: [{key: a, label: A}]\n"
        "        rows: [{key: r, label: R}]\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_format_file(bad)
    problem = info.value.problems[0]
    assert problem.file == str(bad)
    assert problem.line == 11
    assert problem.key == "tables[0].colour"
    assert "unknown key 'colour'" in problem.message


def test_duplicate_row_keys_are_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "dup.yaml"
    bad.write_text(
        "schema: disclosure-lint/format/1\nid: x\nname: x\ndocument: y\n"
        "report_years: {first: 2030}\nsections: []\ntables:\n"
        "  - key: t\n    name: T\n    title: t\n    blocks:\n"
        "      - columns: [{key: a, label: A}]\n"
        "        rows: [{key: r, label: R}, {key: r, label: S}]\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="invalid format"):
        load_format_file(bad)


def test_a_heading_matches_a_section_when_it_holds_every_keyword_of_one_set(env) -> None:
    """SectionDef.matches: every keyword of one set (format's or variant), in any order."""
    for fmt in env.formats.formats.values():
        for section in (*fmt.sections, *fmt.extra_sections):
            for group in (*section.keywords, *section.variants):
                assert section.matches("、".join(reversed(group)) + "的情况")
                for dropped in range(len(group)):
                    partial = [k for i, k in enumerate(group) if i != dropped]
                    expected = any(
                        all(normalize(k) in normalize("".join(partial)) for k in other)
                        for other in (*section.keywords, *section.variants)
                    )
                    assert section.matches("".join(partial)) is expected
