"""Rule kind ``sections``: the six sections of the format are present and in order.

Sections are recognised by the loaders through the keyword sets of the format definition, so the
accepted variants ("五、存在的主要问题及改进措施", "…整改情况") are data, not code. A section found
under another number ("六、存在的主要问题…" after an inserted section) or in words the format lists
only as a variant ("…及明年工作计划") is there, with a heading that deviates (``check: heading``);
a section the format does not have ("五、信息处理费收取情况") is extra (``check: extra``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ..core.findings import Finding
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report
from ..core.rules import Rule, Text
from ..reading.structure import heading_ordinal

_CN_ORDINALS = "一二三四五六七八九十"


class SectionsKind(RuleKind):
    name: ClassVar[str] = "sections"
    #: validate() reads only the rule and the formats
    validation_cacheable: ClassVar[bool] = True
    description: ClassVar[str] = "The sections of the format are present, once each, in order."
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {
            "check": {
                "enum": ["present", "order", "duplicate", "heading", "extra"],
                "description": "present: each section exists; order: in format order; "
                "duplicate: no section twice; heading: each heading has the format's number and "
                "wording; extra: sections the format does not have",
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
        {"section", "heading", "position", "expected_position", "previous", "detail"}
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
        elif check == "heading":
            yield from self._headings(rule, report, ctx, wanted)
        elif check == "extra":
            for section in report.sections:
                if fmt.section(section.key) is not None and fmt.section(section.key).extra:
                    yield ctx.finding(
                        rule,
                        Location(
                            section=section.key,
                            section_label=section.heading,
                            source=section.location,
                        ),
                        {"section": section.heading, "heading": section.heading},
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

    def _headings(
        self, rule: Rule, report: Report, ctx: CheckContext, wanted: list[str]
    ) -> Iterable[Finding]:
        """A section of the format under another number or in a variant's words."""
        fmt = ctx.format
        assert fmt is not None
        for section in report.sections:
            sdef = fmt.section(section.key)
            if sdef is None or sdef.extra or section.key not in wanted:
                continue
            ordinal = heading_ordinal(section.heading)
            body = section.heading.split("、", 1)[-1]
            zh: list[str] = []
            en: list[str] = []
            if ordinal is None:
                zh.append("没有本部分的标题（从小标题开始）")
                en.append("it has no heading of its own (it starts at a sub-heading)")
            elif ordinal != sdef.number:
                written = _CN_ORDINALS[ordinal - 1] if 0 < ordinal <= 10 else str(ordinal)
                zh.append(f"序号为“{written}”")
                en.append(f"it is numbered {written}")
            if not sdef.worded_as_format(body):
                zh.append("用语与统一格式不同")
                en.append("its words differ from the format's")
            if zh:
                yield ctx.finding(
                    rule,
                    Location(
                        section=section.key, section_label=sdef.label, source=section.location
                    ),
                    {
                        "section": sdef.label,
                        "heading": section.heading,
                        "expected_position": sdef.number,
                        "detail": Text("，".join(zh), "; ".join(en)),
                    },
                )
