"""The archive: SQLite storage, schema migrations, the archive command and check --archive."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from disclosure_lint.archive import (
    SCHEMA_VERSION,
    Archive,
    ArchiveError,
    canonical_json,
    migrate,
    version_of,
)
from disclosure_lint.cli.main import cli
from disclosure_lint.core.codec import report_to_data

from .conftest import FIXTURES, SEED

HONGZE_2023 = FIXTURES / "data" / "hongze-2023.yaml"
HONGZE_2024 = FIXTURES / "data" / "hongze-2024.yaml"


def test_add_get_and_replace(tmp_path: Path, load) -> None:
    report = load(SEED)
    with Archive(tmp_path / "a.sqlite3") as store:
        entry = store.add(report, "seed.txt")
        assert (entry.body, entry.year) == ("银州区工人街道", 2019)
        data = store.get("银州区工人街道", 2019)
        assert data == json.loads(canonical_json(report_to_data(report)))
        # the key folds spaces and widths; adding again replaces
        assert store.get("银州区 工人街道", 2019) == data
        store.add(report, "again.txt")
        assert len(store) == 1
        assert [e.source for e in store.entries()] == ["again.txt"]
        assert store.get("银州区工人街道", 2018) is None


def test_a_report_without_body_or_year_is_refused(tmp_path: Path, load) -> None:
    report = load(SEED)
    report.metadata.year = None
    with Archive(tmp_path / "a.sqlite3") as store, pytest.raises(ArchiveError):
        store.add(report)


def test_a_version_1_database_is_migrated_and_its_data_survives(tmp_path: Path, load) -> None:
    path = tmp_path / "v1.sqlite3"
    data = report_to_data(load(SEED))
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 0
    assert version_of(conn) == 1
    conn.execute(
        "INSERT INTO reports (body, year, data) VALUES (?, ?, ?)",
        ("银州区 工人街道", 2019, json.dumps(data, ensure_ascii=False, indent=2)),
    )
    conn.close()
    with Archive(path) as store:
        assert store.migrated_from == 1
        assert version_of(store.conn) == SCHEMA_VERSION
        assert store.get("银州区工人街道", 2019) == data
        [entry] = store.entries()
        assert entry.title == data["title"]
        assert entry.sha256 and entry.body == "银州区 工人街道"


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ArchiveError, match="比本程序所知的版本") as raised:
        Archive(path)
    assert "newer" in raised.value.text.en


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("not a database " * 100, encoding="utf-8")
    with pytest.raises(ArchiveError):
        Archive(path)


def test_archive_command_and_check_with_archive(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite3")
    runner = CliRunner()
    added = runner.invoke(cli, ["archive", "add", str(HONGZE_2023), "--archive", db])
    assert added.exit_code == 0, added.output
    assert "已归档 淮安市洪泽区人民政府 2023" in added.output
    english = runner.invoke(
        cli, ["archive", "add", str(HONGZE_2023), "--archive", db, "--lang", "en"]
    )
    assert "added 淮安市洪泽区人民政府 2023" in english.output
    listed = runner.invoke(cli, ["archive", "list", "--archive", db, "--json"])
    assert [e["year"] for e in json.loads(listed.output)] == [2023]
    shown = runner.invoke(cli, ["archive", "show", "淮安市洪泽区人民政府", "2023", "--archive", db])
    assert json.loads(shown.output)["tables"]["table3"]["carry_forward"]["total"] == 0
    missing = runner.invoke(cli, ["archive", "show", "某某", "2023", "--archive", db])
    assert missing.exit_code == 2

    # a 2024 report whose 上年结转 does not match the archived 2023 report
    text = HONGZE_2024.read_text(encoding="utf-8").replace(
        "  carried_over:\n      natural: 0", "  carried_over:\n      natural: 6"
    )
    assert "natural: 6" in text
    doctored = tmp_path / "hongze-2024.yaml"
    doctored.write_text(text, encoding="utf-8")
    checked = runner.invoke(
        cli, ["check", str(doctored), "--archive", db, "--format", "json", "--select", "DL43"]
    )
    assert checked.exit_code == 0, checked.output
    out = json.loads(checked.stdout)
    [finding] = out["files"][0]["findings"]
    assert finding["code"] == "DL430"
    assert finding["data"]["previous"]["from"] == "archive"
    # check --archive added what it checked
    listed = runner.invoke(cli, ["archive", "list", "--archive", db, "--json"])
    assert [e["year"] for e in json.loads(listed.output)] == [2023, 2024]


def test_check_previous_option(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "check",
            str(HONGZE_2024),
            "--previous",
            str(HONGZE_2023),
            "--format",
            "json",
            "--select",
            "DL4",
        ],
    )
    assert result.exit_code == 0, result.output
    codes = [f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert "DL430" not in codes and "DL431" not in codes
    bad = runner.invoke(
        cli, ["check", str(HONGZE_2024), "--previous", str(tmp_path), "--select", "DL4"]
    )
    assert bad.exit_code == 0  # an empty folder is no previous report, not an error
