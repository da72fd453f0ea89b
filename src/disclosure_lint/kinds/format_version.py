"""Rule kind ``format_version``: which national format the report follows, and whether that fits.

The format is detected by the loaders from the signature labels of each format definition and
cross-checked here with the report year (2019–2020: 2019 format; 2021 on: 2021 format).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ..core.findings import Finding
from ..core.formats import FormatDef
from ..core.i18n import join
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report
from ..core.rules import Rule


def _order(fmt: FormatDef) -> int:
    return fmt.first_year if fmt.first_year is not None else -1


class FormatVersionKind(RuleKind):
    name: ClassVar[str] = "format_version"
    description: ClassVar[str] = "The detected format against the report year."
    needs_format: ClassVar[bool] = False
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {
            "check": {
                "enum": [
                    "undetected",
                    "not-checkable",
                    "outdated",
                    "newer-than-year",
                    "year-unknown",
                ],
                "description": "undetected: no format labels found; not-checkable: a pre-2019 "
                "report; outdated / newer-than-year: detected format against the report year; "
                "year-unknown: no report year found",
            }
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {"year", "detected", "detected_name", "expected", "expected_name", "evidence", "used"}
    )

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        info = report.format
        detected = ctx.formats.get(info.detected)
        expected = ctx.formats.get(info.expected)
        year = report.metadata.year
        args = {
            "year": year if year is not None else "?",
            "detected": info.detected or "?",
            "detected_name": detected.name if detected else "?",
            "expected": info.expected or "?",
            "expected_name": expected.name if expected else "?",
            "evidence": join(list(info.evidence)) if info.evidence else "—",
            "used": info.used or "?",
        }
        check = rule.params["check"]
        location = Location(source=None)
        hit = False
        if check == "undetected":
            hit = detected is None
        elif check == "not-checkable":
            hit = detected is not None and not detected.checkable
        elif check == "year-unknown":
            hit = year is None
        elif detected is not None and expected is not None and detected.id != expected.id:
            if check == "outdated":
                hit = _order(detected) < _order(expected)
            elif check == "newer-than-year":
                hit = _order(detected) > _order(expected)
        if hit:
            yield ctx.finding(rule, location, args)
