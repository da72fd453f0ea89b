"""The reporter interface. Reporters are registered by plugins (``disclosure_lint_reporters``).

A run calls ``start`` once, ``file_done`` for every input as soon as it is checked (so output can
stream), and ``finish`` with the summary. A reporter writes to the stream it was given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, ClassVar

from .results import FileResult, RunSummary


@dataclass
class ReporterOptions:
    lang: str = "zh"
    color: bool | None = None  # None: decide from the terminal
    verbose: bool = False
    show_source: bool = True


class Reporter:
    #: name used with ``--format NAME`` / ``--output NAME[=FILE]``
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    #: True for formats meant for people (progress bars may be shown alongside)
    human: ClassVar[bool] = False
    #: True when the output is binary (written to files only)
    binary: ClassVar[bool] = False

    def __init__(self, stream: IO[str], options: ReporterOptions) -> None:
        self.stream = stream
        self.options = options

    def start(self) -> None:
        """Called once before the first file."""

    def file_done(self, result: FileResult) -> None:
        """Called once per input file, in input order."""

    def finish(self, summary: RunSummary) -> None:
        """Called once at the end."""
