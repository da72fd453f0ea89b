"""Rule kind ``claims``: numbers stated in the narrative against the cells of the tables.

A claim is a set of regular expressions over the prose of named sections. ``{N}`` in a pattern
stands for a number as written (749, 1,295, 一千二百, 1.2万, 约500, 1200余…, see
``domain/numbers.py``) and ``{P}`` for a share (17.46%, 百分之十七, 八成). The number is compared
with a sum of cells (``cells``) by ``relation``; an approximate number is compared as an
approximation. A pattern without ``{N}`` is a statement that there was none (未发生…), compared
with the cells as 0. With ``{P}`` and ``percent_of``, the share is checked against the number
and the base (N / base × 100, to the precision written).

Reports count differently: 受理 749 件 may be 新收 713 plus 上年结转 36. ``alternatives`` name
such other countings with a note; a number that matches one of them is not a mismatch, and is
reported (severity ``alternative_severity``, default info) saying which counting it follows.

Every finding points at the line of the sentence and names the cells compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from ..core.findings import Finding, Outcome, Severity
from ..core.formats import FormatRegistry
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report, Section
from ..core.rules import Rule, Text
from ..domain.cellexpr import (
    CELLS_SCHEMA,
    ExprState,
    ExprValue,
    describe,
    describe_bad,
    evaluate,
    format_value,
    validate_cells,
)
from ..domain.numbers import (
    DEFAULT_TOLERANCE,
    NUMBER_PATTERN,
    PERCENT_PATTERN,
    Quantity,
    parse_quantity,
)
from ..domain.prose import Prose, sections_prose

_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["zh", "en"],
    "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
}
_SEVERITY_OR_OFF = {"enum": ["error", "warning", "info", "off"]}

NOT_ASSESSABLE = Text(
    zh="正文“{quote}”所述{claim}无法与{cells}核对：{operands}不是数字",
    en="'{quote}': {claim} cannot be checked against {cells}: not a number: {operands}",
)
ALTERNATIVE = Text(
    zh="正文“{quote}”中{claim} {claimed} 与{cells}（{value}）不同，但等于{alternative}"
    "（{alternative_value}）：{note}，与表格一致",
    en="'{quote}': {claim} {claimed} differs from {cells} ({value}) but equals {alternative} "
    "({alternative_value}): {note}; consistent with the table",
)

RELATIONS = {"=": ("等于", "equal to"), ">=": ("不少于", "at least"), "<=": ("不多于", "at most")}


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A claim pattern with ``{N}`` and ``{P}`` expanded to named groups ``n`` and ``p``."""
    expanded = pattern.replace("{N}", f"(?P<n>{NUMBER_PATTERN})").replace(
        "{P}", f"(?P<p>{PERCENT_PATTERN})"
    )
    return re.compile(expanded)


def holds(claimed: Quantity, relation: str, actual: int | Decimal, tolerance: Decimal) -> bool:
    """Whether the text's number stands in ``relation`` (text REL cells) to the cells' value."""
    if relation == "=":
        return claimed.admits(actual, tolerance)
    low, high = claimed.bounds(tolerance)
    if relation == ">=":
        return high is None or high >= actual
    return low is None or low <= actual


def percent_holds(percent: Quantity, expected: Decimal, tolerance: Decimal) -> bool:
    """Whether a written share matches ``expected`` (in percent) to the precision written."""
    if not percent.exact:
        return percent.admits(expected, tolerance)
    exponent = percent.value.as_tuple().exponent
    places = -int(exponent) if isinstance(exponent, int) and exponent < 0 else 0
    half_unit = Decimal(5) * Decimal(10) ** (-(places + 1))
    return abs(expected - percent.value) <= half_unit + Decimal("1e-9")


