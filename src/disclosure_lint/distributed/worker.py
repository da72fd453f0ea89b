"""What runs on a Dask worker: the plugin that sets a run up once per worker, the per-file task
and the batch checks' route and reduce steps. Imported by the workers through the tasks."""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable
from typing import Any

from distributed import WorkerPlugin

from ..core.batch import stub_of
from ..core.cache import Encoded, encode_result
from ..core.inputs import InputSource
from ..core.results import FileResult
from .spec import RunSpec, SetupError, WorkerRun

#: the runs set up in this worker process, by run fingerprint (a SetupError when it failed)
_RUNS: dict[str, WorkerRun | SetupError] = {}
_LOCK = threading.Lock()


class RunSetup(WorkerPlugin):
    """Builds a run's checker on each worker once, when the plugin is registered or the worker
    joins (a restarted worker too)."""

    def __init__(self, spec: RunSpec) -> None:
        self.spec = spec
        self.name = spec.name

    def setup(self, worker: Any) -> None:
        where = f"worker {getattr(worker, 'address', '?')}"
        with _LOCK:
            try:
                _RUNS[self.spec.fingerprint] = WorkerRun.build(self.spec, where)
            except SetupError as exc:
                _RUNS[self.spec.fingerprint] = exc
                raise

    def teardown(self, worker: Any) -> None:
        with _LOCK:
            _RUNS.pop(self.spec.fingerprint, None)


def _run(fingerprint: str) -> WorkerRun:
    with _LOCK:
        run = _RUNS.get(fingerprint)
    if isinstance(run, SetupError):
        raise run
    if run is None:
        raise SetupError("this worker was not set up for the run (its setup plugin did not run)")
    return run


def check_file(
    fingerprint: str, index: int, source: InputSource
) -> tuple[FileResult, Encoded | None, dict[str, list[Any]]]:
    """Check one file here: its result (the report cut to a stub unless the run wants whole
    reports), its cache record, and each batch check's records of it."""
    run = _run(fingerprint)
    result = run.runner.check_one(source)
    blob = None
    if run.spec.records:
        try:
            blob = encode_result(result)
        except (TypeError, ValueError):
            blob = None  # not stored; the result itself is sound
    records: dict[str, list[Any]] = {}
    report = result.report
    if report is not None:
        phase_engine = run.runner.engine
        for name, check in run.checks.items():
            try:
                records[name] = list(check.extract(report, result, index))
            except Exception as exc:  # as a failing collect in one process
                result.findings.append(_crash(phase_engine, check, exc))
        if run.spec.full_reports:
            report._memo.clear()
        else:
            result.report = stub_of(report, result.findings, run.spec.keep_tables)
    return result, blob, records


def _crash(engine: Any, check: Any, exc: BaseException) -> Any:
    import traceback

    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return engine._internal(f"batch check {check.name} (collect)", type(check).__module__, detail)


def result_part(done: tuple[FileResult, Encoded | None, dict[str, list[Any]]]) -> tuple:
    """What goes back to the client of a checked file: the result and its cache record."""
    return done[0], done[1]


def records_part(done: tuple[FileResult, Encoded | None, dict[str, list[Any]]], check: str) -> list:
    """What stays on the cluster of a checked file: one batch check's records."""
    return done[2].get(check, [])


def route_partition(
    records: Iterable[Any], fingerprint: str, check: str, round: int
) -> list[tuple[Hashable, Any]]:
    """Route every record of a partition (``BatchCheck.route``)."""
    checker = _run(fingerprint).checks[check]
    return [pair for record in records for pair in checker.route(round, record)]


def reduce_partition(
    groups: Iterable[tuple[Hashable, list[tuple[Hashable, Any]]]],
    fingerprint: str,
    check: str,
    round: int,
) -> list[Any]:
    """Reduce every group of a partition (``BatchCheck.reduce``)."""
    checker = _run(fingerprint).checks[check]
    made: list[Any] = []
    for key, pairs in groups:
        made.extend(checker.reduce(round, key, [value for _, value in pairs]))
    return made


def group_key(pair: tuple[Hashable, Any]) -> Hashable:
    return pair[0]
