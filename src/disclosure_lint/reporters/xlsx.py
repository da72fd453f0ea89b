"""Excel workbook output (openpyxl), for supervisors who sort, filter and forward.

Three sheets, each with a frozen header row, an autofilter and column widths fitted to the text
(written by ``xlsx_book``, imported only when a workbook is written):

- summary (汇总): one row per report: file, title, body, year, format, status, counts by
  severity, number of findings and the verdict at ``--fail-on``;
- findings (问题): one row per finding with its location (the columns of the CSV output);
- rules (规则): one row per rule that reported something: findings and reports affected.

Texts are always written as text (a title starting with ``=`` is never a formula), characters
Excel cannot store are replaced with U+FFFD, and the file is byte-for-byte reproducible: the
zip entries and the document properties carry a fixed timestamp.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..core.reporting import Reporter
from ..core.results import FileResult, RunSummary
from .common import (
    FINDING_COLUMNS,
    SEVERITIES,
    ReportMeta,
    counts,
    finding_record,
    result_failed,
    word,
)

SUMMARY_COLUMNS = (
    "file",
    "title",
    "body",
    "year",
    "format",
    "status",
    *SEVERITIES,
    "findings",
    "result",
)
RULE_COLUMNS = ("code", "name", "rule_title", "severity", "findings", "reports")

SHEET_NAMES = {
    "zh": ("汇总", "问题", "规则"),
    "en": ("Summary", "Findings", "Rules"),
}


class XlsxReporter(Reporter):
    name = "xlsx"
    description = "Excel workbook: summary per report, findings, rules (needs =FILE)."
    binary = True

    def start(self) -> None:
        self._summary: list[tuple[ReportMeta, dict[str, int], int, FileResult]] = []
        self._findings: list[list[Any]] = []
        self._rule_findings: Counter[str] = Counter()
        self._rule_reports: dict[str, set[str]] = {}
        self._rule_severity: dict[str, str] = {}
        self._rule_names: dict[str, str] = {}

    def file_done(self, result: FileResult) -> None:
        lang = self.options.lang
        # Keep the verdict inputs, not the report: the workbook is written at the end.
        slim = FileResult(result.path, result.status, list(result.findings))
        self._summary.append((ReportMeta.of(result), counts(result), len(result.findings), slim))
        for finding in result.findings:
            record = finding_record(result, finding, lang)
            self._findings.append([record[key] for key in FINDING_COLUMNS])
            if finding.suppressed:
                continue
            self._rule_findings[finding.code] += 1
            self._rule_reports.setdefault(finding.code, set()).add(result.path)
            self._rule_names.setdefault(finding.code, finding.name)
            previous = self._rule_severity.get(finding.code)
            if previous is None or SEVERITIES.index(finding.severity.value) < SEVERITIES.index(
                previous
            ):
                self._rule_severity[finding.code] = finding.severity.value

    def finish(self, summary: RunSummary) -> None:
        from .xlsx_book import write_workbook  # openpyxl is imported only to write a workbook

        lang = self.options.lang
        names = SHEET_NAMES["en" if lang == "en" else "zh"]
        rows: list[list[Any]] = []
        result_keys: list[str] = []
        for meta, found, total, slim in self._summary:
            key = "failed" if result_failed(slim, summary.fail_on) else "passed"
            result_keys.append(key)
            rows.append(
                [
                    meta.path,
                    meta.title,
                    meta.body,
                    meta.year,
                    meta.format,
                    word(lang, meta.status),
                    *(found[s] for s in SEVERITIES),
                    total,
                    word(lang, key),
                ]
            )
        rule_rows: list[list[Any]] = []
        for code in sorted(self._rule_findings):
            rule = self.options.rules.get(code) if self.options.rules is not None else None
            rule_rows.append(
                [
                    code,
                    self._rule_names.get(code),
                    rule.title.get(lang) if rule else None,
                    word(lang, self._rule_severity[code]),
                    self._rule_findings[code],
                    len(self._rule_reports[code]),
                ]
            )
        self.stream.write(
            write_workbook(
                names,
                ([word(lang, c) for c in SUMMARY_COLUMNS], rows, result_keys),
                (
                    [word(lang, c) for c in FINDING_COLUMNS],
                    self._findings,
                    {word(lang, s): s for s in SEVERITIES},
                ),
                ([word(lang, c) for c in RULE_COLUMNS], rule_rows),
                severity_column=FINDING_COLUMNS.index("severity") + 1,
                message_column=FINDING_COLUMNS.index("message") + 1,
            )
        )