class ClaimsKind(RuleKind):
    name: ClassVar[str] = "claims"
    description: ClassVar[str] = (
        "Numbers and 'none' statements in the narrative against sums of table cells; "
        "approximate numbers compare as approximations; shares against number and base; "
        "other countings (受理 = 新收 + 上年结转) are recognised and named."
    )
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["claims"],
        "properties": {
            "sections": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string"},
                "description": "section keys whose prose is searched; default every section",
            },
            "tolerance": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "relative tolerance of 约/左右/近 (default 0.1: 约500 admits "
                "450–550)",
            },
            "not_assessable_severity": {
                **_SEVERITY_OR_OFF,
                "description": "severity when a compared cell is blank, a placeholder or text "
                "(default warning; off: say nothing)",
            },
            "alternative_severity": {
                **_SEVERITY_OR_OFF,
                "description": "severity of the note that a number follows an alternative "
                "counting (default info; off: say nothing)",
            },
            "claims": {
                "type": "array",
                "minItems": 1,
                "description": "the claims: each a label, patterns and the cells compared",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["label", "patterns"],
                    "properties": {
                        "label": {**_TEXT, "description": "what is claimed, for messages"},
                        "patterns": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"type": "string", "minLength": 1},
                            "description": "regular expressions; {N} a number, {P} a share; "
                            "a pattern without {N} states that there was none",
                        },
                        "context": {
                            "type": "string",
                            "description": "regex the sentence must also contain",
                        },
                        "exclude": {
                            "type": "string",
                            "description": "regex: a match whose clause contains it is skipped",
                        },
                        "relation": {
                            "enum": ["=", ">=", "<="],
                            "description": "text REL cells (default =)",
                        },
                        "cells": {**CELLS_SCHEMA, "description": "cells compared with {N}"},
                        "percent_of": {
                            **CELLS_SCHEMA,
                            "description": "base of the share {P}: N / base × 100",
                        },
                        "alternatives": {
                            "type": "array",
                            "minItems": 1,
                            "description": "other countings: {cells, note}",
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["cells", "note"],
                                "properties": {
                                    "cells": CELLS_SCHEMA,
                                    "note": {**_TEXT, "description": "what this counting is"},
                                },
                            },
                        },
                    },
                },
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {
            "claim",
            "quote",
            "claimed",
            "value",
            "cells",
            "relation",
            "alternatives",
            "section",
            "line",
            "percent",
            "expected_percent",
            "base",
            "base_cells",
            "operands",
            "alternative",
            "alternative_value",
            "note",
        }
    )

    def validate(self, rule: Rule, formats: FormatRegistry):
        problems: list[tuple[tuple[Any, ...], str]] = []
        for index, claim in enumerate(rule.params["claims"]):
            path = ("claims", index)
            has_percent = False
            for p_index, pattern in enumerate(claim["patterns"]):
                try:
                    compile_pattern(pattern)
                except re.error as exc:
                    problems.append(((*path, "patterns", p_index), f"invalid regex: {exc}"))
                has_percent = has_percent or "{P}" in pattern
                if "{P}" in pattern and "{N}" not in pattern:
                    problems.append(((*path, "patterns", p_index), "{P} needs {N} as well"))
            for key in ("context", "exclude"):
                if key in claim:
                    try:
                        re.compile(claim[key])
                    except re.error as exc:
                        problems.append(((*path, key), f"invalid regex: {exc}"))
            if has_percent and "percent_of" not in claim:
                problems.append((path, "a pattern with {P} needs percent_of"))
            if not has_percent and "cells" not in claim:
                problems.append((path, "cells are required"))
            for key in ("cells", "percent_of"):
                if key in claim:
                    problems.extend(validate_cells(rule, formats, claim[key], (*path, key)))
            for a_index, alternative in enumerate(claim.get("alternatives", [])):
                problems.extend(
                    validate_cells(
                        rule,
                        formats,
                        alternative["cells"],
                        (*path, "alternatives", a_index, "cells"),
                    )
                )
        return problems

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        params = rule.params
        for section, prose in sections_prose(report, params.get("sections")):
            for claim in params["claims"]:
                yield from self._claim(rule, ctx, report, section, prose, claim)

    def _claim(
        self,
        rule: Rule,
        ctx: CheckContext,
        report: Report,
        section: Section,
        prose: Prose,
        claim: dict[str, Any],
    ) -> Iterable[Finding]:
        context = re.compile(claim["context"]) if "context" in claim else None
        exclude = re.compile(claim["exclude"]) if "exclude" in claim else None
        taken: list[tuple[int, int]] = []
        for pattern in claim["patterns"]:
            for match in compile_pattern(pattern).finditer(prose.text):
                start, end = match.span()
                if any(start < b and a < end for a, b in taken):
                    continue  # another pattern of this claim already read this text
                s_start, s_end = prose.sentence(start, end)
                if context is not None and not context.search(prose.text[s_start:s_end]):
                    continue
                c_start, c_end = prose.clause(start, end)
                if exclude is not None and exclude.search(prose.text[c_start:c_end]):
                    continue
                groups = match.re.groupindex
                if "n" in groups:
                    claimed = parse_quantity(match.group("n"))
                    if claimed is None or claimed.percent:
                        continue
                else:
                    claimed = None  # "none"
                taken.append((start, end))
                anchor = match.start("n") if "n" in groups else start
                location = Location(
                    section=section.key,
                    section_label=section.heading,
                    source=prose.location_at(anchor),
                )
                base_args: dict[str, Any] = {
                    "claim": Text(claim["label"]["zh"], claim["label"]["en"]),
                    "quote": prose.excerpt(c_start, c_end),
                    "section": section.heading,
                    "line": location.source.line if location.source else "",
                }
                if "p" in groups:
                    if claimed is not None:
                        yield from self._percent(
                            rule, ctx, report, claim, match, claimed, location, base_args
                        )
                    continue
                yield from self._count(
                    rule, ctx, report, claim, claimed, location, base_args, prose, start
                )

    def _count(
        self,
        rule: Rule,
        ctx: CheckContext,
        report: Report,
        claim: dict[str, Any],
        claimed: Quantity | None,
        location: Location,
        base_args: dict[str, Any],
        prose: Prose,
        start: int,
    ) -> Iterable[Finding]:
        fmt = ctx.format
        assert fmt is not None
        params = rule.params
        tolerance = Decimal(str(params.get("tolerance", DEFAULT_TOLERANCE)))
        relation = claim.get("relation", "=")
        number = claimed if claimed is not None else Quantity(Decimal(0))
        value = evaluate(report, fmt, claim["cells"])
        args = {
            **base_args,
            "claimed": number.describe() if claimed is not None else Text("无", "none"),
            "cells": describe(fmt, claim["cells"]),
            "relation": Text(*RELATIONS[relation]),
        }
        if value.state is ExprState.MISSING:
            return  # the loader has reported the cells it could not read
        if value.state is ExprState.NOT_NUMBER:
            severity = params.get("not_assessable_severity", "warning")
            if severity != "off":
                yield ctx.finding(
                    rule,
                    location,
                    {**args, "operands": describe_bad(value)},
                    outcome=Outcome.NOT_ASSESSABLE,
                    cells=value.refs(),
                    severity=Severity(severity),
                    message=NOT_ASSESSABLE,
                    data=_data(claim, args, None),
                )
            return
        if holds(number, relation, value.value, tolerance):
            return
        tried: list[tuple[dict[str, Any], ExprValue]] = []
        for alternative in claim.get("alternatives", []):
            alt_value = evaluate(report, fmt, alternative["cells"])
            if not alt_value.is_number:
                continue
            if holds(number, relation, alt_value.value, tolerance):
                severity = params.get("alternative_severity", "info")
                if severity != "off":
                    note = alternative["note"]
                    yield ctx.finding(
                        rule,
                        location,
                        {
                            **args,
                            "value": format_value(value.value),
                            "alternative": describe(fmt, alternative["cells"]),
                            "alternative_value": format_value(alt_value.value),
                            "note": Text(note["zh"], note["en"]),
                        },
                        cells=alt_value.refs(),
                        severity=Severity(severity),
                        message=ALTERNATIVE,
                        data={**_data(claim, args, alt_value.value), "counting": note["en"]},
                    )
                return
            tried.append((alternative, alt_value))
        alternatives = Text(
            "".join(
                f"；若{a['note']['zh']}，则为{describe(fmt, a['cells']).zh} = "
                f"{format_value(v.value)}，亦不符"
                for a, v in tried
            ),
            "".join(
                f"; {a['note']['en']}, it would be {describe(fmt, a['cells']).en} = "
                f"{format_value(v.value)}, which does not match either"
                for a, v in tried
            ),
        )
        yield ctx.finding(
            rule,
            location,
            {**args, "value": format_value(value.value), "alternatives": alternatives},
            cells=value.nonzero_refs() if claimed is None else value.refs(),
            data=_data(claim, args, value.value),
        )

    def _percent(
        self,
        rule: Rule,
        ctx: CheckContext,
        report: Report,
        claim: dict[str, Any],
        match: re.Match[str],
        claimed: Quantity,
        location: Location,
        base_args: dict[str, Any],
    ) -> Iterable[Finding]:
        fmt = ctx.format
        assert fmt is not None
        percent = parse_quantity(match.group("p"))
        if percent is None or not percent.percent or not claimed.exact:
            return
        tolerance = Decimal(str(rule.params.get("tolerance", DEFAULT_TOLERANCE)))
        base = evaluate(report, fmt, claim["percent_of"])
        if not base.is_number or base.value == 0:
            return  # nothing to divide by; blank bases are reported by the count claims
        expected = claimed.value * 100 / Decimal(base.value)
        if percent_holds(percent, expected, tolerance):
            return
        for alternative in claim.get("alternatives", []):
            alt = evaluate(report, fmt, alternative["cells"])
            if (
                alt.is_number
                and alt.value
                and percent_holds(percent, claimed.value * 100 / Decimal(alt.value), tolerance)
            ):
                return
        places = max(0, -int(percent.value.as_tuple().exponent))  # type: ignore[arg-type]
        args = {
            **base_args,
            "claimed": claimed.describe(),
            "percent": percent.describe(),
            "expected_percent": f"{round(expected, max(places, 2)):f}%",
            "base": format_value(base.value),
            "base_cells": describe(fmt, claim["percent_of"]),
        }
        yield ctx.finding(
            rule,
            location,
            args,
            cells=base.refs(),
            data={
                "claim": claim["label"]["en"],
                "text": args["quote"],
                "percent": str(percent.value),
                "expected_percent": str(round(expected, 4)),
            },
        )


def _data(claim: dict[str, Any], args: dict[str, Any], value: Any) -> dict[str, Any]:
    claimed = args["claimed"]
    return {
        "claim": claim["label"]["en"],
        "text": args["quote"],
        "claimed": claimed.en if isinstance(claimed, Text) else str(claimed),
        "value": None if value is None else format_value(value),
    }
