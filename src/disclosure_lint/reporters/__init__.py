"""Built-in reporters, registered through the same hook a third-party reporter uses."""

from __future__ import annotations

from ..core.hookspecs import hookimpl
from ..core.reporting import Reporter
from .csv_report import CsvReporter
from .github import GithubReporter
from .html_report import HtmlReporter
from .json_report import JsonReporter
from .junit import JunitReporter
from .sarif import SarifReporter
from .terminal import RichReporter
from .xlsx import XlsxReporter


@hookimpl
def disclosure_lint_reporters() -> list[type[Reporter]]:
    return [
        RichReporter,
        JsonReporter,
        SarifReporter,
        JunitReporter,
        GithubReporter,
        CsvReporter,
        XlsxReporter,
        HtmlReporter,
    ]
