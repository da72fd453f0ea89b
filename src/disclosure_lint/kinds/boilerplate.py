"""Rule kind ``boilerplate``: sections made of stock phrases, or saying nothing concrete
(domain-spec §6.2 D12 内容不翔实 / 泛泛而谈, D4 内容雷同).

Three checks, all on characters (Chinese needs no word segmentation):

- ``stock-phrases``: the section is compared with the stock-phrase catalogue over character
  n-grams; a finding quotes the phrases matched, as written in the report;
- ``specificity``: numbers, dates, named documents (《…》, 文号) and named measures (“…”) per
  100 characters of the section;
- ``measures``: whether the improvement measures of 五 name an owner (a unit, 由…负责, 牵头) or a
  date (a year, month, 年底, 季度…).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from ..builtin_rules import rules_dir
from ..core.errors import DataFileError
from ..core.findings import Finding
from ..core.i18n import join
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report, Section, SourceLocation
from ..core.rules import Rule
from ..domain.scanning import Scanner
from ..similarity.catalogue import Catalogue, Phrase, load_catalogue, phrases_from_settings

#: the shipped catalogue
BUILTIN_CATALOGUE = "boilerplate/stock-phrases.yaml"
#: settings keys (per-file configuration, ``ctx.settings``)
SETTING_PHRASES = "stock_phrases"
SETTING_FILES = "stock_phrase_files"


#: stock-phrase matches listed in a finding's data (all are counted, the message quotes some)
MATCHES_LISTED = 10


def builtin_catalogue_path() -> Path:
    return rules_dir() / BUILTIN_CATALOGUE


class BoilerplateKind(RuleKind):
    name: ClassVar[str] = "boilerplate"
    description: ClassVar[str] = (
        "Sections made of stock phrases, or without numbers, dates, documents, owners."
    )
    needs_format: ClassVar[bool] = False
    reads_sections: ClassVar[bool] = True
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {
            "check": {
                "enum": ["stock-phrases", "specificity", "measures"],
                "description": "stock-phrases: similarity to the catalogue; specificity: "
                "concrete facts per 100 characters; measures: improvement measures with an "
                "owner or a date",
            },
            "sections": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
                "description": "section keys checked (default: problems)",
            },
            "ngram": {
                "type": "integer",
                "minimum": 2,
                "maximum": 6,
                "default": 3,
                "description": "stock-phrases: characters per n-gram",
            },
            "phrase_threshold": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "default": 0.7,
                "description": "stock-phrases: share of a phrase's n-grams that must occur "
                "together in the section for the phrase to match",
            },
            "min_phrases": {
                "type": "integer",
                "minimum": 1,
                "default": 3,
                "description": "stock-phrases: fewest matched phrases for a finding",
            },
            "min_coverage": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "default": 0.2,
                "description": "stock-phrases: least share of the section's characters covered "
                "by matched phrases for a finding",
            },
            "catalogues": {
                "type": "array",
                "items": {"type": "string"},
                "description": "stock-phrases: extra catalogue files, relative to the rule pack",
            },
            "builtin_catalogue": {
                "type": "boolean",
                "default": True,
                "description": "stock-phrases: also use the shipped catalogue "
                "(rules/boilerplate/stock-phrases.yaml)",
            },
            "min_per_100": {
                "type": "number",
                "minimum": 0,
                "default": 1.0,
                "description": "specificity: fewest concrete facts per 100 characters",
            },
            "min_chars": {
                "type": "integer",
                "minimum": 1,
                "default": 60,
                "description": "specificity, measures: shorter sections are not judged",
            },
            "min_concrete": {
                "type": "integer",
                "minimum": 1,
                "default": 1,
                "description": "measures: fewest measures naming an owner or a date",
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {
            "section",
            "phrases",
            "count",
            "coverage",
            "per_100",
            "minimum",
            "numbers",
            "dates",
            "documents",
            "named",
            "measures",
            "concrete",
            "first",
        }
    )

    def validate(self, rule, formats):
        problems = []
        for index, name in enumerate(rule.params.get("catalogues", [])):
            path = Path(rule.file).parent / name
            try:
                load_catalogue(path.resolve())
            except DataFileError as exc:
                problems.append(
                    (("catalogues", index), str(exc.problems[0]) if exc.problems else str(exc))
                )
            except OSError as exc:
                problems.append((("catalogues", index), f"cannot read {path}: {exc.strerror}"))
        return problems

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        check = rule.params["check"]
        for key in rule.params.get("sections", ["problems"]):
            section = report.section(key)
            if section is None or not section.text.strip():
                continue
            if check == "stock-phrases":
                yield from self._stock_phrases(rule, report, section, ctx)
            elif check == "specificity":
                yield from self._specificity(rule, report, section, ctx)
            else:
                yield from self._measures(rule, report, section, ctx)

    # --- stock phrases ---------------------------------------------------------------------------

    def _stock_phrases(
        self, rule: Rule, report: Report, section: Section, ctx: CheckContext
    ) -> Iterable[Finding]:
        params = rule.params
        catalogue = catalogue_for(rule, ctx.settings)
        matches, coverage = catalogue.match(
            section.text, float(params.get("phrase_threshold", 0.7))
        )
        if len(matches) < int(params.get("min_phrases", 3)):
            return
        if coverage < float(params.get("min_coverage", 0.2)):
            return
        quoted = [section.text[m.start : m.end] for m in matches]
        shown = _merged_quotes(section.text, [(m.start, m.end) for m in matches])
        yield ctx.finding(
            rule,
            Location(
                section=section.key,
                section_label=section.heading,
                source=_where(report, section, matches[0].start, quoted[0]),
            ),
            {
                "section": section.heading,
                "phrases": join([f"“{q}”" for q in shown]),
                "count": len(matches),
                "coverage": f"{coverage:.0%}",
            },
            data={
                "coverage": round(coverage, 4),
                # the catalogue files once; a match names its file only when there are several
                "catalogues": (origins := list(dict.fromkeys(m.phrase.origin for m in matches))),
                "matches": [
                    {
                        "quote": q,
                        "phrase": m.phrase.text,
                        "score": round(m.score, 3),
                        "line": _line_at(report, section, m.start, q),
                        **({"catalogue": m.phrase.origin} if len(origins) > 1 else {}),
                    }
                    for q, m in list(zip(quoted, matches, strict=True))[:MATCHES_LISTED]
                ],
                "matched": len(matches),
            },
        )

    # --- specificity -----------------------------------------------------------------------------

    def _specificity(
        self, rule: Rule, report: Report, section: Section, ctx: CheckContext
    ) -> Iterable[Finding]:
        counts = specificity_counts(section.text)
        chars = counts.pop("chars")
        if chars < int(rule.params.get("min_chars", 60)):
            return
        total = sum(counts.values())
        per_100 = total * 100 / chars
        minimum = float(rule.params.get("min_per_100", 1.0))
        if per_100 >= minimum:
            return
        yield ctx.finding(
            rule,
            ctx.section_location(section.key),
            {
                "section": section.heading,
                "per_100": f"{per_100:.1f}",
                "minimum": f"{minimum:g}",
                **counts,
            },
            data={"chars": chars, "per_100": round(per_100, 3), **counts},
        )

    # --- measures --------------------------------------------------------------------------------

    def _measures(
        self, rule: Rule, report: Report, section: Section, ctx: CheckContext
    ) -> Iterable[Finding]:
        text = section.text
        if len("".join(text.split())) < int(rule.params.get("min_chars", 60)):
            return
        measures = improvement_measures(text)
        if not measures:
            return
        concrete = [m for m in measures if has_owner(m) or has_date(m)]
        if len(concrete) >= int(rule.params.get("min_concrete", 1)):
            return
        first = measures[0]
        shown = first if len(first) <= 40 else first[:40] + "…"
        yield ctx.finding(
            rule,
            Location(
                section=section.key,
                section_label=section.heading,
                source=_where(report, section, text.find(first[:12]), first),
            ),
            {
                "section": section.heading,
                "measures": len(measures),
                "concrete": len(concrete),
                "first": shown,
            },
            data={"measures": measures, "concrete": concrete},
        )


# --- catalogue resolution -------------------------------------------------------------------


def catalogue_for(rule: Rule, settings: Mapping[str, Any]) -> Catalogue:
    files = list(rule.plan(None, lambda: _rule_catalogues(rule)))
    for name in settings.get(SETTING_FILES, []) or []:
        files.append(Path(name).resolve())
    extra = tuple(
        (p.text, p.topic, p.source)
        for p in phrases_from_settings(settings.get(SETTING_PHRASES) or [])
    )
    return _catalogue(tuple(files), extra, int(rule.params.get("ngram", 3)))


def _rule_catalogues(rule: Rule) -> tuple[Path, ...]:
    """The catalogue files the rule names (the shipped one unless it opts out), resolved once."""
    files: list[Path] = []
    if rule.params.get("builtin_catalogue", True):
        files.append(builtin_catalogue_path().resolve())
    for name in rule.params.get("catalogues", []):
        files.append((Path(rule.file).parent / name).resolve())
    return tuple(files)


@cache
def _catalogue(
    files: tuple[Path, ...], extra: tuple[tuple[str, str, str], ...], ngram: int
) -> Catalogue:
    phrases: list[Phrase] = []
    for path in files:
        phrases.extend(load_catalogue(path))
    phrases.extend(Phrase(text, topic, source, "settings") for text, topic, source in extra)
    return Catalogue(phrases, ngram)


# --- specificity and measures ---------------------------------------------------------------

_DATE = re.compile(
    r"(?:\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月份?)"
)
_DOCUMENT = re.compile(r"《[^《》]{2,60}》|〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号")
_NAMED = re.compile(r"[“\"]([^”\"]{2,20})[”\"]")
_NUMBER = re.compile(
    r"\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+(?:个|次|件|条|期|份|场|人|项|家|篇|批|余|多)"
)
_CHINESE_ORDINAL = re.compile(r"[一二三四五六七八九十]+是")


#: the patterns that begin with a repeat, scanned with a skip to their first characters
_DATE_SCAN = Scanner(_DATE)
_ORDINAL_SCAN = Scanner(_CHINESE_ORDINAL)
_NUMBER_SCAN = Scanner(_NUMBER)


def _blanked(scanner: Scanner, text: str) -> tuple[str, int]:
    """``scanner.pattern.subn(" ", text)`` for a pattern that matches nothing empty."""
    parts: list[str] = []
    position = 0
    for match in scanner.finditer(text):
        parts.append(text[position : match.start()])
        parts.append(" ")
        position = match.end()
    if not parts:
        return text, 0
    parts.append(text[position:])
    return "".join(parts), len(parts) // 2


def specificity_counts(text: str) -> dict[str, int]:
    """Concrete facts in ``text``: numbers, dates, named documents and named measures, and the
    number of non-space characters."""
    # each pattern found and blanked in one pass: ``subn`` counts the matches ``findall``
    # lists (none of these patterns matches empty)
    rest, dates = _blanked(_DATE_SCAN, text)
    rest, documents = _DOCUMENT.subn(" ", rest)
    rest, named = _NAMED.subn(" ", rest)
    rest = _blanked(_ORDINAL_SCAN, rest)[0]
    numbers = sum(1 for _ in _NUMBER_SCAN.finditer(rest))
    return {
        "numbers": numbers,
        "dates": dates,
        "documents": documents,
        "named": named,
        "chars": len("".join(text.split())),
    }


_IMPROVEMENT = re.compile(r"(改进措施|改进情况|下一步|下步|今后|整改措施|针对.{0,10}问题)")
_ITEM = re.compile(
    r"(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)]|(?<!\d)\d{1,2}[.、．](?!\d))"
)
_OWNER = re.compile(
    r"(由[\u4e00-\u9fff]{2,15}(?:负责|牵头|承担)|牵头|责任单位|责任部门|责任人|负责同志|分管领导"
    r"|[\u4e00-\u9fff]{2,12}(?:局|委员会|办公室|中心(?!工作)|科(?!学|技)|处(?!理|置|罚)))"
)
_DEADLINE = re.compile(
    r"(\d{4}\s*年|[0-9一二三四五六七八九十]{1,2}\s*月(?:底|份|前|内)?|年底|年内|年中|季度|"
    r"上半年|下半年|月底|底前|前完成|限期|每月|每季|每周|每年)"
)


def improvement_measures(text: str) -> list[str]:
    """The improvement measures of a 五 section: the items after the first improvement keyword
    (一是…, （一）…, 1.…), or its sentences when it has no numbered items; none when the section
    has no improvement keyword (下一步, 改进措施, 针对…问题 …)."""
    match = _IMPROVEMENT.search(text)
    if match is None:
        return []  # no improvement part found: nothing to judge
    part = text[match.end() :]
    starts = [m.start() for m in _ITEM.finditer(part)]
    if starts:
        bounds = [*starts, len(part)]
        items = [part[a:b] for a, b in itertools.pairwise(bounds)]
    else:
        items = re.split(r"[。；;]", part)
    # an item can begin with the punctuation after the keyword ("问题，下一步，…"): drop it
    cleaned = (" ".join(i.split()).lstrip("，,、：:；;。 ") for i in items)
    return [i for i in cleaned if len("".join(i.split())) >= 8]


def has_owner(text: str) -> bool:
    return _OWNER.search(text) is not None


def has_date(text: str) -> bool:
    return _DEADLINE.search(text) is not None


def _merged_quotes(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The text of overlapping or touching spans merged, in text order, without doubles."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    quotes: list[str] = []
    for start, end in merged:
        quote = " ".join(text[start:end].split()).strip("，。；、,.; ")
        if quote and quote not in quotes:
            quotes.append(quote)
    return quotes


def _where(report: Report, section: Section, offset: int, quote: str) -> SourceLocation | None:
    """Where ``quote``, at ``offset`` in the section text (-1: not known), is in the source: its
    paragraph when the loader recorded it (page and box, ¶, line), else its line."""
    if offset >= 0:
        known = section.paragraph_location(offset)
        if known is not None:
            return known
    loc = section.location
    if loc is None:
        return None
    line = _line_of(report, section, quote)
    return SourceLocation(loc.file, line=line if line is not None else loc.line)


def _line_at(report: Report, section: Section, offset: int, quote: str) -> int | None:
    """The source line of ``quote`` (at ``offset`` in the section text), when it has one."""
    where = _where(report, section, offset, quote)
    return where.line if where is not None else None


def _line_of(report: Report, section: Section, quote: str) -> int | None:
    """The source line (inside the section) where ``quote`` starts, when the source has lines."""
    loc = section.location
    if loc is None or loc.line is None:
        return None
    if report.lines is None:
        return loc.line
    probe = "".join(quote.split())[:8]
    last = min(loc.end_line or len(report.lines), len(report.lines))
    for number in range(loc.line, last + 1):
        if probe and probe in "".join(report.lines[number - 1].split()):
            return number
    return loc.line
