"""The human reporter: Rich output grouped by file, each finding with code, severity, message,
semantic location and the source line, then a summary of the run."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..core.findings import Finding, Outcome
from ..core.i18n import localize
from ..core.reporting import Reporter, ReporterOptions
from ..core.results import FileResult, FileStatus, RunSummary
from .common import related_where, word

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_LABELS = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "files": "文件",
        "checked": "已检查",
        "not-checkable": "无法按格式检查",
        "unreadable": "无法读取",
        "config": "配置文件",
        "findings": "问题",
        "rules": "规则",
        "from": "来自",
        "plugins": "插件",
        "format": "格式",
        "year": "年度",
        "no_findings": "未发现问题",
        "not_assessable": "无法核对",
        "result": "结果",
        "failed": "未通过",
        "passed": "通过",
        "fail_on": "失败阈值",
        "plugin_problems": "插件问题",
        "cache": "缓存",
        "see_also": "另见",
        "cache_hits": "{n} 个文件的结果取自缓存",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "files": "files",
        "checked": "checked",
        "not-checkable": "not checkable",
        "unreadable": "unreadable",
        "config": "configuration",
        "findings": "findings",
        "rules": "rules",
        "from": "from",
        "plugins": "plugins",
        "format": "format",
        "year": "year",
        "no_findings": "no findings",
        "not_assessable": "not assessable",
        "result": "result",
        "failed": "FAILED",
        "passed": "passed",
        "fail_on": "fail-on",
        "plugin_problems": "plugin problems",
        "cache": "cache",
        "see_also": "see also",
        "cache_hits": "{n} results taken from the cache",
    },
}


class RichReporter(Reporter):
    name = "rich"
    description = "Findings grouped by file for the terminal (default)."
    human = True

    def __init__(self, stream, options: ReporterOptions) -> None:
        super().__init__(stream, options)
        self.console = Console(
            file=stream,
            highlight=False,
            soft_wrap=True,
            force_terminal=options.color,
            no_color=options.color is False,
            width=None if options.color is not False else 120,
        )
        self.words = _LABELS["en" if options.lang == "en" else "zh"]

    def file_done(self, result: FileResult) -> None:
        w = self.words
        header = Text()
        header.append(result.path, style="bold underline")
        report = result.report
        bits: list[str] = []
        if report is not None:
            meta = report.metadata
            if meta.body:
                bits.append(meta.body)
            if meta.year:
                bits.append(f"{w['year']} {meta.year}")
            if report.format.used or report.format.detected:
                bits.append(f"{w['format']} {report.format.used or report.format.detected}")
        bits.append(w.get(result.status.value, result.status.value))
        header.append("  " + " · ".join(bits), style="dim")
        self.console.print(header)
        if not result.findings:
            self.console.print(f"  [green]✓ {w['no_findings']}[/green]")
            return
        for finding in result.findings:
            self._finding(finding, result)
        self.console.print()

    def _finding(self, finding: Finding, result: FileResult) -> None:
        lang = self.options.lang
        w = self.words
        src = finding.location.source
        where = src.short() if src else ""
        line = Text("  ")
        line.append(f"{where:<9} ", style="dim")
        line.append(f"{w[finding.severity.value]:<4}", style=_STYLE[finding.severity.value])
        line.append(f" {finding.code} ", style="bold")
        line.append(finding.name, style="dim")
        if finding.outcome is Outcome.NOT_ASSESSABLE:
            line.append(f" ({w['not_assessable']})", style="magenta")
        if finding.suppressed:
            line.append(f" [{finding.suppressed.text(lang)}]", style="dim")
        self.console.print(line)
        path = finding.location.path()
        if path:
            self.console.print(Text("      " + path, style="blue"))
        self.console.print(Text("      " + finding.message(lang)))
        for other in finding.related:
            at = related_where(result.path, other)
            note = Text(f"      ↳ {w['see_also']} ", style="dim")
            note.append(f"{at} " if at else "", style="dim")
            note.append(other.message(lang), style="dim")
            self.console.print(note)
        if self.options.show_source and result.report is not None and src is not None:
            source_line = result.report.source_line(src.line)
            if source_line is not None:
                shown = source_line.replace("\t", "→").rstrip()
                if len(shown) > 100:
                    shown = shown[:100] + "…"
                self.console.print(Text(f"      {src.line:>5} │ {shown}", style="dim"))

    def finish(self, summary: RunSummary) -> None:
        w = self.words
        lang = self.options.lang
        sep = "、" if self.options.lang != "en" else ", "
        status = sep.join(
            f"{w.get(k, k)} {v}"
            for k, v in sorted(summary.by_status.items())
            if k != FileStatus.CONFIG.value  # not an input: its findings are counted below
        )
        self._row(w["files"], Text(f"{summary.files}" + (f" ({status})" if status else "")))
        counts = Text()
        for key in ("error", "warning", "info"):
            counts.append(f"{w[key]} {summary.by_severity.get(key, 0)}  ", style=_STYLE[key])
        self._row(w["findings"], counts)
        self._row(w["rules"], Text(str(summary.rules_loaded)))
        for name, file, count in summary.packs:
            self._row("", Text(f"{name} ({count}) {w['from']} {file}", style="dim"))
        if summary.plugins:
            self._row(w["plugins"], Text(", ".join(summary.plugins)))
        if summary.cache_hits:
            self._row(w["cache"], Text(w["cache_hits"].format(n=summary.cache_hits), style="dim"))
        for problem in summary.problems:
            self._row(w["plugin_problems"], Text(localize(problem, lang), style="red"))
        verdict = Text(
            w["failed"] if summary.failed else w["passed"],
            style="bold red" if summary.failed else "bold green",
        )
        verdict.append(f"  ({w['fail_on']}: {word(lang, summary.fail_on)})", style="dim")
        self._row(w["result"], verdict)

    def _row(self, label: str, value: Text) -> None:
        line = Text(label + " " * max(1, 10 - cell_len(label)), style="bold")
        line.append_text(value)
        self.console.print(line)


def is_problem_free(result: FileResult) -> bool:
    return result.status is FileStatus.CHECKED and not result.findings
