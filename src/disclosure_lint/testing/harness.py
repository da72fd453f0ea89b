"""Lint reports from Python, for rule and plugin authors' tests.

>>> linter = Linter(autoload=False)
>>> result = linter.lint_file("tests/corpus/yinzhou-gongren-2019.txt")   # doctest: +SKIP
>>> result.assert_codes(expect=["DL205"], silent=["DL101"])            # doctest: +SKIP
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.codec import REPORT_DATA_SCHEMA
from ..core.config import Config
from ..core.engine import Engine, Selection
from ..core.findings import Finding
from ..core.inputs import InputSource, LoadContext
from ..core.model import Cell, Report
from ..core.plugins import Environment, build_environment
from ..core.results import FileResult, FileStatus
from ..core.runner import Runner


@dataclass
class LintResult:
    report: Report | None
    findings: list[Finding]
    result: FileResult

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings if not f.suppressed]

    def by_code(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]

    def assert_codes(
        self,
        expect: Iterable[str] = (),
        silent: Iterable[str] = (),
        only: bool = False,
    ) -> None:
        """Every code in ``expect`` appears; none in ``silent`` does; with ``only``, nothing else.

        ``silent`` may be ``["*"]`` to mean "nothing but ``expect``".
        """
        codes = self.codes
        expect = list(expect)
        silent = list(silent)
        missing = [c for c in expect if c not in codes]
        assert not missing, f"expected {missing} in {codes}:\n{self.describe()}"
        if only or silent == ["*"]:
            extra = sorted(set(codes) - set(expect))
            assert not extra, f"unexpected {extra}:\n{self.describe()}"
        else:
            present = [c for c in silent if c in codes]
            assert not present, f"expected silence from {present}:\n{self.describe()}"

    @property
    def blocked(self) -> list[str]:
        """Codes of the relations recorded as not assessable on the finding about their cause."""
        return [
            code for f in self.findings if not f.suppressed for code in f.data.get("blocks", {})
        ]

    def assert_blocked(self, codes: Iterable[str]) -> None:
        """Every code in ``codes`` is recorded as blocked by some finding's cause."""
        missing = [c for c in codes if c not in self.blocked]
        assert not missing, f"expected {missing} blocked, found {self.blocked}:\n{self.describe()}"

    def describe(self) -> str:
        return (
            "\n".join(
                f"  {f.code} {f.severity.value} {f.location.path()}: {f.message()}"
                for f in self.findings
            )
            or "  (no findings)"
        )


@dataclass
class Linter:
    """An environment of plugins and rules, ready to lint files, text, data or built reports."""

    plugins: tuple[str, ...] = ()
    rules: tuple[str | Path, ...] = ()
    formats: tuple[str | Path, ...] = ()
    autoload: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    _env: Environment | None = field(default=None, repr=False)

    @property
    def env(self) -> Environment:
        if self._env is None:
            self._env = build_environment(
                extra_plugins=list(self.plugins),
                autoload=self.autoload,
                extra_packs=[Path(p) for p in self.rules],
                extra_formats=[Path(p) for p in self.formats],
            )
            if self._env.problems:
                problems = "\n".join(str(p) for p in self._env.problems)
                raise AssertionError(f"plugin problems:\n{problems}")
        return self._env

    def _runner(self, settings: Mapping[str, Any] | None = None) -> Runner:
        env = self.env
        selection = Selection(select=list(self.select), ignore=list(self.ignore))
        engine = Engine(env.rules, env.kinds, env.formats, selection, env.kind_owner)
        config = Config()
        config.apply_plugins(env.config_schema, env.config_defaults)
        return Runner(env, engine, config, extra_settings={**self.settings, **(settings or {})})

    def lint_source(
        self, source: InputSource, settings: Mapping[str, Any] | None = None
    ) -> LintResult:
        runner = self._runner(settings)
        result = runner.postprocess(runner.check_source(source, LoadContext(self.env.formats)))
        return LintResult(result.report, result.findings, result)

    def lint_file(self, path: str | Path, settings: Mapping[str, Any] | None = None) -> LintResult:
        return self.lint_source(InputSource.from_path(Path(path)), settings)

    def lint_text(
        self, text: str, name: str = "snippet.txt", settings: Mapping[str, Any] | None = None
    ) -> LintResult:
        return self.lint_source(InputSource.from_bytes(text.encode("utf-8"), name), settings)

    def lint_data(
        self, data: Mapping[str, Any], settings: Mapping[str, Any] | None = None
    ) -> LintResult:
        """Lint a report given in the report data format (a dict). It is validated and read as a
        data file would be, but has no text: its findings name no lines."""
        body = {"schema": REPORT_DATA_SCHEMA, **data}
        return self.lint_source(InputSource.from_data(body, "data.yaml"), settings)

    def lint_report(self, report: Report, settings: Mapping[str, Any] | None = None) -> LintResult:
        """Lint a report built in Python (e.g. with ``testing.builders.build_report``)."""
        runner = self._runner(settings)
        findings = runner.engine.check(report, runner.settings_for(report.source, report))
        result = runner.postprocess(
            FileResult(report.source, FileStatus.CHECKED, findings, report, report.loader)
        )
        return LintResult(report, result.findings, result)

    def load(self, path: str | Path) -> Report:
        report = self.env.load_report(
            InputSource.from_path(Path(path)), LoadContext(self.env.formats)
        )
        if report is None:
            raise AssertionError(f"no loader reads {path}")
        return report


def edit_report(
    report: Report,
    cells: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
    sections: Mapping[str, str] | None = None,
) -> Report:
    """A copy of ``report`` with some cells (table -> row -> column -> raw text) and section texts
    replaced. Locations are kept, so findings still point at the original lines."""
    edited = copy.deepcopy(report)
    edited._memo.clear()  # derived views of the old cells
    for table_key, rows in (cells or {}).items():
        table = edited.tables[table_key]
        for row, columns in rows.items():
            for column, raw in columns.items():
                cell = table.cells[(row, column)]
                table.cells[(row, column)] = Cell.from_raw(
                    cell.table,
                    cell.row,
                    cell.column,
                    cell.row_labels,
                    cell.column_labels,
                    "" if raw is None else str(raw),
                    cell.location,
                )
    for key, text in (sections or {}).items():
        for index, section in enumerate(edited.sections):
            if section.key == key:
                edited.sections[index] = replace(section, text=text)
    return edited
