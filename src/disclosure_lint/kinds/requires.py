"""Rule kind ``requires``: statements a report must make, by format and body type.

Each rule lists ``elements``, each a label and patterns (any one suffices); the finding lists the
elements none of whose patterns occur in ``section`` (or in any section). ``{year}`` and
``{prev_year}`` in patterns stand for the report year and the year before it. ``body_types``
restricts the rule to reports of those bodies (``settings["body_type"]`` or detected from the
body name), ``body_name`` adds bodies whose name matches a regex (a 镇人民政府 is a township and
still a level of 人民政府); a rule for a presumed body type reports with
``uncertain_severity``. ``escalate`` raises the severity when the named cells are nonzero
(表三（六）2 > 0 makes the missing 信息处理费 statement an error), and the message says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from ..core.findings import Finding, Severity
from ..core.formats import FormatRegistry
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report
from ..core.rules import Rule, Text
from ..domain.bodies import BodyType, body_class
from ..domain.cellexpr import CELLS_SCHEMA, describe, evaluate, validate_cells
from ..domain.prose import sections_prose

_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["zh", "en"],
    "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
}
_SEVERITY = {"enum": ["error", "warning", "info"]}


def _expand(pattern: str, year: int | None) -> str | None:
    if "{year}" in pattern or "{prev_year}" in pattern:
        if year is None:
            return None
        return pattern.replace("{prev_year}", str(year - 1)).replace("{year}", str(year))
    return pattern


class RequiresKind(RuleKind):
    name: ClassVar[str] = "requires"
    #: validate() reads only the rule and the formats
    validation_cacheable: ClassVar[bool] = True
    description: ClassVar[str] = (
        "Required statements by format and body type: each element must be stated in the "
        "section; severity can depend on the body type's certainty and on table cells."
    )
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["elements"],
        "properties": {
            "section": {
                "type": "string",
                "description": "section key searched; default every section. A missing "
                "section gives no finding here (DL001 reports it)",
            },
            "elements": {
                "type": "array",
                "minItems": 1,
                "description": "required elements: {label, patterns}; any pattern suffices",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["label", "patterns"],
                    "properties": {
                        "label": _TEXT,
                        "patterns": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"type": "string", "minLength": 1},
                        },
                    },
                },
            },
            "body_types": {
                "type": "array",
                "minItems": 1,
                "items": {"enum": [t.value for t in BodyType]},
                "description": "only for these body types (settings body_type, else detected "
                "from the body name); default every report",
            },
            "body_name": {
                "type": "string",
                "description": "regex: the rule also applies to bodies whose name matches it "
                "(with body_types)",
            },
            "uncertain_severity": {
                **_SEVERITY,
                "description": "severity when the body type is presumed from the name "
                "(default: the rule's severity)",
            },
            "escalate": {
                "type": "object",
                "additionalProperties": False,
                "required": ["cells", "severity"],
                "description": "{cells, severity}: use this severity when the cells' sum is "
                "above 0",
                "properties": {"cells": CELLS_SCHEMA, "severity": _SEVERITY},
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {"section", "missing", "body", "body_type", "basis", "reason", "year", "prev_year"}
    )

    def validate(self, rule: Rule, formats: FormatRegistry):
        problems: list[tuple[tuple[Any, ...], str]] = []
        for index, element in enumerate(rule.params["elements"]):
            for p_index, pattern in enumerate(element["patterns"]):
                try:
                    re.compile(_expand(pattern, 2000) or "")
                except re.error as exc:
                    problems.append((("elements", index, "patterns", p_index), str(exc)))
        if "body_name" in rule.params:
            try:
                re.compile(rule.params["body_name"])
            except re.error as exc:
                problems.append((("body_name",), str(exc)))
        section = rule.params.get("section")
        if section is not None:
            for fmt in formats.formats.values():
                if fmt.checkable and rule.applies_to(fmt.id) and fmt.section(section) is None:
                    problems.append((("section",), f"format {fmt.id} has no section {section}"))
        if "escalate" in rule.params:
            problems.extend(
                validate_cells(rule, formats, rule.params["escalate"]["cells"], ("escalate",))
            )
        return problems

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        p = rule.params
        severity: Severity | None = None
        body = body_class(report, ctx.settings)
        if "body_types" in p:
            name = report.metadata.body or ""
            by_name = "body_name" in p and bool(name) and re.search(p["body_name"], name)
            if not by_name and (body is None or body.type.value not in p["body_types"]):
                return
            presumed = not by_name and body is not None and not body.certain
            if presumed and "uncertain_severity" in p:
                severity = Severity(p["uncertain_severity"])
        keys = [p["section"]] if "section" in p else None
        found = sections_prose(report, keys)
        if not found:
            return
        year = report.metadata.year
        texts = [prose.text for _, prose in found]
        missing = []
        for element in p["elements"]:
            patterns = [_expand(x, year) for x in element["patterns"]]
            if not any(x is not None and re.search(x, t) for x in patterns for t in texts):
                missing.append(element["label"])
        if not missing:
            return
        reason = Text("", "")
        cells = []
        if "escalate" in p and ctx.format is not None:
            value = evaluate(report, ctx.format, p["escalate"]["cells"])
            if value.is_number and value.value > 0:
                severity = Severity(p["escalate"]["severity"])
                where = describe(ctx.format, p["escalate"]["cells"])
                reason = Text(f"；{where.zh}为 {value.value}", f"; {where.en} is {value.value}")
                cells = value.nonzero_refs()
        # the section searched; searching the whole report, the overview (where the 2021 format
        # puts 监督保障 and where a reader looks first)
        section, _ = found[0]
        location = Location(
            section=section.key, section_label=section.heading, source=section.location
        )
        yield ctx.finding(
            rule,
            location,
            {
                "section": section.heading if keys else "",
                "missing": Text(
                    "、".join(m["zh"] for m in missing), ", ".join(m["en"] for m in missing)
                ),
                "body": report.metadata.body or "",
                "body_type": body.type.text if body else "",
                "basis": body.basis if body else "",
                "reason": reason,
                "year": year if year is not None else "",
                "prev_year": year - 1 if year is not None else "",
            },
            severity=severity,
            cells=cells,
            data={"missing": [m["en"] for m in missing]},
        )
