"""MinHash signatures and a banded LSH index (our own implementation on numpy).

A signature has ``num_perm`` values; value ``i`` is the minimum over a set's shingle hashes of the
multiply-shift hash ``(a_i * x + b_i) mod 2**64 >> 32``. Two signatures agree in a position with
probability close to the Jaccard similarity of the sets. The LSH index cuts a signature into
``bands`` bands of ``rows`` values; two sets become candidates when any band is equal, which
happens with probability ``1 - (1 - J**rows)**bands`` — an S-curve whose midpoint is about
``(1/bands)**(1/rows)``. Candidates are then verified on the exact shingle sets, so the index
only decides what is compared, never what is reported.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .text import splitmix64, unique

EMPTY = np.uint32(0xFFFFFFFF)
_SEED = 0x5EED_D15C_105E


@cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    values = splitmix64(_SEED, 2 * num_perm)
    a = np.array([v | 1 for v in values[:num_perm]], dtype=np.uint64)  # odd multipliers
    b = np.array(values[num_perm:], dtype=np.uint64)
    return a[:, None], b[:, None]


def signature(hashes: np.ndarray, num_perm: int = 128, chunk: int = 4096) -> np.ndarray:
    """MinHash signature (uint32, length ``num_perm``) of the set of shingle ``hashes``."""
    sig = np.full(num_perm, EMPTY, dtype=np.uint32)
    if hashes.size == 0:
        return sig
    a, b = _permutations(num_perm)
    values = unique(hashes).astype(np.uint64)
    low = np.full(num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, values.size, chunk):
            mixed = a * values[None, start : start + chunk]
            mixed += b
            # the shift keeps the order, so the minimum is taken before it (one pass less)
            np.minimum(low, mixed.min(axis=1), out=low)
    np.minimum(sig, (low >> np.uint64(32)).astype(np.uint32), out=sig)
    return sig


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    return float(np.mean(sig_a == sig_b))


def is_empty(sig: np.ndarray) -> bool:
    """True for the signature of an empty set (it is never a candidate)."""
    return bool(np.all(sig == EMPTY))


@cache
def _band_weights(rows: int) -> np.ndarray:
    return np.array(splitmix64(0xBA2D, rows), dtype=np.uint64)


def band_key_array(sig: np.ndarray, bands: int) -> np.ndarray:
    """One key per band of a signature (uint64): two signatures share a band when its keys are
    equal. The same on every machine, so that bands can be grouped across processes."""
    rows = sig.size // bands
    grid = sig.astype(np.uint64).reshape(bands, rows)
    with np.errstate(over="ignore"):
        return (grid * _band_weights(rows)).sum(axis=1, dtype=np.uint64)


def band_keys(sig: np.ndarray, bands: int) -> list[int]:
    """:func:`band_key_array` as Python integers."""
    return [int(k) for k in band_key_array(sig, bands)]


#: entries (band keys) an index takes in a dictionary before it merges them into its arrays
PENDING = 8192


class LSHIndex:
    """Banded LSH over MinHash signatures: ``add`` items, ``query`` candidates. Deterministic:
    candidates come back sorted by the order items were added.

    Compact, because a batch adds every report to it: the entries (band key, band, item) are
    kept in three numpy arrays sorted by key (13 bytes an entry) and found with a binary search.
    New entries go to a small dictionary first and are merged into the arrays every
    :data:`PENDING` entries (a merge moves the arrays once: inserting sorted runs, no re-sort).
    A dictionary of lists, as simple as it is, cost about 5 KB per item and index."""

    def __init__(self, num_perm: int = 128, bands: int = 32) -> None:
        if num_perm % bands:
            raise ValueError(f"num_perm {num_perm} is not a multiple of bands {bands}")
        if bands > 256:
            raise ValueError(f"at most 256 bands, not {bands}")
        self.bands = bands
        self.rows = num_perm // bands
        self._keys = np.zeros(0, np.uint64)
        self._band = np.zeros(0, np.uint8)
        self._items = np.zeros(0, np.uint32)
        self._pending: dict[tuple[int, int], list[int]] = {}
        self._pending_count = 0
        #: the highest item added, and whether every item was higher than the ones before (then
        #: each band's entries in the arrays run from the highest item down: see ``query``)
        self._last = -1
        self._ascending = True

    def __len__(self) -> int:
        """Entries in the index (one per band of every item added)."""
        return self._keys.size + self._pending_count

    def add(self, item: int, sig: np.ndarray) -> None:
        if is_empty(sig):
            return
        if not 0 <= item <= 0xFFFFFFFF:
            raise ValueError(f"item {item} does not fit 32 bits")
        if item <= self._last:
            self._ascending = False
        self._last = max(self._last, item)
        for band, key in enumerate(band_keys(sig, self.bands)):
            self._pending.setdefault((band, key), []).append(item)
        self._pending_count += self.bands
        if self._pending_count >= PENDING:
            self._merge()

    def _merge(self) -> None:
        # a key's items newest first; a merge goes before the entries of the same key already
        # in the arrays (``searchsorted`` finds the first of them), which are older
        entries = [
            (key, band, item)
            for (band, key), items in self._pending.items()
            for item in reversed(items)
        ]
        keys = np.array([e[0] for e in entries], np.uint64)
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        band = np.array([e[1] for e in entries], np.uint8)[order]
        items = np.array([e[2] for e in entries], np.uint32)[order]
        at = np.searchsorted(self._keys, keys)
        self._keys = np.insert(self._keys, at, keys)
        self._band = np.insert(self._band, at, band)
        self._items = np.insert(self._items, at, items)
        self._pending.clear()
        self._pending_count = 0

    def query(self, sig: np.ndarray, highest: int | None = None) -> list[int]:
        """The items that share a band with ``sig``, sorted. With ``highest``, possibly fewer:
        the last ``highest`` items of the result are still the ``highest`` highest of them.
        When items were added in increasing order, only that many items of each band are read,
        so that a query does not grow with the buckets of a large batch (otherwise all are)."""
        if highest is not None and highest < 1:
            raise ValueError(f"highest must be at least 1, not {highest}")
        if is_empty(sig):
            return []
        limit = highest if self._ascending else None
        keys = band_key_array(sig, self.bands)
        found: set[int] = set()
        starts = np.searchsorted(self._keys, keys, side="left")
        ends = np.searchsorted(self._keys, keys, side="right")
        for band in np.flatnonzero(ends > starts):
            start, end = int(starts[band]), int(ends[band])
            same = self._band[start:end] == band
            found.update(self._items[start:end][same][:limit].tolist())
        if self._pending:
            for band, key in enumerate(keys.tolist()):
                bucket = self._pending.get((band, key))
                if bucket:
                    found.update(bucket[-limit:] if limit else bucket)
        return sorted(found)

    def threshold(self) -> float:
        """The Jaccard similarity at which a pair becomes a candidate with probability ~1/2."""
        return (1 / self.bands) ** (1 / self.rows)
