"""The public API for plugin authors: everything a rule kind, loader, reporter or batch check uses.

Import from here, never from ``disclosure_lint.core`` or another internal module: the names below
keep their meaning across releases, while internal modules move. docs/plugins.md documents each
name and the methods of the report model a rule kind calls.

```python
from disclosure_lint.api import CheckContext, Location, Report, RuleKind, hookimpl
```

The testing kit (``rule_test_cases``, ``Linter``, ``build_report``) is loaded on first use, so a
plugin that only checks reports does not import pytest-oriented code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .core.batch import BatchCheck, BatchContext, BatchOptions, Prepared
from .core.errors import LoadError
from .core.findings import Blocker, CellRef, Finding, Outcome, Related, Severity
from .core.formats import FormatDef, FormatRegistry, SectionDef, SelectorError, TableDef
from .core.hookspecs import hookimpl
from .core.inputs import InputSource, LoadContext
from .core.kinds import CheckContext, RuleKind, check_table_selectors, formats_of
from .core.memo import BatchMemo
from .core.model import (
    Cell,
    FormatInfo,
    Issue,
    Location,
    Metadata,
    Report,
    Section,
    SourceLocation,
    Table,
)
from .core.reporting import Reporter, ReporterOptions
from .core.results import FileResult, FileStatus, RunSummary
from .core.rules import Rule, Text
from .core.values import Irregularity, ValueReason, parse_cell
from .reading.assemble import DocumentFlow, assemble_report
from .reading.structure import Paragraph
from .reading.tablemap import SourceRow, Token, map_table

if TYPE_CHECKING:  # imported on first use, see __getattr__
    from .testing.builders import build_report
    from .testing.cases import rule_test_cases
    from .testing.harness import Linter, LintResult

#: names of the testing kit, imported lazily from ``disclosure_lint.testing``
_TESTING = {
    "rule_test_cases": "disclosure_lint.testing.cases",
    "Linter": "disclosure_lint.testing.harness",
    "LintResult": "disclosure_lint.testing.harness",
    "build_report": "disclosure_lint.testing.builders",
}

__all__ = [
    "BatchCheck",
    "BatchContext",
    "BatchMemo",
    "BatchOptions",
    "Blocker",
    "Cell",
    "CellRef",
    "CheckContext",
    "DocumentFlow",
    "FileResult",
    "FileStatus",
    "Finding",
    "FormatDef",
    "FormatInfo",
    "FormatRegistry",
    "InputSource",
    "Irregularity",
    "Issue",
    "LintResult",
    "Linter",
    "LoadContext",
    "LoadError",
    "Location",
    "Metadata",
    "Outcome",
    "Paragraph",
    "Prepared",
    "Related",
    "Report",
    "Reporter",
    "ReporterOptions",
    "Rule",
    "RuleKind",
    "RunSummary",
    "Section",
    "SectionDef",
    "SelectorError",
    "Severity",
    "SourceLocation",
    "SourceRow",
    "Table",
    "TableDef",
    "Text",
    "Token",
    "ValueReason",
    "assemble_report",
    "build_report",
    "check_table_selectors",
    "formats_of",
    "hookimpl",
    "map_table",
    "parse_cell",
    "rule_test_cases",
]


def __getattr__(name: str) -> Any:
    module_name = _TESTING.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
