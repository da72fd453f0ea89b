"""Built-in plugin: the batch checks (near-duplicates across bodies, year over year) and the
recorder that adds checked reports to the archive (``check --archive``).

Their rules are in ``rules/packs/national-batch.yaml``; how they compare is described in
docs/boilerplate-and-batch.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

from ..archive import Archive, ArchiveError
from ..core.batch import BatchCheck, BatchContext
from ..core.errors import LoadError
from ..core.findings import Finding
from ..core.hookspecs import hookimpl
from ..core.inputs import InputSource, LoadContext
from ..core.kinds import RuleKind
from ..core.model import Report
from ..core.results import FileResult
from .neardup import NearDuplicateCheck, NearDuplicateKind
from .yoy import YearOverYearCheck, YearOverYearKind


class ArchiveRecorder(BatchCheck):
    """Adds every report that was read, with a body and a year, to the archive given as
    ``options["archive"]`` when ``options["archive_add"]`` is true. It reports nothing; what it
    did is counted in ``options["archive_stats"]`` (a dict) when present."""

    name: ClassVar[str] = "archive-recorder"
    description: ClassVar[str] = "Adds the checked reports to the archive (check --archive)."

    def __init__(self, context: BatchContext, archive: Archive) -> None:
        super().__init__(context, [])
        self.archive = archive
        self.stats: dict[str, Any] = context.options.get("archive_stats", {})
        self.stats.setdefault("added", [])
        self.stats.setdefault("skipped", [])

    @classmethod
    def create(cls, context: BatchContext) -> BatchCheck | None:
        archive = context.options.get("archive")
        if archive is None or not context.options.get("archive_add"):
            return None
        return cls(context, archive)

    def collect(self, report: Report, result: FileResult) -> None:
        try:
            entry = self.archive.add(report, result.path)
        except ArchiveError:
            self.stats["skipped"].append(result.path)
            return
        self.stats["added"].append((entry.body, entry.year, result.path))

    def finish(self) -> Mapping[str, Sequence[Finding]]:
        return {}


def archive_lookup(
    archive: Archive, load: Callable[[InputSource], Report | None]
) -> Callable[[str, int], Report | None]:
    """A function giving the archived report of a body and year, read through the loaders."""

    def lookup(body: str, year: int) -> Report | None:
        data = archive.get(body, year)
        if data is None:
            return None
        origin = archive.source_of(body, year) or f"{data.get('body', body)}/{year}"
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        report = load(InputSource.from_bytes(payload, "archive.json"))
        if report is None:
            return None
        # The archive keeps content, not source positions: name the original file, no lines.
        report.source = f"archive:{origin}"
        report.lines = None
        for section in report.sections:
            section.location = None
        return report

    return lookup


def load_reports(
    sources: Iterable[InputSource],
    load: Callable[[InputSource, LoadContext], Report | None],
    context: LoadContext,
) -> tuple[list[Report], list[str]]:
    """Read reports (``--previous``); returns the reports and the problems, one per file."""
    reports: list[Report] = []
    problems: list[str] = []
    for source in sources:
        try:
            report = load(source, context)
        except LoadError as exc:
            problems.append(f"{source.name}: {exc}")
            continue
        except OSError as exc:
            problems.append(f"{source.name}: {exc.strerror or exc}")
            continue
        if report is None:
            problems.append(f"{source.name}: no loader reads this file")
            continue
        if not report.metadata.body or report.metadata.year is None:
            problems.append(f"{source.name}: issuing body or report year not found")
            continue
        reports.append(report)
    return reports, problems


@hookimpl
def disclosure_lint_rule_kinds() -> list[type[RuleKind]]:
    return [NearDuplicateKind, YearOverYearKind]


@hookimpl
def disclosure_lint_batch_checks() -> list[type[BatchCheck]]:
    return [NearDuplicateCheck, YearOverYearCheck, ArchiveRecorder]


__all__ = [
    "ArchiveRecorder",
    "NearDuplicateCheck",
    "YearOverYearCheck",
    "archive_lookup",
    "load_reports",
]
