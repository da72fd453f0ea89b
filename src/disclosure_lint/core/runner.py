"""Run a batch: find the input files, load each through the loader hook, check it, and yield
one :class:`FileResult` per input — whatever happened to it."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .baseline import Baseline
from .batch import BatchCheck, BatchContext, BatchOptions
from .cache import ResultCache
from .collection import batch_collection
from .config import Config
from .engine import INTERNAL_ERROR_CODE, Engine
from .errors import LoadError, os_error_text
from .findings import Finding, Severity
from .held import stub_of
from .i18n import Text
from .inputs import InputSource, LoadContext
from .model import Issue, Location, Report, SourceLocation
from .outcomes import SPACE as OUTCOMES
from .phase import BatchPhase
from .plugins import Environment
from .reporting import Reporter
from .results import FileResult, FileStatus, RunSummary
from .suppressions import SIDECAR_SUFFIX, SuppressionSet
from .workers import FileTimeout, OrderedPool, chunk_for, fork_available, time_limit

UNREADABLE = "DL901"
UNSUPPORTED = "DL902"
TOO_LARGE = "DL907"
TIMEOUT = "DL908"


#: file names that belong to the tool, never to the reports, when a folder is walked
TOOL_FILE_SUFFIXES = (SIDECAR_SUFFIX, ".baseline.json")


class Progress(Protocol):
    """Follows a run: told the number of inputs, each input done, the end (the CLI draws a
    progress bar from it)."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...

    def stop(self) -> None: ...


class Executor(Protocol):
    """Checks a run's files somewhere else (a cluster) and runs the batch checks' rounds there
    (``disclosure_lint.distributed``)."""

    def checked(
        self, runner: Runner, sources: Iterable[InputSource], phase: BatchPhase | None
    ) -> Iterator[FileResult]:
        """Raw results in input order (cache hits included), as ``Runner`` makes them."""
        ...

    def findings(self, check: BatchCheck) -> Mapping[str, Sequence[Finding]]:
        """The findings of a batch check with rounds, after the last result."""
        ...


