"""The Dask executor: a run's files checked as Dask tasks, its batch checks as grouping rounds
on Dask bags, results streamed back in input order into the same reporters, cache and archive.

See docs/distributed.md. Workers read the files themselves (paths must be visible to them).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import dask
import dask.bag as db
from distributed import Client, Future, LocalCluster, as_completed
from distributed.client import FutureCancelledError
from distributed.scheduler import KilledWorker

from ..core.batch import BatchCheck
from ..core.cache import environment_fingerprint
from ..core.errors import RunAborted
from ..core.findings import Finding
from ..core.inputs import InputSource
from ..core.phase import BatchPhase
from ..core.results import FileResult
from ..core.runner import Runner
from . import worker as tasks
from .spec import RunSpec, SetupError, ship

#: times a file is submitted again after Dask gave up on it (its workers died): a file that
#: kills its worker on every try gets DL999; one that shared a dying worker gets its own try
RESUBMITS = 2
#: deaths of a worker running a task before Dask gives up on the task, in a cluster we start
ALLOWED_FAILURES = 2

log = logging.getLogger(__name__)


class DaskExecutor:
    """Runs a :class:`Runner`'s per-file checks and batch rounds on a Dask cluster."""

    def __init__(
        self, address: str | None = None, workers: int | None = None, window: int | None = None
    ) -> None:
        self.address = address
        self.workers = workers
        self.window = window
        self.client: Client | None = None
        self.cluster: LocalCluster | None = None
        self.spec: RunSpec | None = None
        self._records: dict[str, dict[int, Future]] = {}
        self._local_records: dict[str, list[Any]] = {}

    # --- the cluster -------------------------------------------------------------------------

    def connect(self) -> Client:
        """Connect to the scheduler, or start a local cluster sized to the machine."""
        if self.client is not None:
            return self.client
        if self.address:
            try:
                self.client = Client(self.address, timeout="20s", set_as_default=True)
            except (OSError, TimeoutError) as exc:
                raise RunAborted(
                    f"cannot reach the Dask scheduler at {self.address}: {exc}"
                ) from exc
            return self.client
        self.cluster = start_local_cluster(self.workers or os.cpu_count() or 1)
        self.client = Client(self.cluster, set_as_default=True)
        return self.client

    def close(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            if self.spec is not None:
                with contextlib.suppress(Exception):
                    client.unregister_worker_plugin(self.spec.name)
            with contextlib.suppress(Exception):
                client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()
            self.cluster = None

    def _setup(self, runner: Runner, phase: BatchPhase | None) -> RunSpec:
        client = self.connect()
        checks = phase.checks if phase is not None else []
        build_args = runner.env.build_args
        spec = RunSpec(
            fingerprint=environment_fingerprint(runner.env, runner.config),
            version=_version(),
            build_args=build_args,
            shipped=ship(build_args),
            config=runner.config,
            selection=runner.engine.selection,
            extra_settings=dict(runner.extra_settings),
            timeout=runner.timeout,
            plugins=[(p.name, p.version) for p in runner.env.plugins],
            checks=[c.name for c in checks if c.rounds],
            full_reports=any(not c.rounds for c in checks),
            keep_tables=runner.keep_tables,
            records=runner.cache is not None and runner.cache.enabled,
        )
        try:
            client.register_plugin(tasks.RunSetup(spec), name=spec.name)
        except SetupError as exc:
            raise RunAborted(str(exc), exit_code=2) from exc
        except Exception as exc:
            raise self._lost(exc) from exc
        self.spec = spec
        return spec

    def _lost(self, exc: BaseException) -> RunAborted:
        if isinstance(exc, SetupError):
            return RunAborted(str(exc), exit_code=2)
        where = self.address or "the local cluster"
        return RunAborted(
            f"the Dask scheduler at {where} went away during the run "
            f"({type(exc).__name__}: {exc}); the files checked so far are kept in the result "
            "cache, a new run reuses them"
        )

    # --- per-file checks ---------------------------------------------------------------------

    def checked(
        self, runner: Runner, sources: Iterable[InputSource], phase: BatchPhase | None
    ) -> Iterator[FileResult]:
        """Results in input order; each computed one is stored in the cache as it arrives."""
        spec = self._setup(runner, phase)
        client = self.connect()
        by_name = {c.name: c for c in (phase.checks if phase is not None else [])}
        self._records = {name: {} for name in spec.checks}
        self._local_records = {name: [] for name in spec.checks}
        window = self.window or max(64, 8 * max(1, len(client.scheduler_info()["workers"])))
        pending: dict[int, tuple[InputSource, str | None]] = {}
        done: dict[int, FileResult] = {}
        tries: dict[int, int] = {}
        futures = as_completed(loop=client.loop)
        source_iter = enumerate(iter(sources))
        exhausted = False
        head = 0

        def submit(index: int, source: InputSource) -> None:
            if source.path is not None and not source.path.is_absolute():
                # workers have working folders of their own; the name stays as given
                source = dataclasses.replace(source, path=Path.cwd() / source.path)
            whole = client.submit(
                tasks.check_file, spec.fingerprint, index, source, pure=False, priority=-index
            )
            part = client.submit(tasks.result_part, whole, pure=False, priority=-index)
            part.index = index  # type: ignore[attr-defined]
            for name in spec.checks:
                self._records[name][index] = client.submit(
                    tasks.records_part, whole, name, pure=False
                )
            futures.add(part)

        try:
            while True:
                while not exhausted and len(pending) + len(done) < window:
                    try:
                        index, source = next(source_iter)
                    except StopIteration:
                        exhausted = True
                        break
                    key = runner._cache_key(source)
                    hit = runner.cache.get(key) if key is not None and runner.cache else None
                    if hit is not None:
                        done[index] = hit
                        if hit.report is not None:
                            for name in spec.checks:
                                self._local_records[name].extend(
                                    by_name[name].extract(hit.report, hit, index)
                                )
                        continue
                    pending[index] = (source, key)
                    submit(index, source)
                while head in done:
                    yield done.pop(head)
                    head += 1
                if not pending:
                    if exhausted:
                        return
                    continue
                future = next(futures)
                index = future.index
                source, key = pending[index]
                try:
                    result, blob = future.result()
                except KilledWorker:
                    tries[index] = tries.get(index, 0) + 1
                    if tries[index] <= RESUBMITS:
                        submit(index, source)
                        continue
                    result, blob = runner.crashed(source), None
                    for records in self._records.values():
                        records.pop(index, None)
                except (FutureCancelledError, OSError, TimeoutError) as exc:
                    raise self._lost(exc) from exc
                except SetupError as exc:
                    raise RunAborted(str(exc), exit_code=2) from exc
                del pending[index]
                if key is not None and blob is not None and runner.cache is not None:
                    runner.cache.put_encoded(key, blob)
                done[index] = result
        except BaseException:
            futures.clear()
            raise

    # --- batch checks ------------------------------------------------------------------------

    def findings(self, check: BatchCheck) -> Mapping[str, Sequence[Finding]]:
        """Run ``check``'s rounds over its records on the cluster; gather its findings."""
        assert self.spec is not None
        client = self.connect()
        parts: list[Any] = list(self._records.get(check.name, {}).values())
        local = self._local_records.get(check.name, [])
        try:
            if local:  # records of cache hits, made here: one partition per 200
                chunks = [local[i : i + 200] for i in range(0, len(local), 200)]
                parts.extend(client.scatter(chunks))
            if not parts:
                return check.gather([])
            count = max(1, min(len(parts), 4 * len(client.scheduler_info()["workers"])))
            extracted = client.persist(db.from_delayed(parts).repartition(npartitions=count))
            current = extracted
            for number in range(check.rounds):
                routed = current.map_partitions(
                    tasks.route_partition, self.spec.fingerprint, check.name, number
                )
                grouped = routed.groupby(tasks.group_key, shuffle="tasks", npartitions=count)
                made = grouped.map_partitions(
                    tasks.reduce_partition, self.spec.fingerprint, check.name, number
                )
                current = made if number == check.rounds - 1 else db.concat([extracted, made])
            records = client.compute(current).result()
        except SetupError as exc:
            raise RunAborted(str(exc), exit_code=2) from exc
        except (FutureCancelledError, OSError, TimeoutError, KilledWorker) as exc:
            raise self._lost(exc) from exc
        finally:
            self._records.pop(check.name, None)
            self._local_records.pop(check.name, None)
        return check.gather(records)


def start_local_cluster(workers: int) -> LocalCluster:
    """A cluster of ``workers`` worker processes (one thread each) on this machine; a task
    whose worker dies three times is given up (and, after its resubmissions, its file gets
    DL999). A task that merely shared a dying worker, or whose worker missed its heartbeats on
    a loaded machine, is not mistaken for the culprit as easily as with fewer tries."""
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )


def _version() -> str:
    from .. import __version__

    return __version__
