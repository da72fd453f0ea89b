"""Rule kind ``sections``: the six sections of the format are present and in order.

Sections are recognised by the loaders through the keyword sets of the format definition, so the
accepted variants ("五、存在的主要问题及改进措施", "…整改情况") are data, not code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ..core.findings import Finding
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report
from ..core.rules import Rule


class SectionsKind(RuleKind):
    name: ClassVar[str] = "sections"
    description: ClassVar[str] = "The sections of the format are present, once each, in order."
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {
            "check": {
                "enum": ["present", "order", "duplicate"],
                "description": "present: each section exists; order: in format order; "
                "duplicate: no section twice",
            },
            "sections": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string"},
                "description": "section keys to check; default all of the format",
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {"section", "heading", "position", "expected_position", "previous"}
    )

    def validate(self, rule, formats):
        problems = []
        for index, key in enumerate(rule.params.get("sections", [])):
            for fmt in formats.formats.values():
                if fmt.checkable and rule.applies_to(fmt.id) and fmt.section(key) is None:
                    problems.append(
                        (("sections", index), f"format {fmt.id} has no section '{key}'")
                    )
        return problems

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        fmt = ctx.format
        assert fmt is not None
        wanted = rule.params.get("sections") or [s.key for s in fmt.sections]
        check = rule.params["check"]
        if check == "present":
            for key in wanted:
                if report.section(key) is None:
                    sdef = fmt.section(key)
                    label = sdef.label if sdef else key
                    yield ctx.finding(
                        rule,
                        Location(section=key, section_label=label),
                        {"section": label, "expected_position": sdef.number if sdef else ""},
                    )
        elif check == "duplicate":
            seen: dict[str, Any] = {}
            for section in report.sections:
                if section.key in seen and section.key in wanted:
                    yield ctx.finding(
                        rule,
                        Location(
                            section=section.key,
                            section_label=section.heading,
                            source=section.location,
                        ),
                        {
                            "section": section.heading,
                            "heading": section.heading,
                            "previous": seen[section.key].heading,
                        },
                    )
                seen.setdefault(section.key, section)
        elif check == "order":
            last = 0
            previous = None
            for position, section in enumerate(report.sections, start=1):
                if section.key not in wanted:
                    continue
                if section.number < last:
                    yield ctx.finding(
                        rule,
                        Location(
                            section=section.key,
                            section_label=section.heading,
                            source=section.location,
                        ),
                        {
                            "section": section.heading,
                            "heading": section.heading,
                            "position": position,
                            "expected_position": section.number,
                            "previous": previous.heading if previous else "",
                        },
                    )
                else:
                    last = section.number
                    previous = section
