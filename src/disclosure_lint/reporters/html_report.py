"""A self-contained HTML batch report: one file, inline CSS and JavaScript, no network.

The page shows the run summary, a sortable table of the reports (file, body, year, format,
verdict, errors, warnings), a summary by issuing body and by rule with a bar chart, filters by
severity, rule and body, one section per report with its findings (location, source position and
source line) and its three tables drawn as the official format prints them (html_layout.py),
failing cells highlighted, and the reference of every rule shown (rationale, citation, example).
A rule links to that reference, or to ``--rules-doc-url`` when one is given.

Report content is untrusted. Nothing from a report is ever written as HTML: the data travels in
a ``<script type="application/json">`` block in which ``<``, ``>`` and ``&`` are escaped as
``\\u003c``, ``\\u003e`` and ``\\u0026``, and the page's own script builds the DOM with
``textContent`` and ``setAttribute`` only. A Content-Security-Policy allows no network access and
only the page's own script and style (by hash), so even an injected element could not run code.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from decimal import Decimal
from importlib import resources
from typing import Any

from .. import __version__
from ..core.findings import Finding
from ..core.model import Report, Table
from ..core.reporting import Reporter
from ..core.results import FileResult, RunSummary
from .common import SEVERITIES, ReportMeta, counts, related_where, result_failed, words
from .html_layout import table_layout

UI_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "doc_title": "政府信息公开工作年度报告检查结果",
        "noscript": "本报告需要启用 JavaScript 才能显示。",
        "all": "全部",
        "filter_severity": "严重程度",
        "filter_rule": "规则",
        "filter_body": "机关",
        "summary": "总体情况",
        "by_body": "按机关汇总",
        "by_rule": "按规则汇总",
        "chart": "各规则问题数",
        "details": "逐份报告",
        "shown": "显示",
        "fail_on": "失败阈值",
        "verdict": "结论",
        "failing_reports": "未通过报告数",
        "no_findings": "未发现问题",
        "no_tables": "未解析出统计表",
        "table_absent": "报告中未找到此表",
        "source": "出处",
        "source_line": "原文",
        "see_also": "另见",
        "value": "值",
        "reason": "读取结果",
        "not_found": "未找到",
        "unknown_body": "（未识别机关）",
        "rule_doc": "规则说明",
        "nothing_shown": "没有符合筛选条件的报告",
        "tool": "检查工具",
        "reports_table": "报告一览",
        "sort_hint": "点击列标题排序",
        "rule_reference": "规则说明",
        "citation": "依据",
        "rationale": "说明",
        "example": "示例",
        "open_report": "查看此报告",
        "colon": "：",
        "reason-number": "数字",
        "reason-blank": "空白",
        "reason-placeholder": "占位符",
        "reason-text": "文字",
        "reason-missing": "未找到",
    },
    "en": {
        "doc_title": "Disclosure annual report check",
        "noscript": "This report needs JavaScript to be displayed.",
        "all": "all",
        "filter_severity": "severity",
        "filter_rule": "rule",
        "filter_body": "body",
        "summary": "Summary",
        "by_body": "By body",
        "by_rule": "By rule",
        "chart": "Findings per rule",
        "details": "Reports",
        "shown": "shown",
        "fail_on": "fail-on",
        "verdict": "verdict",
        "failing_reports": "failing reports",
        "no_findings": "no findings",
        "no_tables": "no tables were read",
        "table_absent": "table not found in the report",
        "source": "source",
        "source_line": "source line",
        "see_also": "see also",
        "value": "value",
        "reason": "read as",
        "not_found": "not found",
        "unknown_body": "(body not recognised)",
        "rule_doc": "rule reference",
        "nothing_shown": "no report matches the filters",
        "tool": "tool",
        "reports_table": "Reports at a glance",
        "sort_hint": "click a column header to sort",
        "rule_reference": "Rule reference",
        "citation": "citation",
        "rationale": "rationale",
        "example": "example",
        "open_report": "show this report",
        "colon": ": ",
        "reason-number": "number",
        "reason-blank": "blank",
        "reason-placeholder": "placeholder",
        "reason-text": "text",
        "reason-missing": "not found",
    },
}


def json_for_script(data: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>`` or ``&`` characters."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _value(value: int | Decimal | None) -> int | str | None:
    return str(value) if isinstance(value, Decimal) else value


def _cell_key(table: str | None, row: str | None, column: str | None) -> list[str] | None:
    if table and row and column:
        return [table, row, column]
    return None


def _table_data(table: Table, layout: list[dict[str, Any]]) -> dict[str, Any]:
    rows: dict[str, dict[str, Any]] = {}
    columns: dict[str, list[str]] = {}
    for cell in table.cells.values():
        columns.setdefault(cell.column, list(cell.column_labels))
        row = rows.setdefault(
            cell.row, {"key": cell.row, "labels": list(cell.row_labels), "cells": {}}
        )
        src = cell.location
        row["cells"][cell.column] = {
            "raw": cell.raw,
            "value": _value(cell.value),
            "reason": cell.reason.value,
            "where": src.short() if src is not None else "",
        }
    return {
        "key": table.key,
        "name": table.name,
        "title": table.title,
        "present": table.present,
        "where": table.location.short() if table.location is not None else "",
        "columns": [{"key": k, "labels": labels} for k, labels in columns.items()],
        "rows": list(rows.values()),
        "blocks": layout,
    }


def _finding_data(finding: Finding, report: Report | None, lang: str) -> dict[str, Any]:
    loc = finding.location
    src = loc.source
    source_text = None
    if report is not None and src is not None:
        source_text = report.source_line(src.line)
        if source_text is not None:
            source_text = source_text.replace("\t", "→").rstrip()
            if len(source_text) > 300:
                source_text = source_text[:300] + "…"
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "outcome": finding.outcome.value,
        "message": finding.message(lang),
        "path": loc.path(),
        "where": src.short() if src is not None else "",
        "source_text": source_text,
        "target": _cell_key(loc.table, loc.row, loc.column),
        "cells": [
            key
            for key in (
                _cell_key(c.location.table, c.location.row, c.location.column)
                for c in finding.cells
            )
            if key is not None
        ],
        "suppressed": finding.suppressed.text(lang) if finding.suppressed else None,
        "related": [
            {"where": related_where(src.file if src else None, r), "message": r.message(lang)}
            for r in finding.related
        ],
    }


def _script() -> str:
    """The page's script: report.js with tables.js included where it says so."""
    script = _asset("report.js")
    marker = "/* @include tables.js */"
    assert marker in script
    return script.replace(marker, _asset("tables.js"))


