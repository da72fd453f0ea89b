"""Findings: what a rule reports, with severity, bilingual message and semantic location."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .model import Cell, Location
from .values import ValueReason

_new = object.__new__


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


class Outcome(StrEnum):
    FAIL = "fail"  # the rule's condition does not hold
    NOT_ASSESSABLE = "not-assessable"  # an operand is blank, a placeholder, text or missing


@dataclass(frozen=True)
class CellRef:
    """A cell that takes part in a finding (e.g. an operand of a failing relation)."""

    location: Location
    raw: str | None
    value: int | Decimal | None
    reason: ValueReason

    @classmethod
    def of(cls, cell: Cell, table_name: str | None = None) -> CellRef:
        """``CellRef(Location.of_cell(cell, table_name), cell.raw, cell.value, cell.reason)``,
        its fields set at once (a frozen dataclass's ``__init__`` sets each through
        ``object.__setattr__``; a blank-cell finding names every blank of its table)."""
        ref = _new(cls)
        ref.__dict__.update(
            location=Location.of_cell(cell, table_name),
            raw=cell.raw,
            value=cell.value,
            reason=cell.reason,
        )
        return ref

    def to_dict(self) -> dict[str, Any]:
        """The check output's cell reference (see :func:`..codec.findings.encode_cell_ref`)."""
        from .codec.findings import encode_cell_ref

        return encode_cell_ref(self)


@dataclass(frozen=True)
class Blocker:
    """What makes a relation not assessable: a cell (``reason`` blank, placeholder, text or
    missing) or a row whose numbers were split assuming the relation (``reason`` "assumed")."""

    table: str
    row: str | None
    column: str | None
    reason: str


@dataclass(frozen=True)
class Claimed:
    """A number of the report's text that another finding may report as wrong: ``value`` as
    written, on a line from ``first_line`` to ``last_line`` of ``section``."""

    section: str | None
    first_line: int | None
    last_line: int | None
    value: str


@dataclass(frozen=True)
class Consequence:
    """A finding that the text's own numbers do not add up (``parts`` against ``total``): when
    other findings report some of them as wrong and their corrected values add up, it is only a
    consequence of those, recorded on them with ``note`` (per language)."""

    total: Claimed
    parts: tuple[Claimed, ...]
    note: dict[str, str]


@dataclass(frozen=True)
class Related:
    """Another place a finding is about: the statement a narrative contradicts, the report a
    passage was copied from, last year's report. Outputs link it (SARIF ``relatedLocations``)."""

    location: Location
    messages: dict[str, str]  # what is there, per language

    def message(self, lang: str = "zh") -> str:
        return self.messages.get(lang) or self.messages.get("zh") or ""

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        from .codec.findings import encode_related

        return encode_related(self, lang)


@dataclass(frozen=True)
class Acceptance:
    """Why a finding does not count: a reviewer's suppression (with its reason) or an entry of
    the baseline. Outputs show it in the language of the run."""

    by: str  # "suppression" or "baseline"
    reason: str  # the reviewer's reason; for a baseline, empty
    where: str  # the suppression's file:line, or the baseline file's name

    def text(self, lang: str = "zh") -> str:
        if self.by == "baseline":
            return f"baseline ({self.where})" if lang == "en" else f"基线（{self.where}）"
        if lang == "en":
            return f"suppressed: {self.reason} ({self.where})"
        return f"已抑制：{self.reason}（{self.where}）"

    def __str__(self) -> str:
        return self.text()


@dataclass
class Finding:
    code: str
    name: str
    severity: Severity
    messages: dict[str, str]  # language -> text
    location: Location
    outcome: Outcome = Outcome.FAIL
    cells: tuple[CellRef, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the rule pack file the rule came from
    suppressed: Acceptance | None = None  # when accepted by a suppression or the baseline
    related: tuple[Related, ...] = ()  # other places the finding compares with
    #: for a not-assessable finding: what blocks it (default: its operands without a number);
    #: used to record it on the finding about that cause (core/fold.py), never written out
    blocked_by: tuple[Blocker, ...] = field(default=(), compare=False)
    #: numbers of the text whose being wrong explains this finding: when each is reported by
    #: another finding, this one is recorded on them instead (core/fold.py), never written out
    explained_by: Consequence | None = field(default=None, compare=False)
    #: for a not-assessable finding built in part (most are only recorded on their cause's
    #: finding, core/fold.py): fills in the rest — message, location, cells — when it is needed
    #: (:meth:`finish`; the engine finishes every finding it returns), never written out
    complete: Callable[[Finding], None] | None = field(default=None, compare=False, repr=False)

    def finish(self) -> Finding:
        """This finding with everything filled in (see :attr:`complete`)."""
        complete = self.complete
        if complete is not None:
            self.complete = None
            complete(self)
        return self

    def message(self, lang: str = "zh") -> str:
        return (
            self.messages.get(lang)
            or self.messages.get("zh")
            or next(iter(self.messages.values()), "")
        )

    def sort_key(self) -> tuple[Any, ...]:
        src = self.location.source
        return (
            src.page or 0 if src else 0,
            src.line or 0 if src else 0,
            src.table_index or 0 if src else 0,
            src.row_index or 0 if src else 0,
            src.col_index or 0 if src else 0,
            self.code,
        )

    def to_dict(self, lang: str = "zh", path: str | None = None) -> dict[str, Any]:
        """The check output's form of the finding (:func:`..codec.findings.encode_finding`)."""
        from .codec.findings import encode_finding

        return encode_finding(self, lang, path)
