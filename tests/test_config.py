"""Configuration discovery, inheritance, validation and effect on a run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from disclosure_lint.core.config import find_config, load_config
from disclosure_lint.core.errors import DataFileError

from .clitools import TABLE_RULES_ONLY, run
from .conftest import SEED


@pytest.fixture
def project(tmp_path: Path) -> Path:
    reports = tmp_path / "reports" / "2019"
    reports.mkdir(parents=True)
    shutil.copy(SEED, reports / "gongren.txt")
    return tmp_path


def findings(result) -> list[str]:
    """Codes of the findings, leaving out the prose findings (DL3xx, DL40x)."""
    data = json.loads(result.stdout)
    return [
        f["code"]
        for file in data["files"]
        for f in file["findings"]
        if "suppressed" not in f and not f["code"].startswith(("DL3", "DL40"))
    ]


def test_nearest_configuration_wins(project: Path) -> None:
    (project / ".disclosure-lint.yaml").write_text("ignore: [DL205]\n", encoding="utf-8")
    inner = project / "reports"
    (inner / "pyproject.toml").write_text(
        '[tool.disclosure-lint]\nfail-on = "warning"\n', encoding="utf-8"
    )
    assert find_config(inner / "2019") == inner / "pyproject.toml"
    # the nearer pyproject.toml wins: DL205 is not ignored, and fails the run at "warning"
    result = run("check", "2019", *TABLE_RULES_ONLY, "--format", "json", cwd=inner)
    assert findings(result) == ["DL205"] and result.returncode == 1
    result = run("check", "reports", *TABLE_RULES_ONLY, "--format", "json", cwd=project)
    assert findings(result) == [] and result.returncode == 0


def test_yaml_beats_pyproject_in_one_directory(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.disclosure-lint]\nlang = "en"\n', encoding="utf-8"
    )
    (project / ".disclosure-lint.yaml").write_text("lang: zh\n", encoding="utf-8")
    assert find_config(project) == project / ".disclosure-lint.yaml"
    (project / ".disclosure-lint.yaml").unlink()
    out = run("check", "reports", *TABLE_RULES_ONLY, cwd=project).stdout.decode()
    assert "leading zero" in out  # English from pyproject.toml


def test_pyproject_without_our_table_is_not_a_configuration(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.ruff]\nline-length = 80\n", encoding="utf-8")
    assert find_config(project) is None


def test_extend_inherits_and_the_extending_file_wins(project: Path) -> None:
    base = project / "base.yaml"
    base.write_text("ignore: [DL205]\nfail-on: info\nlang: en\n", encoding="utf-8")
    (project / ".disclosure-lint.yaml").write_text(
        "extend: base.yaml\nlang: zh\n", encoding="utf-8"
    )
    config = load_config(project)
    assert config.get("ignore") == ["DL205"] and config.get("fail-on") == "info"
    assert config.get("lang") == "zh"
    assert config.settings["lang"].source.endswith(".disclosure-lint.yaml:2")
    assert config.settings["ignore"].source.endswith("base.yaml:1")
    assert [p.name for p in config.files] == [".disclosure-lint.yaml", "base.yaml"]


def test_unknown_key_names_file_line_and_key(project: Path) -> None:
    (project / ".disclosure-lint.yaml").write_text(
        "fail-on: error\nignroe: [DL205]\n", encoding="utf-8"
    )
    config = load_config(project)  # keys of plugins are unknown until plugins are loaded
    with pytest.raises(DataFileError) as info:
        config.apply_plugins({}, [])
    (problem,) = info.value.problems
    assert (problem.line, problem.key) == (2, "ignroe")
    assert problem.message == "unknown key 'ignroe' (did you mean 'ignore'?)"
    assert problem.zh == "未知的键“ignroe”（是否应为“ignore”？）"
    result = run("check", "reports", *TABLE_RULES_ONLY, cwd=project)
    assert result.returncode == 2
    assert ".disclosure-lint.yaml:2: ignroe: 未知的键“ignroe”（是否应为“ignore”？）" in (
        result.stderr.decode()
    )
    result = run("check", "reports", "--lang", "en", *TABLE_RULES_ONLY, cwd=project)
    assert result.returncode == 2
    assert ".disclosure-lint.yaml:2: ignroe: unknown key 'ignroe' (did you mean" in (
        result.stderr.decode()
    )


def test_unknown_key_far_from_any_lists_the_known_keys(project: Path) -> None:
    (project / ".disclosure-lint.yaml").write_text("zzzz: 1\n", encoding="utf-8")
    config = load_config(project)
    with pytest.raises(DataFileError) as info:
        config.apply_plugins({}, [])
    (problem,) = info.value.problems
    assert "allowed keys:" in problem.message and "per-path-ignores" in problem.message


def test_unknown_key_in_pyproject_has_its_line(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.disclosure-lint]\nfail-on = "error"\nselcet = ["DL1"]\n',
        encoding="utf-8",
    )
    result = run("check", "reports", *TABLE_RULES_ONLY, cwd=project)
    assert result.returncode == 2
    assert "pyproject.toml:6: selcet" in result.stderr.decode()


def test_bad_value(project: Path) -> None:
    (project / ".disclosure-lint.yaml").write_text("fail-on: sometimes\n", encoding="utf-8")
    result = run("check", "reports", *TABLE_RULES_ONLY, cwd=project)
    assert result.returncode == 2 and ":1: fail-on:" in result.stderr.decode()


def test_selector_matching_nothing_is_an_error(project: Path) -> None:
    (project / ".disclosure-lint.yaml").write_text("ignore: [DL77]\n", encoding="utf-8")
    result = run("check", "reports", *TABLE_RULES_ONLY, cwd=project)
    assert result.returncode == 2 and "DL77" in result.stderr.decode()


def test_per_path_ignores_and_severity_overrides(project: Path) -> None:
    (project / ".disclosure-lint.yaml").write_text(
        "per-path-ignores:\n  'reports/2019/*': [irregular-number]\n", encoding="utf-8"
    )
    assert (
        findings(run("check", "reports", *TABLE_RULES_ONLY, "--format", "json", cwd=project)) == []
    )
    (project / ".disclosure-lint.yaml").write_text(
        "severity:\n  irregular-number: error\n", encoding="utf-8"
    )
    result = run("check", "reports", *TABLE_RULES_ONLY, "--format", "json", cwd=project)
    data = json.loads(result.stdout)
    (finding,) = [f for f in data["files"][0]["findings"] if f["code"] == "DL205"]
    assert finding["severity"] == "error" and result.returncode == 1


def test_command_line_wins_over_configuration(project: Path) -> None:
    (project / ".disclosure-lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    assert run("check", "reports", *TABLE_RULES_ONLY, cwd=project).returncode == 1
    assert (
        run("check", "reports", *TABLE_RULES_ONLY, "--fail-on", "error", cwd=project).returncode
        == 0
    )
    assert run("check", "reports", *TABLE_RULES_ONLY, "--isolated", cwd=project).returncode == 0


def test_config_show_prints_values_and_sources(project: Path) -> None:
    (project / ".disclosure-lint.yaml").write_text("lang: en\nignore: [DL024]\n", encoding="utf-8")
    out = run("config", "show", "--rules", str(project / "none.yaml"), cwd=project)
    assert out.returncode == 2  # a missing rule pack is a usage error
    data = json.loads(run("config", "show", "--format", "json", cwd=project).stdout)
    settings = data["settings"]
    assert settings["lang"] == {"value": "en", "source": f"{project / '.disclosure-lint.yaml'}:1"}
    assert settings["fail-on"]["source"] == "default"
    text = run("config", "show", "--ignore-this", cwd=project)
    assert text.returncode == 2
    plain = run("config", "show", cwd=project).stdout.decode()
    assert "ignore" in plain and ".disclosure-lint.yaml:2" in plain


def test_file_settings_for_rules(project: Path) -> None:
    (project / ".disclosure-lint.yaml").write_text(
        "body-types: {'*街道*': township}\n"
        "deadlines: {township: '02-20'}\n"
        "files:\n  'reports/2019/gongren.txt': {published: 2020-01-20}\n",
        encoding="utf-8",
    )
    config = load_config(project)
    settings = config.file_settings(str(project / "reports/2019/gongren.txt"), "银州区工人街道")
    assert settings == {
        "deadlines": {"township": "02-20"},
        "body_type": "township",
        "published": "2020-01-20",
    }
    other = config.file_settings(str(project / "reports/other.txt"), "银州区人民政府")
    assert other == {"deadlines": {"township": "02-20"}}
