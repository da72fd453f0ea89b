"""Normalised character streams and their shingles.

``normalise`` keeps the characters that carry content (Chinese characters, letters), turns each run
of digits into ``#`` and each occurrence of a given name (the issuing body) into ``＠``, and drops
punctuation and white space. It also returns, for every kept character, its offset in the
original text, so that a shared passage found on normalised text can be quoted and located in the
original. Numbers and names are folded so that a report copied from another body, with the name,
the year and some figures changed, still looks like the report it was copied from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

NAME_MARK = ord("＠")
NUMBER_MARK = ord("#")

_MASK64 = (1 << 64) - 1


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint32)


def _content_mask(cp: np.ndarray) -> np.ndarray:
    """Characters that carry content: CJK ideographs, Latin letters (ASCII and full width)."""
    return (
        ((cp >= 0x4E00) & (cp <= 0x9FFF))
        | ((cp >= 0x3400) & (cp <= 0x4DBF))
        | ((cp >= 0xF900) & (cp <= 0xFAFF))
        | ((cp >= 0x41) & (cp <= 0x5A))
        | ((cp >= 0x61) & (cp <= 0x7A))
        | ((cp >= 0xFF21) & (cp <= 0xFF3A))
        | ((cp >= 0xFF41) & (cp <= 0xFF5A))
    )


def _digit_mask(cp: np.ndarray) -> np.ndarray:
    return ((cp >= 0x30) & (cp <= 0x39)) | ((cp >= 0xFF10) & (cp <= 0xFF19))


@dataclass(frozen=True)
class Normalised:
    """A normalised character stream: code points and their offsets in the original text."""

    codes: np.ndarray  # uint32 code points
    offsets: np.ndarray  # int64 offset of each kept character in the original text

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def text(self) -> str:
        return self.codes.astype("<u4").tobytes().decode("utf-32-le")


_REGION_CHARS = "省市区县旗盟"
_GENERIC_TAILS = (
    "人民政府办公室",
    "人民政府办公厅",
    "人民政府",
    "办公室",
    "办公厅",
    "办事处",
    "委员会",
)


def name_variants(name: str | None) -> list[str]:
    """The forms a body's name takes in its own text: the full name, the name without a leading
    administrative region (银州区工人街道 → 工人街道) and without a generic tail
    (沭阳县人民政府 → 沭阳县). Forms shorter than three characters, and generic forms such as
    人民政府 on their own, are left out. Longest first."""
    if not name:
        return []
    name = "".join(name.split())
    forms = {name}
    for index, char in enumerate(name):
        if char in _REGION_CHARS and index >= 1 and len(name) - index - 1 >= 3:
            forms.add(name[index + 1 :])
    for form in list(forms):
        for tail in _GENERIC_TAILS:
            if form.endswith(tail) and len(form) > len(tail):
                forms.add(form[: -len(tail)])
    return sorted(
        (f for f in forms if len(f) >= 3 and not f.startswith(_GENERIC_TAILS)),
        key=lambda f: (-len(f), f),
    )


def normalise(text: str, names: Iterable[str] = ()) -> Normalised:
    """Normalise ``text`` for comparison (see the module docstring)."""
    if not text:
        return Normalised(np.zeros(0, np.uint32), np.zeros(0, np.int64))
    cp = _codepoints(text)
    keep = _content_mask(cp)
    codes = cp.copy()
    digits = _digit_mask(cp)
    if digits.any():
        starts = digits & ~np.concatenate(([False], digits[:-1]))
        codes[starts] = NUMBER_MARK
        keep |= starts
    named = np.zeros(cp.shape[0], dtype=bool)
    for name in names:  # longest first, so a short form inside a long one is not marked twice
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not named[start:end].any():
                named[start:end] = True
                keep[start:end] = False
                codes[start] = NAME_MARK
                keep[start] = True
            start = text.find(name, end)
    positions = np.flatnonzero(keep)
    return Normalised(codes[positions], positions.astype(np.int64))


def shingle_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """Hashes (uint32) of the ``k``-character shingles of ``codes``, in text order.

    A text shorter than ``k`` has one shingle: the whole text.
    """
    n = int(codes.shape[0])
    if n == 0:
        return np.zeros(0, np.uint32)
    if n < k:
        k = n
    count = n - k + 1
    values = codes.astype(np.uint64)
    acc = np.zeros(count, np.uint64)
    prime = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * prime + values[j : j + count]
        # final avalanche (the 64-bit finaliser of MurmurHash3's published algorithm)
        acc ^= acc >> np.uint64(33)
        acc *= np.uint64(0xFF51AFD7ED558CCD)
        acc ^= acc >> np.uint64(33)
        acc *= np.uint64(0xC4CEB9FE1A85EC53)
        acc ^= acc >> np.uint64(33)
    return (acc >> np.uint64(32)).astype(np.uint32)


#: below this many values to look up, a binary search each costs less than building tables
TABLE_LOOKUPS = 2048
_SLOTS = 1 << 16


def _searched(sorted_set: np.ndarray, values: np.ndarray) -> np.ndarray:
    places = np.searchsorted(sorted_set, values)
    np.minimum(places, sorted_set.size - 1, out=places)
    return sorted_set[places] == values


class MemberTable:
    """Exact membership in a set of 32-bit hashes (sorted unique ``uint32``) by direct tables.

    A value is placed in the slot of its high 16 bits; the values that find their slot taken go
    to a second table by their low 16 bits, and the few taken there too to a sorted remainder.
    An empty slot holds a value that cannot belong to it (0 in slots other than 0; ``1 << 16``
    in slot 0 of the first table, ``1`` in slot 0 of the second), so a lookup is one gather and
    compare per table, with no test of whether the slot is used. For shingle hashes (uniform)
    two gathers answer about ten times faster than a binary search each
    (``bench/bench_neardup.py``).
    """

    __slots__ = ("high", "low", "rest")

    def __init__(self, sorted_set: np.ndarray) -> None:
        values = np.ascontiguousarray(sorted_set, dtype=np.uint32)
        high = values >> np.uint32(16)
        first = np.ones(values.size, dtype=bool)  # the first value of each high slot
        np.not_equal(high[1:], high[:-1], out=first[1:])
        self.high = _table(high[first], values[first], np.uint32(1 << 16))
        others = values[~first]
        self.low: np.ndarray | None = None
        self.rest = others[:0]
        if others.size:
            low = others & np.uint32(0xFFFF)
            order = np.argsort(low, kind="stable")
            low, others = low[order], others[order]
            taken = np.ones(others.size, dtype=bool)
            np.not_equal(low[1:], low[:-1], out=taken[1:])
            self.low = _table(low[taken], others[taken], np.uint32(1))
            self.rest = np.sort(others[~taken])

    def members(self, values: np.ndarray) -> np.ndarray:
        """Whether each of ``values`` (``uint32``) is in the set."""
        values = np.asarray(values, dtype=np.uint32)
        found = self.high[values >> np.uint32(16)] == values
        if self.low is not None:
            found |= self.low[values & np.uint32(0xFFFF)] == values
            if self.rest.size:
                found |= _searched(self.rest, values)
        return found


def _table(slots: np.ndarray, values: np.ndarray, empty_zero: np.uint32) -> np.ndarray:
    table = np.zeros(_SLOTS, dtype=np.uint32)
    table[0] = empty_zero
    table[slots.astype(np.intp)] = values
    return table


def _members(sorted_set: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in ``sorted_set`` (sorted, not empty): a binary search
    each for a few values, direct tables (:class:`MemberTable`) for many."""
    if values.size >= TABLE_LOOKUPS and sorted_set.dtype == np.uint32:
        return MemberTable(sorted_set).members(values)
    return _searched(sorted_set, values)


