"""The near-duplicate check's judgments kept between runs (memo space ``JUDGED_SPACE``).

Judging a report (verifying its LSH candidates on the exact shingle sets, finding the shared
passages, making the findings of its closest matches) is a function of the report's print, its
candidates' prints, in order, and the rules. The result cache's key of a file names its content,
its path and the run's fingerprint (code, rule packs, formats, configuration), so the keys of
the report and of its candidates, slot by slot and in order, name everything a judgment depends
on. A report that meets the same candidates as in an earlier run with the cache (the reports
before a changed one in a batch checked again; the reports whose candidates the changed one is
not among) gets the findings made then, without a shingle set read or counted.

The keys say nothing about the candidates' *indexes* in this run; the judgment only uses them
to order its candidates (newest first, ties to the earlier report), and that order is the order
of the candidates in the key.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from collections.abc import Mapping, Sequence

from ..core.cache import dump_record, load_record
from ..core.findings import Finding
from ..core.memo import BatchMemo
from ..core.serialize import finding_from_record, finding_to_record

#: per judgment (the key of :meth:`Judgments.key`): the findings it made, by file (version 1)
JUDGED_SPACE = "near-duplicates/judgments/1"

#: a result-cache key: the hex SHA-256 of :func:`~disclosure_lint.core.cache.cache_key`
_KEY_BYTES = 32

Made = dict[str, list[Finding]]


class Judgments:
    """The judgments of earlier runs (``memo``), and the cache key of each report collected so
    far, by index (32 bytes each in one array: memory stays flat)."""

    def __init__(self, memo: BatchMemo | None) -> None:
        self.memo = memo
        self._keys = bytearray()
        self._known = array("b")  # 1: the report at this index has a cache key

    def add(self, key: str | None) -> None:
        """Note the cache key of the next report (None, or not a cache key: unknown); without
        a memo there is nothing to name."""
        if self.memo is None:
            return
        raw = _key_bytes(key)
        self._keys += raw if raw is not None else bytes(_KEY_BYTES)
        self._known.append(1 if raw is not None else 0)

    def key(
        self, key: str | None, candidates: Mapping[tuple[int, str], Sequence[int]]
    ) -> bytes | None:
        """The memo key of a report with cache key ``key`` judged against ``candidates``
        (earlier reports by index, per slot, in the order judged); None when there is no memo
        or a key is unknown."""
        raw = _key_bytes(key)
        if self.memo is None or raw is None:
            return None
        digest = hashlib.blake2b(raw, digest_size=16)
        keys, known = self._keys, self._known
        for (number, section), found in candidates.items():
            digest.update(f"\0{number}\0{section}\0{len(found)}\0".encode())
            for other in found:
                if not known[other]:
                    return None
                digest.update(keys[_KEY_BYTES * other : _KEY_BYTES * (other + 1)])
        return digest.digest()

    def get(self, key: bytes | None) -> Made | None:
        """The findings stored under ``key`` (None: none, or a damaged value)."""
        if key is None or self.memo is None:
            return None
        value = self.memo.get(key)
        if value is None:
            return None
        try:
            data = load_record(zlib.decompress(value))
            return {path: [finding_from_record(f) for f in found] for path, found in data.items()}
        except (zlib.error, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None  # judged again, and stored again

    def put(self, key: bytes | None, made: Made) -> None:
        if key is None or self.memo is None:
            return
        data = {path: [finding_to_record(f) for f in found] for path, found in made.items()}
        self.memo.put(key, zlib.compress(dump_record(data), 1))


def _key_bytes(key: str | None) -> bytes | None:
    if key is None or len(key) != 2 * _KEY_BYTES:
        return None
    try:
        return bytes.fromhex(key)
    except ValueError:
        return None
