"""Pieces shared by the file reporters: localised words, one flat record per finding, verdicts.

CSV, XLSX, HTML, JUnit and GitHub annotations describe the same things (a report, a finding and
its location); they take them from here so that the formats agree with each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.findings import Finding, Related, Severity
from ..core.i18n import state_words
from ..core.results import FileResult

LANGS = ("zh", "en")

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        **state_words("zh"),
        # column headers
        "file": "文件",
        "title": "标题",
        "body": "机关",
        "year": "年度",
        "format": "格式",
        "status": "状态",
        "code": "代码",
        "name": "规则名",
        "rule_title": "规则",
        "severity": "严重程度",
        "outcome": "结论",
        "location": "位置",
        "section": "部分",
        "table": "表格",
        "row": "行",
        "column": "列",
        "line": "行号",
        "page": "页码",
        "cell": "单元格",
        "message": "说明",
        "related": "另见",
        "suppressed": "已接受（原因）",
        "findings": "问题数",
        "files": "文件数",
        "result": "结果",
        "reports": "报告数",
        "never": "从不",
        # the progress bar of a run
        "checking": "检查中",
    },
    "en": {
        **state_words("en"),
        "file": "file",
        "title": "title",
        "body": "body",
        "year": "year",
        "format": "format",
        "status": "status",
        "code": "code",
        "name": "name",
        "rule_title": "rule",
        "severity": "severity",
        "outcome": "outcome",
        "location": "location",
        "section": "section",
        "table": "table",
        "row": "row",
        "column": "column",
        "line": "line",
        "page": "page",
        "cell": "cell",
        "message": "message",
        "related": "see also",
        "suppressed": "accepted (reason)",
        "findings": "findings",
        "files": "files",
        "result": "result",
        "reports": "reports",
        "never": "never",
        "checking": "checking",
    },
}

SEVERITIES = ("error", "warning", "info")


def words(lang: str) -> dict[str, str]:
    return WORDS["en" if lang == "en" else "zh"]


def word(lang: str, key: str) -> str:
    """A localised word; unknown keys (a status added later) are shown as they are."""
    return words(lang).get(key, key)


@dataclass(frozen=True)
class ReportMeta:
    """What identifies a report in a summary: file, title, body, year, format, status."""

    path: str
    status: str
    title: str | None
    body: str | None
    year: int | None
    format: str | None
    loader: str | None

    @classmethod
    def of(cls, result: FileResult) -> ReportMeta:
        report = result.report
        meta = report.metadata if report else None
        fmt = (report.format.used or report.format.detected) if report else None
        return cls(
            path=result.path,
            status=result.status.value,
            title=meta.title if meta else None,
            body=meta.body if meta else None,
            year=meta.year if meta else None,
            format=fmt,
            loader=result.loader,
        )


def active(result: FileResult) -> list[Finding]:
    """Findings that count: not accepted by a suppression or the baseline."""
    return [f for f in result.findings if not f.suppressed]


def threshold(fail_on: str) -> Severity | None:
    return None if fail_on == "never" else Severity(fail_on)


def is_failure(finding: Finding, fail_on: str) -> bool:
    """True when ``finding`` makes the run fail at ``fail_on``."""
    limit = threshold(fail_on)
    return limit is not None and not finding.suppressed and finding.severity.at_least(limit)


def result_failed(result: FileResult, fail_on: str) -> bool:
    return any(is_failure(f, fail_on) for f in result.findings)


def counts(result: FileResult) -> dict[str, int]:
    found = result.counts()
    return {s: found.get(s, 0) for s in SEVERITIES}


def label_path(labels: tuple[str, ...], key: str | None) -> str:
    return " › ".join(label for label in labels if label) or (key or "")


def finding_record(result: FileResult, finding: Finding, lang: str) -> dict[str, Any]:
    """One finding with its report, as flat values (the columns of CSV and XLSX)."""
    meta = ReportMeta.of(result)
    loc = finding.location
    src = loc.source
    cell_parts = []
    if src is not None:
        for prefix, value in (("t", src.table_index), ("r", src.row_index), ("c", src.col_index)):
            if value is not None:
                cell_parts.append(f"{prefix}{value}")
    return {
        "file": result.path,
        "body": meta.body,
        "year": meta.year,
        "format": meta.format,
        "code": finding.code,
        "name": finding.name,
        "severity": word(lang, finding.severity.value),
        "outcome": word(lang, finding.outcome.value),
        "location": loc.path(),
        "section": (loc.section_label or loc.section) if not loc.table else None,
        "table": (loc.table_name or loc.table) if loc.table else None,
        "row": label_path(loc.row_labels, loc.row) if loc.row else None,
        "column": label_path(loc.column_labels, loc.column) if loc.column else None,
        "line": src.line if src else None,
        "page": src.page if src else None,
        "cell": " ".join(cell_parts) or None,
        "message": finding.message(lang),
        "related": related_text(result, finding, lang),
        "suppressed": finding.suppressed.text(lang) if finding.suppressed else None,
    }


def related_where(path: str | None, related: Related) -> str:
    """Where a related location is, compactly (``L12``, ``p4``), with its file when that is not
    ``path`` (the file of the finding)."""
    there = related.location.source
    where = there.short() if there is not None else ""
    if there is not None and there.file and there.file != path:
        where = f"{there.file} {where}".strip()
    return where


def related_text(result: FileResult, finding: Finding, lang: str) -> str | None:
    """The related locations of a finding on one line: where and what is there, separated by
    "；"."""
    parts = [
        f"{related_where(result.path, other)} {other.message(lang)}".strip()
        for other in finding.related
    ]
    return "；".join(parts) or None


FINDING_COLUMNS = (
    "file",
    "body",
    "year",
    "format",
    "code",
    "name",
    "severity",
    "outcome",
    "location",
    "section",
    "table",
    "row",
    "column",
    "line",
    "page",
    "cell",
    "message",
    "related",
    "suppressed",
)

# XML 1.0 allows tab, newline, carriage return and most of the BMP and above; nothing else.
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (replaced by U+FFFD)."""
    return _XML_ILLEGAL.sub("\ufffd", text)
