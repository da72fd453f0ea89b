"""Rule kind ``claims``: numbers stated in the narrative against the cells of the tables.

A claim is a set of regular expressions over the prose of named sections. ``{N}`` in a pattern
stands for a number as written (749, 1,295, 一千二百, 1.2万, 约500, 1200余…, see
``domain/numbers.py``), ``{P}`` for a share (17.46%, 百分之十七, 八成) and ``{S}`` for one or more
categories of ``parts`` joined by 及/和/、 ("予以公开及部分公开": the sum of both). The number is
compared with a sum of cells (``cells``, or the parts named) by ``relation``; an approximate
number is compared as an approximation. A pattern without ``{N}`` is a statement that there was
none (未发生…), compared with the cells as 0. With ``{P}`` and ``percent_of``, the share is checked
against the table's share and the text's own number over the base, to the digits written.

A number is only read as the claim's when the sentence says it counts that: its subject
(``domain/subjects.py``) is the category named nearest before it, so "办结的申请中同意公开答复
9 件" is 予以公开, not 办结. A blank 总计 is read as the sum of the cells it totals.

Reports count differently: 受理 749 件 may be 新收 713 plus 上年结转 36. ``alternatives`` name
such other countings with a note; a number that matches one of them is not a mismatch, and is
reported (severity ``alternative_severity``, default info) saying which counting it follows.

Every finding points at the line of the sentence and names the cells compared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from ..core.findings import Finding
from ..core.formats import FormatRegistry
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report, Section
from ..core.rules import Rule, Text
from ..domain.cellexpr import CELLS_SCHEMA, validate_cells
from ..domain.numbers import NUMBER_PATTERN, NUMBER_START, PERCENT_PATTERN, parse_quantity
from ..domain.prose import Prose, sections_prose
from ..domain.scanning import scanner
from ..domain.subjects import BY_KEY, parts_of, subject_of, subject_phrase
from .claims_compare import Target, compare_count, compare_share

_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["zh", "en"],
    "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
}
_SEVERITY_OR_OFF = {"enum": ["error", "warning", "info", "off"]}
_SUBJECT = {"enum": sorted(BY_KEY)}


@lru_cache(maxsize=512)
def compile_pattern(pattern: str, parts: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A claim pattern with ``{N}``, ``{P}`` and ``{S}`` expanded to groups ``n``, ``p``, ``s``
    (``{S}``: one or more of the categories ``parts``, joined by 及/和/、)."""
    expanded = pattern.replace("{N}", f"(?P<n>{NUMBER_START}{NUMBER_PATTERN})").replace(
        "{P}", f"(?P<p>{PERCENT_PATTERN})"
    )
    if "{S}" in pattern:
        expanded = expanded.replace("{S}", f"(?P<s>{subject_phrase(parts)})")
    return re.compile(expanded)


