"""Report prints kept on disk for the batch checks, read back by index.

A batch check compares each report with reports read long before it; keeping their prints in
memory made a run grow with the batch (tens of kilobytes a report). A :class:`PrintStore`
writes each print to an unnamed temporary file as it arrives and keeps in memory only where it
is, a hash of the report's body key and where its shingle sets are (numbers in arrays):
``get`` reads a whole print back, ``shingles`` reads one sorted shingle set (all that verifying
a candidate pair needs) and ``body_key`` the body key (all that telling two bodies apart needs)
without unpickling the print; the sets read last are kept (a bounded number of bytes), since
copies of one text are each other's candidates again and again. The file has no name on disk,
so it is gone when the store is closed or the process ends, however the run ends. :class:`PrintList`
answers the same questions from prints in memory (the cluster rounds, which get the prints they
need in their records).
"""

from __future__ import annotations

import bisect
import hashlib
import os
import pickle
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Iterator, Mapping, Sequence
from typing import BinaryIO, Protocol

import numpy as np

from ..core.findings import Finding
from .prints import ReportPrint

#: prints read back that are kept decoded (the closest matches of one report are asked for
#: several times: once per rule and section that found them)
RECENT = 16
#: bytes of shingle sets read back that are kept (a report's candidates are mostly the same
#: reports as its neighbours' candidates: copies of one text); a bound, so memory stays flat
RECENT_SET_BYTES = 8 << 20


class Prints(Protocol):
    """Prints by index, as the near-duplicate check verifies its candidates."""

    def get(self, index: int) -> ReportPrint: ...

    def body_key(self, index: int) -> str | None: ...

    def same_body(self, index: int, key: str | None) -> bool:
        """True when report ``index`` has the body key ``key`` (False when ``key`` is None)."""
        ...

    def shingles(self, index: int, section: str | None) -> np.ndarray | None:
        """The sorted shingle set of a section (``None``: the whole report); ``None`` when the
        report has no such section."""
        ...

    def set_digest(self, index: int, section: str | None) -> bytes | None:
        """:func:`set_digest` of that shingle set; ``None`` when the report has no such
        section."""
        ...


def set_digest(shingles: np.ndarray) -> bytes:
    """128 bits that name a shingle set by its content (BLAKE2b of its values)."""
    data = np.ascontiguousarray(shingles, dtype="<u4").tobytes()
    return hashlib.blake2b(data, digest_size=16).digest()


def _body_hash(key: str | None) -> int:
    """64 bits of a body key (0: no body); equal hashes are confirmed on the keys."""
    if key is None:
        return 0
    return (
        int.from_bytes(
            hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little"
        )
        or 1
    )


