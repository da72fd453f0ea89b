"""The command line, run as a user runs it: the installed console script in a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from disclosure_lint.core.schemas import load_schema, registry

from .clitools import run
from .conftest import CORPUS, FIXTURES, SEED, SHUYANG_DATA


def validate(name: str, data) -> None:
    validator = Draft202012Validator(load_schema(name), registry=registry())
    errors = sorted(validator.iter_errors(data), key=str)
    assert errors == [], errors[:3]


def test_check_the_shipped_example() -> None:
    result = run("check", "examples/")
    # the example's title lacks 公开 (DL301, an error): the check fails with exit code 1
    assert result.returncode == 1, result.stderr.decode()
    out = result.stdout.decode()
    assert "DL301" in out and "DL340" in out
    assert "yinzhou-gongren-2019.txt" in out
    assert "DL205" in out and "L161" in out  # the "00" cell, with its line
    assert "表三 › 三、本年度办理结果 › （三）不予公开 › 2.其他法律行政法规禁止公开 × 自然人" in out
    assert "161 │" in out  # the source line is shown
    assert "national-arithmetic" not in out  # the packs only with --verbose
    verbose = run("check", "examples/", "--verbose").stdout.decode()
    assert "national-arithmetic (4) (内置)" in verbose  # rules loaded and from where
    assert str(Path.cwd().resolve()) not in verbose  # no absolute paths


def test_fail_on_threshold() -> None:
    assert run("check", str(SEED), "--fail-on", "warning").returncode == 1
    assert run("check", str(SEED), "--fail-on", "error").returncode == 1  # DL301, the title
    assert run("check", str(SEED), "--fail-on", "error", "--ignore", "DL301").returncode == 0
    assert run("check", str(SEED), "--fail-on", "never").returncode == 0


def test_english_messages() -> None:
    out = run("check", str(SEED), "--lang", "en").stdout.decode()
    assert "leading zero" in out and "warning" in out


def test_json_output_is_valid_and_complete(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run("check", str(SEED), str(SHUYANG_DATA), str(missing), "--format", "json")
    assert result.returncode == 1  # the missing file is an error
    data = json.loads(result.stdout)
    validate("check-output", data)
    assert data["schema"] == "disclosure-lint/check/2"
    assert [f["path"] for f in data["files"]] == [str(SEED), str(SHUYANG_DATA), str(missing)]
    seed = data["files"][0]
    assert seed["status"] == "checked" and seed["format"]["used"] == "2019"
    # the table finding; the seed also gets the title (DL301), activity (DL340) and, for its
    # section 五, the boilerplate findings (DL401–DL403)
    tables = [f for f in seed["findings"] if not f["code"].startswith(("DL40", "DL3"))]
    assert [f["code"] for f in seed["findings"] if f["code"].startswith("DL3")] == [
        "DL301",
        "DL340",
    ]
    (finding,) = tables
    assert finding["code"] == "DL205" and finding["name"] == "irregular-number"
    assert {"DL401", "DL402", "DL403"} <= {f["code"] for f in seed["findings"]}
    loc = finding["location"]
    assert loc["table"] == "table3" and loc["row"] == "result.withheld.prohibited"
    assert loc["column"] == "natural" and loc["source"] == {"line": 161}  # the file is the file's
    assert (
        loc["path"]
        == "表三 › 三、本年度办理结果 › （三）不予公开 › 2.其他法律行政法规禁止公开 × 自然人"
    )
    assert finding["cells"] == [
        {"cell": "result.withheld.prohibited×natural", "value": 0, "raw": "\xa000"}
    ]
    gone = data["files"][2]
    assert gone["status"] == "unreadable" and gone["findings"][0]["code"] == "DL901"
    assert data["summary"]["files"] == 3 and data["summary"]["exit_code"] == 1


def test_several_outputs_in_one_run(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = run("check", str(SEED), "--output", "rich", "--output", f"json={target}")
    assert result.returncode == 1  # DL301, the title
    assert "DL205" in result.stdout.decode()
    validate("check-output", json.loads(target.read_text(encoding="utf-8")))


def test_short_output_option_and_the_formats_in_help(tmp_path: Path) -> None:
    target = tmp_path / "out.sarif"
    result = run("check", str(SEED), "-o", f"sarif={target}", "-o", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["files"] and json.loads(target.read_text("utf-8"))["runs"]
    shown = " ".join(run("check", "--help").stdout.decode().split())
    assert "-o, --output NAME[=FILE]" in shown
    assert "rich (default) or json" not in shown
    for name in ("rich", "json", "sarif", "junit", "github", "csv", "html", "xlsx"):
        assert name in shown.split("Output format on stdout:")[1].split("--lang")[0], name


def test_an_uncaught_exception_is_exit_3_with_one_line(tmp_path: Path) -> None:
    plugin = FIXTURES / "plugins" / "crashing_reporter.py"
    args = ("check", str(SEED), "--plugin", str(plugin), "--format", "crashes")
    result = run(*args)
    err = result.stderr.decode()
    assert result.returncode == 3 and "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith("disclosure-lint：内部错误") and "KeyError: 'no-such-label'" in err
    assert "--debug" in err
    english = run(*args, "--lang", "en").stderr.decode()
    assert english.startswith("disclosure-lint: internal error") and english.count("\n") == 1
    for debug in (run("--debug", *args), run(*args, env={"DISCLOSURE_LINT_DEBUG": "1"})):
        assert debug.returncode == 3
        shown = debug.stderr.decode()
        assert "Traceback (most recent call last)" in shown and "crashing_reporter.py" in shown
        assert shown.rstrip().split("\n")[-1].startswith("disclosure-lint：内部错误")


def test_parse_prints_every_cell_with_keys_labels_and_location() -> None:
    result = run("parse", str(SEED))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    validate("parse-output", data)
    assert data["schema"] == "disclosure-lint/parse/1"
    cells = {(t["key"], c["row"], c["column"]): c for t in data["tables"] for c in t["cells"]}
    assert len(cells) == 22 + 161 + 15
    cell = cells[("table3", "result.withheld.prohibited", "natural")]
    assert cell["raw"] == "\xa000" and cell["value"] == 0 and cell["value_reason"] == "number"
    assert cell["irregularities"] == ["leading-zero"]
    assert cell["location"] == {"file": str(SEED), "line": 161}
    assert data["format"]["detected"] == "2019"
    assert [s["key"] for s in data["sections"]] == [
        "overview",
        "proactive",
        "requests",
        "review_litigation",
        "problems",
        "other",
    ]


def test_parse_yaml_and_data_formats(tmp_path: Path) -> None:
    out = run("parse", str(SEED), "--format", "yaml").stdout.decode()
    assert "schema: disclosure-lint/parse/1" in out
    data_out = run("parse", str(SEED), "--format", "data").stdout
    target = tmp_path / "seed.yaml"
    target.write_bytes(data_out)
    # the exported data is itself a valid report that checks the same way
    result = run("check", str(target), "--format", "json", "--ignore", "boilerplate")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [f["code"] for f in findings] == ["DL301", "DL340", "DL205"]


def test_stdin_with_filename() -> None:
    result = run(
        "check",
        "-",
        "--stdin-filename",
        "seed.txt",
        "--format",
        "json",
        "--ignore",
        "boilerplate",  # DL401–DL403 on section 五: see tests/test_boilerplate.py
        stdin=SEED.read_bytes(),
    )
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "seed.txt"
    assert [f["code"] for f in data["files"][0]["findings"]] == ["DL301", "DL340", "DL205"]


def test_rules_list_and_explain() -> None:
    listing = run("rules", "--format", "json")
    rules = json.loads(listing.stdout)
    codes = {r["code"] for r in rules}
    assert {"DL101", "DL102", "DL103", "DL104", "DL201", "DL205", "DL001"} <= codes
    text = run("rules").stdout.decode()
    assert "table3-column-balance" in text
    explained = run("explain", "DL101").stdout.decode()
    assert "第一项加第二项之和" in explained and "示例" in explained
    english = run("explain", "DL101", "--lang", "en").stdout.decode()
    assert "every column" in english and "国办公开办函〔2021〕30号" in english
    assert "domain-spec" not in explained + english  # citations name the notices, nothing internal
    assert run("explain", "table3-column-balance").returncode == 0
    missing = run("explain", "DL777")
    assert missing.returncode == 2 and "没有规则 'DL777'" in missing.stderr.decode()


def test_select_and_ignore() -> None:
    out = json.loads(
        run("check", str(SEED), "--ignore", "DL205", "--ignore", "DL40", "--format", "json").stdout
    )
    assert [f["code"] for f in out["files"][0]["findings"]] == ["DL301", "DL340"]
    out = json.loads(
        run(
            "check", str(SEED), "--ignore", "content", "--ignore", "boilerplate", "--format", "json"
        ).stdout
    )
    assert [f["code"] for f in out["files"][0]["findings"]] == ["DL205"]
    out = json.loads(run("check", str(SEED), "--select", "arithmetic", "--format", "json").stdout)
    assert out["files"][0]["findings"] == []
    assert out["summary"]["rules_loaded"] == 4
    assert run("check", str(SEED), "--select", "NOPE").returncode == 2


def test_bad_inputs_each_get_a_finding_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (tmp_path / "其他 报告.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    named = [str(tmp_path / n) for n in ("empty.txt", "binary.txt", "scan.png", "notes.yaml")]
    result = run("check", *named, str(tmp_path / "其他 报告.txt"), "--format", "json")
    assert b"Traceback" not in result.stderr
    data = json.loads(result.stdout)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert len(by_name) == 5
    assert by_name["empty.txt"]["findings"][0]["code"] == "DL905"
    assert by_name["binary.txt"]["findings"][0]["code"] == "DL903"
    assert by_name["scan.png"]["findings"][0]["code"] == "DL902"
    assert by_name["notes.yaml"]["findings"][0]["code"] == "DL902"
    assert by_name["其他 报告.txt"]["status"] == "checked"


def test_folder_walk_finds_reports_and_skips_others(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    shutil.copy(SHUYANG_DATA, tmp_path / "sub" / "b.yaml")
    (tmp_path / "image.png").write_bytes(b"png")
    (tmp_path / "loop").symlink_to(tmp_path)  # a symlink loop must not hang the walk
    data = json.loads(run("check", str(tmp_path), "--format", "json").stdout)
    names = sorted(Path(f["path"]).name for f in data["files"])
    assert names == ["a.txt", "b.yaml"]


def test_invalid_rule_file_is_a_usage_error_with_file_line_key(tmp_path: Path) -> None:
    bad = tmp_path / "local.yaml"
    bad.write_text(
        "schema: disclosure-lint/rule-pack/1\n"
        "pack: local\n"
        "rules:\n"
        "  - code: LC101\n"
        "    name: local-balance\n"
        "    kind: sum\n"
        "    severity: error\n"
        "    title: {zh: 测试, en: test}\n"
        "    message: {zh: '{table} 不平', en: '{table} unbalanced'}\n"
        "    rationale: {zh: 测试, en: test}\n"
        "    params:\n"
        "      table: table3\n"
        "      sum_over: rows\n"
        "      left: [new]\n"
        "      right: [result.totl]\n",  # line 15: unknown row
        encoding="utf-8",
    )
    result = run("check", str(SEED), "--rules", str(bad))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert f"{bad}:15: rules[0].params.right[0]" in err
    assert "no row 'result.totl'" in err
    assert b"Traceback" not in result.stderr
    validated = run("rules", "validate", str(bad))
    assert validated.returncode == 2 and f"{bad}:15" in validated.stdout.decode()


def test_a_crashing_rule_is_reported_and_the_run_goes_on() -> None:
    plugin = FIXTURES / "plugins" / "crashing_kind.py"
    result = run("check", str(SEED), str(SHUYANG_DATA), "--plugin", str(plugin), "--format", "json")
    assert result.returncode == 3
    data = json.loads(result.stdout)
    assert len(data["files"]) == 2
    for file in data["files"]:
        codes = [f["code"] for f in file["findings"]]
        assert "DL999" in codes
        crash = next(f for f in file["findings"] if f["code"] == "DL999")
        assert "TX001" in crash["message"] and "ZeroDivisionError" in crash["message"]
    seed_codes = [f["code"] for f in data["files"][0]["findings"]]
    assert "DL205" in seed_codes  # the other rules still ran


def test_plugin_that_fails_to_import_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken_plugin.py"
    broken.write_text("import does_not_exist\n", encoding="utf-8")
    result = run("check", str(SEED), "--plugin", str(broken))
    assert result.returncode == 3
    assert "broken_plugin" in result.stdout.decode()
    assert "ModuleNotFoundError" in result.stdout.decode()


@pytest.mark.parametrize("name", ["r003.md", "r004.txt", "r006.txt", "r012.txt"])
def test_other_corpus_reports_run_without_traceback(name: str) -> None:
    result = run("check", str(CORPUS / name), "--format", "json")
    assert result.returncode in (0, 1), result.stderr.decode()
    assert json.loads(result.stdout)["files"][0]["path"].endswith(name)


def test_pre_2019_report_is_recognised_not_parsed() -> None:
    data = json.loads(run("check", str(CORPUS / "r012.txt"), "--format", "json").stdout)
    file = data["files"][0]
    assert file["status"] == "not-checkable"
    assert file["format"]["detected"] == "pre2019"
    # the crawled text has no line breaks: its section headings are found inside the line
    # (DL935); the prose rules are not run, since the current section headings do not describe
    # a pre-2019 report (its 统计表 would be read as the measures of 五, DL403)
    assert [f["code"] for f in file["findings"]] == ["DL011", "DL935"]
    assert not [f for f in file["findings"] if f.get("location", {}).get("table")]


def test_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "disclosure_lint", "--version"], capture_output=True, timeout=60
    )
    assert result.returncode == 0 and b"disclosure-lint" in result.stdout


@pytest.mark.parametrize("encoding", ["ascii", "gbk", "utf-8"])
def test_reports_on_stdout_follow_the_console_encoding_and_never_fail_on_it(encoding) -> None:
    """The terminal report on a console whose encoding Python reports as ASCII comes out in
    UTF-8 (not a UnicodeEncodeError); on a GBK console it is GBK, on UTF-8 UTF-8."""
    result = run("check", str(SEED), "--no-cache", env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    text = result.stdout.decode("utf-8" if encoding == "ascii" else encoding)
    assert "银州区工人街道" in text and "DL301" in text
