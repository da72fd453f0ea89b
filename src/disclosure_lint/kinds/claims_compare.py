"""Comparing a number read from the narrative with the table cells it is about (kind ``claims``).

A count is compared with the sum of its cells by the claim's relation, as an approximation when
the text writes one, and with the claim's other countings when it does not match; a share is
compared with the table's share and with the text's own count over the base, to the digits
written (rounded or cut).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from ..core.findings import Finding, Outcome, Severity
from ..core.kinds import CheckContext
from ..core.model import Location, Report
from ..core.rules import Rule, Text
from ..domain.cellexpr import (
    ExprState,
    ExprValue,
    describe,
    describe_bad,
    describe_cells,
    describe_derived,
    evaluate,
    format_value,
)
from ..domain.numbers import DEFAULT_TOLERANCE, Quantity

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


@dataclass(frozen=True)
class Target:
    """What one match of a claim is about: its label and the cells that hold it."""

    label: Text
    cells: list[dict[str, Any]]
    subject: frozenset[str] | None = None


def holds(claimed: Quantity, relation: str, actual: int | Decimal, tolerance: Decimal) -> bool:
    """Whether the text's number stands in ``relation`` (text REL cells) to the cells' value."""
    if relation == "=":
        return claimed.admits(actual, tolerance)
    low, high = claimed.bounds(tolerance)
    if relation == ">=":
        return high is None or high >= actual
    return low is None or low <= actual


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -int(exponent) if isinstance(exponent, int) and exponent < 0 else 0


def percent_holds(percent: Quantity, expected: Decimal, tolerance: Decimal) -> bool:
    """Whether a written share matches ``expected`` (in percent) to the digits written: the
    expected share rounded or cut to as many decimals as the text writes."""
    if not percent.exact:
        return percent.admits(expected, tolerance)
    unit = Decimal(1).scaleb(-_places(percent.value))
    rounded = expected.quantize(unit, rounding=ROUND_HALF_UP)
    cut = expected.quantize(unit, rounding=ROUND_DOWN)
    return percent.value in (rounded, cut)


def compare_count(
    rule: Rule,
    ctx: CheckContext,
    report: Report,
    claim: dict[str, Any],
    target: Target,
    claimed: Quantity | None,
    location: Location,
    base_args: dict[str, Any],
) -> Iterable[Finding]:
    """The finding (if any) of a count, or of a "none" statement (``claimed`` None)."""
    fmt = ctx.format
    assert fmt is not None
    params = rule.params
    tolerance = Decimal(str(params.get("tolerance", DEFAULT_TOLERANCE)))
    relation = claim.get("relation", "=")
    number = claimed if claimed is not None else Quantity(Decimal(0))
    value = evaluate(report, fmt, target.cells, derive_totals=True)

    def message_args() -> dict[str, Any]:
        # built only for a finding: most claims agree with their cells
        return {
            **base_args,
            "claimed": number.describe() if claimed is not None else Text("无", "none"),
            "cells": describe(fmt, target.cells),
            "relation": Text(*RELATIONS[relation]),
        }

    if value.state is ExprState.MISSING:
        return  # the loader has reported the cells it could not read
    if value.state is ExprState.NOT_NUMBER:
        severity = params.get("not_assessable_severity", "warning")
        if severity != "off":
            args = message_args()
            yield ctx.finding(
                rule,
                location,
                {**args, "operands": describe_bad(value)},
                outcome=Outcome.NOT_ASSESSABLE,
                cells=value.refs(),
                severity=Severity(severity),
                message=NOT_ASSESSABLE,
                data=_data(target, args, None),
            )
        return
    if holds(number, relation, value.value, tolerance):
        return
    args = message_args()
    shown = _shown(value)
    tried: list[tuple[dict[str, Any], ExprValue]] = []
    for alternative in claim.get("alternatives", []):
        alt_value = evaluate(report, fmt, alternative["cells"], derive_totals=True)
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
                        "value": shown,
                        "alternative": describe(fmt, alternative["cells"]),
                        "alternative_value": _shown(alt_value),
                        "note": Text(note["zh"], note["en"]),
                    },
                    cells=alt_value.refs(),
                    severity=Severity(severity),
                    message=ALTERNATIVE,
                    data={**_data(target, args, alt_value.value), "counting": note["en"]},
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
    data = _data(target, args, value.value)
    if value.derived:
        data["blank_totals_derived"] = True
    severity = None
    scope = claim.get("scope")
    if (
        scope is not None
        and claimed is not None
        and base_args.get("before") is not None
        and re.search(scope["pattern"], base_args["before"])
        and holds(number, "<=", value.value, tolerance)
    ):
        # "区政府办代表区政府受理 17 件" beside a table of the whole district: maybe a part
        note = scope["note"]
        alternatives = Text(
            alternatives.zh + f"；正文所述为{note['zh']}，可能只是表中数字的一部分",
            alternatives.en + f"; the text counts {note['en']}, which may be a part of the table's",
        )
        severity = Severity(rule.params.get("scope_severity", "info"))
        data["scope"] = note["en"]
    if claimed is None and value.value:
        # a "none" statement: name the cells that are not 0, not every cell it covers
        args["cells"] = describe_cells([(n, c) for n, c in value.cells if c.value])
    yield ctx.finding(
        rule,
        location,
        {**args, "value": shown, "alternatives": alternatives},
        cells=value.nonzero_refs() if claimed is None else value.refs(),
        data=data,
        severity=severity,
    )


def _shown(value: ExprValue, inline: bool = False) -> Text:
    """The cells' value for a message, saying how blank totals were read (``inline``: inside
    brackets the message already has)."""
    note = describe_derived(value)
    number = format_value(value.value)
    if not note.zh:
        return Text(number, number)
    if inline:
        return Text(f"{number}，{note.zh}", f"{number}, {note.en}")
    return Text(f"{number}（{note.zh}）", f"{number} ({note.en})")


def compare_share(
    rule: Rule,
    ctx: CheckContext,
    report: Report,
    claim: dict[str, Any],
    target: Target,
    claimed: Quantity,
    percent: Quantity,
    location: Location,
    base_args: dict[str, Any],
) -> Iterable[Finding]:
    """The finding (if any) of a share: it must match the table's share (the claim's cells over
    the base) or the text's own count over the base (the count itself is another rule's)."""
    fmt = ctx.format
    assert fmt is not None
    if not percent.percent or not claimed.exact:
        return
    tolerance = Decimal(str(rule.params.get("tolerance", DEFAULT_TOLERANCE)))
    bases = [claim["percent_of"]] + [a["cells"] for a in claim.get("alternatives", [])]
    part = evaluate(report, fmt, target.cells, derive_totals=True) if target.cells else None
    first: tuple[ExprValue, Decimal, Decimal | None] | None = None
    for terms in bases:
        base = evaluate(report, fmt, terms, derive_totals=True)
        if not base.is_number or base.value == 0:
            continue
        own = claimed.value * 100 / Decimal(base.value)
        table = (
            Decimal(part.value) * 100 / Decimal(base.value)
            if part is not None and part.is_number
            else None
        )
        if any(x is not None and percent_holds(percent, x, tolerance) for x in (own, table)):
            return
        if first is None:
            first = (base, own, table)
    if first is None:
        return  # nothing to divide by; blank bases are reported by the count claims
    base, own, table = first
    places = max(_places(percent.value), 2)
    table_share = Text("", "")
    if table is not None and part is not None:  # part is not None when table is not
        table_share = Text(
            f"，按{describe(fmt, target.cells).zh}（{format_value(part.value)}）计为 "
            f"{round(table, places):f}%",
            f"; by {describe(fmt, target.cells).en} ({format_value(part.value)}) it is "
            f"{round(table, places):f}%",
        )
    args = {
        **base_args,
        "claimed": claimed.describe(),
        "percent": percent.describe(),
        "expected_percent": f"{round(own, places):f}%",
        "table_share": table_share,
        "base": _shown(base, inline=True),
        "base_cells": describe(fmt, claim["percent_of"]),
    }
    yield ctx.finding(
        rule,
        location,
        args,
        cells=base.refs() + (part.refs() if part is not None else []),
        data={
            "claim": target.label.en,
            "text": args["quote"],
            "percent": str(percent.value),
            "expected_percent": str(round(own, 4)),
            "table_percent": None if table is None else str(round(table, 4)),
        },
    )


def _data(target: Target, args: dict[str, Any], value: Any) -> dict[str, Any]:
    claimed = args["claimed"]
    return {
        "claim": target.label.en,
        "text": args["quote"],
        "claimed": claimed.en if isinstance(claimed, Text) else str(claimed),
        "value": None if value is None else format_value(value),
    }
