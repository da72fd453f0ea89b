"""Baselines: findings accepted as they are today, so that only new ones fail a run.

An entry is keyed by file identity (the report's path relative to the baseline file, and its
issuing body and year when known, which still match after a rename), rule code, outcome and the
semantic location (section, or table/row/column keys) — never the line number, so a finding that
moves with an edit stays baselined. Each key carries a count: two identical findings need two
baselined occurrences.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .. import __version__
from .findings import Acceptance, Finding
from .model import Report
from .schemas import load_checked

SCHEMA = "disclosure-lint/baseline/1"


def location_key(finding: Finding) -> str:
    loc = finding.location
    if loc.table:
        parts = [loc.table, loc.row or "*", loc.column or "*"]
    elif loc.section:
        parts = ["section", loc.section]
    else:
        parts = ["file"]
    return "/".join(parts)


def report_key(report: Report | None) -> str | None:
    if report is None or not report.metadata.body or not report.metadata.year:
        return None
    return f"{report.metadata.body}|{report.metadata.year}"


def relative_name(name: str, base: Path) -> str:
    try:
        return PurePosixPath(Path(name).resolve().relative_to(base.resolve())).as_posix()
    except (ValueError, OSError):
        return PurePosixPath(name).as_posix()


@dataclass
class Baseline:
    path: Path
    by_file: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)
    by_report: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)

    @classmethod
    def load(cls, path: Path) -> Baseline:
        doc = load_checked(path, "baseline")
        baseline = cls(path)
        for entry in doc.data["entries"]:
            outcome = entry.get("outcome", "fail")
            key = (entry["code"], outcome, entry["location"])
            baseline.by_file[(entry["file"], *key)] += entry["count"]
            if entry.get("report"):
                baseline.by_report[(entry["report"], *key)] += entry["count"]
        return baseline

    def apply(self, name: str, report: Report | None, findings: list[Finding]) -> None:
        """Mark findings present in the baseline (each baselined occurrence is used once)."""
        file = relative_name(name, self.path.parent)
        ident = report_key(report)
        for finding in findings:
            if finding.suppressed:
                continue
            key = (finding.code, finding.outcome.value, location_key(finding))
            if self.by_file[(file, *key)] > 0:
                self.by_file[(file, *key)] -= 1
            elif ident and self.by_report[(ident, *key)] > 0:
                self.by_report[(ident, *key)] -= 1
            else:
                continue
            finding.suppressed = Acceptance("baseline", "", self.path.name)


def build_baseline(
    path: Path, results: list[tuple[str, Report | None, list[Finding]]]
) -> dict[str, Any]:
    """The baseline document for ``results`` (name, report, findings), written to ``path``."""
    counts: Counter[tuple[str, str | None, str, str, str]] = Counter()
    for name, report, findings in results:
        file = relative_name(name, path.parent)
        ident = report_key(report)
        for finding in findings:
            if finding.suppressed:
                continue
            counts[(file, ident, finding.code, finding.outcome.value, location_key(finding))] += 1
    entries = [
        {
            "file": file,
            "report": ident,
            "code": code,
            "outcome": outcome,
            "location": loc,
            "count": count,
        }
        for (file, ident, code, outcome, loc), count in sorted(
            counts.items(), key=lambda item: tuple(str(x) for x in item[0])
        )
    ]
    return {
        "schema": SCHEMA,
        "tool": {"name": "disclosure-lint", "version": __version__},
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "entries": entries,
    }


def write_baseline(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
