"""The rule-kind interface and the context a rule runs in.

A rule kind is a class registered by a plugin through the ``disclosure_lint_rule_kinds`` hook.
It declares a JSON Schema for its ``params`` (checked when a rule file is loaded), the message
placeholders it fills, an optional semantic validation against the known formats, and ``check``,
which yields findings for one report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .findings import Blocker, CellRef, Finding, Outcome, Related, Severity
from .formats import FormatDef, FormatRegistry, SelectorError, TableDef
from .model import Cell, Location, Report
from .rules import Rule, Text


class RuleKind:
    """Base class of every rule kind. Subclass it, set the class attributes, implement check()."""

    #: kind name used in rule files (``kind: sum``)
    name: ClassVar[str] = ""
    #: one-line description, shown in ``disclosure-lint plugins`` and the docs
    description: ClassVar[str] = ""
    #: JSON Schema of the rule's ``params``
    params_schema: ClassVar[dict[str, Any]] = {"type": "object", "additionalProperties": False}
    #: placeholders this kind fills in messages (plus the rule's ``foreach`` names)
    message_args: ClassVar[frozenset[str]] = frozenset()
    #: True when the kind needs a checkable format (skipped for pre-2019 or undetected reports)
    needs_format: ClassVar[bool] = True
    #: True when a kind that needs no format reads the report's sections: it is skipped for a
    #: report in a detected format that is not checkable (pre-2019), whose sections the current
    #: section definitions do not describe (its statistics table would be read as prose)
    reads_sections: ClassVar[bool] = False
    #: True when :meth:`validate` depends on nothing but the rule, the formats and the kind's
    #: code (no other file, no setting): a rule pack found valid once may then skip it while the
    #: pack is cached (core/defcache.py). A kind that reads files in ``validate`` leaves it False.
    validation_cacheable: ClassVar[bool] = False

    def validate(
        self, rule: Rule, formats: FormatRegistry
    ) -> Iterable[tuple[tuple[Any, ...], str]]:
        """Semantic checks of ``rule.params`` beyond the schema: (param path, message) pairs."""
        return ()

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        raise NotImplementedError


def formats_of(rule: Rule, formats: FormatRegistry) -> Iterator[FormatDef]:
    """The checkable formats a rule applies to."""
    for fmt in formats.formats.values():
        if fmt.checkable and rule.applies_to(fmt.id):
            yield fmt


def check_table_selectors(
    rule: Rule,
    formats: FormatRegistry,
    table_key: str,
    rows: dict[str, list[str]] | None = None,
    columns: dict[str, list[str]] | None = None,
) -> list[tuple[tuple[Any, ...], str]]:
    """Validate that a table and the row/column selectors named by params exist in every format
    the rule applies to. ``rows``/``columns`` map a param name to its selectors."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    for fmt in formats_of(rule, formats):
        table = fmt.table(table_key)
        if table is None:
            problems.append((("table",), f"format {fmt.id} has no table '{table_key}'"))
            continue
        for param, selectors in (rows or {}).items():
            for index, sel in enumerate(selectors):
                try:
                    table.resolve_rows([sel])
                except SelectorError as exc:
                    problems.append(((param, index), f"format {fmt.id}: {exc.args[0]}"))
        for param, selectors in (columns or {}).items():
            for index, sel in enumerate(selectors):
                try:
                    table.resolve_columns([sel])
                except SelectorError as exc:
                    problems.append(((param, index), f"format {fmt.id}: {exc.args[0]}"))
    return problems


@dataclass
class CheckContext:
    """What a rule sees besides the report: its format definition and the other formats."""

    report: Report
    format: FormatDef | None
    formats: FormatRegistry
    bindings: dict[str, str] = field(default_factory=dict)
    #: per-file settings from configuration (body type, deadlines, publication date…);
    #: keys are documented in docs/configuration.md
    settings: Mapping[str, Any] = field(default_factory=dict)

    def table_def(self, key: str) -> TableDef | None:
        return self.format.table(key) if self.format else None

    def table_name(self, key: str) -> str:
        table = self.table_def(key)
        return table.name if table else key

    def cell_ref(self, cell: Cell, table_name: str | None = None) -> CellRef:
        """``CellRef.of(cell, table_name)``, made once per report: a blank cell is named by its
        table's blank finding and by every relation it blocks (the refs are immutable)."""
        return self.cell_refs((cell,), table_name)[0]

    def cell_refs(self, cells: Iterable[Cell], table_name: str | None = None) -> list[CellRef]:
        """:meth:`cell_ref` of each of ``cells`` (one look-up of the report's refs for all)."""
        made: dict[int, tuple[Cell, CellRef]] = self.report.memo(("cell-refs", table_name), dict)
        refs: list[CellRef] = []
        for cell in cells:
            entry = made.get(id(cell))
            # the cell is kept with its ref, so that its id names no other cell meanwhile
            if entry is None or entry[0] is not cell:
                entry = made[id(cell)] = (cell, CellRef.of(cell, table_name))
            refs.append(entry[1])
        return refs

    def section_location(self, key: str) -> Location:
        section = self.report.section(key)
        label = None
        if self.format is not None:
            sdef = self.format.section(key)
            label = sdef.label if sdef else None
        if section is not None:
            return Location(section=key, section_label=section.heading, source=section.location)
        return Location(section=key, section_label=label)

    def finding(
        self,
        rule: Rule,
        location: Location,
        args: dict[str, Any],
        *,
        outcome: Outcome = Outcome.FAIL,
        cells: Iterable[CellRef] = (),
        severity: Severity | None = None,
        data: dict[str, Any] | None = None,
        message: Text | None = None,
        related: Iterable[Related] = (),
        blocked_by: Iterable[Blocker] = (),
    ) -> Finding:
        """A finding of ``rule`` with its message filled from ``args`` in every language."""
        return make_finding(
            rule,
            location,
            {**args, **self.bindings},
            outcome=outcome,
            cells=cells,
            severity=severity,
            data=data,
            message=message,
            related=related,
            blocked_by=blocked_by,
        )


def make_finding(
    rule: Rule,
    location: Location,
    args: dict[str, Any],
    *,
    outcome: Outcome = Outcome.FAIL,
    cells: Iterable[CellRef] = (),
    severity: Severity | None = None,
    data: dict[str, Any] | None = None,
    message: Text | None = None,
    related: Iterable[Related] = (),
    blocked_by: Iterable[Blocker] = (),
) -> Finding:
    """A finding of ``rule`` at ``location``, its message filled from ``args`` in every language
    (``message`` replaces the rule's own template, for a kind's secondary outcomes); ``related``
    are the other places it compares with; ``blocked_by``, for a not-assessable finding, what
    keeps it from being computed (default: its cells without a number)."""
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=severity or rule.severity,
        messages=rule.render(args, message),
        location=location,
        outcome=outcome,
        cells=tuple(cells),
        data=data or {},
        source=rule.file,
        related=tuple(related),
        blocked_by=tuple(blocked_by),
    )
