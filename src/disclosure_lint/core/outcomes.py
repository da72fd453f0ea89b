"""What a batch check found in a batch it has seen before: the outcome memo.

A batch check's findings are a function of its rules and code and of the prepared data of the
batch's reports, in input order (``BatchCheck.outcome_inputs`` says when nothing else counts).
Every file's cache key names its bytes, its name, the rules, the configuration and the code
(core/cache.py), so the sequence of (path, cache key) of the reports a check collects names its
outcome exactly. With a result cache, the batch phase keeps each check's findings under that
name, per file in input order, and a later run over the same batch — every file unchanged —
takes them instead of collecting the reports and judging them again.

Storage, in the cache's ``memos`` table (space :data:`SPACE`):

- under the batch's *slot* (the check's name and the batch's paths, in order): the *name* of
  the outcome last stored for those paths and its number of chunks;
- under (name, chunk number): chunks of (path, findings) pairs, the files without findings
  left out, :data:`CHUNK` pairs a chunk, compressed JSON of the cache's finding records.

A batch checked again after some of its files changed keeps one outcome: the new one replaces
the slot's, and the old chunks are deleted. The slot is written after the chunks, so an outcome
is read only when all of it was stored.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from .cache import dump_record, load_record
from .findings import Finding
from .serialize import finding_from_record, finding_to_record

#: the memo space of outcomes (named after the version of what it stores)
SPACE = "batch-outcomes/1"
#: (path, findings) pairs in one stored chunk
CHUNK = 500


class OutcomeStore(Protocol):
    """Bytes by key, with deletion (``core.cache.CacheMemo``)."""

    def get(self, key: bytes) -> bytes | None: ...

    def put(self, key: bytes, value: bytes) -> None: ...

    def delete(self, key: bytes) -> None: ...


class BatchName:
    """The running names of one check's batch: its slot (the paths of every held result) and
    its outcome's name (the path and cache key of every collected report)."""

    def __init__(self, check: str, inputs: bytes) -> None:
        head = b"batch-outcome\0" + check.encode() + b"\0"
        self._slot = hashlib.sha256(head)
        self._name = hashlib.sha256(head + inputs + b"\0")

    def held(self, path: str, key: str | None) -> None:
        """One result of the batch, in input order; ``key``: the cache key of a report the
        check collects, None for a result it does not (no report)."""
        encoded = path.encode("utf-8", "surrogateescape")
        self._slot.update(encoded + b"\n")
        self._name.update(encoded + b"\0" + (key or "-").encode() + b"\n")

    @property
    def slot(self) -> bytes:
        return self._slot.digest()

    @property
    def name(self) -> bytes:
        return self._name.digest()


def lookup(store: OutcomeStore, batch: BatchName) -> StoredOutcome | None:
    """The stored outcome of ``batch``, or None (none stored, or a chunk of it is missing or
    damaged: the check judges the batch again)."""
    meta = _meta(store, batch.slot)
    if meta is None or meta[0] != batch.name:
        return None
    for number in range(meta[1]):
        value = store.get(_chunk_key(meta[0], number))
        try:
            zlib.decompress(value or b"")
        except zlib.error:
            return None
    return StoredOutcome(store, meta[0], meta[1])


def _meta(store: OutcomeStore, slot: bytes) -> tuple[bytes, int] | None:
    """(outcome name, chunks) stored under ``slot``, or None (nothing, or unreadable)."""
    value = store.get(slot)
    if value is None or len(value) < 36:
        return None
    return value[:32], int.from_bytes(value[32:36], "little")


def _chunk_key(name: bytes, number: int) -> bytes:
    return name + number.to_bytes(4, "little")


class StoredOutcome:
    """A stored outcome, read chunk by chunk as the batch phase asks for each file's findings
    (``pop``, in the input order it was stored in)."""

    def __init__(self, store: OutcomeStore, name: bytes, chunks: int) -> None:
        self._pairs = self._read(store, name, chunks)
        self._next: tuple[str, list[Any]] | None = next(self._pairs, None)

    @staticmethod
    def _read(store: OutcomeStore, name: bytes, chunks: int) -> Iterator[tuple[str, list[Any]]]:
        for number in range(chunks):
            value = store.get(_chunk_key(name, number))
            if value is None:
                raise ValueError("a chunk of the stored outcome is missing")
            for path, records in load_record(zlib.decompress(value)):
                yield str(path), list(records)

    def pop(self, path: str, default: Any = None) -> Sequence[Finding] | Any:
        """The findings of ``path`` (the next file the outcome holds findings of), or
        ``default`` when the next one is another file."""
        if self._next is None or self._next[0] != path:
            return default
        records = self._next[1]
        self._next = next(self._pairs, None)
        return [finding_from_record(record) for record in records]


class OutcomeWriter:
    """Stores one check's outcome as the batch phase hands each file's findings over."""

    def __init__(self, store: OutcomeStore, batch: BatchName) -> None:
        self.store = store
        self.slot = batch.slot
        self.name = batch.name
        self._pairs: list[tuple[str, list[Any]]] = []
        self._chunks = 0
        self.failed = False  # the check failed somewhere: its outcome is not stored

    def add(self, path: str, findings: Sequence[Finding]) -> None:
        """A file's findings (before any severity override), in input order."""
        if self.failed or not findings:
            return
        self._pairs.append((path, [finding_to_record(f) for f in findings]))
        if len(self._pairs) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        value = zlib.compress(dump_record(self._pairs), 1)
        self.store.put(_chunk_key(self.name, self._chunks), value)
        self._chunks += 1
        self._pairs = []

    def close(self) -> None:
        """Store the rest and name the outcome under its slot (replacing an older one, whose
        chunks are deleted)."""
        if self.failed:
            return
        if self._pairs:
            self._flush()
        old = _meta(self.store, self.slot)
        self.store.put(self.slot, self.name + self._chunks.to_bytes(4, "little"))
        if old is not None and old[0] != self.name:
            for number in range(old[1]):
                self.store.delete(_chunk_key(old[0], number))
