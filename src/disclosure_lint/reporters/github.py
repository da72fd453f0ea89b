"""GitHub Actions workflow commands: one annotation per finding, on its file and line.

``::error file=F,line=L,endLine=E,title=T::MESSAGE`` (``warning`` and ``notice`` for the lower
severities). Values are escaped as the Actions runner expects: ``%``, CR and LF everywhere, and
``:`` and ``,`` in properties too, so text taken from a report can never end the command or start
a new one. Accepted (suppressed or baselined) findings are not annotated.
"""

from __future__ import annotations

from ..core.findings import Severity
from ..core.reporting import Reporter
from ..core.results import FileResult, RunSummary
from .common import word

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions annotations (::error file=…,line=…::message)."

    def file_done(self, result: FileResult) -> None:
        lang = self.options.lang
        for finding in result.findings:
            if finding.suppressed:
                continue
            src = finding.location.source
            props = [("file", src.file if src is not None and src.file else result.path)]
            if src is not None and src.line is not None:
                props.append(("line", str(src.line)))
                if src.end_line is not None and src.end_line > src.line:
                    props.append(("endLine", str(src.end_line)))
            props.append(("title", f"{finding.code} {finding.name}"))
            message = finding.message(lang)
            path = finding.location.path()
            if path:
                message = f"{path}: {message}"
            head = ",".join(f"{key}={escape_property(value)}" for key, value in props)
            command = COMMANDS[finding.severity]
            self.stream.write(f"::{command} {head}::{escape_data(message)}\n")

    def finish(self, summary: RunSummary) -> None:
        lang = self.options.lang
        counts = ", ".join(
            f"{word(lang, s.value)} {summary.by_severity.get(s.value, 0)}"
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        )
        verdict = word(lang, "failed" if summary.failed else "passed")
        # A plain line (no workflow command): shown in the log as it is.
        self.stream.write(
            escape_data(f"disclosure-lint: {summary.files} {word(lang, 'files')}, {counts}: ")
            + escape_data(verdict)
            + "\n"
        )
