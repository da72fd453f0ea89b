"""Fuzzing every file a user writes, through the command line run in this process.

For each kind of file — repository suppressions and sidecars, ``.disclosure-lint.yaml``,
``pyproject.toml``, baselines, report data, rule packs and rule test cases — Hypothesis writes
files as people write them (dates with and without quotes, anchors and aliases, flow and block
style), files with one defect put in on purpose (a YAML tag, an impossible date, a misspelt key,
a value of the wrong type, nesting too deep) and files with their text mutated. The run must end
with exit code 0 or 1 for a good file, 2 naming the file and the defect's line for a bad one (a
finding at that line for report data), and never with a traceback or an internal error.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.cli.main import cli
from disclosure_lint.core.errors import DataFileError
from disclosure_lint.testing.cases import load_cases

from .conftest import SEED, SHUYANG_DATA
from .userfiles import (
    Anchored,
    Defect,
    Raw,
    Written,
    date_value,
    dump_json,
    dump_pyproject,
    dump_yaml,
    mutated_text,
    put_defect,
)

REPORT = "reports/gongren-2019.txt"
BASE = ("--no-cache", "--jobs", "1", "--no-progress", "--no-plugin-autoload")

# the seed report's findings, rule names and tags, and codes it does not trigger (unused)
CODES = ("DL205", "DL301", "DL340", "DL402", "DL401", "DL403", "DL101", "DL104", "irregular-number")
SELECTORS = ("DL2", "DL205", "DL3", "irregular-number", "cells", "content", "boilerplate")
REASONS = ("原表如此，已核实", "accepted by the reviewer", "整改期限内", "见 2025-03 会议纪要")


def fuzz(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@contextmanager
def project(files: dict[str, str]) -> Iterator[Path]:
    """A folder holding the seed report and ``files``, as the current directory."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "reports").mkdir()
        (root / REPORT).write_bytes(SEED.read_bytes())
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(before)


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    output = result.output
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{output}"
    )
    assert result.exit_code in (0, 1, 2), f"exit {result.exit_code}\n{output}"
    return result


def assert_outcome(result: Result, name: str, written: Written, mutated: bool) -> None:
    """0/1 for a good file; 2 naming the file (and the defect's line) for a bad one."""
    output = result.output
    defect = written.defect
    if mutated:
        if result.exit_code == 2:
            assert name in output, output
        return
    if defect is None:
        assert result.exit_code in (0, 1), f"a good {name} was refused:\n{written.text}\n{output}"
        return
    assert result.exit_code == 2, f"{defect} in {name} was accepted:\n{written.text}\n{output}"
    assert f"{name}:{defect.line}" in output, f"{defect}\n{written.text}\n{output}"
    expected = {
        "tag": defect.detail,
        "date": "日期",
        "unknown-key": "是否应为",
        "depth": "嵌套",
        "missing-plugin": "插件",
    }.get(defect.kind)
    if expected:
        assert expected in output, f"{defect}\n{output}"


# ---------------------------------------------------------------------------------------------
# Suppressions: a repository file and a sidecar


@st.composite
def suppression_doc(draw: st.DrawFn) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    first_reason = draw(st.sampled_from(REASONS))
    for index in range(draw(st.integers(1, 4))):
        entry: dict[str, Any] = {"code": draw(st.sampled_from(CODES))}
        if index == 0:
            entry["reason"] = Anchored("why", first_reason)
        else:
            entry["reason"] = Raw("*why") if draw(st.booleans()) else draw(st.sampled_from(REASONS))
        if draw(st.booleans()):
            entry["expires"] = draw(date_value())
        if draw(st.booleans()):
            entry["section"] = draw(st.sampled_from(["overview", "problems", "requests"]))
        if draw(st.booleans()):
            entry["table"] = "table3"
            entry["row"] = draw(st.sampled_from(["result.withheld", "new", "result"]))
        if draw(st.booleans()):
            entry["ticket"] = draw(st.sampled_from(["REV-12", "2025-7"]))
        entries.append(entry)
    return {"schema": "disclosure-lint/suppressions/1", "suppressions": entries}


SUPPRESSION_DEFECTS = ("tag-scalar", "tag-mapping", "date", "unknown-key", "type", "depth")


