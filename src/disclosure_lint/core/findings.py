"""Findings: what a rule reports, with severity, bilingual message and semantic location."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .codec.parts import encode_location, encode_value
from .model import Cell, Location
from .values import ValueReason


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
        return cls(Location.of_cell(cell, table_name), cell.raw, cell.value, cell.reason)

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": encode_location(self.location),
            "raw": self.raw,
            "value": encode_value(self.value),
            "value_reason": self.reason.value,
        }


@dataclass(frozen=True)
class Related:
    """Another place a finding is about: the statement a narrative contradicts, the report a
    passage was copied from, last year's report. Outputs link it (SARIF ``relatedLocations``)."""

    location: Location
    messages: dict[str, str]  # what is there, per language

    def message(self, lang: str = "zh") -> str:
        return self.messages.get(lang) or self.messages.get("zh") or ""

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"message": self.message(lang), "location": encode_location(self.location)}


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

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "outcome": self.outcome.value,
            "message": self.message(lang),
            "location": encode_location(self.location),
        }
        if self.cells:
            data["cells"] = [c.to_dict() for c in self.cells]
        if self.related:
            data["related"] = [r.to_dict(lang) for r in self.related]
        if self.data:
            data["data"] = _jsonable(self.data)
        if self.suppressed:
            data["suppressed"] = self.suppressed.text(lang)
            data["accepted_by"] = self.suppressed.by
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
