"""The compact LSH index proposes exactly the candidates of its definition: every earlier item
that shares a band key with the query, whether its entries are still pending or merged."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.batch.prints import view_report
from disclosure_lint.similarity import minhash
from disclosure_lint.similarity.minhash import EMPTY, LSHIndex, band_keys, signature

from .conftest import CORPUS


def _by_definition(added: list[tuple[int, np.ndarray]], sig: np.ndarray, bands: int) -> list[int]:
    mine = band_keys(sig, bands)
    return sorted(
        {
            item
            for item, other in added
            if not np.all(other == EMPTY)
            and any(a == b for a, b in zip(mine, band_keys(other, bands), strict=True))
        }
    )


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.sampled_from([8, 16, 32, 64]),
    st.integers(1, 120),
    st.sampled_from([16, 64, 1024]),
)
def test_candidates_are_the_items_sharing_a_band(seed: int, bands: int, count: int, pending: int):
    """Signatures drawn from few values per position, so that bands are often shared; the
    pending dictionary merged at various sizes."""
    rng = np.random.default_rng(seed)
    pool = rng.integers(0, 2**32 - 1, (128, 3), dtype=np.uint32)
    original = minhash.PENDING
    minhash.PENDING = pending
    try:
        index = LSHIndex(128, bands)
        added: list[tuple[int, np.ndarray]] = []
        for item in range(count):
            sig = pool[np.arange(128), rng.integers(0, 3, 128)]
            if item % 17 == 5:
                sig = np.full(128, EMPTY, np.uint32)  # an empty set is never a candidate
            expected = [] if np.all(sig == EMPTY) else _by_definition(added, sig, bands)
            assert index.query(sig) == expected
            for highest in (1, 3):  # fewer may come back, never other ones, and the top ones
                found = index.query(sig, highest)
                assert set(found) <= set(expected) and found[-highest:] == expected[-highest:]
            index.add(item, sig)
            added.append((item, sig))
        assert len(index) == bands * sum(1 for _, s in added if not np.all(s == EMPTY))
    finally:
        minhash.PENDING = original


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.permutations(range(40)))
def test_the_highest_candidates_when_items_come_in_any_order(seed: int, order: list[int]):
    """Items added out of order: ``highest`` reads every item, and the top ones are right."""
    rng = np.random.default_rng(seed)
    pool = rng.integers(0, 2**32 - 1, (128, 2), dtype=np.uint32)
    original = minhash.PENDING
    minhash.PENDING = 64
    try:
        index = LSHIndex(128, 32)
        added = []
        for item in order:
            sig = pool[np.arange(128), rng.integers(0, 2, 128)]
            index.add(item, sig)
            added.append((item, sig))
        sig = pool[np.arange(128), rng.integers(0, 2, 128)]
        expected = _by_definition(added, sig, 32)
        assert index.query(sig, 2)[-2:] == expected[-2:]
    finally:
        minhash.PENDING = original


def test_real_reports_find_their_copy_after_a_merge(load, monkeypatch) -> None:
    monkeypatch.setattr(minhash, "PENDING", 64)
    names = ["yinzhou-gongren-2019.txt", "r003.md", "r004.txt", "r006.txt", "r012.txt"]
    sigs = [signature(view_report(load(CORPUS / n), n).shingles) for n in names]
    index = LSHIndex(128, 32)
    for item, sig in enumerate(sigs):
        index.add(item, sig)
    # four reports merged into the arrays, the last one still pending: both are searched
    assert len(index) == 5 * 32 and index._keys.size == 4 * 32 and len(index._pending) == 32
    for item, sig in enumerate(sigs):
        assert index.query(sig) == [item]


def test_an_item_beyond_32_bits_is_refused() -> None:
    with pytest.raises(ValueError, match="32 bits"):
        LSHIndex(128, 32).add(2**32, np.zeros(128, np.uint32))
