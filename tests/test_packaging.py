"""The wheel ships the rule packs and format definitions, and works without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("disclosure_lint-*.whl")
    return path


def test_wheel_contains_rules_formats_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "disclosure_lint/_rules/formats/gov-2019.yaml",
        "disclosure_lint/_rules/formats/gov-2021.yaml",
        "disclosure_lint/_rules/formats/pre-2019.yaml",
        "disclosure_lint/_rules/packs/national-arithmetic.yaml",
        "disclosure_lint/schemas/rule-pack.schema.json",
        "disclosure_lint/schemas/check-output.schema.json",
        "disclosure_lint/reporters/html/report.js",
        "disclosure_lint/reporters/html/tables.js",
        "disclosure_lint/reporters/html/report.css",
    ):
        assert expected in names, expected


def test_installed_wheel_checks_the_example_outside_the_checkout(wheel: Path, tmp_path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    example = ROOT / "examples" / "yinzhou-gongren-2019.txt"
    env = {**os.environ, "PYTHONPATH": str(target), "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    code = (
        "import disclosure_lint, disclosure_lint.builtin_rules as b;"
        "print(disclosure_lint.__file__); print(b.rules_dir())"
    )
    where = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout.split("\n")
    assert where[0].startswith(str(target)) and where[1].endswith("_rules")
    result = subprocess.run(
        [sys.executable, "-m", "disclosure_lint", "check", str(example)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    # the example's title lacks 公开 (DL301, an error), so the check fails (exit 1)
    assert result.returncode == 1, result.stderr
    assert "DL205" in result.stdout and "DL301" in result.stdout
