"""Rule kind ``breakdown``: the counts a narrative lists against the total it states itself.

"答复政府信息公开申请805件……予以公开及部分公开258件；不予公开35件；……无法提供265件；不予处理158件；
其他处理0件" lists every outcome of the 805 answered applications, and 258+35+265+158+0 = 716. The
kind reads the counts of a paragraph with their subjects (``domain/subjects.py``); after a count
of the rule's ``total`` it gathers the counts of its ``parts`` until the next total. Only when they
name every part exactly once (combined parts counting for each they name) is their sum compared
with the total: a text that leaves a part out, or names one twice, is not read as a breakdown.

A breakdown that does not add up only because of numbers that claim findings report as differing
from the table (their table values add up) is a consequence of those
(:class:`~..core.findings.Consequence`): it is recorded on them, not listed beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from ..core.findings import Claimed, Consequence, Finding
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report
from ..core.rules import Rule, Text
from ..domain.numbers import format_decimal
from ..domain.prose import Prose, sections_prose
from ..domain.subjects import BY_KEY, Count, counts_in

_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["zh", "en"],
    "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
}
_SUBJECTS = {"type": "array", "minItems": 1, "items": {"enum": sorted(BY_KEY)}}


class BreakdownKind(RuleKind):
    name: ClassVar[str] = "breakdown"
    #: validate() reads only the rule and the formats
    validation_cacheable: ClassVar[bool] = True
    description: ClassVar[str] = (
        "Counts the narrative lists as the parts of a total it states (every outcome of the "
        "applications answered) must add up to that total."
    )
    needs_format: ClassVar[bool] = True
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["breakdowns"],
        "properties": {
            "sections": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string"},
                "description": "section keys whose prose is read; default every section",
            },
            "breakdowns": {
                "type": "array",
                "minItems": 1,
                "description": "each a total and the parts that make it up",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["label", "total", "parts"],
                    "properties": {
                        "label": {**_TEXT, "description": "what the total counts"},
                        "total": {**_SUBJECTS, "description": "the categories of the total"},
                        "parts": {
                            **_SUBJECTS,
                            "minItems": 2,
                            "description": "categories that together make up the total, "
                            "each counted once",
                        },
                    },
                },
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {"quote", "total_label", "total", "parts", "sum", "sum_expr"}
    )

    def validate(self, rule: Rule, formats: Any) -> list[tuple[tuple[Any, ...], str]]:
        problems: list[tuple[tuple[Any, ...], str]] = []
        for index, item in enumerate(rule.params["breakdowns"]):
            if set(item["total"]) & set(item["parts"]):
                problems.append((("breakdowns", index), "a part cannot be the total"))
        return problems

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        for section, prose in sections_prose(report, rule.params.get("sections")):
            text = prose.text
            lo = 0
            while lo <= len(text):
                hi = text.find("\n", lo)
                hi = len(text) if hi < 0 else hi
                counts = counts_in(text, lo, hi) if hi > lo else []
                for item in rule.params["breakdowns"]:
                    for total, parts in _breakdowns(counts, item):
                        finding = _finding(rule, ctx, section, prose, item, total, parts)
                        finding.explained_by = _consequence(
                            rule, item, section.key, prose, total, parts
                        )
                        yield finding
                lo = hi + 1


def _breakdowns(counts: list[Count], item: dict[str, Any]) -> Iterable[tuple[Count, list[Count]]]:
    """(total, parts) for each total whose parts the paragraph lists completely and that do
    not add up to it."""
    whole = frozenset(item["total"])
    wanted = frozenset(item["parts"])
    for index, total in enumerate(counts):
        if total.subject != whole or not total.quantity.exact:
            continue
        parts: list[Count] = []
        named: set[str] = set()
        complete = True
        for count in counts[index + 1 :]:
            if count.subject == whole:
                break
            if count.subject is None or not count.subject <= wanted:
                continue
            if named & count.subject or not count.quantity.exact:
                complete = False  # a part named twice, or an approximation: not a breakdown
                break
            named |= count.subject
            parts.append(count)
            if named == wanted:
                break
        if not complete or named != wanted:
            continue
        if sum((p.quantity.value for p in parts), Decimal(0)) != total.quantity.value:
            yield total, parts


def _finding(
    rule: Rule,
    ctx: CheckContext,
    section: Any,
    prose: Prose,
    item: dict[str, Any],
    total: Count,
    parts: list[Count],
) -> Finding:
    text = prose.text
    c_start, _ = prose.clause(total.start, total.end)
    _, c_end = prose.clause(parts[-1].start, parts[-1].end)
    values = [p.quantity.value for p in parts]
    labels_zh = "、".join(_label(p, "zh") for p in parts)
    labels_en = ", ".join(_label(p, "en") for p in parts)
    location = Location(
        section=section.key,
        section_label=section.heading,
        source=prose.location_at(total.start),
    )
    total_value = format_decimal(total.quantity.value)
    sum_value = format_decimal(sum(values, Decimal(0)))
    args = {
        "quote": prose.excerpt(c_start, c_end, limit=80),
        "total_label": Text(item["label"]["zh"], item["label"]["en"]),
        "total": total_value,
        "parts": Text(labels_zh, labels_en),
        "sum": sum_value,
        "sum_expr": "+".join(format_decimal(v) for v in values),
    }
    return ctx.finding(
        rule,
        location,
        args,
        data={
            "total": total_value,
            "parts": {
                "+".join(sorted(p.subject or ())): format_decimal(p.quantity.value) for p in parts
            },
            "sum": sum_value,
            "text": text[total.start : parts[-1].end][:200],
        },
    )


def _label(count: Count, lang: str) -> str:
    keys = [k for k in BY_KEY if k in (count.subject or ())]
    joiner = "＋" if lang == "zh" else " + "
    return joiner.join(BY_KEY[k].label.get(lang) for k in keys)


def _consequence(
    rule: Rule, item: dict[str, Any], section: str, prose: Prose, total: Count, parts: list[Count]
) -> Consequence:
    """The breakdown's numbers (placed in ``section``, between the lines of its first and last
    number) and the note recorded on the findings that report some of them as wrong."""
    lo, hi = prose.location_at(total.start).line, prose.location_at(parts[-1].end).line

    def claimed(count: Count) -> Claimed:
        return Claimed(section, lo, hi, format_decimal(count.quantity.value))

    values = [p.quantity.value for p in parts]
    detail = "+".join(format_decimal(v) for v in values)
    summed = format_decimal(sum(values, Decimal(0)))
    stated = format_decimal(total.quantity.value)
    label = item["label"]
    note = {
        "zh": f"；正文所列各项之和因此也与其所述{label['zh']}不符（{rule.code}：{detail} = "
        f"{summed}，所述 {stated}）",
        "en": f"; so the parts the text lists do not add up to the {label['en']} it states "
        f"either ({rule.code}: {detail} = {summed}, stated {stated})",
    }
    return Consequence(claimed(total), tuple(claimed(p) for p in parts), note)
