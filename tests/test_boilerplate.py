"""The boilerplate kind on real report text: stock phrases, specificity, measures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from disclosure_lint.kinds.boilerplate import (
    builtin_catalogue_path,
    improvement_measures,
    specificity_counts,
)
from disclosure_lint.similarity.catalogue import Catalogue, load_catalogue

from .conftest import CORPUS, FIXTURES, SEED, SHUYANG_DATA

HONGZE_2023 = FIXTURES / "data" / "hongze-2023.yaml"
HONGZE_2024 = FIXTURES / "data" / "hongze-2024.yaml"


def _by_code(findings, code):
    return [f for f in findings if f.code == code]


def test_seed_section_five_is_reported_quoting_the_stock_phrases(load, check) -> None:
    report = load(SEED)
    [finding] = _by_code(check(report), "DL401")
    assert finding.location.section == "problems"
    message = finding.message("zh")
    for phrase in ("信息公开内容深度和广度不够", "制度建设还有待健全", "信息更新不够及时"):
        assert phrase in message, phrase
    quotes = [m["quote"] for m in finding.data["matches"]]
    assert "制度建设还有待健全" in quotes
    assert "信息更新不够及时" in quotes
    # the phrases are on line 405 of the seed (section 五 starts on line 404)
    lines = {m["line"] for m in finding.data["matches"] if m["phrase"] == "制度建设还有待健全"}
    assert lines == {405}
    assert finding.data["coverage"] >= 0.2
    assert "stock phrases" in finding.message("en")


def test_specific_real_sections_are_not_stock_phrases(load, check) -> None:
    # 沭阳 2025 (r004) and 洪泽 2024: problems named with their own words, measures with dates
    for path in (CORPUS / "r004.txt", HONGZE_2024):
        assert not _by_code(check(load(path)), "DL401"), path


def test_catalogue_matches_variants_but_not_unrelated_text() -> None:
    catalogue = Catalogue(load_catalogue(builtin_catalogue_path()))
    matches, _ = catalogue.match("二是制度建设还有待进一步健全。")
    assert [m.phrase.text for m in matches] == ["制度建设还有待健全"]
    matches, coverage = catalogue.match("2025年共受理申请713件，均已按期答复。")
    assert matches == [] and coverage == 0.0


def test_specificity_counts_numbers_dates_documents_and_named_measures() -> None:
    text = "2019年5月15日开展宣传，接访群众1200余人，依据《条例》落实“三公开”制度，共十个社区。"
    counts = specificity_counts(text)
    assert counts["dates"] == 1
    assert counts["documents"] == 1
    assert counts["named"] == 1
    assert counts["numbers"] == 2  # 1200, 十个


def test_seed_section_five_has_low_specificity_and_overview_does_not(load, check) -> None:
    findings = _by_code(check(load(SEED)), "DL402")
    assert [f.location.section for f in findings] == ["problems"]
    assert findings[0].data["numbers"] == 0


def test_measures_without_owner_or_date(load, check) -> None:
    [finding] = _by_code(check(load(SEED)), "DL403")
    assert finding.data["measures"][0].startswith("一是加强学习")
    assert finding.data["concrete"] == []
    # 沭阳 2025: "年底进行综合考评" names a time
    assert not _by_code(check(load(CORPUS / "r004.txt")), "DL403")


def test_improvement_measures_need_an_improvement_part() -> None:
    assert (
        improvement_measures("一是政策解读多样性需进一步加强。二是依申请办件质量需进一步提升。")
        == []
    )
    items = improvement_measures("下一步，一是由县政务办牵头开展培训。二是年底前完成栏目整改。")
    assert len(items) == 2


def test_catalogue_extended_from_settings(load, engine) -> None:
    # the structured data of 沭阳 2025, whose section 五 is the problem list only
    report = load(SHUYANG_DATA)
    assert not [f for f in engine.check(report) if f.code == "DL401"]
    settings = {
        "stock_phrases": [
            "政策解读多样性需进一步加强",
            "依申请办件质量需进一步提升",
            "联系群众工作需要进一步巩固",
        ],
    }
    findings = _by_code(engine.check(report, settings), "DL401")
    assert findings, "phrases from settings should be matched"
    assert "依申请办件质量需进一步提升" in findings[0].message("zh")


def local_stock_pack(folder: Path, catalogue: str, more: str = "") -> Path:
    """A local rule pack (``folder/local.yaml``) with one stock-phrase rule, LC401, reading
    the catalogue ``catalogue`` (a file name in ``folder``); ``more``: further params."""
    params = f"check: stock-phrases, catalogues: [{catalogue}]" + (f", {more}" if more else "")
    pack = folder / "local.yaml"
    pack.write_text(
        "schema: disclosure-lint/rule-pack/1\npack: local\nrules:\n"
        "  - code: LC401\n    name: local-stock-phrases\n    kind: boilerplate\n"
        "    severity: warning\n    title: {zh: 套话, en: stock}\n"
        "    message: {zh: '套话 {phrases}', en: 'stock {phrases}'}\n"
        "    rationale: {zh: 本地套话库, en: local catalogue}\n"
        f"    params: {{{params}}}\n",
        encoding="utf-8",
    )
    return pack


def test_catalogue_extended_by_a_rule_pack(tmp_path: Path, env, load) -> None:
    from disclosure_lint.core.engine import Engine
    from disclosure_lint.core.rules import RuleSet, load_rule_pack

    (tmp_path / "local-phrases.yaml").write_text(
        "schema: disclosure-lint/stock-phrases/1\nphrases:\n"
        "  - {text: 政策解读多样性需进一步加强}\n  - {text: 依申请办件质量需进一步提升}\n"
        "  - {text: 联系群众工作需要进一步巩固}\n",
        encoding="utf-8",
    )
    pack = local_stock_pack(
        tmp_path, "local-phrases.yaml", "builtin_catalogue: false, min_coverage: 0.05"
    )
    rules = RuleSet()
    rules.add_pack(load_rule_pack(pack, env.kinds, env.formats))
    findings = Engine(rules, env.kinds, env.formats).check(load(CORPUS / "r004.txt"))
    assert [f.code for f in findings if not f.code.startswith("DL")] == ["LC401"]


def test_a_rule_pack_naming_a_missing_catalogue_is_rejected(tmp_path: Path, env) -> None:
    from disclosure_lint.core.errors import DataFileError
    from disclosure_lint.core.rules import load_rule_pack

    pack = tmp_path / "bad.yaml"
    pack.write_text(
        "schema: disclosure-lint/rule-pack/1\npack: bad\nrules:\n"
        "  - code: LC402\n    name: bad-catalogue\n    kind: boilerplate\n"
        "    severity: warning\n    title: {zh: 套话, en: stock}\n"
        "    message: {zh: 套话, en: stock}\n    rationale: {zh: 无, en: none}\n"
        "    params: {check: stock-phrases, catalogues: [missing.yaml]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_rule_pack(pack, env.kinds, env.formats)
    assert "catalogues" in json.dumps([str(p) for p in info.value.problems], ensure_ascii=False)


def test_prose_rules_skip_a_pre_2019_report(load, check) -> None:
    # 平潭 2018 (r012) has no 六 heading the current formats know, so its 五 runs on into the
    # 政府信息公开情况统计表: read as prose, the table rows would be "measures" (DL403)
    report = load(CORPUS / "r012.txt")
    assert report.format.detected == "pre2019"
    problems = report.section("problems")
    assert problems is not None and "政府网站公开数" in problems.text
    assert not [f for f in check(report) if f.code.startswith("DL40")]
    # the same sections in a report whose format is not recognised are still read
    report.format.detected = report.format.used = None
    assert _by_code(check(report), "DL403")


def test_a_quoted_measure_starts_with_its_words(load) -> None:
    # 淮安市 2024 (d03): "…等问题，下一步，我市将着力加强政策解读质效…" — the first measure
    # is quoted from its first word, not from the comma left after the keyword
    text = load(CORPUS / "d03_huaian_2024.pdf").section("problems").text
    measures = improvement_measures(text)
    assert measures and measures[0].startswith("下一步，我市将着力加强政策解读质效")
