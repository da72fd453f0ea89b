"""Rule kind ``activity``: narrative that describes disclosure work against tables that say none.

``check: activity``: the prose of ``sections`` describes concrete activity (a sentence matching
one of ``activity`` — 公开/发布/公示 of named things, counts of items, applications answered —
whose clause matches none of ``exclude``: negations, plans) while the report states there was
none (one of ``statements``, e.g. "主动公开政府信息情况：无") or, with ``zero_table_suffices``,
while every cell of ``cells`` is 0. ``check: statement`` is the reverse: a "none" statement
beside nonzero cells. Either finding names both places: the narrative (or statement) line as its
location, the other place in the message, the cells in ``cells``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from ..core.findings import Finding, Related
from ..core.formats import FormatRegistry
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report, Section
from ..core.rules import Rule, Text
from ..domain.cellexpr import CELLS_SCHEMA, ExprState, ExprValue, describe, evaluate, validate_cells
from ..domain.prose import Prose, sections_prose, where_words
from ..domain.scanning import scanner
from .claims import compile_pattern

_PATTERNS = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}


@dataclass
class Hit:
    section: Section
    prose: Prose
    start: int
    end: int

    @property
    def line(self) -> int | None:
        return self.prose.line_at(self.start)

    def quote(self) -> str:
        s_start, s_end = self.prose.clause(self.start, self.end)
        return self.prose.excerpt(s_start, s_end)

    def location(self) -> Location:
        return Location(
            section=self.section.key,
            section_label=self.section.heading,
            source=self.prose.location_at(self.start),
        )

    def related(self) -> Related:
        """This place as the other side of a finding: the words quoted, and where they are."""
        quote = self.quote()
        return Related(
            self.location(),
            {
                "zh": f"{self.section.heading}：“{quote}”",
                "en": f"{self.section.heading}: '{quote}'",
            },
        )

    def where(self) -> Text:
        at_zh, at_en = where_words(self.prose.location_at(self.start))
        return Text(f"{self.section.heading}{at_zh}", f"{self.section.heading}{at_en}")


def _find(
    report: Report,
    sections: tuple[str, ...] | None,
    patterns: tuple[str, ...],
    exclude: tuple[str, ...],
) -> list[Hit]:
    """The matches of ``patterns`` in the prose of ``sections`` (None: all) whose clause holds
    none of ``exclude``, in document order; found once per report (rules share statements)."""
    key = ("activity-hits", sections, patterns, exclude)
    return report.memo(key, lambda: _search(report, sections, patterns, exclude))


def _search(
    report: Report,
    sections: tuple[str, ...] | None,
    patterns: tuple[str, ...],
    exclude: tuple[str, ...],
) -> list[Hit]:
    compiled = [scanner(compile_pattern(p)) for p in patterns]
    excluded = [re.compile(x) for x in exclude]
    hits: list[Hit] = []
    for section, prose in sections_prose(report, sections):
        for pattern in compiled:
            for match in pattern.finditer(prose.text):
                c_start, c_end = prose.clause(match.start(), match.end())
                clause = prose.text[c_start:c_end]
                if any(x.search(clause) for x in excluded):
                    continue
                hits.append(Hit(section, prose, match.start(), match.end()))
    hits.sort(key=lambda h: (h.section.number, h.start))
    return hits


class ActivityKind(RuleKind):
    name: ClassVar[str] = "activity"
    #: validate() reads only the rule and the formats
    validation_cacheable: ClassVar[bool] = True
    description: ClassVar[str] = (
        "Narrative describing disclosure activity while the report states none or the table "
        "is all zero (`check: activity`), and 'none' statements beside nonzero cells "
        "(`check: statement`); the finding names both places."
    )
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check", "statements", "cells"],
        "properties": {
            "check": {
                "enum": ["activity", "statement"],
                "description": "activity: narrative activity against a 'none' statement or "
                "zero cells; statement: a 'none' statement against nonzero cells",
            },
            "sections": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string"},
                "description": "sections whose prose may describe the activity; default overview",
            },
            "activity": {
                **_PATTERNS,
                "description": "regexes of sentences that describe concrete activity ({N}: "
                "a number); required for check: activity",
            },
            "exclude": {
                **_PATTERNS,
                "description": "regexes: an activity match whose clause contains one of them "
                "is not activity (negations, plans)",
            },
            "statements": {
                **_PATTERNS,
                "description": "regexes of statements that there was none (any section)",
            },
            "statement_exclude": {
                **_PATTERNS,
                "description": "regexes: a statement whose clause contains one of them is not "
                "a 'none' statement for these cells",
            },
            "cells": {**CELLS_SCHEMA, "description": "the table cells that report the activity"},
            "zero_table_suffices": {
                "type": "boolean",
                "description": "check: activity also fires when there is no 'none' statement "
                "but every cell is 0 (default false)",
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {
            "activity",
            "activity_at",
            "statement",
            "statement_at",
            "table",
            "table_state",
            "value",
            "more",
            "contrary",
        }
    )

    def validate(self, rule: Rule, formats: FormatRegistry):
        p = rule.params
        problems: list[tuple[tuple[Any, ...], str]] = []
        if p["check"] == "activity" and "activity" not in p:
            problems.append((("activity",), "check: activity needs activity patterns"))
        for key in ("activity", "exclude", "statements", "statement_exclude"):
            for index, pattern in enumerate(p.get(key, [])):
                try:
                    compile_pattern(pattern)
                except re.error as exc:
                    problems.append(((key, index), f"invalid regex: {exc}"))
        problems.extend(validate_cells(rule, formats, p["cells"], ("cells",)))
        return problems

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        p = rule.params
        fmt = ctx.format
        assert fmt is not None
        table = rule.plan(fmt, lambda: describe(fmt, p["cells"]))
        statement_args = (tuple(p["statements"]), tuple(p.get("statement_exclude", [])))
        if p["check"] == "statement":
            value = evaluate(report, fmt, p["cells"])
            if not value.is_number or value.value == 0:
                return
            statements = _find(report, None, *statement_args)
            if not statements:
                return
            stmt = statements[0]
            yield ctx.finding(
                rule,
                stmt.location(),
                {
                    "statement": stmt.quote(),
                    "statement_at": stmt.where(),
                    "table": table,
                    "value": value.value,
                    "table_state": _state(value, table),
                },
                cells=value.nonzero_refs(),
                data={"statement_line": stmt.line, "value": value.value},
            )
            return
        sections = tuple(p.get("sections", ["overview"]))
        acts = _find(report, sections, tuple(p["activity"]), tuple(p.get("exclude", [])))
        if not acts:
            return
        value = evaluate(report, fmt, p["cells"])
        statements = _find(report, None, *statement_args)
        zero = value.is_number and value.value == 0
        if value.is_number and value.value != 0:
            if not statements:
                return  # the table reports activity: consistent with the narrative
        elif not statements and not (zero and p.get("zero_table_suffices", False)):
            return
        first = acts[0]
        state = _state(value, table)
        lines = sorted({h.line for h in acts if h.line is not None})
        more_lines = [line for line in lines if line != first.line]
        stmt = statements[0] if statements else None
        yield ctx.finding(
            rule,
            first.location(),
            {
                "activity": first.quote(),
                "activity_at": first.where(),
                "more": Text(
                    f"（另见第{'、'.join(map(str, more_lines))}行）" if more_lines else "",
                    f" (also lines {', '.join(map(str, more_lines))})" if more_lines else "",
                ),
                "statement": stmt.quote() if stmt else "",
                "statement_at": stmt.where() if stmt else "",
                "table": table,
                "value": value.value if value.is_number else "",
                "table_state": state,
                "contrary": _contrary(stmt, state),
            },
            cells=value.refs() if zero else value.nonzero_refs(),
            data={
                "activity_lines": lines,
                "statement_line": stmt.line if stmt else None,
                "table_zero": zero,
            },
            related=[stmt.related()] if stmt else [],
        )


def _contrary(stmt: Hit | None, state: Text) -> Text:
    """What says there was none: the statement (with where it is) and the table's state."""
    if stmt is None:
        return state
    where = stmt.where()
    return Text(
        f"{where.zh}称“{stmt.quote()}”，{state.zh}",
        f"{where.en} states '{stmt.quote()}', and {state.en}",
    )


def _state(value: ExprValue, table: Text) -> Text:
    if value.state is ExprState.NUMBER and value.value == 0:
        return Text(f"{table.zh}均为 0", f"0 in {table.en}")
    if value.state is ExprState.NUMBER:
        return Text(f"{table.zh}合计为 {value.value}", f"{value.value} in {table.en}")
    if value.state is ExprState.NOT_NUMBER:
        return Text(f"{table.zh}有空白或非数字单元格", f"{table.en} has blank or non-numeric cells")
    return Text(f"{table.zh}未读到", f"{table.en} was not read")
