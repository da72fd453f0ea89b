"""Plugin loading and isolation: each kind of plugin failure is reported by name, the run goes
on with the rest, and the exit code shows it."""

from __future__ import annotations

import json
from pathlib import Path

from disclosure_lint.core.plugins import build_environment

from .clitools import TABLE_RULES_ONLY, run
from .conftest import SEED

VALID_PACK = """\
schema: disclosure-lint/rule-pack/1
pack: local
rules:
  - code: LC001
    name: local-rule
    kind: cell
    severity: info
    title: {zh: 测试, en: test}
    message: {zh: '{table}', en: '{table}'}
    rationale: {zh: 测试, en: test}
    params: {check: text}
overrides:
  - {rule: irregular-number, severity: error, reason: 本地要求}
"""


def plugin_file(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.py"
    path.write_text(
        "from pathlib import Path\nfrom disclosure_lint.core.hookspecs import hookimpl\n\n" + body,
        encoding="utf-8",
    )
    return path


# These tests are about mechanisms: only the seed's table findings count here.
QUIET = TABLE_RULES_ONLY


def checked(result):
    return json.loads(result.stdout)


def test_plugin_pack_with_an_override(tmp_path: Path) -> None:
    (tmp_path / "local.yaml").write_text(VALID_PACK, encoding="utf-8")
    plugin = plugin_file(
        tmp_path,
        "localpack",
        "@hookimpl\n"
        "def disclosure_lint_rule_packs():\n"
        "    return [Path(__file__).with_name('local.yaml')]\n",
    )
    result = run("check", str(SEED), *QUIET, "--plugin", str(plugin), "--format", "json")
    data = checked(result)
    assert result.returncode == 1  # DL205 is now an error
    (finding,) = data["files"][0]["findings"]
    assert finding["code"] == "DL205" and finding["severity"] == "error"
    listing = json.loads(run("plugins", "--plugin", str(plugin), "--format", "json").stdout)
    entry = next(p for p in listing["plugins"] if p["name"] == str(plugin))
    assert entry["rules"] == ["LC001"] and entry["overrides"] == ["irregular-number: error"]
    assert entry["hooks"] == ["disclosure_lint_rule_packs"]
    explained = run("rules", "--plugin", str(plugin), "--format", "json").stdout
    rule = next(r for r in json.loads(explained) if r["code"] == "DL205")
    assert rule["severity"] == "error" and "local" in rule["overridden"]
    assert rule["severity_change"] == {
        "severity": "error",
        "was": "warning",
        "by": "plugin",
        "name": str(plugin),
        "reason": "本地要求",
        "where": f"{tmp_path / 'local.yaml'}:13",
    }


def test_explain_and_rules_say_who_set_the_severity(tmp_path: Path) -> None:
    """After a plugin's pack raised DL205 to error, explain and rules say so, and the rationale
    that calls it a warning is marked as describing the rule's own severity."""
    (tmp_path / "local.yaml").write_text(VALID_PACK, encoding="utf-8")
    plugin = plugin_file(
        tmp_path,
        "localpack",
        "@hookimpl\n"
        "def disclosure_lint_rule_packs():\n"
        "    return [Path(__file__).with_name('local.yaml')]\n",
    )
    explained = run("explain", "DL205", "--plugin", str(plugin), cwd=tmp_path).stdout.decode()
    assert f"严重程度: 错误（由插件 {plugin} 设置；原为“警告”；理由：本地要求）" in explained
    assert f"（以上说明针对规则本身的严重程度“警告”；插件 {plugin} 已将其设为“错误”。）" in (
        explained
    )
    english = run("explain", "DL205", "--plugin", str(plugin), "--lang", "en", cwd=tmp_path)
    assert f"severity: error (set by plugin {plugin}; was warning; reason: 本地要求)" in (
        english.stdout.decode()
    )
    listed = run("rules", "--plugin", str(plugin), cwd=tmp_path).stdout.decode()
    line = next(x for x in listed.splitlines() if x.startswith("DL205"))
    assert line.split()[1] == "错误" and f"［由插件 {plugin} 设置；原为“警告”" in line
    plain = run("explain", "DL205", cwd=tmp_path).stdout.decode()
    assert "严重程度: 警告    类型: cell" in plain and "设置" not in plain
    # the configuration's severity setting wins, and says where it is
    config = tmp_path / ".disclosure-lint.yaml"
    config.write_text("fail-on: error\nseverity:\n  DL205: info\n", encoding="utf-8")
    configured = run("explain", "DL205", "--plugin", str(plugin), cwd=tmp_path).stdout.decode()
    assert f"严重程度: 提示（由配置 {config}:2 设置；原为“警告”）" in configured
    listing = json.loads(run("rules", "--format", "json", cwd=tmp_path).stdout)
    rule = next(r for r in listing if r["code"] == "DL205")
    assert rule["severity"] == "info" and rule["severity_change"]["by"] == "config"


def test_invalid_rule_file_in_a_plugin(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(
        VALID_PACK.replace("kind: cell", "kind: nosuchkind"), encoding="utf-8"
    )
    plugin = plugin_file(
        tmp_path,
        "badpack",
        "@hookimpl\n"
        "def disclosure_lint_rule_packs():\n"
        "    return [Path(__file__).with_name('broken.yaml')]\n",
    )
    result = run("check", str(SEED), *QUIET, "--plugin", str(plugin), "--format", "json")
    data = checked(result)
    assert result.returncode == 3
    (problem,) = data["summary"]["plugin_problems"]
    assert str(plugin) in problem and "broken.yaml:6" in problem and "nosuchkind" in problem
    assert [f["code"] for f in data["files"][0]["findings"]] == ["DL205"]  # the rest ran


def test_override_of_an_unknown_rule_is_a_plugin_problem(tmp_path: Path) -> None:
    (tmp_path / "o.yaml").write_text(
        "schema: disclosure-lint/rule-pack/1\npack: o\nrules: []\n"
        "overrides:\n  - {rule: no-such-rule, severity: error, reason: 测试}\n",
        encoding="utf-8",
    )
    plugin = plugin_file(
        tmp_path,
        "override",
        "@hookimpl\n"
        "def disclosure_lint_rule_packs():\n"
        "    return [Path(__file__).with_name('o.yaml')]\n",
    )
    env = build_environment(autoload=False, extra_plugins=[str(plugin)])
    (problem,) = env.problems
    assert problem.plugin == str(plugin) and "no-such-rule" in problem.text("en")


def test_misspelled_hook_is_caught(tmp_path: Path) -> None:
    plugin = plugin_file(
        tmp_path, "typo", "@hookimpl\ndef disclosure_lint_rule_pack():\n    return []\n"
    )
    result = run("check", str(SEED), *QUIET, "--plugin", str(plugin), "--format", "json")
    assert result.returncode == 3
    (problem,) = checked(result)["summary"]["plugin_problems"]
    assert "disclosure_lint_rule_pack" in problem and str(plugin) in problem
    assert [f["code"] for f in checked(result)["files"][0]["findings"]] == ["DL205"]


def test_a_hook_that_raises(tmp_path: Path) -> None:
    plugin = plugin_file(
        tmp_path,
        "raises",
        "@hookimpl\ndef disclosure_lint_rule_kinds():\n    raise RuntimeError('kaputt')\n",
    )
    env = build_environment(autoload=False, extra_plugins=[str(plugin)])
    (problem,) = env.problems
    assert problem.stage == "disclosure_lint_rule_kinds" and "kaputt" in problem.message
    assert "sum" in env.kinds  # the built-in kinds are still there


def test_plugin_configuration_keys(tmp_path: Path) -> None:
    plugin = plugin_file(
        tmp_path,
        "confplugin",
        "@hookimpl\n"
        "def disclosure_lint_config_schema():\n"
        "    return {'local-threshold': {'type': 'integer', 'minimum': 1}}\n\n"
        "@hookimpl\n"
        "def disclosure_lint_config_defaults():\n"
        "    return {'deadlines': {'township': '02-20'}}\n",
    )
    config = tmp_path / ".disclosure-lint.yaml"
    config.write_text(
        f"plugins: [{plugin.name}]\nlocal-threshold: 3\ndeadlines: {{department: '01-25'}}\n",
        encoding="utf-8",
    )
    shown = json.loads(run("config", "show", "--format", "json", cwd=tmp_path).stdout)
    settings = shown["settings"]
    assert settings["local-threshold"] == {"value": 3, "source": f"{config}:2"}
    assert settings["deadlines"]["value"] == {"township": "02-20", "department": "01-25"}
    assert "plugin" in settings["deadlines"]["source"]
    config.write_text(f"plugins: [{plugin.name}]\nlocal-threshold: 0\n", encoding="utf-8")
    result = run("check", str(SEED), *QUIET, cwd=tmp_path)
    assert result.returncode == 2
    assert f"{config}:2: local-threshold" in result.stderr.decode()


def test_a_key_no_plugin_knows(tmp_path: Path) -> None:
    config = tmp_path / ".disclosure-lint.yaml"
    config.write_text("local-threshold: 3\n", encoding="utf-8")
    result = run("check", str(SEED), *QUIET, cwd=tmp_path)
    assert result.returncode == 2 and "未知的键“local-threshold”" in result.stderr.decode()


def test_disable_a_plugin_by_name(tmp_path: Path) -> None:
    (tmp_path / "local.yaml").write_text(VALID_PACK, encoding="utf-8")
    plugin = plugin_file(
        tmp_path,
        "localpack",
        "@hookimpl\n"
        "def disclosure_lint_rule_packs():\n"
        "    return [Path(__file__).with_name('local.yaml')]\n",
    )
    result = run("check", str(SEED), *QUIET, "--plugin", str(plugin), "-p", f"no:{plugin}")
    assert result.returncode == 0  # the override is gone with the plugin
    assert run("check", str(SEED), *QUIET, "-p", "localpack").returncode == 2  # usage: no:NAME
