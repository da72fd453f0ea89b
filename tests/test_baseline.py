"""Baselines: known findings pass, moved ones stay baselined, new ones fail."""

from __future__ import annotations

import json
from pathlib import Path

from .clitools import TABLE_RULES_ONLY, run
from .conftest import SEED


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def doctored(seed_text: str, changes: dict[int, str], prefix: str = "") -> str:
    lines = seed_text.split("\n")
    for line, raw in changes.items():
        lines[line - 1] = "\t" + raw
    return prefix + "\n".join(lines)


def test_baseline_accepts_known_findings_and_fails_new_ones(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    report = write(tmp_path / "gongren.txt", doctored(seed, {110: "3"}))  # an R1/R4 failure
    assert run("check", str(report), *TABLE_RULES_ONLY).returncode == 1
    baseline = tmp_path / ".disclosure-lint.baseline.json"
    created = run("baseline", "create", str(report), "-o", str(baseline))
    assert created.returncode == 0, created.stderr
    document = json.loads(baseline.read_text(encoding="utf-8"))
    assert document["schema"] == "disclosure-lint/baseline/1"
    codes = {e["code"] for e in document["entries"]}
    # the table findings, plus the seed's prose findings (title DL301, activity DL340, DL40x)
    assert {c for c in codes if not c.startswith(("DL3", "DL40"))} == {"DL101", "DL103", "DL205"}
    assert all("line" not in e for e in document["entries"])
    assert run("check", str(report), "--baseline", str(baseline)).returncode == 0

    # the same findings, moved down by three lines of added text: still baselined
    write(report, doctored(seed, {110: "3"}, prefix="说明一\n说明二\n说明三\n"))
    result = run("check", str(report), "--baseline", str(baseline), "--format", "json")
    assert result.returncode == 0
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert findings and all(f["accepted_by"] == "baseline" for f in findings)
    assert all(f["suppressed"].startswith("基线（") for f in findings)
    assert {f["location"]["source"]["line"] for f in findings if f["code"] == "DL101"} == {113}

    # a new failure (表四 复议 结果维持) fails the run; only it is not baselined
    write(report, doctored(seed, {110: "3", 386: "4"}, prefix="说明一\n说明二\n说明三\n"))
    result = run("check", str(report), "--baseline", str(baseline), "--format", "json")
    assert result.returncode == 1
    fresh = [f for f in json.loads(result.stdout)["files"][0]["findings"] if "suppressed" not in f]
    assert [f["code"] for f in fresh] == ["DL104"]


def test_renamed_report_matches_by_body_and_year(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    report = write(tmp_path / "a.txt", doctored(seed, {110: "3"}))
    baseline = tmp_path / "b.baseline.json"
    run("baseline", "create", str(report), "-o", str(baseline))
    renamed = report.rename(tmp_path / "renamed.txt")
    assert run("check", str(renamed), "--baseline", str(baseline)).returncode == 0


def test_missing_or_invalid_baseline_is_a_usage_error(tmp_path: Path) -> None:
    assert run("check", str(SEED), "--baseline", str(tmp_path / "none.json")).returncode == 2
    bad = write(tmp_path / "bad.json", '{"schema": "disclosure-lint/baseline/1", "entries": [{}]}')
    result = run("check", str(SEED), "--baseline", str(bad))
    assert result.returncode == 2 and "entries[0]" in result.stderr.decode()
