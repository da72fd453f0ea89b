"""The review decisions of ``serve``, in SQLite: one row per finding id, plus their history."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
STATUSES = ("confirmed", "dismissed")
MAX_REASON = 2000
MAX_REVIEWER = 100

_CREATE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'dismissed')),
    reason TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    decided TEXT NOT NULL,
    file TEXT NOT NULL,
    code TEXT NOT NULL,
    location TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    decided TEXT NOT NULL
);
"""


class StoreError(Exception):
    """The database cannot be opened or is not a review database."""


class InvalidDecision(ValueError):
    """A decision that cannot be recorded (unknown status, missing reason or reviewer)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Decision:
    id: str
    status: str  # confirmed | dismissed
    reason: str
    reviewer: str
    decided: str  # ISO time, UTC
    file: str
    code: str
    location: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "reason": self.reason,
            "reviewer": self.reviewer,
            "decided": self.decided,
        }


def validate(status: Any, reason: Any, reviewer: Any) -> tuple[str, str, str]:
    """The cleaned (status, reason, reviewer) of a request, or :class:`InvalidDecision`."""
    if status not in STATUSES:
        raise InvalidDecision("status", "status must be 'confirmed' or 'dismissed'")
    if reason is None:
        reason = ""
    if not isinstance(reason, str):
        raise InvalidDecision("reason", "reason must be text")
    if not isinstance(reviewer, str) or not reviewer.strip():
        raise InvalidDecision("reviewer", "reviewer (a name) is required")
    reason, reviewer = reason.strip(), reviewer.strip()
    if status == "dismissed" and len(reason) < 2:
        raise InvalidDecision("reason", "a dismissed finding needs a reason (2 characters or more)")
    if len(reason) > MAX_REASON:
        raise InvalidDecision("reason", f"reason is longer than {MAX_REASON} characters")
    if len(reviewer) > MAX_REVIEWER:
        raise InvalidDecision("reviewer", f"reviewer is longer than {MAX_REVIEWER} characters")
    return status, reason, reviewer


class DecisionStore:
    """Decisions keyed by finding id. Safe to share between the server's threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
            self._db.executescript(_CREATE)
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                self._db.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
                self._db.commit()
            elif row[0] != str(SCHEMA_VERSION):
                raise StoreError(f"{path}: review database of another version ({row[0]})")
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{path}: cannot open the review database: {exc}") from exc
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def all(self) -> dict[str, Decision]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, status, reason, reviewer, decided, file, code, location FROM decisions"
            ).fetchall()
        return {row[0]: Decision(*row) for row in rows}

    def get(self, finding_id: str) -> Decision | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, status, reason, reviewer, decided, file, code, location "
                "FROM decisions WHERE id = ?",
                (finding_id,),
            ).fetchone()
        return Decision(*row) if row else None

    def decide(
        self,
        finding_id: str,
        status: Any,
        reason: Any,
        reviewer: Any,
        file: str,
        code: str,
        location: str,
    ) -> Decision:
        """Record (or replace) the decision on one finding; the history keeps every one."""
        status, reason, reviewer = validate(status, reason, reviewer)
        decided = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        decision = Decision(finding_id, status, reason, reviewer, decided, file, code, location)
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO decisions (id, status, reason, reviewer, decided, file, code, "
                "location) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "status = excluded.status, reason = excluded.reason, "
                "reviewer = excluded.reviewer, decided = excluded.decided",
                (finding_id, status, reason, reviewer, decided, file, code, location),
            )
            self._db.execute(
                "INSERT INTO history (id, status, reason, reviewer, decided) "
                "VALUES (?, ?, ?, ?, ?)",
                (finding_id, status, reason, reviewer, decided),
            )
        return decision

    def reopen(self, finding_id: str, reviewer: str) -> bool:
        """Withdraw the decision on a finding (it is open again); False when there was none."""
        decided = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        with self._lock, self._db:
            gone = self._db.execute("DELETE FROM decisions WHERE id = ?", (finding_id,)).rowcount
            if gone:
                self._db.execute(
                    "INSERT INTO history (id, status, reason, reviewer, decided) "
                    "VALUES (?, 'open', '', ?, ?)",
                    (finding_id, reviewer, decided),
                )
        return bool(gone)

    def history(self, finding_id: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT status, reason, reviewer, decided FROM history WHERE id = ? ORDER BY seq",
                (finding_id,),
            ).fetchall()
        return [
            {"status": s, "reason": r, "reviewer": who, "decided": when} for s, r, who, when in rows
        ]
