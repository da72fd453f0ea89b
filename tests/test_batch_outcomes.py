"""The batch checks' stored outcomes (core/outcomes.py): a run over a batch the result cache has
seen, every file unchanged, takes each check's findings without collecting a single report; any
change to the batch (a file's text, the order of the files) is judged again and gives exactly
what a run without a cache gives."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from disclosure_lint.batch.duplicates import DuplicateCheck
from disclosure_lint.batch.neardup import NearDuplicateCheck
from disclosure_lint.batch.yoy import YearOverYearCheck
from disclosure_lint.core import outcomes
from disclosure_lint.core.batch import BatchCheck, BatchContext, BatchOptions, Prepared
from disclosure_lint.core.cache import ResultCache
from disclosure_lint.core.engine import Engine, Selection
from disclosure_lint.core.findings import Finding
from disclosure_lint.core.inputs import InputSource
from disclosure_lint.core.model import Report
from disclosure_lint.core.results import FileResult
from disclosure_lint.core.runner import Runner

from .conftest import SEED
from .test_cache_prepared import _findings, _runner, batch

CHECKS = (NearDuplicateCheck, DuplicateCheck, YearOverYearCheck)


def _counting(monkeypatch) -> list[str]:
    """The names of the checks, once per report each collects (prepared data)."""
    collected: list[str] = []
    for cls in CHECKS:

        def counting(self, prepared, result, real=cls.collect_prepared) -> None:
            collected.append(self.name)
            real(self, prepared, result)

        monkeypatch.setattr(cls, "collect_prepared", counting)
    return collected


def _checked(env, database: Path | None, paths: Sequence[Path], checks=()) -> list:
    cache = ResultCache(database, "fingerprint") if database is not None else None
    runner, _ = _runner(env, cache, checks)
    results = list(runner.run([InputSource.from_path(path) for path in paths]))
    if cache is not None:
        cache.close()
    return _findings(results)


def _stored(database: Path) -> tuple[dict[bytes, bytes], dict[bytes, bytes]]:
    """(slots, chunks) of the stored outcomes: a slot's key is 32 bytes, a chunk's 36."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT key, value FROM memos WHERE space = ?", (outcomes.SPACE,)
        ).fetchall()
    slots = {key: value for key, value in rows if len(key) == 32}
    chunks = {key: value for key, value in rows if len(key) == 36}
    return slots, chunks


def test_an_unchanged_batch_takes_the_stored_findings(env, tmp_path: Path, load, monkeypatch):
    paths = batch(tmp_path, load)
    collected = _counting(monkeypatch)
    database = tmp_path / "cache.sqlite3"
    uncached = _checked(env, None, paths)
    cold = _checked(env, database, paths)
    assert Counter(collected) == {"near-duplicates": 9, "duplicates": 9, "year-over-year": 9}
    collected.clear()
    warm = _checked(env, database, paths)
    assert collected == []  # no report collected: every check's outcome was stored
    assert warm == cold == uncached
    codes = {f["code"] for _, found in warm for f in found}
    assert {"DL410", "DL413", "DL420", "DL421", "DL430", "DL432"} <= codes


def test_a_run_that_checks_files_collects_as_they_come(env, tmp_path, load, monkeypatch):
    """Filling the cache, the checks collect each report as it arrives (their work overlaps
    the checking of the next files) and their findings are still stored."""
    paths = batch(tmp_path, load)
    collected = _counting(monkeypatch)
    real = Runner.check_one

    def check_one(self, source: InputSource) -> FileResult:
        collected.append("checked")
        return real(self, source)

    monkeypatch.setattr(Runner, "check_one", check_one)
    database = tmp_path / "cache.sqlite3"
    _checked(env, database, paths)
    last_checked = max(i for i, event in enumerate(collected) if event == "checked")
    assert collected.index("near-duplicates") < last_checked
    collected.clear()
    _checked(env, database, paths)
    assert collected == []  # all hits, the stored outcome taken


def test_a_changed_file_or_order_is_judged_again(env, tmp_path: Path, load, monkeypatch):
    monkeypatch.setattr(outcomes, "CHUNK", 1)  # a chunk per file with findings
    paths = batch(tmp_path, load)
    collected = _counting(monkeypatch)
    database = tmp_path / "cache.sqlite3"
    _checked(env, database, paths)
    first_slots, first_chunks = _stored(database)
    assert len(first_slots) == len(CHECKS) and len(first_chunks) > len(CHECKS)

    reread: list[str] = []
    real_prepared = ResultCache.prepared

    def prepared(self, key: str):
        reread.append(key)
        return real_prepared(self, key)

    monkeypatch.setattr(ResultCache, "prepared", prepared)
    copy = paths[3]  # the seed copied by another body: it no longer names the same year
    copy.write_text(copy.read_text(encoding="utf-8").replace("2020", "2021"), encoding="utf-8")
    collected.clear()
    changed = _checked(env, database, paths)
    assert Counter(collected) == {"near-duplicates": 9, "duplicates": 9, "year-over-year": 9}
    # the three hits before the changed file were held without their prepared data, read
    # again from the cache once; the rest were collected as they came
    assert len(reread) == 3
    assert changed == _checked(env, None, paths)
    # the same paths keep one outcome each: the old chunks are gone
    slots, chunks = _stored(database)
    assert slots.keys() == first_slots.keys() and slots != first_slots
    names = {value[:32]: int.from_bytes(value[32:36], "little") for value in slots.values()}
    assert {key[:32] for key in chunks} == {name for name, count in names.items() if count}
    assert len(chunks) == sum(names.values())

    collected.clear()
    reread.clear()
    reordered = [*paths[4:], *paths[:4]]
    again = _checked(env, database, reordered)
    assert len(collected) == 27 and len(reread) == len(paths)
    assert again == _checked(env, None, reordered)


