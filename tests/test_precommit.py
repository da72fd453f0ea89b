"""The pre-commit hook of this repository, run by real pre-commit in a real git repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .clitools import ROOT
from .conftest import seed_with_corrected_title

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def environ() -> dict[str, str]:
    bindir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PRE_COMMIT_HOME": os.environ.get(
            "PRE_COMMIT_HOME", str(Path.home() / ".cache/pre-commit")
        ),
    }


def sh(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(args), cwd=cwd, env=environ(), capture_output=True, text=True, check=check, timeout=900
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    sh("git", "init", "-q", "-b", "main", cwd=tmp_path)
    (tmp_path / "README.md").write_text("# 年报草稿\n", encoding="utf-8")  # not a report
    return tmp_path


def broken_copy(target: Path) -> None:
    lines = seed_with_corrected_title().split("\n")
    lines[109] = "\t3"  # 表三 一、本年新收 × 自然人: R1 and R4 fail
    target.write_text("\n".join(lines), encoding="utf-8")


def test_hook_definition() -> None:
    hook = next(h for h in HOOKS if h["id"] == "disclosure-lint")
    assert hook["entry"].startswith("disclosure-lint check") and "--no-progress" in hook["entry"]
    assert "--affected" in hook["entry"]
    assert hook["require_serial"] is True
    assert hook["language"] == "python"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    for name in (
        "r.txt",
        "reports/r.pdf",
        "reports/r.txt.suppressions.yaml",
        ".disclosure-lint-suppressions.yaml",
        "sub/.disclosure-lint.yaml",
        ".disclosure-lint.yml",
        ".disclosure-lint.baseline.json",
        "pyproject.toml",
    ):
        assert files.search(name) and not exclude.search(name), name
    for name in ("README.md", "data.yaml", "setup.cfg", ".pre-commit-config.yaml"):
        assert not files.search(name) or exclude.search(name), name


def test_commit_with_a_failing_report_is_blocked_and_a_clean_one_passes(repo: Path) -> None:
    hook = {**next(h for h in HOOKS if h["id"] == "disclosure-lint"), "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )
    sh(sys.executable, "-m", "pre_commit", "install", cwd=repo)
    # clean = no error (warnings do not block a commit at the default --fail-on error)
    (repo / "gongren-2019.txt").write_text(seed_with_corrected_title(), encoding="utf-8")
    sh("git", "add", ".", cwd=repo)
    clean = sh("git", "commit", "-m", "clean report", cwd=repo, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken_copy(repo / "gongren-2019.txt")
    sh("git", "add", ".", cwd=repo)
    blocked = sh("git", "commit", "-m", "broken report", cwd=repo, check=False)
    assert blocked.returncode != 0
    output = blocked.stdout + blocked.stderr  # git prints hook output on stderr
    assert "DL101" in output and "gongren-2019.txt" in output
    log = sh("git", "log", "--oneline", cwd=repo).stdout
    assert "broken report" not in log and "clean report" in log


def install_hook(repo: Path) -> None:
    hook = {**next(h for h in HOOKS if h["id"] == "disclosure-lint"), "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )
    sh(sys.executable, "-m", "pre_commit", "install", cwd=repo)


SUPPRESSED = """\
schema: disclosure-lint/suppressions/1
suppressions:
  - code: DL101
    reason: 表三数据以原件为准，已报整改
    expires: {expires}
  - code: DL103
    reason: 同上
    expires: {expires}
"""


def test_a_commit_changing_only_suppressions_is_checked(repo: Path) -> None:
    """The hook runs when only a suppression file changes, and checks the reports it covers: an
    expired suppression brings its error back and blocks the commit; a broken sidecar too."""
    install_hook(repo)
    (repo / "reports").mkdir()
    broken_copy(repo / "reports" / "gongren-2019.txt")  # DL101 and DL103, both errors
    suppressions = repo / ".disclosure-lint-suppressions.yaml"
    suppressions.write_text(SUPPRESSED.format(expires="2999-12-31"), encoding="utf-8")
    sh("git", "add", ".", cwd=repo)
    accepted = sh("git", "commit", "-m", "report with accepted errors", cwd=repo, check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    suppressions.write_text(SUPPRESSED.format(expires="2020-01-31"), encoding="utf-8")
    sh("git", "add", str(suppressions), cwd=repo)
    staged = sh("git", "diff", "--cached", "--name-only", cwd=repo).stdout.split()
    assert staged == [".disclosure-lint-suppressions.yaml"]
    blocked = sh("git", "commit", "-m", "let them expire", cwd=repo, check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "DL951" in output and "DL101" in output and "reports/gongren-2019.txt" in output
    assert "let them expire" not in sh("git", "log", "--oneline", cwd=repo).stdout

    sh("git", "checkout", "--", ".", cwd=repo)
    sh("git", "reset", "-q", cwd=repo)
    suppressions.write_text(SUPPRESSED.format(expires="2999-12-31"), encoding="utf-8")
    sidecar = repo / "reports" / "gongren-2019.txt.suppressions.yaml"
    sidecar.write_text(
        "schema: disclosure-lint/suppressions/1\nsuppressions:\n"
        "  - code: DL205\n    reason: 原件如此\n    expires: 2025-13-01\n",
        encoding="utf-8",
    )
    sh("git", "add", str(sidecar), cwd=repo)
    bad = sh("git", "commit", "-m", "sidecar", cwd=repo, check=False)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0
    assert "gongren-2019.txt.suppressions.yaml:5: suppressions[0].expires" in output
    assert "Traceback" not in output


def test_affected_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure_lint.cli.affected import affected_paths
    from disclosure_lint.core.config import load_config
    from disclosure_lint.core.errors import DataFileError

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "r.txt.suppressions.yaml").write_text(
        "schema: disclosure-lint/suppressions/1\nsuppressions: []\n", encoding="utf-8"
    )
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / ".disclosure-lint.baseline.json").write_text(
        '{"schema": "disclosure-lint/baseline/1", "entries": []}', encoding="utf-8"
    )
    (tmp_path / ".disclosure-lint.yaml").write_text("fail-on: error\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = load_config(tmp_path)
    files, folders = affected_paths(
        [
            "a/r.txt.suppressions.yaml",
            "a/r.txt",
            "b/.disclosure-lint.baseline.json",
            ".disclosure-lint.yaml",
            "pyproject.toml",  # no [tool.disclosure-lint]: affects nothing
            "c.md",
        ],
        config,
    )
    assert files == ["a/r.txt", "c.md"] and folders == ["b", "."]
    (tmp_path / "b" / ".disclosure-lint.baseline.json").write_text("{entries: 3}", "utf-8")
    with pytest.raises(DataFileError):
        affected_paths(["b/.disclosure-lint.baseline.json"], config)


def test_try_repo_installs_and_runs_this_repositorys_hook(repo: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs this project as a git checkout")
    (repo / "clean.txt").write_text(seed_with_corrected_title(), encoding="utf-8")
    broken_copy(repo / "broken.txt")
    sh("git", "add", ".", cwd=repo)
    ok = sh(
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(ROOT),
        "disclosure-lint",
        "--files",
        "clean.txt",
        "README.md",
        cwd=repo,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = sh(
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(ROOT),
        "disclosure-lint",
        "--files",
        "broken.txt",
        cwd=repo,
        check=False,
    )
    assert bad.returncode != 0 and "DL101" in bad.stdout + bad.stderr