def _asset(name: str) -> str:
    return resources.files("disclosure_lint.reporters").joinpath("html", name).read_text("utf-8")


def _csp_hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


class HtmlReporter(Reporter):
    name = "html"
    needs_tables = True
    description = "Self-contained HTML batch report: summaries, chart, filters, tables."
    human = True

    def start(self) -> None:
        self._reports: list[dict[str, Any]] = []
        self._used_rules: set[str] = set()

    def file_done(self, result: FileResult) -> None:
        lang = self.options.lang
        meta = ReportMeta.of(result)
        report = result.report
        self._used_rules.update(f.code for f in result.findings)
        self._reports.append(
            {
                "path": meta.path,
                "status": meta.status,
                "title": meta.title,
                "body": meta.body,
                "year": meta.year,
                "format": meta.format,
                "counts": counts(result),
                "findings": [_finding_data(f, report, lang) for f in result.findings],
                "tables": [
                    _table_data(t, table_layout(t, meta.format, self.options.formats))
                    for t in report.tables.values()
                ]
                if report
                else [],
                # the verdict needs --fail-on, known at the end; keep what it needs
                "_result": FileResult(result.path, result.status, list(result.findings)),
            }
        )

    def finish(self, summary: RunSummary) -> None:
        lang = "en" if self.options.lang == "en" else "zh"
        rules: dict[str, dict[str, Any]] = {}
        for code in sorted(self._used_rules):
            rule = self.options.rules.get(code) if self.options.rules is not None else None
            rules[code] = {
                "name": rule.name if rule else "",
                "title": rule.title.get(lang) if rule else "",
                "severity": rule.severity.value if rule else None,
                "rationale": rule.rationale.get(lang) if rule else "",
                "citation": rule.citation if rule else None,
                "example": rule.example.get(lang) if rule and rule.example else None,
                # a published reference (--rules-doc-url), else the page's own (#rule-dl101)
                "url": self.options.rule_doc_url(code),
            }
        reports = []
        for item in self._reports:
            result = item.pop("_result")
            item["failed"] = result_failed(result, summary.fail_on)
            reports.append(item)
        ui = dict(words(lang))
        ui.update(UI_WORDS[lang])
        data = {
            "lang": lang,
            "tool": {"name": "disclosure-lint", "version": __version__},
            "words": ui,
            "severities": list(SEVERITIES),
            "rules": rules,
            "summary": summary.to_dict(lang),
            "reports": reports,
        }
        script = _script()
        style = _asset("report.css")
        csp = "; ".join(
            [
                "default-src 'none'",
                f"script-src {_csp_hash(script)}",
                f"style-src {_csp_hash(style)}",
                "img-src 'none'",
                "connect-src 'none'",
                "base-uri 'none'",
                "form-action 'none'",
            ]
        )
        title = html.escape(UI_WORDS[lang]["doc_title"])
        page = [
            "<!DOCTYPE html>",
            f'<html lang="{"en" if lang == "en" else "zh-CN"}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>{style}</style>",
            "</head>",
            "<body>",
            f"<noscript>{html.escape(UI_WORDS[lang]['noscript'])}</noscript>",
            '<div id="app"></div>',
            f'<script type="application/json" id="dl-data">{json_for_script(data)}</script>',
            f"<script>{script}</script>",
            "</body>",
            "</html>",
        ]
        self.stream.write("\n".join(page) + "\n")
