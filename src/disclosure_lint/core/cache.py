"""A content-hash cache of check results, in SQLite.

A result is reused only when everything that produced it is the same: the file's bytes and name,
the rule packs and format definitions (their contents), the plugins and their versions, the
configuration, and the version of disclosure-lint. That "run fingerprint" is part of every key, so
a cache written by another version or another configuration is simply never hit (what the batch
checks prepare of a report depends on their rules and code, which the fingerprint covers).
Records are compressed JSON (never pickles), in four columns: the result (status, the rules
that ran, the report's stub), its findings and the batch checks' prepared data (each decoded
only when first read; the record names them by CRC-32) and the report, which is read only when
a run needs it; a record or a database that cannot be read is ignored, not trusted, and the
file is checked again. Suppressions, the baseline and per-path
ignores are applied after the cache, so changing them needs no new check.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

try:
    import orjson
except ImportError:  # an environment installed before orjson became a dependency: stdlib JSON
    orjson = None  # type: ignore[assignment]

from .. import __version__
from .codestamp import code_files, file_stamp
from .results import DeferredResult, FileResult, FileStatus
from .serialize import (
    RECORD_VERSION,
    REPORT_KEYS,
    finding_from_record,
    finding_to_record,
    lean_result_from_record,
    result_from_record,
    result_to_record,
)

if TYPE_CHECKING:
    from .config import Config
    from .findings import Finding
    from .plugins import Environment

#: 2: the report in a column of its own (``report``), after the result; 3: the findings and
#: the batch checks' prepared data in columns of their own (``findings``, ``prepared``)
SCHEMA_VERSION = 3
_CREATE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    record BLOB NOT NULL,
    used REAL NOT NULL DEFAULT (julianday('now')),
    report BLOB,
    findings BLOB,
    prepared BLOB
);
CREATE TABLE IF NOT EXISTS memos (
    space TEXT NOT NULL,
    key BLOB NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (space, key)
);
"""


