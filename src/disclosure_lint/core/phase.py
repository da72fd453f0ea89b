"""The batch phase: runs the active batch checks over the stream of results (core/batch.py
says what a batch check is and how the phase feeds it).

With a result cache, the phase names the batch of a check that says what decides its findings
(``outcome_inputs``) and prepares its data where reports are checked: by the paths and cache
keys of its reports, as they arrive (core/outcomes.py). While every result is a cache hit, such
a check does not collect: the phase holds the results with their prepared data, and at the end
of the stream an outcome stored under the batch's name (the same batch, every file unchanged)
gives the check's findings. Otherwise — no such outcome, or a result that was checked, not
served by the cache — the check collects the held results, in input order, and the rest as they
come, and its findings are stored under the name for the next run. A report without a cache
key or prepared data cannot name the batch: its findings are then not stored.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import traceback
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, BinaryIO, Protocol

from .batch import BatchCheck, BatchContext, prepares
from .engine import Engine
from .errors import RunAborted
from .findings import Finding
from .held import Prepared, ReportStub, stub_of
from .model import Report
from .outcomes import BatchName, OutcomeStore, OutcomeWriter, StoredOutcome, lookup
from .results import DeferredResult, FileResult
from .rules import Text


class RemoteRounds(Protocol):
    """Runs a check's rounds where its records are (a cluster) and returns its findings."""

    def findings(self, check: BatchCheck) -> Mapping[str, Sequence[Finding]]: ...


