"""What the batch phase holds of a report: its stub, and what the batch checks prepared of it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding
from .model import Report


@dataclass
class Prepared:
    """The prepared parts of one report (see :meth:`BatchCheck.prepare`), with a memo that the
    checks share (a part decoded once for every check that reads it)."""

    parts: Mapping[str, Any]
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per key (like :meth:`Report.memo`)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value


@dataclass
class ReportStub(Report):
    """What a held result keeps of its report: metadata, format and the source lines its
    findings point at (what reporters show). Sections and the text are dropped; tables
    only when a reporter renders them."""

    kept_lines: dict[int, str] = field(default_factory=dict)

    def source_line(self, line: int | None) -> str | None:
        return self.kept_lines.get(line) if line is not None else None


def lines_of(report: Report, findings: Iterable[Finding]) -> dict[int, str]:
    """The source lines ``findings`` point at, by line number (what a stub keeps)."""
    lines: dict[int, str] = {}
    for finding in findings:
        src = finding.location.source
        if src is not None and src.line is not None:
            text = report.source_line(src.line)
            if text is not None:
                lines[src.line] = text
    return lines


def stub_of(report: Report, findings: Iterable[Finding], keep_tables: bool = False) -> ReportStub:
    lines = lines_of(report, findings)
    return ReportStub(
        source=report.source,
        loader=report.loader,
        metadata=report.metadata,
        format=report.format,
        tables=report.tables if keep_tables else {},
        kept_lines=lines,
    )
