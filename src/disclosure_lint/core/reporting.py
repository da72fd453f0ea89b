"""The reporter interface. Reporters are registered by plugins (``disclosure_lint_reporters``).

A run calls ``start`` once, ``file_done`` for every input as soon as it is checked (so output can
stream), and ``finish`` with the summary. A reporter writes to the stream it was given: a text
stream, or a binary stream when the reporter sets ``binary = True`` (such a reporter can only
write to a file: ``--output NAME=FILE``).

Reporters that describe rules (SARIF rule metadata, titles in HTML and spreadsheets) read them
from ``options.rules``, the rule set loaded for the run, instead of loading rules again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, ClassVar

from .results import FileResult, RunSummary

if TYPE_CHECKING:
    from .formats import FormatRegistry
    from .rules import RuleSet


@dataclass
class ReporterOptions:
    lang: str = "zh"
    color: bool | None = None  # None: decide from the terminal
    verbose: bool = False
    show_source: bool = True
    #: every rule loaded for the run (None when a reporter is used outside a run)
    rules: RuleSet | None = None
    #: where the user publishes the rule reference (``--rules-doc-url``); links are
    #: ``{rules_doc_url}#{code in lower case}``. None: outputs link no web page (the HTML report
    #: carries the reference of the rules it shows, SARIF their help text)
    rules_doc_url: str | None = None
    #: the format definitions of the run, for outputs that draw the tables as the format does
    formats: FormatRegistry | None = None

    def rule_doc_url(self, code: str) -> str | None:
        """Link to the rule's section of the published rule reference (``…/rules.md#dl101``), or
        None when no ``--rules-doc-url`` was given."""
        if not self.rules_doc_url:
            return None
        return f"{self.rules_doc_url}#{code.lower()}"


class Reporter:
    #: name used with ``--format NAME`` / ``--output NAME[=FILE]``
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    #: True for formats meant for people (progress bars may be shown alongside)
    human: ClassVar[bool] = False
    #: True when the output is binary: the reporter gets a binary stream, and only to a file
    binary: ClassVar[bool] = False
    #: True when the reporter reads ``result.report``'s tables (kept for it in batch runs)
    needs_tables: ClassVar[bool] = False
    #: True when the reporter reads the whole report (sections, every source line): batch runs
    #: then hold it whole instead of a stub (more memory; the review app needs it)
    needs_reports: ClassVar[bool] = False

    def __init__(self, stream: IO[Any], options: ReporterOptions) -> None:
        self.stream = stream
        self.options = options

    def start(self) -> None:
        """Called once before the first file."""

    def file_done(self, result: FileResult) -> None:
        """Called once per input file, in input order."""

    def finish(self, summary: RunSummary) -> None:
        """Called once at the end."""
