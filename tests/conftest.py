"""Shared fixtures. Tests read real reports from tests/corpus (see its SOURCES.md).

Nothing here reads the shared corpus outside the repository."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from disclosure_lint.core.engine import Engine
from disclosure_lint.core.findings import Finding
from disclosure_lint.core.inputs import InputSource, LoadContext
from disclosure_lint.core.model import Report
from disclosure_lint.core.plugins import Environment, build_environment

# CLI runs in tests (subprocesses inherit this) share one result cache of their own, so every
# second run of a file also exercises the cache's round trip, and the user's cache is untouched.
os.environ.setdefault(
    "DISCLOSURE_LINT_CACHE_DIR", tempfile.mkdtemp(prefix="disclosure-lint-test-cache-")
)

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "corpus"
FIXTURES = TESTS / "fixtures"
SEED = CORPUS / "yinzhou-gongren-2019.txt"
SHUYANG_DATA = FIXTURES / "data" / "shuyang-county-2025.yaml"


@pytest.fixture(scope="session")
def env() -> Environment:
    """The built-in plugins only (installed third-party plugins are not autoloaded)."""
    return build_environment(autoload=False)


@pytest.fixture(scope="session")
def engine(env: Environment) -> Engine:
    return Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)


@pytest.fixture(scope="session")
def load(env: Environment) -> Callable[..., Report]:
    """Load a report from a path, or from bytes/text with a file name."""

    def _load(source: Path | str | bytes, name: str = "report.txt") -> Report:
        if isinstance(source, Path):
            src = InputSource.from_path(source)
        else:
            data = source.encode("utf-8") if isinstance(source, str) else source
            src = InputSource.from_bytes(data, name)
        report = env.load_report(src, LoadContext(env.formats))
        assert report is not None, f"no loader claimed {src.name}"
        return report

    return _load


@pytest.fixture(scope="session")
def check(engine: Engine) -> Callable[[Report], list[Finding]]:
    return engine.check


@pytest.fixture(scope="session")
def check_all(env: Environment) -> Callable[[Report], list[Finding]]:
    """``check`` that also lists each not-assessable relation (``--show-not-assessable``)."""
    engine = Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)
    engine.show_not_assessable = True
    return engine.check


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_with_corrected_title() -> str:
    """The seed report with the one error a supervisor would make its authors fix: its title
    (line 2, "…2019年度政府信息工作" + "年度报告") lacks 公开 (DL301). Everything else is as
    published, so it still has warnings (the "00" cell, the activity narrative, stock phrases)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[1] == "银州区工人街道2019年度政府信息工作"
    lines[1] = "银州区工人街道2019年度政府信息公开工作"
    return "\n".join(lines)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]