def test_a_damaged_outcome_is_judged_again(env, tmp_path: Path, load, monkeypatch) -> None:
    paths = batch(tmp_path, load)
    collected = _counting(monkeypatch)
    database = tmp_path / "cache.sqlite3"
    cold = _checked(env, database, paths)
    with sqlite3.connect(database) as db:
        db.execute(
            "UPDATE memos SET value = ? WHERE space = ? AND length(key) = 36",
            (b"not zlib", outcomes.SPACE),
        )
    collected.clear()
    assert _checked(env, database, paths) == cold
    assert Counter(collected) == {"near-duplicates": 9, "duplicates": 9, "year-over-year": 9}


def test_a_report_without_a_cache_key_ends_the_waiting(env, tmp_path, load, monkeypatch):
    """A file the cache has no key for (here: every third one) cannot name the batch: the
    checks collect what was held and the rest as it comes, each report exactly once."""
    paths = batch(tmp_path, load)
    collected = _counting(monkeypatch)
    database = tmp_path / "cache.sqlite3"
    cold = _checked(env, database, paths)
    real = Runner._cache_key

    def keyless(self, source: InputSource) -> str | None:
        return None if source.name == str(paths[2]) else real(self, source)

    monkeypatch.setattr(Runner, "_cache_key", keyless)
    collected.clear()
    assert _checked(env, database, paths) == cold
    assert Counter(collected) == {"near-duplicates": 9, "duplicates": 9, "year-over-year": 9}


def test_year_over_year_with_outside_reports_is_judged_every_run(env, load) -> None:
    engine = Engine(env.rules, env.kinds, env.formats, Selection(select=["DL4"]))
    alone = YearOverYearCheck.create(BatchContext(engine, env.formats))
    assert alone is not None and alone.outcome_inputs() == b""
    options = BatchOptions(previous=[load(SEED)])
    with_previous = YearOverYearCheck.create(BatchContext(engine, env.formats, options))
    assert with_previous is not None and with_previous.outcome_inputs() is None


class Flaky(BatchCheck):
    """A third-party check that stores its outcome and fails collecting one report, once."""

    name: ClassVar[str] = "flaky"
    fail_on: ClassVar[str | None] = None
    seen: ClassVar[list[str]] = []

    @classmethod
    def create(cls, context: BatchContext) -> BatchCheck | None:
        return cls(context, [])

    def outcome_inputs(self) -> bytes | None:
        return b""

    def prepare(self, report: Report, result: FileResult) -> Mapping[str, Any]:
        return {"flaky.title": report.metadata.title}

    def collect_prepared(self, prepared: Prepared, result: FileResult) -> None:
        self.seen.append(result.path)
        if result.path == Flaky.fail_on:
            raise RuntimeError("flaky")

    def finish(self) -> Mapping[str, Sequence[Finding]]:
        return {}


def test_a_check_that_failed_is_not_stored(env, tmp_path: Path, load) -> None:
    paths = batch(tmp_path, load)
    database = tmp_path / "cache.sqlite3"
    Flaky.fail_on, Flaky.seen = str(paths[1]), []
    first = _checked(env, database, paths, [Flaky])
    crashed = [path for path, found in first if any(f["code"] == "DL999" for f in found)]
    assert crashed == [str(paths[1])]  # the failure is the file's, in its place in the batch
    Flaky.fail_on, Flaky.seen = None, []
    second = _checked(env, database, paths, [Flaky])
    assert len(Flaky.seen) == len(paths)  # judged again: the failed run stored nothing
    assert not any(f["code"] == "DL999" for _, found in second for f in found)
    Flaky.seen = []
    _checked(env, database, paths, [Flaky])
    assert Flaky.seen == []  # stored by the run that went well


def test_outcome_store_names_batches_by_paths_and_keys() -> None:
    a = outcomes.BatchName("check", b"")
    b = outcomes.BatchName("check", b"")
    for name in (a, b):
        name.held("x.txt", "k1")
        name.held("y.txt", None)
    assert (a.slot, a.name) == (b.slot, b.name)
    c = outcomes.BatchName("check", b"")
    c.held("x.txt", "k2")  # the same paths, another content
    c.held("y.txt", None)
    assert c.slot == a.slot and c.name != a.name
    d = outcomes.BatchName("other", b"")
    d.held("x.txt", "k1")
    d.held("y.txt", None)
    assert d.slot != a.slot
    e = outcomes.BatchName("check", b"more")  # the check says something else counts
    e.held("x.txt", "k1")
    e.held("y.txt", None)
    assert e.slot == a.slot and e.name != a.name
