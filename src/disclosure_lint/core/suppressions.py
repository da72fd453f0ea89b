"""Suppressions: findings a reviewer accepted, each with a reason and an optional expiry.

A suppression names a rule (code or name) and a semantic location — section, or table with row
and column keys (a group key covers what is under it), or the location path as displayed — never
a line number, so it survives edits that move text. A repository file covers reports by glob; a
per-report sidecar ``REPORT.suppressions.yaml`` covers that report. Suppressions that match
nothing are reported (``DL950``); expired ones no longer apply and are reported (``DL951``).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .findings import Acceptance, Finding
from .model import Issue, Location, SourceLocation
from .schemas import load_checked

UNUSED = "DL950"
EXPIRED = "DL951"
SIDECAR_SUFFIX = ".suppressions.yaml"


@dataclass
class Suppression:
    code: str
    reason: str
    file: str  # the suppression file
    line: int | None
    files: str | None = None  # glob (repository files)
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    path: str | None = None
    expires: dt.date | None = None
    used: int = 0

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def describe(self) -> str:
        if self.path:
            return self.path
        parts = [p for p in (self.section, self.table, self.row, self.column) if p]
        return " / ".join(parts) or "*"

    def matches(self, finding: Finding, report_name: str, base: Path) -> bool:
        if self.code not in (finding.code, finding.name):
            return False
        if self.files is not None:
            rel = _relative(report_name, base)
            if not (
                fnmatch.fnmatch(rel, self.files)
                or fnmatch.fnmatch(Path(report_name).name, self.files)
            ):
                return False
        loc = finding.location
        if self.path is not None:
            return _squash(loc.path()) == _squash(self.path)
        checks = (
            (self.section, loc.section),
            (self.table, loc.table),
            (self.row, loc.row),
            (self.column, loc.column),
        )
        return all(want is None or _covers(want, got) for want, got in checks)


def _squash(text: str) -> str:
    return "".join(text.split())


def _covers(want: str, got: str | None) -> bool:
    return got is not None and (got == want or got.startswith(want + "."))


def _relative(name: str, base: Path) -> str:
    try:
        return PurePosixPath(Path(name).resolve().relative_to(base.resolve())).as_posix()
    except (ValueError, OSError):
        return PurePosixPath(name).as_posix()


def load_suppressions(path: Path) -> list[Suppression]:
    """Read a suppression file; invalid files raise :class:`DataFileError` (file, line, key)."""
    doc = load_checked(path, "suppressions")
    out: list[Suppression] = []
    for index, item in enumerate(doc.data["suppressions"]):
        expires = item.get("expires")
        out.append(
            Suppression(
                code=item["code"],
                reason=item["reason"],
                file=str(path),
                line=doc.line_of(("suppressions", index)),
                files=item.get("files"),
                section=item.get("section"),
                table=item.get("table"),
                row=item.get("row"),
                column=item.get("column"),
                path=item.get("path"),
                expires=dt.date.fromisoformat(str(expires)) if expires else None,
            )
        )
    return out


@dataclass
class SuppressionSet:
    """Repository suppressions plus per-report sidecars, applied to each file's findings."""

    repository: list[tuple[Path, Suppression]] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    _sidecars: dict[str, list[Suppression]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_files(cls, paths: list[Path], today: dt.date | None = None) -> SuppressionSet:
        result = cls(today=today or dt.date.today())
        for path in paths:
            for suppression in load_suppressions(path):
                result.repository.append((path.parent, suppression))
        return result

    def preload(self, report_names: list[str]) -> None:
        """Read every sidecar before the run starts, so a broken one stops it before output."""
        for name in report_names:
            self.sidecar_for(name)

    def sidecar_for(self, report_name: str) -> list[Suppression]:
        if report_name not in self._sidecars:
            sidecar = Path(report_name + SIDECAR_SUFFIX)
            self._sidecars[report_name] = load_suppressions(sidecar) if sidecar.is_file() else []
        return self._sidecars[report_name]

    def apply(self, report_name: str, findings: list[Finding]) -> list[Issue]:
        """Mark suppressed findings; return issues about this file's sidecar (unused, expired)."""
        sidecar = self.sidecar_for(report_name)
        candidates = [(Path(report_name).parent, s) for s in sidecar] + self.repository
        issues: list[Issue] = []
        for finding in findings:
            for base, suppression in candidates:
                if not suppression.matches(finding, report_name, base):
                    continue
                if suppression.expires is not None and suppression.expires < self.today:
                    continue  # expired: the finding stands; reported once below
                suppression.used += 1
                finding.suppressed = Acceptance(
                    "suppression", suppression.reason, suppression.where
                )
                break
        for suppression in sidecar:
            issues.extend(self._status_issues(suppression))
        return issues

    def leftovers(self) -> list[tuple[str, Issue]]:
        """Issues for repository suppressions that matched nothing or have expired."""
        out: list[tuple[str, Issue]] = []
        for _, suppression in self.repository:
            for issue in self._status_issues(suppression):
                out.append((suppression.file, issue))
        return out

    def _status_issues(self, suppression: Suppression) -> list[Issue]:
        location = Location(source=SourceLocation(suppression.file, line=suppression.line))
        args: dict[str, Any] = {
            "rule": suppression.code,
            "detail": suppression.describe(),
            "line": suppression.line or "?",
        }
        if suppression.expires is not None and suppression.expires < self.today:
            return [Issue(EXPIRED, location, {**args, "expected": suppression.expires.isoformat()})]
        if suppression.used == 0:
            return [Issue(UNUSED, location, args)]
        return []