def common(a: np.ndarray, b: np.ndarray) -> int:
    """Size of the intersection of two sorted unique arrays: each value of the smaller one is
    looked up in the larger one."""
    if a.size > b.size:
        a, b = b, a
    if a.size == 0:
        return 0
    return int(np.count_nonzero(_members(b, a)))


def common_many(a: np.ndarray, others: Sequence[np.ndarray]) -> list[int]:
    """``[common(a, b) for b in others]`` in one pass: every value of every ``b`` is looked up
    in ``a`` by one binary search over all of them (sorted unique arrays)."""
    if not others:
        return []
    if a.size == 0:
        return [0] * len(others)
    sizes = np.array([b.size for b in others], np.int64)
    counts = np.zeros(sizes.size, np.int64)
    filled = sizes > 0
    if not filled.any():
        return counts.tolist()
    found = _members(a, np.concatenate(others))
    starts = np.cumsum(sizes) - sizes
    # the hits of each non-empty set: from its start to the next non-empty set's start
    counts[filled] = np.add.reduceat(found, starts[filled], dtype=np.int64)
    return counts.tolist()


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sets given as sorted unique arrays."""
    return jaccard_of(a.size, b.size, common(a, b))


def jaccard_of(a_size: int, b_size: int, inter: int) -> float:
    """Jaccard similarity of two sets of ``a_size`` and ``b_size`` values, ``inter`` of which
    they share."""
    if a_size == 0 and b_size == 0:
        return 0.0
    return inter / (a_size + b_size - inter)


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the set ``a`` found in ``b`` (sorted unique arrays)."""
    if a.size == 0:
        return 0.0
    return common(a, b) / a.size


def shared_runs(hashes: np.ndarray, other: np.ndarray, min_len: int = 1) -> list[tuple[int, int]]:
    """Maximal runs ``[start, end)`` of consecutive shingles of ``hashes`` that occur in the set
    ``other`` (sorted unique), longest first, ties by position."""
    if hashes.size == 0 or other.size == 0:
        return []
    mask = _members(other, hashes)
    if not mask.any():
        return []
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.diff(padded)
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    runs = [(int(s), int(e)) for s, e in zip(starts, ends, strict=True) if e - s >= min_len]
    runs.sort(key=lambda r: (-(r[1] - r[0]), r[0]))
    return runs


def splitmix64(seed: int, count: int) -> list[int]:
    """``count`` pseudo-random 64-bit integers from ``seed`` (SplitMix64), platform independent."""
    out: list[int] = []
    state = seed & _MASK64
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & _MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        out.append(z ^ (z >> 31))
    return out


def unique(hashes: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, ascending: what ``np.unique`` returns. Written
    out because NumPy 2's ``np.unique`` imports ``numpy.ma`` on its first call, a good part of
    the start-up of a run whose results all come from the cache."""
    values = np.sort(hashes, axis=None)
    if values.size < 2:
        return values
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def concat(arrays: Sequence[np.ndarray]) -> np.ndarray:
    if not arrays:
        return np.zeros(0, np.uint32)
    return np.concatenate(arrays)
