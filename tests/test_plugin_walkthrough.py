"""A rule author following docs/plugins.md alone: create, install, test and run a plugin in a
fresh virtual environment; and the example 怀化市 policy plugin, installed and exercised."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .clitools import ROOT, TABLE_RULES_ONLY
from .conftest import SEED, seed_with_corrected_title

EXAMPLE = ROOT / "plugins" / "disclosure-lint-huaihua"
PROSE_OFF = " ".join(TABLE_RULES_ONLY)  # only the seed's table finding (DL205) besides HH0xx


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A new virtual environment with disclosure-lint installed from this checkout."""
    path = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    pip = [str(path / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(ROOT)], check=True, timeout=900, capture_output=True)
    return path


def bash(venv: Path, script: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DISCLOSURE_LINT_", "PYTHONPATH", "VIRTUAL_ENV"))
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    return subprocess.run(
        ["bash", "-e", "-x", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def walkthrough() -> list[str]:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    block = text.split("<!-- walkthrough", 1)[1]
    commands = re.search(r"```sh\n(.*?)```", block, flags=re.S).group(1)
    return [line for line in commands.splitlines() if line.strip()]


def test_the_documented_walkthrough_works(venv: Path, tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "gongren-2019.txt").write_text(
        seed_with_corrected_title(), encoding="utf-8"
    )
    work = tmp_path / "work"
    work.mkdir()
    commands = walkthrough()
    assert commands[0].startswith("disclosure-lint new-plugin")
    assert commands[-1] == "disclosure-lint check ../reports/"
    script = "\n".join(commands).replace("../reports/", str(tmp_path / "reports"))
    try:
        result = bash(venv, script, work)
    finally:  # the venv is shared with the next test: leave only disclosure-lint installed
        bash(venv, "pip uninstall --yes --quiet disclosure-lint-myorg", work)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert re.search(r"\d+ passed", out)  # the plugin's own test cases ran
    assert "myorg 0.1.0（已安装）" in out  # listed by `disclosure-lint plugins`
    assert "规则类型：myorg.required_statement" in out
    assert "有效，规则包 myorg，1 条规则" in out  # rules validate
    assert "MY001" in out and "DL205" in out  # the new rule ran beside the national rules


def test_example_policy_plugin(venv: Path, tmp_path: Path) -> None:
    target = tmp_path / "huaihua"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    shutil.copy(SEED, tmp_path / "gongren-2019.txt")
    report = tmp_path / "gongren-2019.txt"
    result = bash(
        venv, "pip install --quiet '.[test]'\npython -m pytest -q -p no:cacheprovider", target
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\d+ passed", result.stdout)

    checked = bash(venv, f"disclosure-lint check {report} {PROSE_OFF} --format json", tmp_path)
    codes = sorted(f["code"] for f in json.loads(checked.stdout)["files"][0]["findings"])
    assert codes == ["DL205", "HH001", "HH002"]

    listing = json.loads(bash(venv, "disclosure-lint plugins --format json", tmp_path).stdout)
    plugin = next(p for p in listing["plugins"] if p["name"] == "huaihua")
    assert plugin["origin"] == "entry-point" and plugin["version"] == "0.1.0"
    assert plugin["rules"] == ["HH001", "HH002"]
    assert plugin["overrides"] == ["blank-cell: error"]
    assert plugin["rule_kinds"] == ["huaihua.required_statement"]
    assert plugin["config_keys"] == ["huaihua-required-statements"]

    # explain gives the effective severity of the rule the plugin made stricter, and who did
    explained = bash(venv, "disclosure-lint explain DL204", tmp_path).stdout
    severity = "严重程度: 错误（由插件 huaihua 设置；原为“警告”；理由：本地要求表格数据完整"
    assert severity in explained
    assert "（以上说明针对规则本身的严重程度“警告”；插件 huaihua 已将其设为“错误”。）" in (
        explained
    )

    shown = json.loads(bash(venv, "disclosure-lint config show --format json", tmp_path).stdout)
    assert shown["settings"]["deadlines"] == {
        "value": {"department": "01-28", "township": "02-20", "government": "03-31"},
        "source": "plugin huaihua",
    }

    off = bash(
        venv,
        f"disclosure-lint check {report} -p no:huaihua {PROSE_OFF} --format json",
        tmp_path,
    )
    assert [f["code"] for f in json.loads(off.stdout)["files"][0]["findings"]] == ["DL205"]
    (tmp_path / ".disclosure-lint.yaml").write_text(
        "huaihua-required-statements: false\n", encoding="utf-8"
    )
    quiet = bash(venv, f"disclosure-lint check {report} {PROSE_OFF} --format json", tmp_path)
    assert [f["code"] for f in json.loads(quiet.stdout)["files"][0]["findings"]] == ["DL205"]
    no_autoload = bash(
        venv,
        f"disclosure-lint check {report} --no-plugin-autoload --isolated {PROSE_OFF} --format json",
        tmp_path,
    )
    assert [f["code"] for f in json.loads(no_autoload.stdout)["files"][0]["findings"]] == ["DL205"]
