"""The human reporter: Rich output grouped by file, each finding with code, severity, message,
semantic location and the source line, then a summary of the run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..builtin_rules import rules_dir
from ..core.findings import Finding, Outcome
from ..core.i18n import localize, state_words
from ..core.reporting import Reporter, ReporterOptions
from ..core.results import FileResult, FileStatus, RunSummary
from .common import related_where, word
from .excerpt import window

if TYPE_CHECKING:
    from rich.cells import cell_len
    from rich.console import Console
    from rich.text import Text


def _load_rich() -> None:
    """Import Rich when a reporter is made: the module is imported to register the reporter
    in every run, also in those that print no Rich output."""
    global Console, Text, cell_len
    from rich.cells import cell_len
    from rich.console import Console
    from rich.text import Text


_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_LABELS = {
    "zh": {
        **state_words("zh"),
        "files": "文件",
        "findings": "问题",
        "rules": "规则",
        "from": "来自",
        "plugins": "插件",
        "format": "格式",
        "year": "年度",
        "no_findings": "未发现问题",
        "not_assessable": "无法核对",
        "result": "结果",
        "fail_on": "失败阈值",
        "plugin_problems": "插件问题",
        "cache": "缓存",
        "see_also": "另见",
        "cache_hits": "{n} 个文件的结果取自缓存",
        "accepted": "已接受",
        "accepted_note": "{n} 个已被抑制或基线接受（--show-accepted 列出）",
        "statistics": "按规则",
        "packs": "规则包",
        "builtin": "内置",
    },
    "en": {
        **state_words("en"),
        "files": "files",
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
        "fail_on": "fail-on",
        "plugin_problems": "plugin problems",
        "cache": "cache",
        "see_also": "see also",
        "cache_hits": "{n} results taken from the cache",
        "accepted": "accepted",
        "accepted_note": "{n} accepted by a suppression or the baseline (--show-accepted)",
        "statistics": "by rule",
        "packs": "packs",
        "builtin": "built-in",
    },
}


class RichReporter(Reporter):
    name = "rich"
    description = "Findings grouped by file for the terminal (default)."
    human = True

    def __init__(self, stream, options: ReporterOptions) -> None:
        super().__init__(stream, options)
        _load_rich()
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
        shown = [f for f in result.findings if self.options.show_accepted or not f.suppressed]
        accepted = sum(1 for f in result.findings if f.suppressed)
        if self.options.summary_only:
            counts = result.counts()
            bits.append(
                " ".join(f"{w[k]} {counts[k]}" for k in ("error", "warning", "info") if counts[k])
                or w["no_findings"]
            )
        if accepted and not self.options.show_accepted:
            bits.append(f"{w['accepted']} {accepted}")
        header.append("  " + " · ".join(bits), style="dim")
        self.console.print(header)
        if self.options.summary_only:
            return
        if not shown:
            self.console.print(f"  [green]✓ {w['no_findings']}[/green]")
            return
        for finding in shown:
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
                shown = window(source_line.replace("\t", "→").rstrip(), finding)
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
        if summary.accepted:
            note = w["accepted_note"].format(n=summary.accepted)
            self._row(
                w["accepted"],
                Text(
                    note if not self.options.show_accepted else str(summary.accepted), style="dim"
                ),
            )
        if self.options.statistics and summary.by_rule:
            self._statistics(summary)
        self._row(w["rules"], Text(str(summary.rules_loaded)))
        if self.options.verbose:
            for name, file, count in summary.packs:
                self._row("", Text(f"{name} ({count}) {self._pack_file(file)}", style="dim"))
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

    def _statistics(self, summary: RunSummary) -> None:
        """Findings per rule, most frequent first (``--statistics``)."""
        ranked = sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0]))
        width = len(str(ranked[0][1]))
        for index, (code, count) in enumerate(ranked):
            line = Text(f"{count:>{width}}  ", style="bold")
            line.append(code, style="bold")
            name = summary.rule_names.get(code, "")
            if name:
                line.append(f"  {name}", style="dim")
            self._row(self.words["statistics"] if index == 0 else "", line)

    def _pack_file(self, file: str) -> str:
        """A pack's file for people: "built-in", or relative to the working directory."""
        path = Path(file)
        try:
            path.resolve().relative_to(rules_dir().resolve())
            return f"({self.words['builtin']})"
        except (ValueError, OSError):
            pass
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except (ValueError, OSError):
            return str(path)

    def _row(self, label: str, value: Text) -> None:
        line = Text(label + " " * max(1, 10 - cell_len(label)), style="bold")
        line.append_text(value)
        self.console.print(line)


def is_problem_free(result: FileResult) -> bool:
    return result.status is FileStatus.CHECKED and not result.findings