@dataclass
class Runner:
    """Checks inputs one by one; applies per-path ignores, suppressions and the baseline."""

    env: Environment
    engine: Engine
    config: Config = field(default_factory=Config)
    suppressions: SuppressionSet | None = None
    baseline: Baseline | None = None
    #: settings given to every file's rules on top of the configuration's (used by tests)
    extra_settings: Mapping[str, Any] = field(default_factory=dict)
    #: options of the batch checks (``--previous``, ``--archive``)
    batch_options: BatchOptions = field(default_factory=BatchOptions)
    _ignore_cache: dict[tuple[str, ...], set[str]] = field(default_factory=dict, repr=False)
    _phase: BatchPhase | None = field(default=None, repr=False)
    #: the batch checks prepare their data where each report is checked (see ``_checked``)
    _preparing: bool = field(default=False, repr=False)
    #: held batch results keep their tables (set when a reporter renders them)
    keep_tables: bool = False
    #: held batch results keep their whole report (set when a reporter reads it)
    keep_reports: bool = False
    #: worker processes (1: check in this process)
    jobs: int = 1
    #: seconds a file may take to load and check (None: no limit)
    timeout: float | None = 120.0
    #: results of earlier runs, reused when nothing that decides them changed
    cache: ResultCache | None = None
    #: checks the files elsewhere (``--executor dask``); None: worker processes or this one
    executor: Executor | None = None

    @property
    def max_bytes(self) -> int:
        return int(self.config.get("max-file-size"))

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
                        if name.startswith(".") or name.endswith(TOOL_FILE_SUFFIXES):
                            continue
                        if Path(name).suffix.lower() in self.env.extensions:
                            add(Path(root) / name)
            else:
                add(path)
        return sources

    def run(self, sources: Iterable[InputSource]) -> Iterator[FileResult]:
        """One result per input, in input order, then results for configuration files.

        With batch checks active, results are held (compactly) until the batch phase has added
        its findings; ignores, suppressions and the baseline apply to those findings too.
        """
        self._phase = self.batch_phase()
        if self.executor is not None:
            results = self.executor.checked(self, sources, self._phase)
        else:
            results = self._checked(sources)
        if self._phase is not None:
            self._phase.keep_tables = self.keep_tables
            self._phase.keep_reports = self.keep_reports
            if self.executor is not None:
                self._phase.remote = self.executor
            elif self.cache is not None and self.cache.enabled:
                self._phase.outcomes = self.cache.memo(OUTCOMES)
                self._phase.stored_prepared = self.cache.prepared
            results = self._phase.process(results)
        for result in results:
            yield self.postprocess(result)
        yield from self.leftovers()

    def _checked(self, sources: Iterable[InputSource]) -> Iterator[FileResult]:
        """Raw results in input order: from the cache, from worker processes, or checked here."""
        keys: dict[int, str] = {}
        # a hit whose batch checks find their prepared data in its record needs no report
        lean = self._phase.lean_names if self._phase is not None else None
        pooled = self.jobs > 1 and fork_available()
        # the batch checks prepare their data where a report is checked when it goes to the
        # cache or comes from a worker; in one process without a cache they collect the report
        self._preparing = pooled or (self.cache is not None and self.cache.enabled)

        def cached(source: InputSource) -> FileResult | None:
            key = self._cache_key(source)
            if key is None:
                return None
            keys[id(source)] = key
            assert self.cache is not None
            return self.cache.get(key, lean, self.keep_tables)

        if pooled:
            store = self.cache is not None and self.cache.enabled
            count = len(sources) if isinstance(sources, Sized) else None
            pool = OrderedPool(self, self.jobs, store=store, chunk=chunk_for(count, self.jobs))
            for source, (result, blob), computed in pool.map(sources, cached):
                key = keys.pop(id(source), None)
                if computed and key is not None and self.cache is not None:
                    if blob is not None:
                        self.cache.put_encoded(key, blob)  # encoded by the worker
                    else:
                        self.cache.put(key, result)
                result.key, result.cached = key, not computed
                yield result
            return
        for source in sources:
            hit = cached(source)
            key = keys.pop(id(source), None)
            if hit is not None:
                hit.key, hit.cached = key, True
                yield hit
                continue
            result = self.check_one(source)
            if key is not None and self.cache is not None:
                self.cache.put(key, result)
            result.key = key
            yield result

    def _cache_key(self, source: InputSource) -> str | None:
        if self.cache is None or not self.cache.enabled:
            return None
        try:
            if source.path is not None and source.path.stat().st_size > self.max_bytes:
                return None
            key = self.cache.key(source.name, source.read_bytes())
        except OSError:
            return None  # the check reports it (DL901)
        source.forget()  # the bytes are read again by the check if needed; keep memory flat
        return key

    def lighten(self, result: FileResult) -> None:
        """Cut a result's report to what the main process needs, before a worker sends it:
        the stub the batch phase would make of it, when the phase needs no more (every batch
        check prepared its data here)."""
        report = result.report
        if report is None:
            return
        lean = self._phase.lean_names if self._phase is not None else None
        if lean is not None and lean <= set(result.prepared_by):
            result.report = stub_of(report, result.findings, self.keep_tables)
        else:
            report._memo.clear()  # derived views are rebuilt where needed; keep IPC small

    def check_one(self, source: InputSource) -> FileResult:
        """Check one file within the time limit (``timeout``)."""
        context = LoadContext(self.env.formats, self.max_bytes)
        try:
            with time_limit(self.timeout):
                result = self.check_source(source, context)
        except FileTimeout:
            where = Location(source=SourceLocation(source.name))
            return self._failed(source, TIMEOUT, {"limit": self.timeout}, where)
        source.forget()
        return result

    def crashed(self, source: InputSource) -> FileResult:
        """The result of a file whose check killed the worker process twice."""
        where = Location(source=SourceLocation(source.name))
        finding = self.engine.loader_crash(
            "worker",
            where,
            Text("检查此文件时工作进程意外退出", "checking this file ended the worker process"),
        )
        return FileResult(source.name, FileStatus.UNREADABLE, [finding])

    def postprocess(self, result: FileResult) -> FileResult:
        """Per-path ignores, then suppressions (with their own findings), then the baseline."""
        ignored = self._ignored_codes(result.path)
        if ignored:
            result.findings = [
                f for f in result.findings if f.code not in ignored or f.code == INTERNAL_ERROR_CODE
            ]
            result.rules_run = tuple(c for c in result.rules_run if c not in ignored)
        if self.suppressions is not None:
            issues = self.suppressions.apply(result.path, result.findings)
            result.findings.extend(self.engine.findings_for_issues(issues))
        if self.baseline is not None:
            self.baseline.apply(result.path, result.report, result.findings)
        return result

    def leftovers(self) -> Iterator[FileResult]:
        """Results for configuration files with findings of their own (unused suppressions)."""
        if self.suppressions is None:
            return
        by_file: dict[str, list[Issue]] = {}
        for file, issue in self.suppressions.leftovers():
            by_file.setdefault(file, []).append(issue)
        for file, issues in by_file.items():
            yield FileResult(file, FileStatus.CONFIG, self.engine.findings_for_issues(issues))

    def settings_for(self, name: str, report: Report) -> dict[str, Any]:
        """The ``ctx.settings`` of one file: configuration, then ``extra_settings``."""
        return {**self.config.file_settings(name, report.metadata.body), **self.extra_settings}

    def _ignored_codes(self, name: str) -> set[str]:
        selectors = tuple(self.config.ignored_for(name))
        if not selectors:
            return set()
        if selectors not in self._ignore_cache:
            self._ignore_cache[selectors] = {r.code for r in self.env.rules.select(selectors)}
        return self._ignore_cache[selectors]

    def check_source(self, source: InputSource, context: LoadContext) -> FileResult:
        """Load one input and run the rules over its report."""
        loaded = self.load_source(source, context)
        if isinstance(loaded, FileResult):
            return loaded
        result = self.check_report(source.name, loaded)
        with contextlib.suppress(OSError):  # plain data has no bytes: not compared byte for byte
            result.digest = hashlib.sha256(source.read_bytes()).hexdigest()
        if self._preparing and self._phase is not None and self._phase.preparing:
            self._phase.prepare(loaded, result)  # here: in the worker process, with -j
        return result

    def load_source(self, source: InputSource, context: LoadContext) -> Report | FileResult:
        """The report of one input, read through the loader hook without running any rule; or,
        when it cannot be read, its (unreadable) result with the finding that says why."""
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
            line = exc.args_dict.get("line")
            if isinstance(line, int):  # e.g. the line of a YAML error
                where = Location(source=SourceLocation(source.name, line=line))
            return self._failed(source, exc.code, exc.args_dict, where)
        except OSError as exc:
            return self._failed(source, UNREADABLE, {"detail": os_error_text(exc)}, where)
        except Exception as exc:  # a loader bug must not stop the batch
            finding = self.engine.loader_crash("loader", where, exc)
            return FileResult(source.name, FileStatus.UNREADABLE, [finding])
        if report is None:
            detail = source.suffix or Text("没有扩展名", "no extension")
            return self._failed(source, UNSUPPORTED, {"detail": detail}, where)
        return report

    def check_report(self, name: str, report: Report) -> FileResult:
        """Run the selected rules over a loaded report."""
        findings = self.engine.check(report, self.settings_for(name, report))
        status = FileStatus.CHECKED if report.format.used else FileStatus.NOT_CHECKABLE
        ran = tuple(rule.code for rule in self.engine.applicable(report))
        return FileResult(name, status, findings, report, report.loader, ran)

    def run_batch(
        self,
        sources: list[InputSource],
        reporters: list[Reporter],
        fail_on: str,
        progress: Progress | None = None,
    ) -> RunSummary:
        """Check ``sources``, stream each result to every reporter, and return the summary;
        ``progress`` is told of each input done.

        The exit code is 3 when a rule, loader or plugin failed, else 1 when a finding reaches
        ``fail_on`` (``never``: no finding fails the run), else 0.
        """
        if self.suppressions is not None:
            self.suppressions.preload([s.name for s in sources])
        self.keep_tables = any(r.needs_tables for r in reporters)
        self.keep_reports = any(r.needs_reports for r in reporters)
        for reporter in reporters:
            reporter.start()
        self.jobs = max(1, min(self.jobs, len(sources)))
        if progress is not None:
            progress.start(len(sources))
        with batch_collection():
            summary = self._run_batch(sources, reporters, fail_on, progress)
        for reporter in reporters:
            reporter.finish(summary)
        return summary

    def _run_batch(
        self,
        sources: list[InputSource],
        reporters: list[Reporter],
        fail_on: str,
        progress: Progress | None,
    ) -> RunSummary:
        threshold = None if fail_on == "never" else Severity(fail_on)
        by_status: Counter[str] = Counter()
        by_severity: Counter[str] = Counter()
        by_rule: Counter[str] = Counter()
        names: dict[str, str] = {}
        accepted = 0
        failed = internal = False
        for result in self.run(sources):
            if progress is not None and result.status is not FileStatus.CONFIG:
                progress.advance()
            by_status[result.status.value] += 1
            for finding in result.findings:
                if finding.suppressed:
                    accepted += 1
                    continue
                by_severity[finding.severity.value] += 1
                by_rule[finding.code] += 1
                names.setdefault(finding.code, finding.name)
                if finding.code == INTERNAL_ERROR_CODE:
                    internal = True
                if threshold is not None and finding.severity.at_least(threshold):
                    failed = True
            for reporter in reporters:
                reporter.file_done(result)
        phase_problems = self._phase.problems if self._phase is not None else []
        if progress is not None:
            progress.stop()
        problems = [p.as_text() for p in self.env.problems] + phase_problems
        exit_code = 3 if internal or problems else 1 if failed else 0
        return RunSummary(
            files=by_status.total() - by_status.get(FileStatus.CONFIG.value, 0),
            by_status=by_status,
            by_severity=by_severity,
            rules_loaded=len(self.engine.active),
            packs=self._active_packs(),
            plugins=[p.name for p in self.env.plugins if p.origin != "builtin"],
            failed=failed,
            fail_on=fail_on,
            problems=problems,
            exit_code=exit_code,
            cache_hits=self.cache.hits if self.cache is not None else None,
            accepted=accepted,
            by_rule=by_rule,
            rule_names=names,
        )

    def _active_packs(self) -> list[tuple[str, str, int]]:
        """(pack, file, rules that ran) of every pack with an active rule."""
        active = {rule.code for rule in self.engine.active}
        packs = []
        for pack in self.env.rules.packs:
            count = sum(1 for rule in pack.rules if rule.code in active)
            if count:
                packs.append((pack.name, pack.file, count))
        return packs

    def batch_phase(self) -> BatchPhase | None:
        """The batch phase of a run, or None when no batch check is active."""
        context = BatchContext(
            self.engine,
            self.env.formats,
            self.batch_options,
            lambda name: {**self.config.file_settings(name, None), **self.extra_settings},
            lambda space: self.cache.memo(space) if self.cache is not None else None,
        )
        return BatchPhase.start(self.env.batch_checks, context)

    def _failed(self, source: InputSource, code: str, args: dict, where: Location) -> FileResult:
        findings = self.engine.findings_for_issues([Issue(code, where, dict(args))])
        return FileResult(source.name, FileStatus.UNREADABLE, findings)
