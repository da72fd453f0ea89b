"""Built-in reporters, registered through the same hook a third-party reporter uses."""

from __future__ import annotations

from ..core.hookspecs import hookimpl
from ..core.reporting import Reporter
from .json_report import JsonReporter
from .terminal import RichReporter


@hookimpl
def disclosure_lint_reporters() -> list[type[Reporter]]:
    return [RichReporter, JsonReporter]
