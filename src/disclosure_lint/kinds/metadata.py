"""Rule kind ``metadata``: the report year agrees everywhere, and the format notice is cited right.

- ``period-year``: the 统计期限 sentence ("本报告所列数据统计期限为2025年1月1日至2025年12月31日")
  names the year of the title;
- ``period-span``: the 统计期限 is one calendar year, 1月1日 to 12月31日;
- ``overview-year``: 一、总体情况 opening with a year ("2019年，…") opens with the report year;
- ``citation-form``: a 国办公开办函 citation is written 国办公开办函〔YYYY〕N号 (not "202130 号",
  "[2021]", "（2021）");
- ``citation-number``: beside 年度报告/格式, 国办公开办函〔2019〕 is 60号 and 〔2021〕 is 30号;
- ``citation-year``: the notice or format cited is the one for the report year (2019–2020:
  〔2019〕60号, 格式（试行）; 2021 on: 〔2021〕30号);
- ``format-name``: a quoted title of the format or its notice is written as issued
  (《中华人民共和国政府信息公开工作年度报告格式》…).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from ..core.findings import Finding
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report
from ..core.rules import Rule, Text
from ..domain.prose import Prose, document_prose, section_prose

_PERIOD = re.compile(
    r"统计(?:期限|时限|时间段?|区间|周期|时段|范围)[^。；]{0,20}?"
    r"(?P<y1>(?:19|20)\d{2})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日"
    r"[^。；\d]{0,6}?"
    r"(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
_CITATION = re.compile(
    r"国办公开办函\s*(?P<open>[〔［\[（(【{<《]?)\s*(?P<y>\d{4})\s*"
    r"(?P<close>[〕］\]）)】}>》]?)\s*(?P<n>\d{1,3})\s*号"
)
_TITLE_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年")
_OPENING_YEAR = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*年")
_QUOTED = re.compile(r"《(?P<t>[^《》]{2,80})》")
_FORMAT_CONTEXT = re.compile(r"年度报告|年报|格式")

#: the notices that issued the national formats: (year, number) -> format id
NOTICES: dict[tuple[int, int], str] = {(2019, 60): "2019", (2021, 30): "2021"}
NOTICE_TEXT = {"2019": "国办公开办函〔2019〕60号", "2021": "国办公开办函〔2021〕30号"}
_FORMAT_TITLES = {
    "中华人民共和国政府信息公开工作年度报告格式": "2021",
    "中华人民共和国政府信息公开工作年度报告格式(试行)": "2019",
    "关于印发中华人民共和国政府信息公开工作年度报告格式的通知": "2021",
    "关于政府信息公开工作年度报告有关事项的通知": "2019",  # the notice of 〔2019〕60号
}
_ISSUER = "国务院办公厅政府信息与政务公开办公室"

CHECKS = [
    "period-year",
    "period-span",
    "overview-year",
    "citation-form",
    "citation-number",
    "citation-year",
    "format-name",
]


def format_for_year(year: int) -> str | None:
    """The national format that applies to a report year (domain-spec §2, §3)."""
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return None


def _normalize_title(text: str) -> str:
    text = re.sub(r"[\s〈〉<>“”\"]+", "", text)
    text = text.replace("（", "(").replace("）", ")")
    return text.removeprefix(_ISSUER)


@dataclass
class Citation:
    start: int
    end: int
    year: int
    number: int
    well_formed: bool
    text: str


def _citations(prose: Prose) -> Iterator[Citation]:
    for match in _CITATION.finditer(prose.text):
        yield Citation(
            match.start(),
            match.end(),
            int(match.group("y")),
            int(match.group("n")),
            match.group("open") == "〔" and match.group("close") == "〕",
            prose.text[match.start() : match.end()],
        )


def title_year(report: Report) -> int | None:
    """The year written in the title, else the report year when it did not come from the
    统计期限 sentence itself."""
    title = report.metadata.title or ""
    match = _TITLE_YEAR.search(title)
    if match:
        return int(match.group("y"))
    if report.metadata.year_source not in (None, "period"):
        return report.metadata.year
    return None


class MetadataKind(RuleKind):
    name: ClassVar[str] = "metadata"
    description: ClassVar[str] = (
        "Report year across title, 统计期限 sentence and 总体情况; citations of "
        "国办公开办函〔2019〕60号 / 〔2021〕30号 and of the format's title."
    )
    needs_format: ClassVar[bool] = False
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {
            "check": {
                "enum": CHECKS,
                "description": "what to check: " + ", ".join(f"`{c}`" for c in CHECKS),
            }
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {"year", "found", "quote", "expected", "notice", "period"}
    )

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        check = rule.params["check"]
        if check == "overview-year":
            yield from self._overview_year(rule, report, ctx)
            return
        prose = document_prose(report)
        if check in ("period-year", "period-span"):
            yield from self._period(rule, report, ctx, prose, check)
        elif check in ("citation-form", "citation-number"):
            yield from self._citation(rule, report, ctx, prose, check)
        elif check == "citation-year":
            yield from self._citation_year(rule, report, ctx, prose)
        else:
            yield from self._format_name(rule, report, ctx, prose)

    def _at(self, report: Report, prose: Prose, offset: int) -> Location:
        return Location(source=prose.location_at(offset))

    def _period(
        self, rule: Rule, report: Report, ctx: CheckContext, prose: Prose, check: str
    ) -> Iterable[Finding]:
        year = title_year(report)
        for match in _PERIOD.finditer(prose.text):
            y1 = int(match.group("y1"))
            y2 = int(match.group("y2") or y1)
            full_year = (
                (int(match.group("m1")), int(match.group("d1"))) == (1, 1)
                and (int(match.group("m2")), int(match.group("d2"))) == (12, 31)
                and y1 == y2
            )
            quote = prose.excerpt(match.start(), match.end(), 80)
            if check == "period-year":
                if year is None or (y1 == year and y2 == year):
                    continue
                found = str(y1) if y1 == y2 else f"{y1}–{y2}"
                yield ctx.finding(
                    rule,
                    self._at(report, prose, match.start()),
                    {"year": year, "found": found, "quote": quote, "period": quote},
                    data={"title_year": year, "period_years": [y1, y2]},
                )
            elif not full_year:
                yield ctx.finding(
                    rule,
                    self._at(report, prose, match.start()),
                    {
                        "year": y1,
                        "quote": quote,
                        "period": quote,
                        "expected": f"{y1}年1月1日至{y1}年12月31日",
                    },
                )

    def _overview_year(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        year = title_year(report) or report.metadata.year
        section = report.section("overview")
        if year is None or section is None:
            return
        prose = section_prose(report, section)
        match = _OPENING_YEAR.match(prose.text)
        if not match or int(match.group("y")) == year:
            return
        s_start, s_end = prose.sentence(0)
        yield ctx.finding(
            rule,
            Location(
                section=section.key,
                section_label=section.heading,
                source=prose.location_at(match.start("y")),
            ),
            {"year": year, "found": match.group("y"), "quote": prose.excerpt(s_start, s_end)},
        )

    def _citation(
        self, rule: Rule, report: Report, ctx: CheckContext, prose: Prose, check: str
    ) -> Iterable[Finding]:
        for citation in _citations(prose):
            location = self._at(report, prose, citation.start)
            if check == "citation-form":
                if citation.well_formed:
                    continue
                yield ctx.finding(
                    rule,
                    location,
                    {
                        "quote": citation.text,
                        "expected": f"国办公开办函〔{citation.year}〕{citation.number}号",
                    },
                )
                continue
            expected = {2019: 60, 2021: 30}.get(citation.year)
            if expected is None or citation.number == expected:
                continue
            s_start, s_end = prose.sentence(citation.start, citation.end)
            if not _FORMAT_CONTEXT.search(prose.text[s_start:s_end]):
                continue
            yield ctx.finding(
                rule,
                location,
                {
                    "quote": citation.text,
                    "expected": f"国办公开办函〔{citation.year}〕{expected}号",
                },
            )

    def _citation_year(
        self, rule: Rule, report: Report, ctx: CheckContext, prose: Prose
    ) -> Iterable[Finding]:
        year = title_year(report) or report.metadata.year
        expected = format_for_year(year) if year is not None else None
        if expected is None:
            return
        # a notice number of the other generation is always wrong; a quoted title of the other
        # generation only when the report cites nothing of its own generation
        numbers: dict[str, int] = {}  # format id -> first offset
        for citation in _citations(prose):
            fmt = NOTICES.get((citation.year, citation.number))
            if fmt is not None:
                numbers.setdefault(fmt, citation.start)
        titles: dict[str, int] = {}
        for match in _QUOTED.finditer(prose.text):
            fmt = _FORMAT_TITLES.get(_normalize_title(match.group("t")))
            if fmt is not None:
                titles.setdefault(fmt, match.start())
        wrong = [(offset, f) for f, offset in numbers.items() if f != expected]
        if not wrong and expected not in numbers and expected not in titles:
            wrong = [(offset, f) for f, offset in titles.items() if f != expected]
        if not wrong:
            return
        offset, fmt_id = min(wrong)
        s_start, s_end = prose.sentence(offset)
        yield ctx.finding(
            rule,
            self._at(report, prose, offset),
            {
                "year": year,
                "quote": prose.excerpt(s_start, s_end, 80),
                "notice": NOTICE_TEXT[fmt_id],
                "expected": NOTICE_TEXT[expected],
            },
        )

    def _format_name(
        self, rule: Rule, report: Report, ctx: CheckContext, prose: Prose
    ) -> Iterable[Finding]:
        for match in _QUOTED.finditer(prose.text):
            title = match.group("t")
            if "年度报告格式" not in re.sub(r"\s+", "", title):
                continue
            if _normalize_title(title) in _FORMAT_TITLES:
                continue
            yield ctx.finding(
                rule,
                self._at(report, prose, match.start()),
                {
                    "quote": f"《{title}》",
                    "expected": Text(
                        "《中华人民共和国政府信息公开工作年度报告格式》（2019年版加“（试行）”），"
                        "或通知名《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》",
                        "《中华人民共和国政府信息公开工作年度报告格式》 (2019: with （试行）), "
                        "or the notice "
                        "《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》",
                    ),
                },
            )
