"""pytest plugin for rule and plugin authors (entry point ``pytest11``).

Fixtures:

- ``disclosure_linter``: a :class:`~disclosure_lint.testing.harness.Linter` with the installed
  plugins (autoload) plus those named in the ini option ``disclosure_lint_plugins``;
- ``lint``: lint a file path, a report text or a report-data dict and get a ``LintResult``;
- ``lint_case``: run one YAML rule test case (see ``testing.cases.rule_test_cases``).

Ini options (``[tool.pytest.ini_options]``): ``disclosure_lint_plugins`` (modules or files),
``disclosure_lint_rules`` (extra rule packs), ``disclosure_lint_autoload`` (default true).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "disclosure_lint_plugins", "plugins for disclosure-lint fixtures", type="args", default=[]
    )
    parser.addini(
        "disclosure_lint_rules",
        "extra rule packs for disclosure-lint fixtures",
        type="args",
        default=[],
    )
    parser.addini(
        "disclosure_lint_autoload",
        "load installed disclosure-lint plugins",
        type="bool",
        default=True,
    )


@pytest.fixture(scope="session")
def disclosure_linter(pytestconfig: pytest.Config):
    from .harness import Linter

    root = Path(str(pytestconfig.rootpath))

    def resolve(item: str) -> str:
        path = root / item
        return str(path) if path.exists() else item

    return Linter(
        plugins=tuple(resolve(p) for p in pytestconfig.getini("disclosure_lint_plugins")),
        rules=tuple(resolve(p) for p in pytestconfig.getini("disclosure_lint_rules")),
        autoload=bool(pytestconfig.getini("disclosure_lint_autoload")),
    )


@pytest.fixture
def lint(disclosure_linter):
    """``lint(path_or_text_or_data, settings=None)`` -> LintResult."""

    def _lint(target: Any, settings: dict[str, Any] | None = None, name: str = "snippet.txt"):
        if isinstance(target, dict):
            return disclosure_linter.lint_data(target, settings)
        if isinstance(target, Path) or (
            isinstance(target, str) and "\n" not in target and Path(target).is_file()
        ):
            return disclosure_linter.lint_file(target, settings)
        return disclosure_linter.lint_text(str(target), name, settings)

    return _lint


@pytest.fixture
def lint_case(disclosure_linter):
    """``lint_case(case)`` runs a YAML rule test case and asserts its expectations."""

    def _run(case):
        return case.run(disclosure_linter)

    return _run
