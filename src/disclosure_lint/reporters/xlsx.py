"""Excel workbook output (openpyxl), for supervisors who sort, filter and forward.

Three sheets, each with a frozen header row, an autofilter and column widths fitted to the text:

- summary (汇总): one row per report: file, title, body, year, format, status, counts by
  severity, number of findings and the verdict at ``--fail-on``;
- findings (问题): one row per finding with its location (the columns of the CSV output);
- rules (规则): one row per rule that reported something: findings and reports affected.

Texts are always written as text (a title starting with ``=`` is never a formula), characters
Excel cannot store are replaced with U+FFFD, and the file is byte-for-byte reproducible: the
zip entries and the document properties carry a fixed timestamp.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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

#: the timestamp written into the workbook (zip entries and document properties)
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)

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

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_FILLS = {
    "error": PatternFill("solid", fgColor="F8D0D0"),
    "warning": PatternFill("solid", fgColor="FBEBC0"),
    "failed": PatternFill("solid", fgColor="F8D0D0"),
    "passed": PatternFill("solid", fgColor="D5EFD5"),
}
_MAX_WIDTH = 60


def display_width(text: str) -> int:
    """Width of ``text`` in a fixed-width font: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """Write a value; text always as text, never as a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        cell.data_type = "s"
    else:
        cell.value = value


def finish_sheet(ws: Worksheet, headers: list[str], rows: list[list[Any]]) -> None:
    """Header, rows, frozen header, autofilter and fitted column widths."""
    widths = [display_width(h) for h in headers]
    for col, header in enumerate(headers, start=1):
        put(ws, 1, col, header)
        cell = ws.cell(row=1, column=col)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            put(ws, r, col, value)
            if value is not None:
                widths[col - 1] = max(widths[col - 1], display_width(str(value)))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(_MAX_WIDTH, max(6, width + 2))
    ws.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"


def reproducible(data: bytes) -> bytes:
    """The same workbook with fixed zip timestamps and document dates."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp + m.group(3),
                    text,
                )
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


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
        lang = self.options.lang
        names = SHEET_NAMES["en" if lang == "en" else "zh"]
        wb = Workbook()
        wb.properties.creator = "disclosure-lint"
        wb.properties.created = FIXED_TIME
        ws = wb.active
        assert ws is not None
        ws.title = names[0]
        rows: list[list[Any]] = []
        for meta, found, total, slim in self._summary:
            failed = result_failed(slim, summary.fail_on)
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
                    word(lang, "failed" if failed else "passed"),
                ]
            )
        finish_sheet(ws, [word(lang, c) for c in SUMMARY_COLUMNS], rows)
        result_col = len(SUMMARY_COLUMNS)
        for r, (_meta, _found, _total, slim) in enumerate(self._summary, start=2):
            key = "failed" if result_failed(slim, summary.fail_on) else "passed"
            ws.cell(row=r, column=result_col).fill = _FILLS[key]

        findings = wb.create_sheet(names[1])
        finish_sheet(findings, [word(lang, c) for c in FINDING_COLUMNS], self._findings)
        sev_col = FINDING_COLUMNS.index("severity") + 1
        localized = {word(lang, s): s for s in SEVERITIES}
        for r in range(2, len(self._findings) + 2):
            cell = findings.cell(row=r, column=sev_col)
            fill = _FILLS.get(localized.get(str(cell.value), ""))
            if fill is not None:
                cell.fill = fill
        wrap = Alignment(wrap_text=True, vertical="top")
        msg_col = FINDING_COLUMNS.index("message") + 1
        for r in range(2, len(self._findings) + 2):
            findings.cell(row=r, column=msg_col).alignment = wrap

        rules_ws = wb.create_sheet(names[2])
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
        finish_sheet(rules_ws, [word(lang, c) for c in RULE_COLUMNS], rule_rows)

        buffer = io.BytesIO()
        wb.save(buffer)
        self.stream.write(reproducible(buffer.getvalue()))
