"""Built-in plugin: the batch checks (duplicate submissions, near-duplicates across bodies, year
over year) and the
recorder that adds checked reports to the archive (``check --archive``).

Their rules are in ``rules/packs/national-batch.yaml``; how they compare is described in
docs/boilerplate-and-batch.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from ..archive import ArchiveError
from ..core.batch import ArchiveStats, BatchCheck, BatchContext, ReportArchive
from ..core.findings import Finding
from ..core.hookspecs import hookimpl
from ..core.kinds import RuleKind
from ..core.model import Report
from ..core.results import FileResult
from .duplicates import DuplicateCheck, DuplicateKind
from .neardup import NearDuplicateCheck, NearDuplicateKind
from .yoy import YearOverYearCheck, YearOverYearKind


class ArchiveRecorder(BatchCheck):
    """Adds every report that was read, with a body and a year, to the archive of the batch
    options when ``archive_add`` is set. It reports nothing; what it did is counted in the
    options' ``archive_stats``."""

    name: ClassVar[str] = "archive-recorder"
    description: ClassVar[str] = "Adds the checked reports to the archive (check --archive)."

    def __init__(self, context: BatchContext, archive: ReportArchive) -> None:
        super().__init__(context, [])
        self.archive = archive
        self.stats: ArchiveStats = context.options.archive_stats

    @classmethod
    def create(cls, context: BatchContext) -> BatchCheck | None:
        archive = context.options.archive
        if archive is None or not context.options.archive_add:
            return None
        return cls(context, archive)

    def collect(self, report: Report, result: FileResult) -> None:
        try:
            entry = self.archive.add(report, result.path)
        except ArchiveError:
            self.stats.skipped.append(result.path)
            return
        self.stats.added.append((entry.body, entry.year, result.path))

    def finish(self) -> Mapping[str, Sequence[Finding]]:
        return {}


@hookimpl
def disclosure_lint_rule_kinds() -> list[type[RuleKind]]:
    return [NearDuplicateKind, YearOverYearKind, DuplicateKind]


@hookimpl
def disclosure_lint_batch_checks() -> list[type[BatchCheck]]:
    return [NearDuplicateCheck, YearOverYearCheck, DuplicateCheck, ArchiveRecorder]


__all__ = [
    "ArchiveRecorder",
    "DuplicateCheck",
    "NearDuplicateCheck",
    "YearOverYearCheck",
]