class BatchPhase:
    """Runs the active batch checks over a stream of results (see the module docstring)."""

    def __init__(self, checks: list[BatchCheck], engine: Engine) -> None:
        self.checks = checks
        self.engine = engine
        #: keep the tables of held reports (a reporter renders them, e.g. the HTML report)
        self.keep_tables = False
        #: keep held reports whole (a reporter reads them, e.g. the review app)
        self.keep_reports = False
        #: failures of whole checks (``create`` or ``finish`` raised), shown in the run summary
        self.problems: list[Text] = []
        #: runs the checks with ``rounds`` on a cluster (set by a distributed executor): their
        #: records were extracted where the reports were read, so ``collect`` is not called
        self.remote: RemoteRounds | None = None
        #: where the checks' outcomes are kept between runs (set by the runner when the run has
        #: a result cache; see the module docstring)
        self.outcomes: OutcomeStore | None = None
        #: the prepared data the result cache keeps under a key (set with ``outcomes``): a hit
        #: held for a waiting check is held without it, and it is read again only if the check
        #: collects after all
        self.stored_prepared: Callable[[str], dict[str, Any] | None] | None = None
        #: findings of checks that failed collecting a held result, by its place in the input
        self._late: dict[int, list[Finding]] = {}
        #: checks that failed somewhere in this run: their outcome is not stored
        self._failed: set[str] = set()

    @classmethod
    def start(
        cls, check_classes: Iterable[type[BatchCheck]], context: BatchContext
    ) -> BatchPhase | None:
        """The phase for this run, or ``None`` when no batch check is active."""
        checks: list[BatchCheck] = []
        problems: list[Text] = []
        for check_class in check_classes:
            try:
                check = check_class.create(context)
            except Exception as exc:  # a broken check must not stop the run
                problems.append(_problem(check_class.name, "create", exc))
                continue
            if check is not None:
                checks.append(check)
        if not checks and not problems:
            return None
        phase = cls(checks, context.engine)
        phase.problems.extend(problems)
        return phase

    def prepare(self, report: Report, result: FileResult) -> None:
        """Fill ``result.prepared`` with what the checks that prepare make of ``report``, and
        ``result.prepared_by`` with their names (runs where the report is checked). A check whose
        ``prepare`` fails is left out: it gets the report through ``collect`` instead."""
        parts: dict[str, Any] = {}
        by: list[str] = []
        for check in self.local_checks:
            if not prepares(check):
                continue
            try:
                parts.update(check.prepare(report, result))
            except Exception:  # ``collect`` runs it again and reports the failure
                continue
            by.append(check.name)
        result.prepared = parts
        result.prepared_by = tuple(by)

    @property
    def preparing(self) -> bool:
        """True when a check prepares its data where the reports are checked."""
        return any(prepares(check) for check in self.local_checks)

    @property
    def lean_names(self) -> frozenset[str] | None:
        """The checks whose prepared data must be in a cache record for a hit to be served
        without its report (a :class:`ReportStub`); None when a whole report is needed (a
        reporter reads it, or a check collects reports)."""
        local = self.local_checks
        if self.keep_reports or not all(prepares(check) for check in local):
            return None
        return frozenset(check.name for check in local)

    def process(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        # Held results wait on disk, compressed, in a spill file that is gone when the phase
        # ends: memory does not grow with the batch (only the checks' compact prints do). They
        # are this process's own objects, pickled only to be unpickled here.
        with _Spill() as held, self._closing():
            naming = self._nameable()
            waiting = set(naming)
            for result in results:
                report = result.report
                if report is not None:
                    waits = self._collect(result, report, naming, waiting, held)
                    report._memo.clear()  # views the checks shared (prints); not content
                    if not waits:
                        result.prepared, result.prepared_by = None, ()
                    elif self.stored_prepared is not None and result.cached:
                        result.prepared = None  # read again from the cache if needed
                    if not self.keep_reports and not isinstance(report, ReportStub):
                        result.report = stub_of(report, result.findings, self.keep_tables)
                for batch in naming.values():
                    batch.held(result.path, result.key if report is not None else None)
                held.add(result)
                del result, report
            stored, writers = self._outcomes(naming, waiting, held)
            found = self._finish(stored)
            overrides = self.engine.selection.severity
            for index, result in enumerate(held.results()):
                more = self._late.pop(index, []) + self._findings_of(found, result.path, writers)
                if more:
                    for finding in more:
                        if finding.code in overrides:
                            finding.severity = overrides[finding.code]
                    result.findings.extend(more)
                    result.findings.sort(key=Finding.sort_key)
                yield result
            for name, writer in writers.items():
                if name not in self._failed:
                    writer.close()

    def _nameable(self) -> dict[str, BatchName]:
        """The checks whose findings are kept between runs, with their batch's name (none
        without an outcome store or on a cluster)."""
        if self.outcomes is None or self.remote is not None:
            return {}
        naming: dict[str, BatchName] = {}
        for check in self.checks:
            if not prepares(check):
                continue
            try:
                inputs = check.outcome_inputs()
            except Exception:  # a check that cannot say is judged on every run
                continue
            if inputs is not None:
                naming[check.name] = BatchName(check.name, inputs)
        return naming

    def _collect(
        self,
        result: FileResult,
        report: Report,
        naming: dict[str, BatchName],
        waiting: set[str],
        held: _Spill,
    ) -> bool:
        """Give one result to the checks; True when a waiting check may need its prepared data
        later. A report without a cache key or prepared data ends its batch's naming; a report
        that was checked (not a cache hit) means the batch changed, so a waiting check collects
        the held results and the rest as they come (its findings are still stored)."""
        waits = False
        prepared: Prepared | None = None
        live: list[BatchCheck] = []
        stopping: list[BatchCheck] = []  # they collect the held results first, in one pass
        for check in self.local_checks:
            name = check.name
            if name in naming and (result.key is None or name not in result.prepared_by):
                del naming[name]
            if name in waiting:
                if name in naming and result.cached:
                    waits = True
                    continue
                waiting.discard(name)
                stopping.append(check)
            live.append(check)
        if stopping:
            self._replay(stopping, held)
        for check in live:
            try:
                if check.name in result.prepared_by:
                    if prepared is None:
                        prepared = Prepared(result.prepared or {})
                    check.collect_prepared(prepared, result)
                else:
                    check.collect(report, result)
            except Exception as exc:
                result.findings.append(self._crash(check, "collect", exc))
                self._failed.add(check.name)
        return waits

    def _replay(self, checks: list[BatchCheck], held: _Spill) -> None:
        """``checks`` collect the held results (their prepared data), in input order."""
        for index, result in enumerate(held.results()):
            if result.report is None:
                continue
            parts = result.prepared
            if parts is None and result.key is not None and self.stored_prepared is not None:
                parts = self.stored_prepared(result.key)
            prepared = Prepared(parts or {})
            for check in checks:
                if check.name not in result.prepared_by:
                    continue
                try:
                    check.collect_prepared(prepared, result)
                except Exception as exc:
                    self._late.setdefault(index, []).append(self._crash(check, "collect", exc))
                    self._failed.add(check.name)

    def _outcomes(
        self, naming: dict[str, BatchName], waiting: set[str], held: _Spill
    ) -> tuple[dict[str, StoredOutcome], dict[str, OutcomeWriter]]:
        """At the end of the stream: the stored outcomes of the waiting checks, and a writer
        for each named check without one (a waiting one collects the held results now)."""
        stored: dict[str, StoredOutcome] = {}
        writers: dict[str, OutcomeWriter] = {}
        judged: list[BatchCheck] = []
        for check in self.checks:
            batch = naming.get(check.name)
            if batch is None:
                continue
            assert self.outcomes is not None
            if check.name in waiting:
                try:
                    hit = lookup(self.outcomes, batch)
                except Exception:  # an unreadable memo: judge the batch again
                    hit = None
                if hit is not None:
                    stored[check.name] = hit
                    continue
                judged.append(check)
            writers[check.name] = OutcomeWriter(self.outcomes, batch)
        if judged:
            self._replay(judged, held)
        return stored, writers

    @contextmanager
    def _closing(self) -> Iterator[None]:
        """Close every check when the phase ends, however it ends."""
        try:
            yield
        finally:
            for check in self.checks:
                try:
                    check.close()
                except Exception as exc:
                    self.problems.append(_problem(check.name, "close", exc))

    def _finish(self, stored: Mapping[str, StoredOutcome]) -> list[tuple[BatchCheck, Any]]:
        """Every check's findings by file path: a dictionary, or what the check returned when
        it can ``pop`` (findings a check keeps on disk and reads back when asked for); the
        ``stored`` outcome of a check that has one."""
        finished: list[tuple[BatchCheck, Any]] = []
        for check in self.checks:
            try:
                if check.name in stored:
                    found: Any = stored[check.name]
                elif self.remote is not None and check.rounds:
                    found = self.remote.findings(check)
                else:
                    found = check.finish()
                if not callable(getattr(found, "pop", None)):
                    found = dict(found)
            except RunAborted:
                raise
            except Exception as exc:
                self.problems.append(_problem(check.name, "finish", exc))
                self._failed.add(check.name)
                continue
            finished.append((check, found))
        return finished

    def _findings_of(
        self,
        finished: list[tuple[BatchCheck, Any]],
        path: str,
        writers: Mapping[str, OutcomeWriter],
    ) -> list[Finding]:
        """The checks' findings of a file, in the order of the checks; each file path gets
        them once (the first result of a path given twice). A check's ``writers`` keeps them
        for the next run."""
        more: list[Finding] = []
        for number, (check, found) in enumerate(finished):
            if found is None:
                continue
            try:
                got = list(found.pop(path, None) or ())
                writer = writers.get(check.name)
                if writer is not None:
                    writer.add(path, got)
            except RunAborted:
                raise
            except Exception as exc:  # reading a check's findings failed: the check's problem
                self.problems.append(_problem(check.name, "finish", exc))
                self._failed.add(check.name)
                finished[number] = (check, None)
                continue
            more.extend(got)
        return more

    @property
    def local_checks(self) -> list[BatchCheck]:
        """The checks that collect the reports here (all of them without a cluster)."""
        if self.remote is None:
            return self.checks
        return [check for check in self.checks if not check.rounds]

    def _crash(self, check: BatchCheck, stage: str, exc: BaseException) -> Finding:
        return self.engine._internal(
            _what(check.name, stage), type(check).__module__, _describe(exc)
        )


_STAGES = {
    "create": Text("创建", "create"),
    "collect": Text("收集", "collect"),
    "finish": Text("汇总", "finish"),
    "close": Text("关闭", "close"),
}


def _what(name: str, stage: str) -> Text:
    """``batch check NAME (STAGE)`` in both languages."""
    return Text("批量检查 {n}（{s}）", "batch check {n} ({s})").format(
        n=name, s=_STAGES.get(stage, Text(stage, stage))
    )


def _problem(name: str, stage: str, exc: BaseException) -> Text:
    """A whole batch check failed: a problem of the run."""
    return _what(name, stage) + f": {_describe(exc)}"


class _Spill:
    """Results written one after the other to an unnamed temporary file, read back in order."""

    def __init__(self) -> None:
        # closed by __exit__ (the phase uses it as a context manager)
        self._file: BinaryIO = tempfile.TemporaryFile(prefix="disclosure-lint-")  # noqa: SIM115
        self._sizes = array("Q")

    def __enter__(self) -> _Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def add(self, result: FileResult) -> None:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        if isinstance(result, DeferredResult) and result.compact:
            blob = b"=" + data  # its bulk is compressed already
        else:
            blob = b"z" + zlib.compress(data, 1)
        self._file.write(blob)
        self._sizes.append(len(blob))

    def results(self) -> Iterator[FileResult]:
        """The results written so far, in order (more may be added while they are read)."""
        self._file.flush()
        descriptor = self._file.fileno()
        offset = 0
        for number in range(len(self._sizes)):
            size = self._sizes[number]
            blob = os.pread(descriptor, size, offset)
            data = blob[1:] if blob[:1] == b"=" else zlib.decompress(blob[1:])
            yield pickle.loads(data)
            offset += size


def _describe(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()
