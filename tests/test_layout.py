"""The layout a contributor relies on: the public plugin API, module sizes, opening docstrings."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import disclosure_lint.api as api

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "disclosure_lint"
MAX_MODULE_LINES = 500


def test_every_public_api_name_imports_and_is_documented() -> None:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    missing = [name for name in api.__all__ if f"`{name}`" not in text]
    assert not missing, f"names of disclosure_lint.api not documented in docs/plugins.md: {missing}"
    for name in api.__all__:
        assert getattr(api, name) is not None


def test_the_api_named_by_the_issue_imports() -> None:
    module = importlib.import_module("disclosure_lint.api")
    for name in ("hookimpl", "Report", "Table", "Cell", "Section", "Finding", "Location"):
        assert hasattr(module, name)
    for name in ("RuleKind", "CheckContext", "Reporter", "BatchCheck"):
        assert isinstance(getattr(module, name), type)


def _disclosure_lint_imports(source: str) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return {m for m in modules if m.split(".")[0] == "disclosure_lint"}


def test_bundled_plugin_and_scaffold_use_only_the_public_api() -> None:
    files = [*(ROOT / "plugins").rglob("*.py"), *(SRC / "scaffold").glob("*.py.tmpl")]
    assert len(files) >= 6
    seen = set()
    for path in files:
        # templates hold $placeholders only inside strings and names; they parse as Python
        source = path.read_text(encoding="utf-8").replace("$name", "myorg")
        imports = _disclosure_lint_imports(source)
        assert imports <= {"disclosure_lint.api"}, f"{path.relative_to(ROOT)} imports {imports}"
        seen |= imports
    assert seen == {"disclosure_lint.api"}


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_is_longer_than_500_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them by job): {long}"


def test_every_module_opens_with_a_docstring_saying_what_it_is_for() -> None:
    missing = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        if not doc or len(doc.splitlines()[0].strip()) < 10:
            missing.append(str(path.relative_to(SRC)))
    assert not missing, f"modules without an opening docstring: {missing}"