def run_fingerprint(
    pack_files: list[str],
    format_files: list[str],
    plugins: list[tuple[str, str | None]],
    config: dict[str, Any],
    extra: dict[str, Any] | None = None,
    code: list[str] | None = None,
) -> str:
    """Digest of what, besides the file, decides a check's result.

    ``code`` files count by size and modification time, so that a changed checkout (an
    editable install keeps its version number) or an edited ``--plugin`` file is not served
    results computed by the code it replaced.
    """
    digest = hashlib.sha256()
    digest.update(f"disclosure-lint {__version__} record {RECORD_VERSION}".encode())
    for path in sorted(set(code or ())):
        digest.update(f"code {path} {file_stamp(path)}".encode())
    for path in sorted(set(pack_files)) + sorted(set(format_files)):
        digest.update(path.encode())
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    for name, version in sorted(plugins, key=lambda p: p[0]):
        digest.update(f"plugin {name} {version}".encode())
    digest.update(json.dumps(config, sort_keys=True, default=str).encode())
    digest.update(json.dumps(extra or {}, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def environment_fingerprint(env: Environment, config: Config) -> str:
    """The run fingerprint of an environment and a configuration (see :func:`run_fingerprint`);
    settings that do not change a result (workers, cache, executor, suppressions, baseline)
    are left out."""
    return run_fingerprint(
        pack_files=[p.file for p in env.rules.packs],
        format_files=[f.source for f in env.formats.formats.values()],
        plugins=[(p.name, p.version) for p in env.plugins],
        code=code_files([p.module for p in env.plugins]),
        config={k: s.value for k, s in config.settings.items() if k not in RUN_ONLY_KEYS},
    )


#: configuration keys that decide how a run goes, never what a result is
RUN_ONLY_KEYS = ("jobs", "cache", "cache-dir", "suppressions", "baseline", "executor", "scheduler")


def result_key(name: str, data: bytes, fingerprint: str) -> str:
    """The cache key of a file's bytes and name under a run fingerprint."""
    digest = hashlib.sha256(data)
    digest.update(b"\0" + name.encode("utf-8", "surrogateescape"))
    digest.update(b"\0" + fingerprint.encode())
    return digest.hexdigest()


class Encoded(NamedTuple):
    """The stored form of a result (compressed JSON): its record without the report, the
    findings and the prepared data; the findings; the report; the prepared data (None when
    there is none)."""

    record: bytes
    findings: bytes
    report: bytes
    prepared: bytes | None


def encode_result(result: FileResult) -> Encoded | None:
    """The stored form of a result, or None for one that is not stored."""
    if result.status is FileStatus.UNREADABLE and not result.findings:
        return None
    record = result_to_record(result)
    report = {key: record.pop(key) for key in REPORT_KEYS}
    findings = _compress(dump_record(record.pop("findings")))  # what encode_findings makes
    prepared = record.pop("prepared")
    stored = _compress(dump_record(prepared)) if prepared is not None else None
    # the record names the stored findings and prepared data by their CRC-32, so that a hit
    # can trust them unread (they are decoded later, outside ``get``'s damaged-record guard)
    record["crc"] = [zlib.crc32(findings), zlib.crc32(stored) if stored is not None else None]
    return Encoded(_compress(dump_record(record)), findings, _compress(dump_record(report)), stored)


def _compress(data: bytes) -> bytes:
    """zlib's fastest level: on the records of a batch of real reports, 2.5 times as fast as
    the default level for 8 % more bytes (every file filling the cache is compressed; a hit
    decompresses as fast either way)."""
    return zlib.compress(data, 1)


def decode_result(
    record: bytes,
    findings: bytes,
    report: Callable[[], bytes | None],
    lean: frozenset[str] | None,
    tables: bool,
    prepared: bytes | None = None,
) -> FileResult:
    """The result of a stored record and its stored ``findings``; ``report()`` gives the stored
    report, read only when needed: a record prepared by every check of ``lean`` is served with
    its report's stub (and its tables when ``tables``), any other with the report rebuilt. A
    lean hit's findings and ``prepared`` (the stored prepared data) are decoded when first
    read."""
    data = load_record(zlib.decompress(record))
    if data.get("crc") != [zlib.crc32(findings), zlib.crc32(prepared) if prepared else None]:
        raise ValueError("the stored findings or prepared data are not those of the record")
    if lean is not None and lean <= set(data.get("prepared_by") or ()):
        # the findings and the prepared data are decoded when first read (after the batch
        # phase has held the hit), outside the damaged-record guard of ``get``: their bytes
        # are those the record names (CRC-32), written by this code (the key's fingerprint)
        data["findings"] = []
        stored = None  # the report, for its tables
        if tables and data.get("stub") is not None:
            stored = load_record(zlib.decompress(report() or b""))
        found = lean_result_from_record(data, stored)
        return DeferredResult.of(
            found, findings, decode_findings, prepared, decode_prepared if prepared else None
        )
    data["findings"] = load_record(zlib.decompress(findings))
    data["prepared"] = decode_prepared(prepared) if prepared is not None else None
    return result_from_record({**data, **load_record(zlib.decompress(report() or b""))})


def encode_findings(findings: Iterable[Finding]) -> bytes:
    """Findings in their stored form: the bytes of a record's findings."""
    return _compress(dump_record([finding_to_record(f) for f in findings]))


def decode_findings(stored: bytes) -> list[Finding]:
    """The findings of :func:`encode_findings` (or of a record's stored findings)."""
    return [finding_from_record(f) for f in load_record(zlib.decompress(stored))]


def decode_prepared(stored: bytes) -> dict[str, Any]:
    prepared: dict[str, Any] = load_record(zlib.decompress(stored))
    return prepared


#: orjson writes what ``json.dumps(..., default=str)`` writes: dataclasses and dates go through
#: ``default`` as they do there, dictionary keys that are not strings become strings
_ORJSON_OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
    if orjson is not None
    else 0
)


def dump_record(record: Any) -> bytes:
    """A record as UTF-8 JSON (orjson when installed; the standard library otherwise, and for
    what orjson refuses, such as integers beyond 64 bits: then with a leading space, which
    tells :func:`load_record` to read it with the standard library too, as orjson would read
    such an integer as a float)."""
    if orjson is not None:
        try:
            return orjson.dumps(record, default=str, option=_ORJSON_OPTIONS)
        except TypeError:
            return b" " + json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
    return json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")


def load_record(data: bytes) -> Any:
    """The record of :func:`dump_record`'s bytes."""
    if orjson is not None and data[:1] != b" ":
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(data)


@dataclass
class ResultCache:
    path: Path
    fingerprint: str
    hits: int = 0
    misses: int = 0
    disabled_reason: str | None = None
    _db: sqlite3.Connection | None = field(default=None, repr=False)
    _pending: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10)
            db.executescript(_CREATE)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                db.commit()
            elif row[0] != str(SCHEMA_VERSION):
                # another layout: start afresh rather than trust it
                db.execute("DROP TABLE results")
                db.executescript(_CREATE)
                db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))
                db.commit()
            self._db = db
        except (sqlite3.Error, OSError) as exc:
            self.disabled_reason = f"{self.path}: {exc}"
            self._db = None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def key(self, name: str, data: bytes) -> str:
        return result_key(name, data, self.fingerprint)

    def get(
        self, key: str, lean: frozenset[str] | None = None, tables: bool = False
    ) -> FileResult | None:
        """The stored result of ``key``, or None. With ``lean`` (the names of the run's batch
        checks), a result whose record those checks prepared comes with a stub of its report
        (:func:`decode_result`)."""
        if self._db is None:
            return None
        db = self._db
        try:
            row = db.execute(
                "SELECT record, findings, prepared FROM results WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error as exc:
            self._disable(exc)
            return None
        if row is None:
            self.misses += 1
            return None

        def report() -> bytes | None:
            found = db.execute("SELECT report FROM results WHERE key = ?", (key,)).fetchone()
            return found[0] if found else None

        try:
            result = decode_result(row[0], row[1], report, lean, tables, row[2])
        except Exception:  # a damaged record: check the file again
            self.misses += 1
            return None
        self.hits += 1
        return result

    def prepared(self, key: str) -> dict[str, Any] | None:
        """The prepared data stored under ``key`` (None: none, or it cannot be read)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT prepared FROM results WHERE key = ?", (key,)).fetchone()
            return decode_prepared(row[0]) if row and row[0] is not None else None
        except Exception:  # damaged or gone: the check fails to collect it and says so
            return None

    def put(self, key: str, result: FileResult) -> None:
        try:
            blob = encode_result(result)
        except (TypeError, ValueError) as exc:
            self._disable(exc)
            return
        if blob is not None:
            self.put_encoded(key, blob)

    def put_encoded(self, key: str, blob: Encoded) -> None:
        """Store a record made by :func:`encode_result` (possibly in another process)."""
        self._write(
            "INSERT OR REPLACE INTO results (key, record, findings, report, prepared) "
            "VALUES (?, ?, ?, ?, ?)",
            (key, *blob),
        )

    def _write(self, statement: str, values: tuple[Any, ...]) -> None:
        """Run one write; committed every 200 writes (an interrupted run keeps most of what it
        checked) and when the cache is closed."""
        if self._db is None:
            return
        try:
            self._db.execute(statement, values)
            self._pending += 1
            if self._pending >= 200:
                self._db.commit()
                self._pending = 0
        except sqlite3.Error as exc:
            self._disable(exc)

    def memo(self, space: str) -> CacheMemo | None:
        """The batch checks' memo of ``space`` in this cache (None when it is disabled)."""
        return CacheMemo(self, space) if self._db is not None else None

    def memo_get(self, space: str, key: bytes) -> bytes | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT value FROM memos WHERE space = ? AND key = ?", (space, key)
            ).fetchone()
        except sqlite3.Error as exc:
            self._disable(exc)
            return None
        return row[0] if row else None

    def memo_put(self, space: str, key: bytes, value: bytes) -> None:
        self._write(
            "INSERT OR REPLACE INTO memos (space, key, value) VALUES (?, ?, ?)", (space, key, value)
        )

    def memo_delete(self, space: str, key: bytes) -> None:
        self._write("DELETE FROM memos WHERE space = ? AND key = ?", (space, key))

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.commit()
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def _disable(self, exc: Exception) -> None:
        self.disabled_reason = f"{self.path}: {exc}"
        try:
            if self._db is not None:
                self._db.close()
        except sqlite3.Error:
            pass
        self._db = None


@dataclass(frozen=True)
class CacheMemo:
    """A :class:`~.memo.BatchMemo` in the cache's database (table ``memos``)."""

    cache: ResultCache
    space: str

    def get(self, key: bytes) -> bytes | None:
        return self.cache.memo_get(self.space, key)

    def put(self, key: bytes, value: bytes) -> None:
        self.cache.memo_put(self.space, key, value)

    def delete(self, key: bytes) -> None:
        self.cache.memo_delete(self.space, key)
