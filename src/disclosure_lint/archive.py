"""The archive of past reports: parsed reports as canonical JSON in an embedded SQLite database,
keyed by issuing body and report year.

Reports are stored in the report data format (``disclosure-lint/report-data/1``, made by
:func:`disclosure_lint.core.codec.report_to_data`) as canonical JSON (sorted keys, no spaces),
so that the same report always gives the same bytes and the same ``sha256``. The year-over-year
checks read last year's report from here (``check --archive``): :meth:`Archive.report` rebuilds
it from the stored data through the codec.

The schema is versioned with SQLite's ``PRAGMA user_version``; :data:`MIGRATIONS` lists the
steps from one version to the next and :func:`migrate` applies the missing ones in a single
transaction when an archive is opened. Never edit a released step: add a new one.

- v1: ``reports(body, year, data)``, primary key (body, year) — the body as written.
- v2: the key is the folded body name (``body_key``: widths, spaces and punctuation folded, so
  that "沭阳县 人民政府" and "沭阳县人民政府" are one body), and title, source file, content hash
  and time added are kept beside the data.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .core.codec import CodecError, declared_format, report_from_data, report_to_data
from .core.formats import FormatRegistry
from .core.i18n import Text
from .core.labels import normalize
from .core.model import Report

ENV_VAR = "DISCLOSURE_LINT_ARCHIVE"
FILE_NAME = "archive.sqlite3"


def default_path() -> Path:
    """``$DISCLOSURE_LINT_ARCHIVE``, else ``archive.sqlite3`` in the user data directory."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("disclosure-lint", appauthor=False)) / FILE_NAME


def body_key(body: str) -> str:
    return normalize(body)


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE reports ("
        " body TEXT NOT NULL,"
        " year INTEGER NOT NULL,"
        " data TEXT NOT NULL,"
        " PRIMARY KEY (body, year))"
    )


def _v2(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE reports_v2 ("
        " body_key TEXT NOT NULL,"
        " year INTEGER NOT NULL,"
        " body TEXT NOT NULL,"
        " title TEXT,"
        " source TEXT,"
        " sha256 TEXT NOT NULL,"
        " added_at TEXT NOT NULL,"
        " data TEXT NOT NULL,"
        " PRIMARY KEY (body_key, year))"
    )
    rows = conn.execute("SELECT body, year, data FROM reports ORDER BY rowid").fetchall()
    for body, year, data in rows:
        parsed = json.loads(data)
        text = canonical_json(parsed)
        conn.execute(
            "INSERT OR REPLACE INTO reports_v2 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                body_key(body),
                year,
                body,
                parsed.get("title"),
                None,
                hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "",
                text,
            ),
        )
    conn.execute("DROP TABLE reports")
    conn.execute("ALTER TABLE reports_v2 RENAME TO reports")


#: migration steps: MIGRATIONS[i] takes a database from version i to version i + 1
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)


class ArchiveError(Exception):
    """The archive cannot be used, or a report cannot be stored in it; ``text`` says why in both
    languages."""

    def __init__(self, message: str | Text) -> None:
        super().__init__(str(message))
        self.text = message if isinstance(message, Text) else Text(message, message)


def version_of(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database to version ``target``; returns the version it had."""
    current = version_of(conn)
    if current > SCHEMA_VERSION:
        raise ArchiveError(
            Text(
                f"归档库的版本 {current} 比本程序所知的版本（{SCHEMA_VERSION}）新，"
                "请升级 disclosure-lint",
                f"archive schema version {current} is newer than this disclosure-lint knows "
                f"({SCHEMA_VERSION}); upgrade disclosure-lint",
            )
        )
    if current >= target:
        return current
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in range(current, target):
            MIGRATIONS[step](conn)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return current


@dataclass(frozen=True)
class Entry:
    body: str
    year: int
    title: str | None
    source: str | None
    sha256: str
    added_at: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "year": self.year,
            "title": self.title,
            "source": self.source,
            "sha256": self.sha256,
            "added_at": self.added_at,
        }


class Archive:
    """An open archive. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrated_from = migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(
                Text(
                    f"{self.path}：不是 disclosure-lint 归档库",
                    f"{self.path}: not a disclosure-lint archive ({exc})",
                )
            ) from exc

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def add(self, report: Report, source: str | None = None) -> Entry:
        """Store ``report`` (replacing an earlier one of the same body and year)."""
        meta = report.metadata
        if not meta.body or meta.year is None:
            where = source or report.source
            raise ArchiveError(
                Text(
                    f"{where}：归档报告需要发布机关和报告年度",
                    f"{where}: the issuing body and the report year are needed to archive a report",
                )
            )
        return self.add_data(report_to_data(report), source or report.source)

    def add_data(self, data: dict[str, Any], source: str | None = None) -> Entry:
        body, year = data.get("body"), data.get("year")
        if not body or not isinstance(year, int):
            raise ArchiveError(
                Text(
                    f"{source}：报告数据缺少机关和年度",
                    f"{source}: report data without body and year",
                )
            )
        text = canonical_json(data)
        entry = Entry(
            body=body,
            year=year,
            title=data.get("title"),
            source=source,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            added_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO reports"
            " (body_key, year, body, title, source, sha256, added_at, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                body_key(body),
                year,
                body,
                entry.title,
                source,
                entry.sha256,
                entry.added_at,
                text,
            ),
        )
        return entry

    def get(self, body: str, year: int) -> dict[str, Any] | None:
        """The stored report data of ``body`` for ``year``, or None."""
        row = self.conn.execute(
            "SELECT data FROM reports WHERE body_key = ? AND year = ?", (body_key(body), year)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def report(self, body: str, year: int, formats: FormatRegistry) -> Report | None:
        """The archived report of ``body`` for ``year``, or None.

        The archive keeps content, not source positions: the report is named after the file it
        was read from (``archive:FILE``) and has no lines or locations.
        """
        data = self.get(body, year)
        if data is None:
            return None
        origin = self.source_of(body, year) or f"{data.get('body', body)}/{year}"
        try:
            return report_from_data(
                data, declared_format(data, formats), formats, source=f"archive:{origin}"
            )
        except (CodecError, KeyError, TypeError) as exc:
            raise ArchiveError(
                Text(
                    f"{self.path}：{body} {year}年度的归档报告无法读取",
                    f"{self.path}: the report of {body} for {year}: {exc}",
                )
            ) from exc

    def source_of(self, body: str, year: int) -> str | None:
        """The file the archived report of ``body`` for ``year`` was read from."""
        row = self.conn.execute(
            "SELECT source FROM reports WHERE body_key = ? AND year = ?", (body_key(body), year)
        ).fetchone()
        return row[0] if row else None

    def entries(self) -> Iterator[Entry]:
        for row in self.conn.execute(
            "SELECT body, year, title, source, sha256, added_at FROM reports"
            " ORDER BY body_key, year"
        ):
            yield Entry(*row)

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0])
