"""Batch checks: checks that need every report of a run, not one report at a time.

Copy-paste across bodies and year-over-year relations (domain-spec §5.3 H1–H3, §6.2 D4) cannot be
judged from one report. A batch check is a class registered by a plugin through the
``disclosure_lint_batch_checks`` hook. For every run the runner asks each class to ``create``
itself; a class with nothing to do (none of its rules selected) returns ``None``, and when no
check is active the run streams its results exactly as before.

When checks are active, the :class:`BatchPhase` gives each check every report as it is read
(``collect(report, result)``), in input order; a check that prepares its data where the report
is checked gets that instead (``prepare`` in the worker, ``collect_prepared`` here), which the
result cache keeps too. A check keeps only compact data (fingerprints,
table values, shingle hashes), never the report: right after ``collect`` the result's report is
replaced by a :class:`ReportStub` (metadata, format and the source lines that findings point
at), so memory stays bounded however large the batch. After the last input, ``finish()``
returns findings per file path; they are merged into the held results, which are then streamed
to the reporters in input order — every input exactly once. The phase itself is in
core/phase.py.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from .engine import Engine
from .errors import LoadError, os_error_text
from .findings import CellRef, Finding, Outcome, Related, Severity
from .formats import FormatRegistry
from .held import Prepared
from .held import ReportStub as ReportStub  # its home before core/held.py
from .held import stub_of as stub_of
from .inputs import InputSource, LoadContext
from .kinds import make_finding
from .memo import BatchMemo
from .model import Location, Report
from .results import FileResult
from .rules import Rule, Text, expand


class ArchivedEntry(Protocol):
    """What storing a report in an archive returns: the body and year it is filed under."""

    @property
    def body(self) -> str: ...

    @property
    def year(self) -> int: ...


class ReportArchive(Protocol):
    """Past reports by issuing body and report year (``disclosure_lint.archive.Archive``)."""

    def add(self, report: Report, source: str | None = None) -> ArchivedEntry: ...

    def report(self, body: str, year: int, formats: FormatRegistry) -> Report | None: ...


@dataclass
class ArchiveStats:
    """What the archive recorder did in a run (``check --archive`` prints it)."""

    #: (body, year, file) of every report added
    added: list[tuple[str, int, str]] = field(default_factory=list)
    #: files not added: no issuing body or report year
    skipped: list[str] = field(default_factory=list)


@dataclass
class BatchOptions:
    """The options of the batch checks, from the command line (``check --previous``,
    ``--archive``); see docs/boilerplate-and-batch.md."""

    #: last year's reports given with ``--previous``
    previous: Sequence[Report] = ()
    #: the archive: last year's reports are looked up there (``--archive``)
    archive: ReportArchive | None = None
    #: add every report read to :attr:`archive`
    archive_add: bool = False
    #: filled by the archive recorder
    archive_stats: ArchiveStats = field(default_factory=ArchiveStats)


def load_reports(
    sources: Iterable[InputSource],
    load: Callable[[InputSource, LoadContext], Report | None],
    context: LoadContext,
) -> tuple[list[Report], list[Text]]:
    """Read reports for :attr:`BatchOptions.previous`; returns the reports and the problems,
    one per file that could not be read or names no issuing body or year."""
    reports: list[Report] = []
    problems: list[Text] = []
    for source in sources:
        why: Text | None = None
        try:
            report = load(source, context)
        except LoadError as exc:
            detail = exc.args_dict["detail"]
            why = detail if isinstance(detail, Text) else Text(str(detail), str(detail))
        except OSError as exc:
            why = os_error_text(exc)
        else:
            if report is None:
                why = Text("没有读取器能识别此文件", "no loader reads this file")
            elif not report.metadata.body or report.metadata.year is None:
                why = Text("未找到发布机关或报告年度", "issuing body or report year not found")
        if why is not None:
            problems.append(Text(f"{source.name}：", f"{source.name}: ") + why)
            continue
        reports.append(report)
    return reports, problems


@dataclass
class BatchContext:
    """What a batch check sees: the active rules, the formats, and the run's batch options.

    ``options`` come from the command line (``check --previous``, ``--archive``).
    ``settings_for(path)`` gives a file's configuration, as rules see it in
    ``CheckContext.settings``.
    """

    engine: Engine
    formats: FormatRegistry
    options: BatchOptions = field(default_factory=BatchOptions)
    settings_for: Callable[[str], Mapping[str, Any]] = field(default=lambda name: {})
    #: a namespace's memo in the result cache (None: no cache); see :meth:`memo`
    memos: Callable[[str], BatchMemo | None] = field(default=lambda space: None)

    def memo(self, space: str) -> BatchMemo | None:
        """What the check may keep between runs under ``space`` (name it after the check and
        the version of what it stores); None when the run has no cache."""
        return self.memos(space)

    def rules_of(self, kinds: Iterable[str]) -> list[tuple[Rule, dict[str, str]]]:
        """Active rules of the given kinds, expanded (``foreach``), with their bindings."""
        wanted = set(kinds)
        return [
            (instance, bindings)
            for rule in self.engine.active
            if rule.kind in wanted
            for instance, bindings in expand(rule)
        ]

    def finding(
        self,
        rule: Rule,
        location: Location,
        args: dict[str, Any],
        *,
        bindings: Mapping[str, str] | None = None,
        outcome: Outcome = Outcome.FAIL,
        cells: Iterable[CellRef] = (),
        severity: Severity | None = None,
        data: dict[str, Any] | None = None,
        message: Text | None = None,
        related: Iterable[Related] = (),
    ) -> Finding:
        """A finding of ``rule``, as ``CheckContext.finding`` makes it for per-report rules."""
        return make_finding(
            rule,
            location,
            {**args, **(bindings or {})},
            outcome=outcome,
            cells=cells,
            severity=severity,
            data=data,
            message=message,
            related=related,
        )


class BatchCheck:
    """Base class of batch checks. Subclass it, set ``name`` and ``kinds``, implement
    ``collect`` and ``finish``."""

    #: unique name, shown in problems and in ``disclosure-lint plugins``
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    #: rule kinds whose rules this check runs (their per-report ``check`` yields nothing)
    kinds: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: BatchContext, rules: list[tuple[Rule, dict[str, str]]]) -> None:
        self.context = context
        self.rules = rules

    @classmethod
    def create(cls, context: BatchContext) -> BatchCheck | None:
        """A check for this run, or ``None`` when it has nothing to do (default: none of its
        rules is active)."""
        rules = context.rules_of(cls.kinds)
        return cls(context, rules) if rules else None

    def collect(self, report: Report, result: FileResult) -> None:
        """Called once per input that was read, in input order. Keep compact data only."""

    # --- prepared where the report is checked (optional) --------------------------------------
    # A check that implements both methods below gets, instead of ``collect``, what its own
    # ``prepare`` made of the report where the report was checked (a worker process) and what
    # the result cache kept of it: a cache hit is then served without rebuilding the report.

    def prepare(self, report: Report, result: FileResult) -> Mapping[str, Any]:
        """Named parts made of one report (plain JSON-able data: dicts, lists, strings,
        numbers), in the process that checked it. They may depend on the report, its file
        name and digest and the check's rules, never on the rest of the batch. Parts of the
        same name are shared between checks and must be equal."""
        return {}

    def collect_prepared(self, prepared: Prepared, result: FileResult) -> None:
        """``collect`` for a check that implements ``prepare``: ``prepared`` holds the parts of
        every check's ``prepare``; ``result.report`` may be a :class:`ReportStub`."""

    def finish(self) -> Mapping[str, Sequence[Finding]]:
        """Called once after the last input: findings per file path (``FileResult.path``)."""
        return {}

    def close(self) -> None:
        """Called once when the run is over, however it ended (also when it failed before
        ``finish``): release what the check holds (temporary files)."""

    def outcome_inputs(self) -> bytes | None:
        """What, besides its rules, its code and the prepared data of the batch's reports in
        input order, decides this check's findings in this run: bytes that name it (``b""``:
        nothing else). With a result cache, the findings of a check that answers are kept, and
        a later run over the same batch (every file unchanged) takes them without collecting
        the reports (core/outcomes.py). None (the default): the findings may depend on more
        (an archive, files read outside the batch, the time), and are judged on every run."""
        return None

    # --- on a cluster (optional; see docs/plugins.md, "Batch checks on a cluster") ----------
    #: grouping rounds the check runs on a cluster; 0: it runs where the results are gathered,
    #: through ``collect`` and ``finish``, and gets every report there
    rounds: ClassVar[int] = 0

    def extract(self, report: Report, result: FileResult, index: int) -> Iterable[Any]:
        """Records of one report (``index``: its place in the input), made where the report was
        read. With the extracted records of every report as input, each round ``route`` s every
        record, groups the values by key, and ``reduce`` s each group; the records a round
        makes are the next round's input together with the extracted ones."""
        return ()

    def route(self, round: int, record: Any) -> Iterable[tuple[Hashable, Any]]:
        """(key, value) pairs of a record in round ``round`` (none: the record is not used)."""
        return ()

    def reduce(self, round: int, key: Hashable, values: list[Any]) -> Iterable[Any]:
        """Records made from one group of a round. ``values`` come in no particular order; a
        check that needs an order sorts them (by the input index it put in its records)."""
        return ()

    def gather(self, records: Iterable[Any]) -> Mapping[str, Sequence[Finding]]:
        """Findings per file path from the last round's records; runs where the results are
        gathered (like ``finish``)."""
        return {}


def prepares(check: BatchCheck) -> bool:
    """True when ``check`` implements ``prepare`` and ``collect_prepared``."""
    kind = type(check)
    return (
        kind.prepare is not BatchCheck.prepare
        and kind.collect_prepared is not BatchCheck.collect_prepared
    )


def run_rounds(check: BatchCheck, records: Iterable[Any]) -> Mapping[str, Sequence[Finding]]:
    """A check's rounds in this process, as a cluster runs them (a reference for tests and for
    plugin authors): ``records`` are what ``extract`` made of every report."""
    extracted = list(records)
    current = extracted
    for number in range(check.rounds):
        groups: dict[Hashable, list[Any]] = {}
        for record in current:
            for key, value in check.route(number, record):
                groups.setdefault(key, []).append(value)
        made = [out for key, values in groups.items() for out in check.reduce(number, key, values)]
        current = made if number == check.rounds - 1 else [*extracted, *made]
    return check.gather(current)
