"""Shortcuts of the stock-phrase catalogue (issue 16) held to the definitions they replace: the
positions of a phrase's n-grams by a set look-up against numpy's ``isin``, and the best window
with each hit's n-gram looked up once against the window as first written."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.similarity import catalogue


def _best_window_as_written(
    hashes: list[int], hits: list[int], total: int, width: int
) -> tuple[float, int, int] | None:
    best: tuple[float, int, int] | None = None
    counts: dict[int, int] = {}
    right = -1
    for left in range(len(hits)):
        if right < left:
            right = left
            counts = {hashes[hits[left]]: 1}
        while right + 1 < len(hits) and hits[right + 1] - hits[left] < width:
            right += 1
            gram = hashes[hits[right]]
            counts[gram] = counts.get(gram, 0) + 1
        score = len(counts) / total
        first, last = hits[left], hits[right]
        if (
            best is None
            or score > best[0]
            or (score == best[0] and last - first < best[2] - best[1])
        ):
            best = (score, first, last)
        gram = hashes[hits[left]]
        if counts[gram] == 1:
            del counts[gram]
        else:
            counts[gram] -= 1
    return best


@settings(max_examples=500, deadline=None)
@given(
    hashes=st.lists(st.integers(0, 12), max_size=60),
    wanted=st.sets(st.integers(0, 12), max_size=8),
    total=st.integers(1, 12),
    width=st.integers(1, 30),
)
def test_the_window_and_its_hits_are_as_defined(hashes, wanted, total, width) -> None:
    grams = np.array(hashes, dtype=np.uint32)
    shared = frozenset(wanted)
    array = np.fromiter(shared, dtype=grams.dtype, count=len(shared))
    hits = np.flatnonzero(np.isin(grams, array)).tolist()
    assert [index for index, gram in enumerate(hashes) if gram in shared] == hits
    assert catalogue._best_window(hashes, hits, total, width) == _best_window_as_written(
        hashes, hits, total, width
    )
