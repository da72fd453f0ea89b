"""Set sizes of the similarity measures: the binary-search intersection against Python sets."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from disclosure_lint.batch.prints import view_report
from disclosure_lint.core.inputs import InputSource, LoadContext
from disclosure_lint.core.plugins import build_environment
from disclosure_lint.similarity.minhash import _permutations, signature
from disclosure_lint.similarity.text import (
    TABLE_LOOKUPS,
    MemberTable,
    common,
    common_many,
    containment,
    jaccard,
    jaccard_of,
    shared_runs,
)

from .conftest import CORPUS

values = st.lists(st.integers(0, 2**32 - 1), max_size=60)


def _array(items: list[int]) -> np.ndarray:
    return np.unique(np.array(items, dtype=np.uint32))


@given(values, values)
def test_common_counts_the_intersection(a: list[int], b: list[int]) -> None:
    left, right = _array(a), _array(b)
    shared = len(set(a) & set(b))
    assert common(left, right) == shared == common(right, left)
    union = len(set(a) | set(b))
    assert jaccard(left, right) == (shared / union if union else 0.0)
    assert containment(left, right) == (shared / len(set(a)) if a else 0.0)


@given(values, st.lists(values, max_size=8))
def test_common_many_counts_each_intersection(a: list[int], others: list[list[int]]) -> None:
    """All candidates in one pass: the same counts as one ``common`` per candidate (empty sets
    among them too), and the same similarities."""
    mine = _array(a)
    theirs = [_array(b) for b in others]
    counts = common_many(mine, theirs)
    assert counts == [len(set(a) & set(b)) for b in others]
    for their, inter in zip(theirs, counts, strict=True):
        assert jaccard_of(mine.size, their.size, inter) == jaccard(mine, their)


#: 32-bit values crowded into few high and low 16-bit halves (and the edges 0, 1, 2**16,
#: 2**32 - 1), so that both tables of a MemberTable fill up and spill to the sorted remainder
halves = st.sampled_from([0, 1, 2, 0xFFFF])
crowded = st.one_of(
    st.integers(0, 2**32 - 1),
    st.builds(lambda hi, lo: (hi << 16) | lo, halves, halves),
    st.builds(lambda hi, lo: (hi << 16) | lo, st.integers(0, 3), st.integers(0, 2**16 - 1)),
    st.builds(lambda hi, lo: (hi << 16) | lo, st.integers(0, 2**16 - 1), st.integers(0, 3)),
    st.sampled_from([0, 1, 2**16, 2**16 + 1, 2**32 - 1]),
)


@given(st.lists(crowded, max_size=300), st.lists(crowded, max_size=300))
def test_member_table_answers_as_a_set(members: list[int], asked: list[int]) -> None:
    """The direct tables answer exactly what a Python set answers, values sharing their high
    half, their low half or both with others included (the set's own values asked too)."""
    table = MemberTable(_array(members))
    values = np.array(asked + members, dtype=np.uint32)
    inside = set(members)
    assert table.members(values).tolist() == [int(v) in inside for v in values]


def test_many_lookups_go_through_the_tables() -> None:
    """Candidates with more values than TABLE_LOOKUPS (the tables' path): the same counts and
    runs as Python sets, on sets with a crowded high half."""
    rng = np.random.default_rng(7)
    mine = np.unique(
        np.concatenate(
            [rng.integers(0, 2**32, 3000, dtype=np.uint64), np.arange(5 << 16, (5 << 16) + 40)]
        ).astype(np.uint32)
    )
    others = [
        np.unique(
            np.concatenate([rng.choice(mine, 900), rng.integers(0, 2**32, 800)]).astype(np.uint32)
        )
        for _ in range(4)
    ]
    assert sum(b.size for b in others) >= TABLE_LOOKUPS
    assert common_many(mine, others) == [len(set(mine.tolist()) & set(b.tolist())) for b in others]
    hashes = np.concatenate([others[0], others[1]])[: TABLE_LOOKUPS + 10]
    assert shared_runs(hashes, mine) == _plain_runs(hashes.tolist(), set(mine.tolist()))


small = st.lists(st.integers(0, 40), max_size=80)


@given(small, small)
def test_shared_runs_are_the_maximal_runs_in_the_set(hashes: list[int], other: list[int]) -> None:
    """Runs of consecutive shingles found in the set, longest first, against a plain scan."""
    runs = _plain_runs(hashes, set(other))
    assert shared_runs(np.array(hashes, dtype=np.uint32), _array(other)) == runs


def _plain_runs(hashes: list[int], inside: set[int]) -> list[tuple[int, int]]:
    """The maximal runs [start, end) of ``hashes`` in ``inside``, longest first, by a scan."""
    runs, start = [], None
    for place, value in enumerate([*hashes, None]):
        if value is not None and value in inside:
            start = place if start is None else start
        elif start is not None:
            runs.append((start, place))
            start = None
    runs.sort(key=lambda r: (-(r[1] - r[0]), r[0]))
    return runs


def test_real_reports_compare_as_with_a_sorted_merge() -> None:
    """The shingle sets of two real reports: the same sizes as numpy's sorted merge."""
    env = build_environment(autoload=False)
    context = LoadContext(env.formats, 10**8)
    prints = []
    for name in ("r004.txt", "r006.txt", "r012.txt"):
        source = InputSource.from_path(CORPUS / name)
        report = env.load_report(source, context)
        assert report is not None
        prints.append(view_report(report, name).shingles)
    for a in prints:
        for b in prints:
            merged = np.intersect1d(a, b, assume_unique=True).size
            assert common(a, b) == merged
    assert common(prints[0], prints[0]) == prints[0].size > 1000


@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=40))
def test_minhash_follows_its_definition(items: list[int]) -> None:
    """Value i of a signature: the minimum over the set of ``(a_i * x + b_i) mod 2**64 >> 32``,
    computed here with Python integers; the chunked numpy version gives the same."""
    a, b = _permutations(16)
    expected = [
        min(((int(a[i, 0]) * x + int(b[i, 0])) % 2**64) >> 32 for x in set(items))
        for i in range(16)
    ]
    found = signature(np.array(items, dtype=np.uint32), num_perm=16, chunk=7)
    assert found.dtype == np.uint32
    assert found.tolist() == expected