@fuzz(50)
@given(data=st.data())
def test_suppression_files(data) -> None:
    doc = data.draw(suppression_doc())
    sidecar = data.draw(st.booleans())
    name = f"{REPORT}.suppressions.yaml" if sidecar else ".disclosure-lint-suppressions.yaml"
    defect: Defect | None = None
    mode = data.draw(st.sampled_from(["good", "defect", "defect", "mutated"]))
    if mode == "defect":
        index = data.draw(st.integers(0, len(doc["suppressions"]) - 1))
        defect = put_defect(
            data.draw,
            doc,
            ("suppressions", index),
            SUPPRESSION_DEFECTS,
            wrong_type=[{"x": 1}],
            date_key="expires",
        )
    written = dump_yaml(doc, defect)
    text = data.draw(mutated_text(written.text)) if mode == "mutated" else written.text
    with project({name: text}):
        result = invoke("check", "reports", *BASE)  # the default (terminal) output
    assert_outcome(result, Path(name).name, written, mode == "mutated")


# ---------------------------------------------------------------------------------------------
# Configuration: .disclosure-lint.yaml and [tool.disclosure-lint] in pyproject.toml


@st.composite
def config_doc(draw: st.DrawFn) -> dict[str, Any]:
    options: dict[str, st.SearchStrategy[Any]] = {
        "fail-on": st.sampled_from(["error", "warning", "info", "never"]),
        "lang": st.sampled_from(["zh", "en"]),
        "ignore": st.lists(st.sampled_from(SELECTORS), min_size=1, max_size=2),
        "extend-select": st.lists(st.sampled_from(SELECTORS), min_size=1, max_size=2),
        "per-path-ignores": st.builds(
            lambda s: {"reports/*": s}, st.lists(st.sampled_from(SELECTORS), min_size=1)
        ),
        "severity": st.builds(
            lambda c, s: {c: s}, st.sampled_from(CODES), st.sampled_from(["error", "info"])
        ),
        "body-types": st.just({"*街道*": "township"}),
        "deadlines": st.builds(
            lambda d: {"township": d}, st.sampled_from(["02-20", "01-31", "02-29"])
        ),
        "files": st.builds(
            lambda published, year: {"*gongren*": {"published": published, "year": year}},
            date_value(),
            st.integers(2019, 2025),
        ),
        "max-file-size": st.integers(10_000_000, 10**9),
        "jobs": st.integers(0, 2),
        "file-timeout": st.integers(0, 300) | st.floats(1, 300),
        "cache": st.booleans(),
    }
    keys = draw(st.lists(st.sampled_from(sorted(options)), min_size=1, max_size=6, unique=True))
    return {key: draw(options[key]) for key in keys}


CONFIG_DEFECTS = ("tag-scalar", "tag-mapping", "unknown-key", "type", "depth")


def config_defect(data, doc: dict[str, Any], toml: bool) -> Defect:
    kind = data.draw(st.sampled_from(["top", "top", "date", "missing-plugin"]))
    if kind == "missing-plugin":
        doc["plugins"] = ["no_such_plugin_module_xyz"]
        return Defect("missing-plugin", ("plugins",))
    if kind == "date":
        doc["files"] = {"*gongren*": {"published": "x"}}
        defect = put_defect(data.draw, doc, ("files", "*gongren*"), ("date",), date_key="published")
        if toml:  # TOML knows one line per top-level key here
            defect.path = ("files",)
        return defect
    kinds = ("unknown-key", "type") if toml else CONFIG_DEFECTS
    return put_defect(data.draw, doc, (), kinds, wrong_type=[{"x": 1}])


@fuzz(40)
@given(data=st.data())
def test_configuration_files(data) -> None:
    doc = data.draw(config_doc())
    toml = data.draw(st.booleans())
    mode = data.draw(st.sampled_from(["good", "defect", "defect", "mutated"]))
    defect = config_defect(data, doc, toml) if mode == "defect" else None
    written = dump_pyproject(doc, defect) if toml else dump_yaml(doc, defect)
    text = data.draw(mutated_text(written.text)) if mode == "mutated" else written.text
    name = "pyproject.toml" if toml else ".disclosure-lint.yaml"
    with project({name: text}):
        result = invoke("check", "reports", *BASE)
    assert_outcome(result, name, written, mode == "mutated")


