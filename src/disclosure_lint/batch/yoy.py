"""Year over year: each report against the same body's report of the previous year
(domain-spec §5.3 H1–H3, §6.2 D4 照搬上年).

The previous year's report comes from the batch itself (same body, year − 1), else from the
reports given with ``check --previous PATH``, else from the archive (``check --archive``).
Checks: similarity of the whole prose and of each section to last year's (quoting the longest
shared passage with its line in each report), H1 上年结转 = last year's 结转下年度 per column of
表三, H2 (2021 format) 现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数, and
H3 (2019 format) 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

import numpy as np

from ..core.batch import BatchCheck, BatchContext, Prepared
from ..core.findings import Finding, Related
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report, SourceLocation
from ..core.results import FileResult
from ..core.rules import Rule, Text
from ..domain.prose import where_words
from ..similarity.text import jaccard, shared_runs
from . import yoy_rounds as rounds_
from .prepared import PRINT_PART, print_of, print_part
from .prints import CellNote, ReportPrint, SectionPrint, SectionView, view_report
from .store import HeldFindings, LazyFindings, PrintStore

CHECKS = ("report-similarity", "section-similarity", "carry-over", "stock-flow", "project-count")
TABLE3_COLUMNS = (
    "natural",
    "org.business",
    "org.research",
    "org.nonprofit",
    "org.legal",
    "org.other",
    "total",
)
STOCK_ROWS = ("regulations", "normative_documents")  # 2021 表二 第二十条第（一）项
PROJECT_ROWS = ("licensing", "other_services", "penalties", "enforcement", "fees")  # 2019 表二


class YearOverYearKind(RuleKind):
    name: ClassVar[str] = "year_over_year"
    description: ClassVar[str] = (
        "Batch: a report against the same body's previous-year report (text and H1–H3)."
    )
    needs_format: ClassVar[bool] = False
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {
            "check": {
                "enum": list(CHECKS),
                "description": "report-similarity / section-similarity: prose similar to last "
                "year's; carry-over: H1; stock-flow: H2 (2021 format); project-count: H3 "
                "(2019 format)",
            },
            "threshold": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "default": 0.6,
                "description": "similarity checks: lowest Jaccard similarity reported",
            },
            "min_chars": {
                "type": "integer",
                "minimum": 1,
                "default": 100,
                "description": "similarity checks: texts shorter than this (normalised "
                "characters) are not compared",
            },
            "sections": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
                "description": "section-similarity: the section keys compared "
                "(default overview, problems, other)",
            },
            "tolerance": {
                "type": "number",
                "minimum": 0,
                "default": 0,
                "description": "carry-over, stock-flow, project-count: allowed difference",
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {
            "previous",
            "previous_year",
            "previous_source",
            "similarity",
            "section",
            "line",
            "previous_line",
            "at",
            "previous_at",
            "passage",
            "table",
            "row",
            "column",
            "value",
            "expected",
            "previous_value",
            "issued",
            "repealed",
            "change",
        }
    )

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        return ()  # judged by YearOverYearCheck over the whole batch


_SOURCE_WORDS = {"batch": "本批", "previous": "--previous", "archive": "档案库"}


class YearOverYearCheck(BatchCheck):
    name: ClassVar[str] = "year-over-year"
    description: ClassVar[str] = "Each report against the same body's previous-year report."
    kinds: ClassVar[tuple[str, ...]] = ("year_over_year",)

    def __init__(self, context: BatchContext, rules: list[tuple[Rule, dict[str, str]]]) -> None:
        super().__init__(context, rules)
        #: the first report of each (body, year) of the batch, in input order: its print's index
        #: in :attr:`prints` (on disk; read back when its pair arrives, and by ``finish``)
        self.by_key: dict[tuple[str, int], int] = {}
        self.prints = PrintStore(sets=())
        self.paired: set[tuple[str, int]] = set()  # (body, year) paired with its previous year
        #: findings per later report: on disk in a run (read back when the phase asks for a
        #: file's), a dictionary on a cluster (yoy_rounds)
        self.findings: dict[str, list[Finding]] | HeldFindings = HeldFindings()
        self.previous: dict[tuple[str, int], Report] = {}
        for report in context.options.previous:
            key = _key_of(report.metadata.body, report.metadata.year)
            if key is not None:
                self.previous.setdefault(key, report)
        #: last year's reports are looked up here when neither the batch nor --previous has them
        self.archive = context.options.archive

    def collect(self, report: Report, result: FileResult) -> None:
        if _key_of(report.metadata.body, report.metadata.year) is not None:
            self.add(view_report(report, result.path))

    # --- prepared where the report is checked: its print ---------------------------------------
    def prepare(self, report: Report, result: FileResult) -> Mapping[str, Any]:
        if _key_of(report.metadata.body, report.metadata.year) is None:
            return {}
        return {PRINT_PART: print_part(report, result.path)}

    def outcome_inputs(self) -> bytes | None:
        # reports given with --previous or kept in the archive count too: judged on every run
        if self.context.options.previous or self.archive is not None:
            return None
        return b""

    def collect_prepared(self, prepared: Prepared, result: FileResult) -> None:
        view = print_of(prepared)
        if view is not None and _key_of(view.body, view.year) is not None:
            self.add(view)

    def add(self, view: ReportPrint) -> None:
        """Pair a report's print with the same body's previous and next year, then keep it."""
        key = _key_of(view.body, view.year)
        assert key is not None
        body, year = key
        earlier = self.by_key.get((body, year - 1))
        if earlier is not None and key not in self.paired:
            self.paired.add(key)
            self.compare(later=view, earlier=self.prints.get(earlier), full=view, source="batch")
        later = self.by_key.get((body, year + 1))
        if later is not None and (body, year + 1) not in self.paired:
            self.paired.add((body, year + 1))
            self.compare(later=self.prints.get(later), earlier=view, full=view, source="batch")
        if key not in self.by_key:
            self.by_key[key] = self.prints.add(view)

    def finish(self) -> Mapping[str, Sequence[Finding]]:
        try:
            for key, index in self.by_key.items():
                if key not in self.paired:
                    self.compare_outside(self.prints.get(index))
        finally:
            self.prints.close()
        if isinstance(self.findings, HeldFindings):
            return LazyFindings(
                self.findings, lambda groups: [f for found, _ in groups for f in found]
            )
        return self.findings

    def close(self) -> None:
        self.prints.close()
        if isinstance(self.findings, HeldFindings):
            self.findings.close()

    def compare_outside(self, later: ReportPrint) -> None:
        """Compare a report that has no earlier one in the batch with last year's report from
        ``--previous`` or the archive, if there is one."""
        key = _key_of(later.body, later.year)
        if key is None or key in self.paired:
            return
        body, year = key
        source = "previous"
        report = self.previous.get((body, year - 1))
        if report is None and self.archive is not None:
            source = "archive"
            report = self.archive.report(later.body or body, year - 1, self.context.formats)
        if report is None:
            return
        self.paired.add(key)
        earlier = view_report(report, report.source)
        self.compare(later=later, earlier=earlier, full=earlier, source=source)

    # --- on a cluster (yoy_rounds) -------------------------------------------------------------
    rounds: ClassVar[int] = rounds_.ROUNDS

    def extract(self, report: Report, result: FileResult, index: int) -> Iterable[Any]:
        return rounds_.extract(report, result, index)

    def route(self, round: int, record: Any) -> Iterable[tuple[Hashable, Any]]:
        return rounds_.route(round, record)

    def reduce(self, round: int, key: Hashable, values: list[Any]) -> Iterable[Any]:
        return rounds_.reduce(self, key, values)

    def gather(self, records: Iterable[Any]) -> Mapping[str, Sequence[Finding]]:
        return rounds_.gather(self, records)

    # --- comparisons ---------------------------------------------------------------------------

    def compare(
        self, later: ReportPrint, earlier: ReportPrint, full: ReportPrint, source: str
    ) -> None:
        stored = earlier if full is later else later
        for rule, bindings in self.rules:
            check = rule.params["check"]
            if check == "report-similarity":
                if min(later.chars, earlier.chars) < int(rule.params.get("min_chars", 100)):
                    continue
                similarity = jaccard(later.shingles, earlier.shingles)
                if similarity >= float(rule.params.get("threshold", 0.6)):
                    self._similar(
                        rule, bindings, later, earlier, full, stored, None, similarity, source
                    )
            elif check == "section-similarity":
                keys = rule.params.get("sections", ("overview", "problems", "other"))
                for key in keys:
                    a, b = later.section(key), earlier.section(key)
                    if a is None or b is None:
                        continue
                    if min(a.chars, b.chars) < int(rule.params.get("min_chars", 100)):
                        continue
                    similarity = jaccard(a.shingles, b.shingles)
                    if similarity >= float(rule.params.get("threshold", 0.6)):
                        self._similar(
                            rule, bindings, later, earlier, full, stored, key, similarity, source
                        )
            elif check == "carry-over":
                for column in TABLE3_COLUMNS:
                    this = later.cells.get(("table3", "carried_over", column))
                    last = earlier.cells.get(("table3", "carry_forward", column))
                    if this is None or last is None:
                        continue
                    self._relation(
                        rule, bindings, later, earlier, source, this, last, last.value, {}
                    )
            elif check == "stock-flow":
                if later.format != "2021" or earlier.format != "2021":
                    continue
                for row in STOCK_ROWS:
                    this = later.cells.get(("table2", row, "in_force"))
                    issued = later.cells.get(("table2", row, "issued"))
                    repealed = later.cells.get(("table2", row, "repealed"))
                    last = earlier.cells.get(("table2", row, "in_force"))
                    if None in (this, issued, repealed, last):
                        continue
                    assert this and issued and repealed and last
                    expected = last.value + issued.value - repealed.value
                    extra = {
                        "previous_value": last.value,
                        "issued": issued.value,
                        "repealed": repealed.value,
                    }
                    self._relation(
                        rule, bindings, later, earlier, source, this, last, expected, extra
                    )
            elif check == "project-count":
                if later.format != "2019" or earlier.format != "2019":
                    continue
                for row in PROJECT_ROWS:
                    this = later.cells.get(("table2", row, "previous"))
                    last = earlier.cells.get(("table2", row, "previous"))
                    change = earlier.cells.get(("table2", row, "change"))
                    if this is None or last is None or change is None:
                        continue
                    expected = last.value + change.value
                    extra = {"previous_value": last.value, "change": change.value}
                    self._relation(
                        rule, bindings, later, earlier, source, this, last, expected, extra
                    )

    def _similar(
        self,
        rule: Rule,
        bindings: dict[str, str],
        later: ReportPrint,
        earlier: ReportPrint,
        full: ReportPrint,
        stored: ReportPrint,
        key: str | None,
        similarity: float,
        source: str,
    ) -> None:
        full_sections = [s for s in full.sections if key is None or s.key == key]
        stored_set = (stored.section(key) or _EMPTY_SECTION).shingles if key else stored.shingles
        best: tuple[int, SectionPrint, int, int] | None = None
        for section in full_sections:
            runs = shared_runs(section.hashes, stored_set)
            if runs and (best is None or runs[0][1] - runs[0][0] > best[0]):
                best = (runs[0][1] - runs[0][0], section, runs[0][0], runs[0][1])
        passage, full_loc, stored_loc = "", None, None
        if best is not None:
            _, section, start, end = best
            assert isinstance(section, SectionView)
            passage = section.quote(start, end)
            full_loc = (section, section.source_at(full.path, start))
            stored_loc = stored.locate(int(section.hashes[start]))
        later_loc, earlier_loc = (full_loc, stored_loc) if full is later else (stored_loc, full_loc)
        later_section = later_loc[0] if later_loc else later.section(key) if key else None
        here = later_loc[1] if later_loc else SourceLocation(later.path)
        there_src = earlier_loc[1] if earlier_loc else SourceLocation(earlier.path)
        args = {
            "previous": earlier.path,
            "previous_year": earlier.year or "?",
            "previous_source": _SOURCE_WORDS[source],
            "similarity": f"{similarity:.0%}",
            "section": later_section.heading if later_section else "",
            "line": here.line or "?",
            "previous_line": there_src.line or "?",
            "at": Text(*where_words(here)),
            "previous_at": Text(*where_words(there_src)),
            "passage": passage,
        }
        location = Location(
            section=later_section.key if later_section else None,
            section_label=later_section.heading if later_section else None,
            source=here,
        )
        data = {
            "similarity": round(similarity, 4),
            "previous": {
                "path": earlier.path,
                "year": earlier.year,
                "from": source,
                "section": earlier_loc[0].key if earlier_loc else None,
                "line": there_src.line,
            },
            "passage": passage,
        }
        earlier_section = earlier_loc[0] if earlier_loc else None
        there = Location(
            section=earlier_section.key if earlier_section else None,
            section_label=earlier_section.heading if earlier_section else None,
            source=there_src,
        )
        year = earlier.year or "?"
        related = Related(
            there,
            {"zh": f"{year}年度报告中的同一段", "en": f"the same passage in the {year} report"},
        )
        self._add(rule, bindings, later, location, args, data, related)

    def _add(
        self,
        rule: Rule,
        bindings: dict[str, str],
        later: ReportPrint,
        location: Location,
        args: dict[str, Any],
        data: dict[str, Any],
        related: Related,
    ) -> None:
        """A finding for the later report, with the earlier report's place as related."""
        finding = self.context.finding(
            rule, location, args, bindings=bindings, data=data, related=[related]
        )
        if isinstance(self.findings, HeldFindings):
            self.findings.add(later.path, finding)
        else:
            self.findings.setdefault(later.path, []).append(finding)

    def _relation(
        self,
        rule: Rule,
        bindings: dict[str, str],
        later: ReportPrint,
        earlier: ReportPrint,
        source: str,
        this: CellNote,
        last: CellNote,
        expected: int | Decimal,
        extra: dict[str, Any],
    ) -> None:
        """``this`` cell of the later report against ``expected``, computed from the earlier
        report's cell ``last`` (and, for some checks, other cells of the later report)."""
        tolerance = Decimal(str(rule.params.get("tolerance", 0)))
        if abs(Decimal(this.value) - Decimal(expected)) <= tolerance:
            return
        args = {
            "previous": earlier.path,
            "previous_year": earlier.year or "?",
            "previous_source": _SOURCE_WORDS[source],
            "table": this.table_name,
            "row": this.row_label,
            "column": this.column_label,
            "value": this.value,
            "expected": expected,
            "previous_value": extra.get("previous_value", expected),
            "issued": extra.get("issued", ""),
            "repealed": extra.get("repealed", ""),
            "change": extra.get("change", ""),
        }
        location = _cell_location(this, later.path)
        data = {
            "value": this.value,
            "expected": expected,
            "previous": {"path": earlier.path, "year": earlier.year, "from": source},
            **extra,
        }
        there = _cell_location(last, earlier.path)
        cell = f"{last.table_name}“{last.row_label}”×“{last.column_label}”"
        year = earlier.year or "?"
        related = Related(
            there,
            {
                "zh": f"{year}年度报告{cell}为 {last.value}",
                "en": f"{cell} of the {year} report: {last.value}",
            },
        )
        self._add(rule, bindings, later, location, args, data, related)


def _cell_location(note: CellNote, path: str) -> Location:
    """The location of a cell of a report print (its file when the source position is lost)."""
    return Location(
        table=note.table,
        table_name=note.table_name,
        row=note.row,
        row_labels=(note.row_label,),
        column=note.column,
        column_labels=(note.column_label,),
        source=note.location or SourceLocation(path),
    )


_EMPTY_SECTION = SectionPrint("", "", None, np.zeros(0, np.uint32), np.zeros(0), np.zeros(0), 0)


_key_of = rounds_.key_of