class ClaimsKind(RuleKind):
    name: ClassVar[str] = "claims"
    #: validate() reads only the rule and the formats
    validation_cacheable: ClassVar[bool] = True
    description: ClassVar[str] = (
        "Numbers and 'none' statements in the narrative against sums of table cells; a number "
        "is read as the category its sentence names; combined categories are summed; "
        "approximate numbers compare as approximations; shares against the table's share; "
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
            "scope_severity": {
                **_SEVERITY_OR_OFF,
                "description": "severity of a number below the table's that the sentence "
                "gives for a narrower scope (a claim's scope; default info)",
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
                            "description": "regular expressions; {N} a number, {P} a share, "
                            "{S} categories of parts; a pattern without {N} states that there "
                            "was none",
                        },
                        "subject": {
                            "type": "array",
                            "minItems": 1,
                            "items": _SUBJECT,
                            "description": "the categories the number counts (as "
                            "domain/subjects.py reads the sentence); a number the sentence "
                            "says counts something else is not this claim's",
                        },
                        "parts": {
                            "type": "object",
                            "minProperties": 1,
                            "propertyNames": _SUBJECT,
                            "additionalProperties": CELLS_SCHEMA,
                            "description": "with {S}: the cells of each category the phrase "
                            "may name; a combined phrase sums them",
                        },
                        "context": {
                            "type": "string",
                            "description": "regex the sentence must also contain",
                        },
                        "context_scope": {
                            "enum": ["sentence", "paragraph"],
                            "description": "where context is looked for (default sentence; "
                            "paragraph: a list of outcomes after the sentence with its total)",
                        },
                        "exclude": {
                            "type": "string",
                            "description": "regex: a match whose clause contains it is skipped",
                        },
                        "relation": {
                            "enum": ["=", ">=", "<="],
                            "description": "text REL cells (default =)",
                        },
                        "cells": {
                            **CELLS_SCHEMA,
                            "description": "cells compared with {N} (unless {S} names parts)",
                        },
                        "percent_of": {
                            **CELLS_SCHEMA,
                            "description": "base of the share {P}: N / base × 100",
                        },
                        "scope": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["pattern", "note"],
                            "properties": {
                                "pattern": {"type": "string"},
                                "note": _TEXT,
                            },
                            "description": "a narrower scope the sentence may give before the "
                            "number (区政府办代表区政府): a number below the table's is then "
                            "reported with scope_severity",
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
            "table_share",
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
            parts = tuple(claim.get("parts", {}))
            has_percent = has_parts = False
            for p_index, pattern in enumerate(claim["patterns"]):
                where = (*path, "patterns", p_index)
                if "{S}" in pattern and not parts:
                    problems.append((where, "{S} needs parts"))
                    continue
                try:
                    compile_pattern(pattern, parts)
                except re.error as exc:
                    problems.append((where, f"invalid regex: {exc}"))
                has_percent = has_percent or "{P}" in pattern
                has_parts = has_parts or "{S}" in pattern
                if "{P}" in pattern and "{N}" not in pattern:
                    problems.append((where, "{P} needs {N} as well"))
            for key in ("context", "exclude", "scope"):
                if key in claim:
                    try:
                        re.compile(claim[key]["pattern"] if key == "scope" else claim[key])
                    except re.error as exc:
                        problems.append(((*path, key), f"invalid regex: {exc}"))
            if has_percent and "percent_of" not in claim:
                problems.append((path, "a pattern with {P} needs percent_of"))
            if not has_percent and not has_parts and "cells" not in claim:
                problems.append((path, "cells are required"))
            for key in ("cells", "percent_of"):
                if key in claim:
                    problems.extend(validate_cells(rule, formats, claim[key], (*path, key)))
            for part, terms in claim.get("parts", {}).items():
                problems.extend(validate_cells(rule, formats, terms, (*path, "parts", part)))
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
        plans = rule.plan(None, lambda: [ClaimPlan.of(claim) for claim in params["claims"]])
        for section, prose in sections_prose(report, params.get("sections")):
            text = prose.text
            for plan in plans:
                # each pattern's matches, read further only where there are some (most
                # sections hold none of most claims)
                found = [matches for scan in plan.scanners if (matches := list(scan(text)))]
                if found:
                    yield from self._claim(rule, ctx, report, section, prose, plan, found)

    def _claim(
        self,
        rule: Rule,
        ctx: CheckContext,
        report: Report,
        section: Section,
        prose: Prose,
        plan: ClaimPlan,
        found: list[list[re.Match[str]]],
    ) -> Iterable[Finding]:
        """The findings of the matches ``found`` of ``plan``'s patterns (in pattern order) in
        the prose of ``section``."""
        claim, context, exclude = plan.claim, plan.context, plan.exclude
        taken: list[tuple[int, int]] = []
        for matches in found:
            for match in matches:
                start, end = match.span()
                if any(start < b and a < end for a, b in taken):
                    continue  # another pattern of this claim already read this text
                s_start, s_end = prose.sentence(start, end)
                if context is not None and not context.search(
                    prose.text[slice(*_scope(prose, claim, start, end, (s_start, s_end)))]
                ):
                    continue
                c_start, c_end = prose.clause(start, end)
                if exclude is not None and exclude.search(prose.text[c_start:c_end]):
                    continue
                groups = match.re.groupindex
                claimed = None  # a "none" statement
                if "n" in groups:
                    claimed = parse_quantity(match.group("n"))
                    if claimed is None or claimed.percent:
                        continue
                target = _target(claim, match)
                if target is None or not _reads_as(prose, match, target):
                    continue
                taken.append((start, end))
                anchor = match.start("n") if "n" in groups else start
                location = Location(
                    section=section.key,
                    section_label=section.heading,
                    source=prose.location_at(anchor),
                )
                base_args: dict[str, Any] = {
                    "claim": target.label,
                    "quote": prose.excerpt(c_start, c_end),
                    "section": section.heading,
                    "line": location.source.line if location.source else "",
                    "before": prose.text[s_start:anchor],
                }
                if "p" in groups:
                    percent = parse_quantity(match.group("p"))
                    if claimed is not None and percent is not None:
                        yield from compare_share(
                            rule, ctx, report, claim, target, claimed, percent, location, base_args
                        )
                    continue
                yield from compare_count(
                    rule, ctx, report, claim, target, claimed, location, base_args
                )


@dataclass(frozen=True)
class ClaimPlan:
    """A claim with its patterns compiled (once per rule)."""

    claim: dict[str, Any]
    patterns: tuple[re.Pattern[str], ...]
    context: re.Pattern[str] | None
    exclude: re.Pattern[str] | None
    #: each pattern's ``finditer`` (:class:`..domain.scanning.Scanner`: the same matches)
    scanners: tuple[Callable[[str], Iterator[re.Match[str]]], ...]

    @classmethod
    def of(cls, claim: dict[str, Any]) -> ClaimPlan:
        parts = tuple(claim.get("parts", {}))
        patterns = tuple(compile_pattern(pattern, parts) for pattern in claim["patterns"])
        return cls(
            claim,
            patterns,
            re.compile(claim["context"]) if "context" in claim else None,
            re.compile(claim["exclude"]) if "exclude" in claim else None,
            tuple(scanner(pattern).finditer for pattern in patterns),
        )


def _scope(
    prose: Prose, claim: dict[str, Any], start: int, end: int, sentence: tuple[int, int]
) -> tuple[int, int]:
    """Where a claim's context is looked for: the sentence, or the paragraph around it."""
    if claim.get("context_scope") != "paragraph":
        return sentence
    lo = prose.text.rfind("\n", 0, start) + 1
    hi = prose.text.find("\n", end)
    return lo, len(prose.text) if hi < 0 else hi


def _target(claim: dict[str, Any], match: re.Match[str]) -> Target | None:
    """What the match is about: the parts its {S} phrase names, else the claim's cells."""
    label = Text(claim["label"]["zh"], claim["label"]["en"])
    subject = frozenset(claim["subject"]) if "subject" in claim else None
    if "s" not in match.re.groupindex:
        return Target(label, claim.get("cells", []), subject)
    named = parts_of(match.group("s"))
    parts: dict[str, Sequence[dict[str, Any]]] = claim["parts"]
    if not named or not named <= set(parts):
        return None
    keys = [k for k in parts if k in named]
    cells = _merged([term for k in keys for term in parts[k]])
    if len(keys) > 1:
        label = Text(
            "＋".join(BY_KEY[k].label.zh for k in keys),
            " + ".join(BY_KEY[k].label.en for k in keys),
        )
    else:
        label = BY_KEY[keys[0]].label
    return Target(label, cells, frozenset(keys))


def _merged(terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Terms of one table and the same columns as one term with their rows (for messages:
    表三「（一）予以公开＋（二）部分公开」×「总计」)."""
    merged: list[dict[str, Any]] = []
    for term in terms:
        last = merged[-1] if merged else None
        if (
            last is not None
            and "rows" in last
            and "rows" in term
            and last["table"] == term["table"]
            and last.get("columns") == term.get("columns")
        ):
            merged[-1] = {**last, "rows": [*last["rows"], *term["rows"]]}
        else:
            merged.append(term)
    return merged


def _reads_as(prose: Prose, match: re.Match[str], target: Target) -> bool:
    """Whether the sentence says the number counts the claim's categories (or says nothing
    else): "办结的申请中同意公开答复 9 件" is not a count of 办结."""
    if target.subject is None or "n" not in match.re.groupindex:
        return True
    n_start, n_end = match.span("n")
    lo, hi = prose.clause(n_start, n_end)
    read = subject_of(prose.text, n_start, n_end, lo, hi)
    return read is None or read == target.subject