# ---------------------------------------------------------------------------------------------
# Baselines (JSON, as ``baseline create`` writes them)


@st.composite
def baseline_doc(draw: st.DrawFn) -> dict[str, Any]:
    entries = [
        {
            "file": draw(st.sampled_from(["gongren-2019.txt", "other.txt"])),
            "report": draw(st.sampled_from(["银州区工人街道|2019", None])),
            "code": draw(st.sampled_from(CODES[:6])),
            "outcome": draw(st.sampled_from(["fail", "not-assessable"])),
            "location": draw(st.sampled_from(["file", "section/overview", "table3/*/*"])),
            "count": draw(st.integers(1, 3)),
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    return {
        "schema": "disclosure-lint/baseline/1",
        "tool": {"name": "disclosure-lint", "version": "0.1.0"},
        "created": draw(st.sampled_from(["2025-03-01T10:00:00+00:00", Raw("2025-03-01")])),
        "entries": entries,
    }


@fuzz(30)
@given(data=st.data())
def test_baselines(data) -> None:
    doc = data.draw(baseline_doc())
    mode = data.draw(st.sampled_from(["good", "defect", "defect", "mutated"]))
    defect = None
    if mode == "defect":
        target: tuple = ()
        if doc["entries"] and data.draw(st.booleans()):
            target = ("entries", data.draw(st.integers(0, len(doc["entries"]) - 1)))
        kinds = ("tag-scalar", "unknown-key", "type", "depth")
        defect = put_defect(data.draw, doc, target, kinds, wrong_type=[{"x": 1}])
    written = dump_json(doc, defect)
    text = data.draw(mutated_text(written.text)) if mode == "mutated" else written.text
    name = "reports/.disclosure-lint.baseline.json"
    with project({name: text}):
        result = invoke("check", "reports", "--baseline", name, *BASE)
    assert_outcome(result, Path(name).name, written, mode == "mutated")


# ---------------------------------------------------------------------------------------------
# Report data: findings, never exit 2 or 3


SHUYANG = yaml.safe_load(SHUYANG_DATA.read_text(encoding="utf-8"))


@st.composite
def report_data_doc(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": "disclosure-lint/report-data/1",
        "title": SHUYANG["title"],
        "body": SHUYANG["body"],
        "year": draw(st.integers(2021, 2025)),
    }
    if draw(st.booleans()):
        doc["published"] = draw(date_value() | st.just("2026年1月23日"))
    doc["sections"] = SHUYANG["sections"]
    doc["tables"] = SHUYANG["tables"]
    return doc


@fuzz(40)
@given(data=st.data())
def test_report_data(data) -> None:
    import json

    doc = data.draw(report_data_doc())
    mode = data.draw(st.sampled_from(["good", "defect", "defect", "mutated"]))
    defect = None
    if mode == "defect":
        kinds = ("tag-scalar", "tag-mapping", "date", "unknown-key", "type", "depth")
        defect = put_defect(data.draw, doc, (), kinds, wrong_type=[{"x": 1}], date_key="published")
    written = dump_yaml(doc, defect, flow_below=4)
    text = data.draw(mutated_text(written.text)) if mode == "mutated" else written.text
    name = "reports/data.yaml"
    with project({name: text}):
        result = invoke("check", name, "--format", "json", *BASE)
    assert result.exit_code in (0, 1), result.output
    (checked,) = json.loads(result.output)["files"]
    codes = [f["code"] for f in checked["findings"]]
    assert "DL999" not in codes, checked["findings"]
    if mode == "good":
        assert checked["status"] == "checked" and "DL906" not in codes, checked["findings"]
    if defect is not None:
        lines = [
            f["location"]["source"]["line"] for f in checked["findings"] if f["code"] == "DL906"
        ]
        assert defect.line in lines, (defect, written.text, checked["findings"])
        if defect.kind == "date":  # the rest of the report is checked as usual
            assert checked["status"] == "checked", checked["findings"]


# ---------------------------------------------------------------------------------------------
# Rule packs (rules validate, check --rules) and rule test cases


def rule_pack_doc(draw: st.DrawFn) -> dict[str, Any]:
    rules = []
    for index in range(draw(st.integers(1, 3))):
        rules.append(
            {
                "code": f"LC{index + 1:03d}",
                "name": f"local-rule-{index + 1}",
                "kind": "cell",
                "severity": draw(st.sampled_from(["error", "warning", "info"])),
                "tags": ["local"],
                "title": {"zh": "本地规则", "en": "Local rule"},
                "message": {"zh": "{table}「{cell}」：{raw}", "en": "{table} '{cell}': {raw}"},
                "rationale": {"zh": "本地要求。", "en": "Local policy."},
                "params": {"check": draw(st.sampled_from(["blank", "negative", "text"]))},
            }
        )
    doc: dict[str, Any] = {"schema": "disclosure-lint/rule-pack/1", "pack": "local", "rules": rules}
    if draw(st.booleans()):
        doc["overrides"] = [{"rule": "irregular-number", "severity": "error", "reason": "本地要求"}]
    return doc


@fuzz(40)
@given(data=st.data())
def test_rule_packs(data) -> None:
    doc = rule_pack_doc(data.draw)
    mode = data.draw(st.sampled_from(["good", "defect", "defect", "mutated"]))
    defect = None
    if mode == "defect":
        index = data.draw(st.integers(0, len(doc["rules"]) - 1))
        kinds = ("tag-scalar", "tag-mapping", "unknown-key", "type", "depth")
        defect = put_defect(data.draw, doc, ("rules", index), kinds, wrong_type=[{"x": 1}])
    written = dump_yaml(doc, defect)
    text = data.draw(mutated_text(written.text)) if mode == "mutated" else written.text
    with project({"local.yaml": text}):
        if data.draw(st.booleans()):
            result = invoke("rules", "--no-plugin-autoload", "validate", "local.yaml")
        else:
            result = invoke("check", REPORT, "--rules", "local.yaml", *BASE)
    assert_outcome(result, "local.yaml", written, mode == "mutated")


@st.composite
def rule_tests_doc(draw: st.DrawFn) -> dict[str, Any]:
    cases = []
    for index in range(draw(st.integers(1, 3))):
        case: dict[str, Any] = {"name": f"case {index}"}
        source = draw(st.sampled_from(["text", "data", "report"]))
        if source == "text":
            case["text"] = "银州区工人街道2019年政府信息公开工作年度报告\n一、总体情况\n"
        elif source == "data":
            case["data"] = {"title": "某街道2024年政府信息公开工作年度报告", "year": 2024}
            if draw(st.booleans()):
                case["data"]["published"] = draw(date_value())
        else:
            case["report"] = "gongren-2019.txt"
        if draw(st.booleans()):
            case["settings"] = {"published": draw(date_value())}
        case["expect"] = draw(st.lists(st.sampled_from(CODES[:6]), max_size=2))
        cases.append(case)
    return {"schema": "disclosure-lint/rule-tests/1", "cases": cases}


@fuzz(60)
@given(data=st.data())
def test_rule_test_cases(data, tmp_path_factory: pytest.TempPathFactory) -> None:
    doc = data.draw(rule_tests_doc())
    mode = data.draw(st.sampled_from(["good", "defect", "defect", "mutated"]))
    defect = None
    if mode == "defect":
        index = data.draw(st.integers(0, len(doc["cases"]) - 1))
        kinds = ("tag-scalar", "tag-mapping", "unknown-key", "type", "depth")
        defect = put_defect(data.draw, doc, ("cases", index), kinds, wrong_type=[{"x": 1}])
    written = dump_yaml(doc, defect)
    text = data.draw(mutated_text(written.text)) if mode == "mutated" else written.text
    path = tmp_path_factory.mktemp("cases") / "local.tests.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        cases = load_cases(path)
    except DataFileError as exc:
        assert mode != "good", f"{exc}\n{text}"
        assert exc.problems and all(p.file == str(path) for p in exc.problems), str(exc)
        if defect is not None:
            assert defect.line in [p.line for p in exc.problems], f"{defect}\n{text}\n{exc}"
        return
    assert defect is None, f"{defect} in a rule test file was accepted:\n{text}"
    assert all(case.file == path for case in cases)
