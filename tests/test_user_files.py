"""Every file a user writes goes through one validation path: the cases of issue 15.

Dates with or without quotes, impossible dates, YAML tags, misspelt keys and values of the wrong
type in suppressions, sidecars, configuration, baselines, report data, rule packs and rule test
cases: exit 0/1 for a good file, 2 naming the file, line and key for a bad one (a finding at
that line for report data), never a traceback and never exit 3. The command line runs in this
process (click's runner) except where the installed command itself is the point.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from disclosure_lint.cli.main import cli
from disclosure_lint.core.errors import DataFileError
from disclosure_lint.core.yamlsource import MAX_DEPTH, load_sourced
from disclosure_lint.testing.cases import load_cases

from .clitools import TABLE_RULES_ONLY
from .conftest import SEED, SHUYANG_DATA

BASE = ("--no-cache", "--jobs", "1", "--no-progress", "--no-plugin-autoload")
SUPPRESSIONS = ".disclosure-lint-suppressions.yaml"
#: the seed's "00" cell (DL205)
CELL_ROW = "result.withheld.prohibited"


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the seed report as reports/gongren-2019.txt, as the current directory."""
    (tmp_path / "reports").mkdir()
    shutil.copy(SEED, tmp_path / "reports" / "gongren-2019.txt")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCLOSURE_LINT_LANG", raising=False)
    return tmp_path


def suppressions(*entries: str) -> str:
    return "schema: disclosure-lint/suppressions/1\nsuppressions:\n" + "".join(entries)


# ---------------------------------------------------------------------------------------------
# Suppressions


def test_repository_suppressions_with_an_unused_entry_in_the_terminal_output(project) -> None:
    (project / SUPPRESSIONS).write_text(
        suppressions("  - code: DL101\n    reason: 不会出现\n"), encoding="utf-8"
    )
    result = invoke("check", "reports", *BASE, *TABLE_RULES_ONLY)  # the default output
    assert result.exit_code == 0, result.output  # DL205 is a warning, DL950 too
    assert f"{project / SUPPRESSIONS}  配置文件" in result.output
    assert "DL950" in result.output and "第 3 行的抑制（DL101，*）没有匹配任何问题" in result.output
    assert "文件      1 (已检查 1)" in result.output  # the suppression file is not an input


