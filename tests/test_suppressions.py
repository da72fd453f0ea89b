"""Suppressions: reason required, location-based, unused and expired ones reported."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from .clitools import TABLE_RULES_ONLY, run
from .conftest import SEED

CELL = "表三 › 三、本年度办理结果 › （三）不予公开 › 2.其他法律行政法规禁止公开 × 自然人"


def copy_seed(folder: Path) -> Path:
    target = folder / "gongren.txt"
    shutil.copy(SEED, target)
    return target


# These tests are about mechanisms: only the seed's table findings count here.
QUIET = TABLE_RULES_ONLY


def checked(result):
    data = json.loads(result.stdout)
    return {Path(f["path"]).name: f for f in data["files"]}


def test_sidecar_suppression_accepts_the_finding(tmp_path: Path) -> None:
    report = copy_seed(tmp_path)
    (tmp_path / "gongren.txt.suppressions.yaml").write_text(
        "schema: disclosure-lint/suppressions/1\n"
        "suppressions:\n"
        f"  - code: DL205\n    path: {CELL}\n    reason: 原件如此，已电话核实为 0\n",
        encoding="utf-8",
    )
    result = run("check", str(report), *QUIET, "--fail-on", "warning", "--format", "json")
    assert result.returncode == 0
    (finding,) = checked(result)["gongren.txt"]["findings"]
    assert finding["code"] == "DL205" and "原件如此" in finding["suppressed"]
    assert json.loads(result.stdout)["summary"]["by_severity"]["warning"] == 0


def test_keys_instead_of_path_and_group_keys(tmp_path: Path) -> None:
    report = copy_seed(tmp_path)
    (tmp_path / "gongren.txt.suppressions.yaml").write_text(
        "schema: disclosure-lint/suppressions/1\nsuppressions:\n"
        "  - {code: irregular-number, table: table3, row: result.withheld, reason: 核实无误}\n",
        encoding="utf-8",
    )
    assert run("check", str(report), *QUIET, "--fail-on", "warning").returncode == 0


def test_folder_walk_does_not_take_the_sidecar_for_a_report(tmp_path: Path) -> None:
    copy_seed(tmp_path)
    (tmp_path / "gongren.txt.suppressions.yaml").write_text(
        "schema: disclosure-lint/suppressions/1\nsuppressions: []\n", encoding="utf-8"
    )
    assert list(checked(run("check", str(tmp_path), "--format", "json"))) == ["gongren.txt"]


def test_reason_is_required(tmp_path: Path) -> None:
    report = copy_seed(tmp_path)
    sidecar = tmp_path / "gongren.txt.suppressions.yaml"
    sidecar.write_text(
        "schema: disclosure-lint/suppressions/1\nsuppressions:\n"
        "  - code: DL205\n    table: table3\n",
        encoding="utf-8",
    )
    result = run("check", str(report), *QUIET)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert f"{sidecar}:3: suppressions[0]" in err and "reason" in err


def test_unused_suppression_is_reported(tmp_path: Path) -> None:
    report = copy_seed(tmp_path)
    (tmp_path / "gongren.txt.suppressions.yaml").write_text(
        "schema: disclosure-lint/suppressions/1\nsuppressions:\n"
        "  - {code: DL101, table: table3, column: natural, reason: 已核实}\n",
        encoding="utf-8",
    )
    result = run("check", str(report), *QUIET, "--format", "json")
    codes = [f["code"] for f in checked(result)["gongren.txt"]["findings"]]
    assert sorted(codes) == ["DL205", "DL950"]
    unused = next(f for f in checked(result)["gongren.txt"]["findings"] if f["code"] == "DL950")
    assert unused["location"]["source"]["line"] == 3


def test_expired_suppression_no_longer_applies(tmp_path: Path) -> None:
    report = copy_seed(tmp_path)
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    sidecar = tmp_path / "gongren.txt.suppressions.yaml"
    sidecar.write_text(
        "schema: disclosure-lint/suppressions/1\nsuppressions:\n"
        f"  - {{code: DL205, table: table3, reason: 整改期内, expires: '{yesterday}'}}\n",
        encoding="utf-8",
    )
    result = run("check", str(report), *QUIET, "--fail-on", "warning", "--format", "json")
    assert result.returncode == 1
    findings = checked(result)["gongren.txt"]["findings"]
    assert sorted(f["code"] for f in findings) == ["DL205", "DL951"]
    assert all("suppressed" not in f for f in findings)
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace(yesterday, tomorrow), encoding="utf-8"
    )
    assert run("check", str(report), *QUIET, "--fail-on", "warning").returncode == 0


def test_repository_file_with_globs_and_its_own_unused_entries(tmp_path: Path) -> None:
    copy_seed(tmp_path)
    (tmp_path / ".disclosure-lint-suppressions.yaml").write_text(
        "schema: disclosure-lint/suppressions/1\nsuppressions:\n"
        "  - {code: DL205, files: '*.txt', reason: 全部核实过}\n"
        "  - {code: DL204, files: '*.txt', reason: 不会匹配}\n",
        encoding="utf-8",
    )
    (tmp_path / ".disclosure-lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    result = run("check", ".", *QUIET, "--format", "json", cwd=tmp_path)
    files = checked(result)
    assert files["gongren.txt"]["findings"][0]["suppressed"]
    config_entry = files[".disclosure-lint-suppressions.yaml"]
    assert config_entry["status"] == "config"
    assert [f["code"] for f in config_entry["findings"]] == ["DL950"]
    assert json.loads(result.stdout)["summary"]["files"] == 1
    assert result.returncode == 1  # the unused suppression is a warning, fail-on warning
