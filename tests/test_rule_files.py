"""Rule packs are validated on load: every problem names file, line and key; nothing is skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_lint.core.errors import DataFileError
from disclosure_lint.core.rules import RuleSet, load_rule_pack

HEAD = "schema: disclosure-lint/rule-pack/1\npack: local\nrules:\n"
RULE = (
    "  - code: LC101\n"  # line 4
    "    name: local-rule\n"
    "    kind: {kind}\n"
    "    severity: {severity}\n"
    "    title: {{zh: 标题, en: title}}\n"
    "    message: {{zh: '{message}', en: 'msg'}}\n"  # line 9
    "    rationale: {{zh: 理由, en: why}}\n"
    "    params: {params}\n"  # line 11
)


def pack(
    tmp_path: Path,
    *,
    kind="cell",
    severity="warning",
    message="{table}",
    params="{check: blank}",
    extra="",
) -> Path:
    path = tmp_path / "local.yaml"
    body = RULE.format(kind=kind, severity=severity, message=message, params=params)
    path.write_text(HEAD + body + extra, encoding="utf-8")
    return path


def problems(env, path: Path):
    with pytest.raises(DataFileError) as info:
        load_rule_pack(path, env.kinds, env.formats)
    return [(p.line, p.key, p.message) for p in info.value.problems]


def test_a_valid_local_pack_loads(env, tmp_path) -> None:
    loaded = load_rule_pack(pack(tmp_path), env.kinds, env.formats)
    assert [r.code for r in loaded.rules] == ["LC101"]
    assert loaded.rules[0].line == 4


def test_unknown_kind(env, tmp_path) -> None:
    ((line, key, message),) = problems(env, pack(tmp_path, kind="summ"))
    assert (line, key) == (6, "rules[0].kind")
    assert "unknown rule kind 'summ'" in message and "sum" in message


def test_unknown_key_in_a_rule(env, tmp_path) -> None:
    path = pack(tmp_path, extra="    colour: red\n")
    ((line, key, message),) = problems(env, path)
    assert (line, key) == (12, "rules[0].colour") and "unknown key" in message


def test_bad_severity(env, tmp_path) -> None:
    ((line, key, message),) = problems(env, pack(tmp_path, severity="fatal"))
    assert (line, key) == (7, "rules[0].severity") and "'fatal'" in message


def test_unknown_parameter_of_the_kind(env, tmp_path) -> None:
    ((line, key, _message),) = problems(env, pack(tmp_path, params="{check: blank, colour: 1}"))
    assert line == 11 and key == "rules[0].params.colour"


def test_bad_parameter_value(env, tmp_path) -> None:
    ((_line, key, message),) = problems(env, pack(tmp_path, params="{check: purple}"))
    assert key == "rules[0].params.check" and "purple" in message


def test_unknown_placeholder_in_message(env, tmp_path) -> None:
    ((line, key, message),) = problems(env, pack(tmp_path, message="{tabel} 有问题"))
    assert (line, key) == (9, "rules[0].message.zh") and "{tabel}" in message


def test_unknown_table_row_and_column_per_format(env, tmp_path) -> None:
    params = "{table: table3, sum_over: columns, left: [total], right: [natural, org.companies]}"
    found = problems(env, pack(tmp_path, kind="sum", message="{table}", params=params))
    assert {key for _, key, _ in found} == {"rules[0].params.right[1]"}
    assert any("format 2019" in m for *_, m in found) and any("format 2021" in m for *_, m in found)


def test_row_that_exists_in_one_format_only(env, tmp_path) -> None:
    # 政府集中采购 (procurement) exists in the 2019 表二 only
    params = "{check: blank, tables: [table2], rows: [procurement]}"
    found = problems(env, pack(tmp_path, params=params))
    assert [m for *_, m in found] == ["format 2021: table2 has no row 'procurement'"]
    path = pack(tmp_path, params=params, extra="    formats: ['2019']\n")
    assert load_rule_pack(path, env.kinds, env.formats).rules[0].formats == ("2019",)


def test_duplicate_code_within_a_pack_and_across_packs(env, tmp_path) -> None:
    text = HEAD + RULE.format(kind="cell", severity="info", message="x", params="{check: text}")
    twice = text + RULE.format(
        kind="cell", severity="info", message="x", params="{check: text}"
    ).replace("local-rule", "other-rule")
    path = tmp_path / "twice.yaml"
    path.write_text(twice, encoding="utf-8")
    assert any("duplicate code LC101" in m for *_, m in problems(env, path))
    clash = tmp_path / "clash.yaml"
    clash.write_text(text.replace("LC101", "DL101"), encoding="utf-8")
    rules = RuleSet()
    for existing in env.rules.packs:
        rules.add_pack(existing)
    with pytest.raises(DataFileError, match="unique"):
        rules.add_pack(load_rule_pack(clash, env.kinds, env.formats))


def test_yaml_syntax_error_has_a_line(env, tmp_path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(HEAD + "  - code: [\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_rule_pack(path, env.kinds, env.formats)
    assert info.value.problems[0].line is not None


def test_foreach_expands_params(env, tmp_path) -> None:
    params = (
        '{table: table4, sum_over: columns, left: ["{g}.total"], '
        'right: ["{g}.upheld", "{g}.corrected", "{g}.other", "{g}.pending"]}'
    )
    extra = "    foreach: {g: [review, litigation.direct, litigation.nowhere]}\n"
    found = problems(env, pack(tmp_path, kind="sum", message="{g}", params=params, extra=extra))
    assert found and all("litigation.nowhere" in m for *_, m in found)
