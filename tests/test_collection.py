"""The garbage-collector settings of a batch run (core/collection.py): raised for the run,
frozen while workers are forked, and everything back as it was when the run ends."""

from __future__ import annotations

import gc
import io

import pytest

from disclosure_lint.core.collection import BATCH_THRESHOLD, Frozen, batch_collection
from disclosure_lint.core.inputs import InputSource
from disclosure_lint.core.reporting import Reporter, ReporterOptions
from disclosure_lint.core.results import FileResult
from disclosure_lint.core.runner import Runner
from disclosure_lint.core.workers import OrderedPool

from .conftest import CORPUS, SEED


def test_a_batch_raises_the_young_threshold_and_restores_it() -> None:
    before = gc.get_threshold()
    with batch_collection():
        inside = gc.get_threshold()
    assert inside[0] == max(BATCH_THRESHOLD, before[0])
    assert inside[1:] == before[1:]
    assert gc.get_threshold() == before


def test_the_threshold_is_restored_when_the_run_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), batch_collection():
        raise RuntimeError("a reporter failed")
    assert gc.get_threshold() == before


def test_freezing_nests_and_thaws_once_at_the_outermost_level() -> None:
    assert gc.get_freeze_count() == 0
    frozen = Frozen()
    frozen.freeze()
    held = gc.get_freeze_count()
    assert held > 0
    frozen.freeze()  # an isolated worker while the pool is up
    frozen.thaw()
    assert gc.get_freeze_count() >= held  # still frozen: the pool is still up
    frozen.thaw()
    assert gc.get_freeze_count() == 0
    frozen.thaw()  # one too many (a pool reset twice) is harmless
    assert gc.get_freeze_count() == 0


class _Seen(Reporter):
    """Records the collector's state while results arrive."""

    def __init__(self) -> None:
        super().__init__(io.StringIO(), ReporterOptions())
        self.thresholds: list[int] = []

    def file_done(self, result: FileResult) -> None:
        self.thresholds.append(gc.get_threshold()[0])


def test_a_run_with_workers_leaves_the_collector_as_it_found_it(env, engine) -> None:
    before = gc.get_threshold()
    seen = _Seen()
    runner = Runner(env, engine, jobs=2)
    sources = [InputSource.from_path(path) for path in (SEED, CORPUS / "r004.txt")]
    summary = runner.run_batch(sources, [seen], "never")
    assert summary.files == 2
    assert seen.thresholds == [max(BATCH_THRESHOLD, before[0])] * 2
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_pool_thaws_what_it_froze(env, engine) -> None:
    runner = Runner(env, engine, jobs=2)
    pool = OrderedPool(runner, 2)
    sources = [InputSource.from_path(SEED)]
    results = pool.map(sources, lambda source: None)
    _, (result, _), computed = next(results)
    assert computed and result.findings
    assert gc.get_freeze_count() > 0  # the workers are up
    assert list(results) == []
    assert gc.get_freeze_count() == 0
