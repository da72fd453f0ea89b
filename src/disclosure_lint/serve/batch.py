"""The checked batch that ``serve`` shows: every input with its findings (each with its id),
results held compressed and opened when a report's page is asked for."""

from __future__ import annotations

import hashlib
import io
import pickle
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..api import (
    FileResult,
    FileStatus,
    Finding,
    Location,
    Reporter,
    ReporterOptions,
    RunSummary,
    Severity,
)
from ..core.baseline import location_key
from .ids import file_key, finding_ids

if TYPE_CHECKING:
    from ..core.rules import RuleSet
    from ..core.runner import Progress, Runner

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class FindingEntry:
    """One finding of the batch with its id and the file it belongs to."""

    id: str
    file_key: str  # the URL key of its file
    file: str  # the file relative to the batch root
    index: int  # position among the file's findings
    finding: Finding

    @property
    def code(self) -> str:
        return self.finding.code

    @property
    def severity(self) -> str:
        return self.finding.severity.value

    @property
    def location(self) -> Location:
        return self.finding.location

    @property
    def location_key(self) -> str:
        return location_key(self.finding)


@dataclass
class FileEntry:
    """One input of the batch: what the overview shows, and its full result (compressed)."""

    key: str  # used in URLs
    path: str  # as checked
    rel: str  # relative to the batch root
    status: str
    loader: str | None
    title: str | None
    body: str | None
    year: int | None
    format: str | None
    findings: list[FindingEntry] = field(default_factory=list)
    blob: bytes = b""

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(SEVERITIES, 0)
        for entry in self.findings:
            if not entry.finding.suppressed:
                out[entry.severity] += 1
        return out

    def failed(self, fail_on: str) -> bool:
        if fail_on == "never":
            return False
        threshold = Severity(fail_on)
        return any(
            not e.finding.suppressed and e.finding.severity.at_least(threshold)
            for e in self.findings
        )


class ReviewBatch:
    """The results of one check run, indexed by file key and by finding id."""

    def __init__(self, root: Path, fail_on: str = "error", rules: RuleSet | None = None) -> None:
        self.root = root
        self.fail_on = fail_on
        self.rules = rules
        self.files: list[FileEntry] = []
        self.by_key: dict[str, FileEntry] = {}
        self.findings: dict[str, FindingEntry] = {}
        self.summary: RunSummary | None = None
        self.seconds: float | None = None  # how long the check took
        self._open: OrderedDict[str, FileResult] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, result: FileResult) -> FileEntry:
        rel = file_key(result.path, self.root)
        key = hashlib.sha256(rel.encode("utf-8")).hexdigest()[:12]
        while key in self.by_key:  # the same file named twice, or a collision
            key = hashlib.sha256(key.encode("ascii")).hexdigest()[:12]
        report = result.report
        meta = report.metadata if report is not None else None
        entry = FileEntry(
            key=key,
            path=result.path,
            rel=rel,
            status=result.status.value,
            loader=result.loader,
            title=meta.title if meta else None,
            body=meta.body if meta else None,
            year=meta.year if meta else None,
            format=report.format.used if report is not None else None,
            blob=zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1),
        )
        for index, (fid, finding) in enumerate(
            zip(finding_ids(rel, result.findings), result.findings, strict=True)
        ):
            item = FindingEntry(fid, key, rel, index, finding)
            entry.findings.append(item)
            self.findings.setdefault(fid, item)
        self.files.append(entry)
        self.by_key[key] = entry
        return entry

    def result(self, key: str) -> FileResult:
        """The full result of one file (report, tables, source lines); recent ones stay open."""
        with self._lock:
            if key in self._open:
                self._open.move_to_end(key)
                return self._open[key]
            result: FileResult = pickle.loads(zlib.decompress(self.by_key[key].blob))
            self._open[key] = result
            while len(self._open) > 8:
                self._open.popitem(last=False)
            return result

    def rule_title(self, code: str, lang: str) -> str:
        rule = self.rules.get(code) if self.rules is not None else None
        return rule.title.get(lang) if rule is not None else ""

    def bodies(self) -> list[str]:
        return sorted({f.body for f in self.files if f.body})

    def years(self) -> list[int]:
        return sorted({f.year for f in self.files if f.year is not None})

    def codes(self) -> list[str]:
        return sorted({e.code for f in self.files for e in f.findings})

    def is_input(self, entry: FileEntry) -> bool:
        return entry.status != FileStatus.CONFIG.value


class Collector(Reporter):
    """Receives the results of the run (as a reporter does) and fills a :class:`ReviewBatch`."""

    name = "serve"
    needs_tables = True
    needs_reports = True  # the source view reads every line and section

    def __init__(self, batch: ReviewBatch) -> None:
        super().__init__(io.StringIO(), ReporterOptions())
        self.batch = batch

    def file_done(self, result: FileResult) -> None:
        self.batch.add(result)

    def finish(self, summary: RunSummary) -> None:
        self.batch.summary = summary


def check_batch(
    runner: Runner, paths: list[str], fail_on: str, progress: Progress | None = None
) -> ReviewBatch:
    """Check ``paths`` with ``runner`` (cache, workers, suppressions as configured) and hold
    the results for review; ``progress`` follows the check (the CLI's progress bar)."""
    batch = ReviewBatch(batch_root(paths), fail_on, runner.env.rules)
    started = time.perf_counter()
    runner.run_batch(runner.discover(paths), [Collector(batch)], fail_on, progress=progress)
    batch.seconds = time.perf_counter() - started
    return batch


def batch_root(paths: list[str]) -> Path:
    """The folder findings are keyed from: the folder checked, or the common folder of the
    inputs."""
    resolved = [Path(p).resolve() for p in paths]
    folders = [p if p.is_dir() else p.parent for p in resolved]
    if not folders:
        return Path.cwd()
    common = folders[0]
    for folder in folders[1:]:
        while common != common.parent and not folder.is_relative_to(common):
            common = common.parent
    return common
