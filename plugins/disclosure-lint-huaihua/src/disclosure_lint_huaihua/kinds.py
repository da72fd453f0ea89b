"""A rule kind written in Python: a statement that must appear in a part of the report."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from disclosure_lint.api import CheckContext, FormatRegistry, Location, Report, Rule, RuleKind


class RequiredStatementKind(RuleKind):
    name: ClassVar[str] = "huaihua.required_statement"
    description: ClassVar[str] = (
        "One of the regular expressions must match the preamble, a section, or the whole text."
    )
    needs_format: ClassVar[bool] = False
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["where", "patterns"],
        "properties": {
            "where": {"type": "string", "description": "preamble, a section key, or anywhere"},
            "patterns": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string"},
                "description": "regular expressions; one must match",
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset({"where"})

    def validate(self, rule: Rule, formats: FormatRegistry) -> list[tuple[tuple[Any, ...], str]]:
        problems = []
        for index, pattern in enumerate(rule.params["patterns"]):
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append((("patterns", index), f"not a regular expression: {exc}"))
        return problems

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable:
        if ctx.settings.get("huaihua-required-statements") is False:
            return
        where = rule.params["where"]
        if where == "preamble":
            text = report.preamble
            location = Location(
                section="preamble", section_label="报告开头", source=report.preamble_location
            )
        elif where == "anywhere":
            text = "\n".join([report.preamble, *(s.text for s in report.sections)])
            location = Location()
        else:
            section = report.section(where)
            text = section.text if section else ""
            location = ctx.section_location(where)
        if not any(re.search(p, text) for p in rule.params["patterns"]):
            yield ctx.finding(rule, location, {"where": location.path() or where})
