"""What the near-duplicate check keeps between runs in the result cache (``BatchContext.memo``):
the sizes of the shingle sets it compared and of their intersections, by the sets' digests.
A warm run reads them instead of counting again and finds exactly what the first run found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from disclosure_lint.batch import neardup
from disclosure_lint.batch.prints import view_report
from disclosure_lint.batch.store import set_digest
from disclosure_lint.core.cache import ResultCache
from disclosure_lint.core.inputs import InputSource
from disclosure_lint.similarity.text import common

from .test_cache_prepared import _findings, _runner, batch


def test_a_warm_run_reads_the_intersections_from_the_memo(
    env, tmp_path: Path, load, monkeypatch
) -> None:
    paths = batch(tmp_path, load)
    counted: list[int] = []
    real = neardup.common_many

    def counting(mine: np.ndarray, theirs: list[np.ndarray]) -> list[int]:
        counted.append(len(theirs))
        return real(mine, theirs)

    monkeypatch.setattr(neardup, "common_many", counting)
    # the batch is judged again (not taken from the stored outcome, core/outcomes.py), as when
    # one of its files changed
    monkeypatch.setattr(neardup.NearDuplicateCheck, "outcome_inputs", lambda self: None)
    database = tmp_path / "cache.sqlite3"

    def checked() -> list:
        cache = ResultCache(database, "fingerprint")
        runner, _ = _runner(env, cache)
        results = list(runner.run([InputSource.from_path(path) for path in paths]))
        cache.close()
        return _findings(results)

    cold = checked()
    first = sum(counted)
    counted.clear()
    warm = checked()
    assert first > 0 and sum(counted) == 0  # every candidate's count came from the memo
    assert warm == cold
    assert any(f["code"] == "DL410" for _, found in cold for f in found)

    # what the memo holds is what counting gives, for every pair it names
    sets: dict[bytes, np.ndarray] = {}
    for path in paths:
        view = view_report(load(path), str(path))
        for shingles in [view.shingles, *(s.shingles for s in view.sections)]:
            sets[set_digest(shingles)] = shingles
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT space, key, value FROM memos WHERE space = ?", (neardup.MEMO_SPACE,)
        ).fetchall()
    assert rows
    pairs = 0
    for _, key, value in rows:
        mine = sets[key]
        for digest, (size, inter) in neardup._counts_of(value).items():
            assert (size, inter) == (sets[digest].size, common(mine, sets[digest]))
            pairs += 1
    assert pairs >= first


def test_memo_values_read_back_and_a_damaged_one_reads_as_nothing() -> None:
    """Entries come back as written (digests ending in a zero byte too); a value that is not
    whole entries reads as nothing, so its pairs are counted again."""
    assert neardup._counts_of(b"\x01" * 25) == {}
    assert neardup._counts_of(None) == {}
    entry = {bytes(range(16)): (7, 3), b"\xff" * 15 + b"\x00": (5, 0)}  # a trailing zero byte
    assert neardup._counts_of(neardup._counts_bytes(entry)) == entry
