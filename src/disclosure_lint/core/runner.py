"""Run a batch: find the input files, load each through the loader hook, check it, and yield
one :class:`FileResult` per input — whatever happened to it."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .batch import BatchContext, BatchPhase
from .engine import INTERNAL_ERROR_CODE, Engine
from .errors import LoadError
from .findings import Severity
from .inputs import InputSource, LoadContext
from .model import Issue, Location, SourceLocation
from .plugins import Environment
from .reporting import Reporter
from .results import FileResult, FileStatus, RunSummary

UNREADABLE = "DL901"
UNSUPPORTED = "DL902"
TOO_LARGE = "DL907"


@dataclass
class Runner:
    env: Environment
    engine: Engine
    max_bytes: int = 50 * 1024 * 1024
    #: per-file settings (from configuration): a function of the input's name
    settings_for: Callable[[str], Mapping[str, Any]] = field(default=lambda name: {})
    #: options of the batch checks (``previous``, ``archive`` …), see core/batch.py
    batch_options: Mapping[str, Any] = field(default_factory=dict)

    def discover(self, paths: Iterable[str]) -> list[InputSource]:
        """Input files in a stable order. Named files are always included (even if missing);
        folders contribute the files whose extension a loader reads. Symlink loops are cut."""
        sources: list[InputSource] = []
        seen: set[str] = set()

        def add(path: Path) -> None:
            key = str(path)
            if key not in seen:
                seen.add(key)
                sources.append(InputSource.from_path(path))

        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                visited: set[tuple[int, int]] = set()
                for root, dirs, files in os.walk(path, followlinks=True):
                    stat = os.stat(root)
                    ident = (stat.st_dev, stat.st_ino)
                    if ident in visited:
                        dirs[:] = []
                        continue
                    visited.add(ident)
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(files):
                        if name.startswith("."):
                            continue
                        if Path(name).suffix.lower() in self.env.extensions:
                            add(Path(root) / name)
            else:
                add(path)
        return sources

    def run(self, sources: Iterable[InputSource]) -> Iterator[FileResult]:
        context = LoadContext(self.env.formats, self.max_bytes)
        for source in sources:
            yield self.check_source(source, context)

    def check_source(self, source: InputSource, context: LoadContext) -> FileResult:
        where = Location(source=SourceLocation(source.name))
        try:
            if source.path is not None:
                size = source.path.stat().st_size
                if size > self.max_bytes:
                    return self._failed(
                        source, TOO_LARGE, {"size": size, "limit": self.max_bytes}, where
                    )
            report = self.env.load_report(source, context)
        except LoadError as exc:
            return self._failed(source, exc.code, exc.args_dict, where)
        except OSError as exc:
            return self._failed(source, UNREADABLE, {"detail": exc.strerror or str(exc)}, where)
        except Exception as exc:  # a loader bug must not stop the batch
            finding = self.engine.loader_crash("loader", where, exc)
            return FileResult(source.name, FileStatus.UNREADABLE, [finding])
        if report is None:
            detail = source.suffix or "no extension"
            return self._failed(source, UNSUPPORTED, {"detail": detail}, where)
        findings = self.engine.check(report, self.settings_for(source.name))
        status = FileStatus.CHECKED if report.format.used else FileStatus.NOT_CHECKABLE
        return FileResult(source.name, status, findings, report, report.loader)

    def run_batch(
        self, sources: list[InputSource], reporters: list[Reporter], fail_on: str
    ) -> RunSummary:
        """Check ``sources``, stream each result to every reporter, and return the summary.

        The exit code is 3 when a rule, loader or plugin failed, else 1 when a finding reaches
        ``fail_on`` (``never``: no finding fails the run), else 0.
        """
        threshold = None if fail_on == "never" else Severity(fail_on)
        by_status: Counter[str] = Counter()
        by_severity: Counter[str] = Counter()
        failed = internal = False
        for reporter in reporters:
            reporter.start()
        # Batch checks need every report: with any active, results are held until they finish.
        phase = self.batch_phase()
        results = self.run(sources) if phase is None else phase.process(self.run(sources))
        for result in results:
            by_status[result.status.value] += 1
            for finding in result.findings:
                if finding.suppressed:
                    continue
                by_severity[finding.severity.value] += 1
                if finding.code == INTERNAL_ERROR_CODE:
                    internal = True
                if threshold is not None and finding.severity.at_least(threshold):
                    failed = True
            for reporter in reporters:
                reporter.file_done(result)
        problems = [str(p) for p in self.env.problems] + (phase.problems if phase else [])
        exit_code = 3 if internal or problems else 1 if failed else 0
        summary = RunSummary(
            files=len(sources),
            by_status=by_status,
            by_severity=by_severity,
            rules_loaded=len(self.engine.active),
            packs=[(p.name, p.file, len(p.rules)) for p in self.env.rules.packs],
            plugins=[p.name for p in self.env.plugins if p.origin != "builtin"],
            failed=failed,
            fail_on=fail_on,
            problems=problems,
            exit_code=exit_code,
        )
        for reporter in reporters:
            reporter.finish(summary)
        return summary

    def batch_phase(self) -> BatchPhase | None:
        """The batch phase of a run, or None when no batch check is active."""
        context = BatchContext(self.engine, self.env.formats, self.batch_options, self.settings_for)
        return BatchPhase.start(self.env.batch_checks, context)

    def _failed(self, source: InputSource, code: str, args: dict, where: Location) -> FileResult:
        findings = self.engine.findings_for_issues([Issue(code, where, dict(args))])
        return FileResult(source.name, FileStatus.UNREADABLE, findings)