def test_repository_suppressions_with_an_expired_entry(project) -> None:
    (project / SUPPRESSIONS).write_text(
        suppressions(
            f"  - code: DL205\n    row: {CELL_ROW}\n    reason: 已核实\n    expires: 2020-01-31\n"
        ),
        encoding="utf-8",
    )
    result = invoke("check", "reports", *BASE, *TABLE_RULES_ONLY, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "configuration" in result.output and "expired on 2020-01-31" in result.output
    assert "[suppressed" not in result.output  # expired: the finding stands


def test_an_unquoted_date_is_the_date(project) -> None:
    (project / SUPPRESSIONS).write_text(
        suppressions(
            f"  - code: DL205\n    row: {CELL_ROW}\n    reason: 已核实\n    expires: 2999-03-01\n"
        ),
        encoding="utf-8",
    )
    result = invoke("check", "reports", *BASE, *TABLE_RULES_ONLY, "--format", "json")
    assert result.exit_code == 0, result.output
    (checked,) = json.loads(result.output)["files"]
    (finding,) = checked["findings"]
    assert finding["code"] == "DL205" and finding["suppressed"]


@pytest.mark.parametrize("date", ["2025-13-01", '"2025-13-01"', "2025-02-30"])
def test_an_impossible_date_names_file_line_and_key(project, date: str) -> None:
    sidecar = project / "reports" / "gongren-2019.txt.suppressions.yaml"
    sidecar.write_text(
        suppressions(f"  - code: DL205\n    reason: 已核实\n    expires: {date}\n"),
        encoding="utf-8",
    )
    result = invoke("check", "reports", *BASE)
    assert result.exit_code == 2, result.output
    shown = date.strip('"')
    assert (
        f"gongren-2019.txt.suppressions.yaml:5: suppressions[0].expires: “{shown}”不是有效的日期"
        in result.output
    )
    english = invoke("check", "reports", *BASE, "--lang", "en")
    assert f"suppressions[0].expires: '{shown}' is not a real date" in english.output


def test_a_misspelt_key_gets_did_you_mean(project) -> None:
    (project / SUPPRESSIONS).write_text(
        suppressions("  - code: DL205\n    reson: 已核实\n"), encoding="utf-8"
    )
    result = invoke("check", "reports", *BASE, "--lang", "en")
    assert result.exit_code == 2
    assert f"{SUPPRESSIONS}:4: suppressions[0].reson: unknown key 'reson' (did you mean " in (
        result.output
    )
    assert f"{SUPPRESSIONS}:3: suppressions[0]: missing required key 'reason'" in result.output


def test_a_value_of_the_wrong_type_names_file_line_and_key(project) -> None:
    (project / SUPPRESSIONS).write_text(
        suppressions("  - code: DL205\n    reason: [已核实]\n"), encoding="utf-8"
    )
    result = invoke("check", "reports", *BASE)
    assert result.exit_code == 2
    assert f"{SUPPRESSIONS}:4: suppressions[0].reason: 应为文本，实为列表" in result.output


# ---------------------------------------------------------------------------------------------
# Tags: refused with file and line, never constructed and never "ok"

PACK = """\
schema: disclosure-lint/rule-pack/1
pack: local
rules:
  - code: LC001
    name: local-rule
    kind: cell
    severity: info
    title: {title}
    message: {{zh: '{{table}}', en: '{{table}}'}}
    rationale: {{zh: 测试, en: test}}
    params: {{check: text}}
"""


@pytest.mark.parametrize(
    ("title", "tag"),
    [
        (
            "!!python/object:argparse.Namespace {zh: 标题, en: Title}",
            "!!python/object:argparse.Namespace",
        ),
        ("!!python/name:os.system {zh: 标题, en: Title}", "!!python/name:os.system"),
        ("!!python/name:os.system 标题", "!!python/name:os.system"),
        ("!local {zh: 标题, en: Title}", "!local"),
        ("!!binary 5qCH6aKY", "!!binary"),
    ],
)
def test_a_rule_pack_with_a_tag_is_refused(project, title: str, tag: str) -> None:
    (project / "local.yaml").write_text(PACK.format(title=title), encoding="utf-8")
    validated = invoke("rules", "validate", "local.yaml")
    assert validated.exit_code == 2
    assert f"local.yaml:8: rules[0].title: 不允许使用 YAML 标签 {tag}" in validated.output
    assert "有效" not in validated.output and "constructor" not in validated.output
    checked = invoke("check", "reports", "--rules", "local.yaml", *BASE, "--lang", "en")
    assert checked.exit_code == 2
    assert f"local.yaml:8: rules[0].title: the YAML tag {tag} is not allowed" in checked.output


def test_the_good_pack_validates(project) -> None:
    (project / "local.yaml").write_text(PACK.format(title="{zh: 标题, en: Title}"), "utf-8")
    assert invoke("rules", "validate", "local.yaml").output == (
        "local.yaml: 有效，规则包 local，1 条规则\n"
    )


def test_an_unknown_rule_kind_gets_did_you_mean(project) -> None:
    pack = PACK.format(title="{zh: 标题, en: Title}").replace("kind: cell", "kind: cel")
    (project / "local.yaml").write_text(pack, encoding="utf-8")
    result = invoke("rules", "--lang", "en", "validate", "local.yaml")
    assert result.exit_code == 2
    assert "local.yaml:6: rules[0].kind: unknown rule kind 'cel' (did you mean 'cell'?" in (
        result.output
    )


def test_rule_test_cases_with_a_tag(tmp_path: Path) -> None:
    path = tmp_path / "local.tests.yaml"
    path.write_text(
        "schema: disclosure-lint/rule-tests/1\ncases:\n"
        "  - name: one\n    text: !!python/object/apply:os.system [echo]\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_cases(path)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.key) == (str(path), 4, "cases[0].text")
    assert "!!python/object/apply:os.system" in problem.message


# ---------------------------------------------------------------------------------------------
# Report data: findings at the key's line, the report otherwise checked


def data_file(folder: Path, published: str, year: int = 2024) -> Path:
    text = SHUYANG_DATA.read_text(encoding="utf-8")
    text = text.replace("published: 2026年1月23日", f"published: {published}")
    text = text.replace("year: 2025\n", f"year: {year}\n")
    path = folder / "data.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def published_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if line.startswith("published:"))


@pytest.mark.parametrize("published", ["2025-02-30", '"2025-02-30"', "2025-13-01"])
def test_report_data_with_an_impossible_date(tmp_path: Path, published: str) -> None:
    path = data_file(tmp_path, published)
    result = invoke("check", str(path), *BASE, "--format", "json")
    assert result.exit_code == 1  # findings, not an internal error (3)
    (checked,) = json.loads(result.output)["files"]
    assert checked["status"] == "checked"
    codes = [f["code"] for f in checked["findings"]]
    assert "DL999" not in codes
    (invalid,) = [f for f in checked["findings"] if f["code"] == "DL906"]
    assert invalid["location"]["source"]["line"] == published_line(path)
    shown = published.strip('"')
    line = published_line(path)
    assert invalid["message"] == (
        f"报告数据文件第 {line} 行“published”：“{shown}”不是有效的日期，不用作发布日期"
    )


def test_report_data_with_an_unquoted_date_is_read_as_the_date(tmp_path: Path) -> None:
    path = data_file(tmp_path, "2025-01-20", year=2024)
    result = invoke("check", str(path), *BASE, "--format", "json")
    (checked,) = json.loads(result.output)["files"]
    assert checked["status"] == "checked" and checked["year"] == 2024
    codes = [f["code"] for f in checked["findings"]]
    assert not {"DL906", "DL010", "DL014", "DL999"} & set(codes), codes
    parsed = invoke("parse", str(path), "--format", "json", "--no-plugin-autoload")
    assert json.loads(parsed.output)["metadata"]["published"] == "2025-01-20"


def test_report_data_with_a_tag_is_a_finding_at_its_line(tmp_path: Path) -> None:
    path = data_file(tmp_path, "!!python/name:os.system 2025-01-20")
    result = invoke("check", str(path), *BASE, "--format", "json")
    assert result.exit_code == 1
    (checked,) = json.loads(result.output)["files"]
    (finding,) = checked["findings"]
    assert finding["code"] == "DL906"
    assert finding["location"]["source"]["line"] == published_line(path)
    assert "!!python/name:os.system" in finding["message"]


# ---------------------------------------------------------------------------------------------
# Configuration and baselines


def test_configuration_date_and_month_day_are_checked(project) -> None:
    config = project / ".disclosure-lint.yaml"
    config.write_text(
        "files:\n  '*gongren*': {published: 2025-02-30}\ndeadlines:\n  township: 02-30\n",
        encoding="utf-8",
    )
    result = invoke("check", "reports", *BASE)
    assert result.exit_code == 2
    assert f"{config}:2: files.*gongren*.published: “2025-02-30”不是有效的日期" in result.output
    assert f"{config}:4: deadlines.township: “02-30”不是有效的月日" in result.output
    config.write_text("files:\n  '*gongren*': {published: 2020-01-20}\n", encoding="utf-8")
    assert invoke("check", "reports", *BASE).exit_code in (0, 1)


def test_pyproject_with_an_impossible_date(project) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        '[tool.disclosure-lint]\nfail-on = "error"\nfiles = {"*" = {published = 2025-02-30}}\n',
        encoding="utf-8",
    )
    result = invoke("check", "reports", *BASE)
    assert result.exit_code == 2 and f"{pyproject}:3: TOML 语法错误" in result.output
    assert "2025-02-30 不是有效的日期" in result.output
    pyproject.write_text(
        '[tool.disclosure-lint]\nfiles = {"*" = {published = 2020-02-03}}\n', encoding="utf-8"
    )
    assert invoke("check", "reports", *BASE).exit_code in (0, 1)


def test_a_broken_pyproject_with_our_table_is_not_ignored(project) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text('[tool.disclosure-lint]\nfail-on = "warning\n', encoding="utf-8")
    result = invoke("check", "reports", *BASE)
    assert result.exit_code == 2 and f"{pyproject}:2:" in result.output


def test_a_plugin_that_is_not_installed_is_a_configuration_error(project) -> None:
    config = project / ".disclosure-lint.yaml"
    config.write_text("fail-on: error\nplugins: [no_such_plugin_module]\n", encoding="utf-8")
    result = invoke("check", "reports", *BASE)
    assert result.exit_code == 2
    assert f"未安装插件模块 'no_such_plugin_module'（plugins，{config}:2）" in result.output


def test_a_timeout_too_long_for_the_clock(project) -> None:
    (project / ".disclosure-lint.yaml").write_text("file-timeout: 1.0e+300\n", encoding="utf-8")
    result = invoke("check", "reports", *BASE)
    assert result.exit_code == 2 and "file-timeout: 1e+300：大于最大值 1000000" in result.output


def test_a_baseline_that_is_not_utf8_or_has_a_tag(project) -> None:
    baseline = project / "reports" / ".disclosure-lint.baseline.json"
    baseline.write_bytes('{"schema": "基线"}'.encode("gbk"))
    result = invoke("check", "reports", "--baseline", str(baseline), *BASE)
    assert result.exit_code == 2 and f"{baseline}：无法读取文件" in result.output
    baseline.write_text(
        '{"schema": "disclosure-lint/baseline/1",\n "entries": !!set {a: null}}\n', "utf-8"
    )
    result = invoke("check", "reports", "--baseline", str(baseline), *BASE)
    assert result.exit_code == 2 and f"{baseline}:2: entries: 不允许使用 YAML 标签 !!set" in (
        result.output
    )


# ---------------------------------------------------------------------------------------------
# The reader itself


def test_dates_are_kept_as_written_and_keys_as_text() -> None:
    doc = load_sourced("a: 2027-03-01\nb: 2025-13-01\nyes: 1\n2021: x\nc: =\n", "f.yaml")
    assert doc.data == {"a": "2027-03-01", "b": "2025-13-01", "yes": 1, "2021": "x", "c": "="}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: &x [1, *x]\n", 1, "refers to a value it is part of"),
        ("a: !!int twelve\n", 1, "cannot be read as an integer"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, "merge keys"),
        ("a: 1\na: 2\n", 2, "appears twice"),
        ("a:\n  " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n", 2, "nested deeper"),
    ],
)
def test_what_is_not_plain_yaml(text: str, line: int, words: str) -> None:
    with pytest.raises(DataFileError) as info:
        load_sourced(text, "f.yaml")
    (problem,) = info.value.problems
    assert problem.line == line and words in problem.message, problem


def test_aliases_that_expand_to_millions_of_values() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    with pytest.raises(DataFileError) as info:
        load_sourced("\n".join(lines) + "\n", "bomb.yaml")
    assert "expand to far more values" in info.value.problems[0].message