class PrintStore:
    """Prints in an unnamed temporary file (see the module docstring). ``sets``: the section
    keys whose shingle sets ``shingles`` reads (``""``: the whole report); ``None``: all.

    Per print, memory holds numbers only, in arrays (about 24 bytes and 12 per kept set): where
    the print is, a 64-bit hash of its body key, and where each kept shingle set is."""

    def __init__(self, sets: Collection[str] | None = None) -> None:
        #: opened by the first ``add`` (a check on a cluster never collects); closed by close()
        self._file: BinaryIO | None = None
        self._closed = False
        self._end = 0
        self._offsets = array("Q")
        self._sizes = array("I")
        self._key_sizes = array("I")  # bytes of each print's body key (UTF-8), just before it
        self._bodies = array("Q")
        self._sets = None if sets is None else frozenset(sets)
        #: section key -> (offsets, counts, digests) of its shingle sets, one per print (count
        #: -1: none; digests: 16 bytes each, see :func:`set_digest`)
        self._columns: dict[str, tuple[array, array, bytearray]] = {}
        self._recent: OrderedDict[int, ReportPrint] = OrderedDict()
        self._recent_sets: OrderedDict[tuple[int, str], np.ndarray] = OrderedDict()
        self._recent_bytes = 0
        self._hashed: tuple[str | None, int] = (None, 0)  # the last body key asked about

    def __len__(self) -> int:
        return len(self._offsets)

    def __enter__(self) -> PrintStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._closed = True
        self._recent.clear()
        self._recent_sets.clear()
        self._recent_bytes = 0

    @property
    def closed(self) -> bool:
        return self._closed

    def _opened(self) -> BinaryIO:
        if self._file is None:
            if self._closed:
                raise ValueError("the print store is closed")
            self._file = tempfile.TemporaryFile(prefix="disclosure-lint-prints-")  # noqa: SIM115
        return self._file

    def _column(self, key: str) -> tuple[array, array, bytearray]:
        column = self._columns.get(key)
        if column is None:  # a key first seen now: no set for the prints before
            count = len(self)
            column = (array("Q", bytes(8 * count)), array("i", [-1]) * count, bytearray(16 * count))
            self._columns[key] = column
        return column

    def add(self, print_: ReportPrint) -> int:
        """Store a print (its compact form: no text); returns its index (0, 1, 2, …)."""
        blob = pickle.dumps(print_.compact(), protocol=pickle.HIGHEST_PROTOCOL)
        # the body key, before the print: read on its own to confirm two equal key hashes
        key = print_.body_key
        key_bytes = key.encode("utf-8", "surrogatepass") if key is not None else b""
        parts = [key_bytes, blob]
        offset = self._end + len(key_bytes) + len(blob)
        sets: dict[str, tuple[int, int, bytes]] = {}
        wanted = [("", print_)] + [(s.key, s) for s in print_.sections]
        for key, holder in wanted:
            if key in sets or (self._sets is not None and key not in self._sets):
                continue  # the first section of a key is the one ReportPrint.section gives
            data = np.ascontiguousarray(holder.shingles, dtype="<u4").tobytes()
            sets[key] = (offset, len(data) // 4, hashlib.blake2b(data, digest_size=16).digest())
            parts.append(data)
            offset += len(data)
        file = self._opened()
        file.seek(self._end)
        for part in parts:
            file.write(part)
        file.flush()  # read back with os.pread, past the file object's buffer
        for key in sets:
            self._column(key)
        for key, (offsets, counts, digests) in self._columns.items():
            where, count, digest = sets.get(key, (0, -1, bytes(16)))
            offsets.append(where)
            counts.append(count)
            digests += digest
        index = len(self._offsets)
        self._offsets.append(self._end + len(key_bytes))
        self._sizes.append(len(blob))
        self._key_sizes.append(len(key_bytes))
        self._bodies.append(_body_hash(print_.body_key))
        self._end = offset
        return index

    def _read(self, offset: int, size: int) -> bytes:
        data = os.pread(self._opened().fileno(), size, offset)  # one call, no seek
        if len(data) != size:
            raise OSError(f"print store: read {len(data)} of {size} bytes at {offset}")
        return data

    def get(self, index: int) -> ReportPrint:
        """The print stored at ``index``, as it was added (compact)."""
        found = self._recent.get(index)
        if found is not None:
            self._recent.move_to_end(index)
            return found
        found = pickle.loads(self._read(self._offsets[index], self._sizes[index]))
        self._recent[index] = found
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        return found

    def body_key(self, index: int) -> str | None:
        if not self._bodies[index]:
            return None
        size = self._key_sizes[index]
        return self._read(self._offsets[index] - size, size).decode("utf-8", "surrogatepass")

    def same_body(self, index: int, key: str | None) -> bool:
        """True when print ``index`` has the body key ``key`` (not None): the hashes compared
        first, the keys themselves when they are equal."""
        if key is None:
            return False
        if key != self._hashed[0]:  # one report's candidates are asked about with its key
            self._hashed = (key, _body_hash(key))
        if self._bodies[index] != self._hashed[1]:
            return False
        return self.body_key(index) == key

    def _kept(self, index: int, section: str | None) -> tuple[array, array, bytearray] | None:
        """The column of ``section`` when print ``index`` has a set there, else None; a key
        the store was not asked to keep is an error."""
        column = self._columns.get(section or "")
        if column is None:
            if self._sets is not None and (section or "") not in self._sets:
                raise KeyError(f"the print store keeps no shingle set of {section!r}")
            return None
        return column if column[1][index] >= 0 else None

    def shingles(self, index: int, section: str | None) -> np.ndarray | None:
        slot = (index, section or "")
        found = self._recent_sets.get(slot)  # only sets that exist are kept: asked first
        if found is not None:
            self._recent_sets.move_to_end(slot)
            return found
        column = self._kept(index, section)
        if column is None:
            return None
        offsets, counts, _ = column
        found = np.frombuffer(self._read(offsets[index], 4 * counts[index]), dtype="<u4")
        self._recent_sets[slot] = found
        self._recent_bytes += found.nbytes
        while self._recent_bytes > RECENT_SET_BYTES:
            self._recent_bytes -= self._recent_sets.popitem(last=False)[1].nbytes
        return found

    def set_digest(self, index: int, section: str | None) -> bytes | None:
        column = self._kept(index, section)
        return bytes(column[2][16 * index : 16 * index + 16]) if column is not None else None


class PrintList:
    """Prints in memory, by index, answering as a :class:`PrintStore` does."""

    def __init__(self, prints: Mapping[int, ReportPrint]) -> None:
        self._prints = prints

    def get(self, index: int) -> ReportPrint:
        return self._prints[index]

    def body_key(self, index: int) -> str | None:
        return self._prints[index].body_key

    def same_body(self, index: int, key: str | None) -> bool:
        return key is not None and self._prints[index].body_key == key

    def shingles(self, index: int, section: str | None) -> np.ndarray | None:
        found = self._prints[index]
        if section is None:
            return found.shingles
        part = found.section(section)
        return part.shingles if part is not None else None

    def set_digest(self, index: int, section: str | None) -> bytes | None:
        found = self.shingles(index, section)
        return set_digest(found) if found is not None else None


class HeldFindings:
    """Findings of a batch check that wait for the end of the batch, pickled to an unnamed
    temporary file as they are made (a report found near-identical to many others collects many
    findings). In memory: per file path and group (``group(finding)``) how many there were and
    where the ``keep`` best of them are, lowest ``rank`` first, then the earliest (all of them
    when ``keep`` is None). ``pop(path)`` reads a path's findings back, group by group."""

    def __init__(
        self,
        group: Callable[[Finding], Hashable] = lambda finding: None,
        rank: Callable[[Finding], int] = lambda finding: 0,
        keep: int | None = None,
    ) -> None:
        self._group = group
        self._rank = rank
        self._keep = keep
        self._file: BinaryIO | None = None
        self._end = 0
        #: path -> group -> [count, kept...]: each kept finding as one integer (rank, offset in
        #: the file, size), so that sorting them orders by rank, then by arrival
        self._where: dict[str, dict[Hashable, list[int]]] = {}

    def __contains__(self, path: object) -> bool:
        return path in self._where

    def paths(self) -> list[str]:
        return list(self._where)

    def add(self, path: str, finding: Finding) -> None:
        blob = pickle.dumps(finding, protocol=pickle.HIGHEST_PROTOCOL)
        rank = self._rank(finding)
        if rank < 0 or len(blob) >= 1 << _SIZE_BITS or self._end >= 1 << _OFFSET_BITS:
            raise ValueError(f"held findings: rank {rank}, size {len(blob)}, offset {self._end}")
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="disclosure-lint-findings-")  # noqa: SIM115
        self._file.seek(self._end)
        self._file.write(blob)
        packed = (rank << (_OFFSET_BITS + _SIZE_BITS)) | (self._end << _SIZE_BITS) | len(blob)
        self._end += len(blob)
        groups = self._where.setdefault(path, {})
        kept = groups.get(self._group(finding))
        if kept is None:
            groups[self._group(finding)] = [1, packed]
            return
        kept[0] += 1
        bisect.insort(kept, packed, lo=1)
        if self._keep is not None and len(kept) > self._keep + 1:
            kept.pop()

    def pop(self, path: str) -> list[tuple[list[Finding], int]]:
        """The findings of ``path`` (forgotten here), per group in the order the groups came:
        the kept ones, best first, and how many the group had."""
        groups = self._where.pop(path, None)
        if not groups:
            return []
        assert self._file is not None
        found = []
        for kept in groups.values():
            findings = []
            for packed in kept[1:]:
                offset = (packed >> _SIZE_BITS) & ((1 << _OFFSET_BITS) - 1)
                self._file.seek(offset)
                findings.append(pickle.loads(self._file.read(packed & ((1 << _SIZE_BITS) - 1))))
            found.append((findings, kept[0]))
        return found

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._where.clear()


_SIZE_BITS = 32
_OFFSET_BITS = 48


class LazyFindings(Mapping[str, Sequence[Finding]]):
    """What ``finish`` of a check holding its findings on disk returns: a path's findings are
    read (and made by ``make``) when the batch phase asks for them with ``pop``."""

    def __init__(
        self,
        held: HeldFindings,
        make: Callable[[list[tuple[list[Finding], int]]], list[Finding]],
    ) -> None:
        self._held = held
        self._make = make

    def __getitem__(self, path: str) -> Sequence[Finding]:
        if path not in self._held:
            raise KeyError(path)
        return self._make(self._held.pop(path))

    def pop(self, path: str, default: Sequence[Finding] | None = None) -> Sequence[Finding] | None:
        if path not in self._held:
            return default
        return self._make(self._held.pop(path))

    def __iter__(self) -> Iterator[str]:
        return iter(self._held.paths())

    def __len__(self) -> int:
        return len(self._held.paths())
