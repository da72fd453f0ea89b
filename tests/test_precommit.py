"""The pre-commit hook of this repository, run by real pre-commit in a real git repository."""

from __future__ import annotations

import os
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
    assert hook["require_serial"] is True
    assert hook["language"] == "python"


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
