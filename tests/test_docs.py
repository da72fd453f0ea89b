"""Documentation is complete: generated pages are current, nothing is undocumented."""

from __future__ import annotations

import inspect
import re
import subprocess
from pathlib import Path

from disclosure_lint import docsgen
from disclosure_lint.core import hookspecs
from disclosure_lint.core.schemas import SCHEMA_NAMES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_generated_reference_pages_are_up_to_date(env) -> None:
    for path, text in docsgen.generate(DOCS, env).items():
        assert path.exists(), f"{path} missing: run python -m disclosure_lint.docsgen"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run python -m disclosure_lint.docsgen"
        )


def test_every_rule_has_its_own_section(env) -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in env.rules:
        assert f"\n### {rule.code}\n" in text, rule.code
        assert rule.rationale.zh in text


def test_every_rule_kind_is_documented(env) -> None:
    reference = (DOCS / "rules.md").read_text(encoding="utf-8")
    guide = (DOCS / "rule-files.md").read_text(encoding="utf-8")
    for name, kind in env.kinds.items():
        assert f"### kind `{name}`" in reference
        assert f"`{name}`" in guide
        for param in kind.params_schema.get("properties", {}):
            assert f"| `{param}` |" in reference, (name, param)


def test_every_hook_is_documented() -> None:
    text = (DOCS / "plugins.md").read_text(encoding="utf-8")
    hooks = [
        name
        for name, obj in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("disclosure_lint_")
    ]
    assert hooks
    for name in hooks:
        assert f"### `{name}(" in text, f"hook {name} is not documented in docs/plugins.md"


def test_every_schema_is_referenced_in_the_docs() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.md"))
    for name in SCHEMA_NAMES:
        assert f"{name}.schema.json" in text, name


def test_every_command_is_documented() -> None:
    from disclosure_lint.cli.main import cli

    text = (DOCS / "usage.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"disclosure-lint {name}" in text, name


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = readme.index("<!-- test-command")
    command = next(line for line in readme[marker:].splitlines() if line.startswith("pip "))
    extracted = subprocess.run(
        ["awk", "/<!-- test-command/{found=1; next} found && /^pip /{print; exit}", "README.md"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout.strip()
    assert extracted == command
    assert "pytest" in command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "ruff check" in ci and 'bash -c "$test_command"' in ci


def test_readme_quick_start_has_exactly_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quick, flags=re.S)
    assert blocks == [
        "pip install . && disclosure-lint check examples/\n",
        "pip install -e '.[test]' && python -m pytest -q\n",
    ]


def test_every_builtin_reporter_is_documented(env) -> None:
    text = (DOCS / "outputs.md").read_text(encoding="utf-8")
    usage = (DOCS / "usage.md").read_text(encoding="utf-8")
    builtin = {
        name for name, cls in env.reporters.items() if cls.__module__.startswith("disclosure_lint.")
    }
    assert {"sarif", "junit", "github", "csv", "xlsx", "html"} <= builtin
    for name in builtin:
        assert f"| `{name}` |" in text, name
        if name not in ("rich", "json"):
            assert f"## `{name}`" in text, name
    assert "outputs.md" in usage
