"""One cause, one finding: not-assessable findings folded into the finding about their cause.

(Also: a finding that is only a consequence of a wrong number of the text — the text's own
breakdown not adding up because one of its numbers disagrees with the table — is recorded on the
finding that reports that number, see :func:`fold_consequences`.)

A relation that cannot be computed because a cell is blank, text or unreadable is not a defect of
its own: the cell is. Each not-assessable finding names what blocks it (:attr:`Finding.blocked_by`,
by default its operand cells that hold no number). It is recorded on the finding about that
cause — the blank-cell finding of the table, the text-cell finding, the loader's finding about a
row or cell it could not read — as ``data["blocks"]`` (rule code -> the lines it is checked on)
and a sentence added to its message, and is not listed on its own. Not-assessable findings whose
cause was not reported (its rule is not selected) are kept, one per cause, the others recorded
on it. Findings about cells the loader could not read and whose loader finding is not selected
are dropped, as before: the loader reports unread rows and cells itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .findings import Blocker, Claimed, Finding, Outcome
from .rules import Text
from .values import ValueReason

FOLDED = Text(zh="；因此无法核对：{relations}", en="; so these cannot be checked: {relations}")
ALSO = Text(
    zh="；同一原因还使以下关系无法核对：{relations}",
    en="; the same cause also blocks: {relations}",
)
#: line labels named per rule before the rest are counted
NAMED = 3


def blockers_of(finding: Finding) -> list[Blocker]:
    """What makes ``finding`` not assessable: its own list, else its operands without a number."""
    if finding.blocked_by:
        return list(finding.blocked_by)
    finding.finish()
    return [
        Blocker(c.location.table or "", c.location.row, c.location.column, c.reason.value)
        for c in finding.cells
        if c.reason is not ValueReason.NUMBER
    ]


class _Causes:
    """The findings that can be a cause, indexed by the cells and places they are about."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.by_cell: dict[tuple[str, str | None, str | None, str], list[Finding]] = {}
        self.by_place: dict[tuple[str, str | None, str | None], list[Finding]] = {}
        #: id of a finding with cells -> whether it is about those cells (none holds a number)
        self.about_cells: dict[int, bool] = {}
        for finding in findings:
            if finding.outcome is not Outcome.FAIL:
                continue
            if finding.cells:
                self.about_cells[id(finding)] = _about_cells(finding)
                for cell in finding.cells:
                    if cell.reason is not ValueReason.NUMBER:
                        key = (
                            cell.location.table or "",
                            cell.location.row,
                            cell.location.column,
                            cell.reason.value,
                        )
                        self.by_cell.setdefault(key, []).append(finding)
                continue
            loc = finding.location
            if loc.table and not loc.section:
                self.by_place.setdefault((loc.table, loc.row, loc.column), []).append(finding)

    def cause(self, blocker: Blocker) -> Finding | None:
        """The finding that reports ``blocker``: about that very cell, else (for a cell or row
        the loader could not read) about its cell, row or table."""
        table, row, column = blocker.table, blocker.row, blocker.column
        if column is not None:
            found = self.by_cell.get((table, row, column, blocker.reason))
            if found:  # a finding about such cells first (not a relation that names the cell)
                return max(found, key=lambda f: (self.about_cells[id(f)], f.severity.rank))
        if blocker.reason == "assumed":  # the loader's finding about the split row or table
            places = [(table, row, None)] if row is not None else [(table, None, None)]
        elif blocker.reason == ValueReason.MISSING.value:
            places = [(table, row, column), (table, row, None), (table, None, None)]
        else:
            return None
        for place in places:
            found = self.by_place.get(place)
            if found:
                return _worst(found)
        return None


def _about_cells(finding: Finding) -> bool:
    return all(c.reason is not ValueReason.NUMBER for c in finding.cells)


def _worst(findings: list[Finding]) -> Finding:
    return max(findings, key=lambda f: f.severity.rank)


def line_label(finding: Finding) -> str:
    """Short name of what a not-assessable finding checks: ``data["line_label"]`` when the kind
    gives one, else its column, row, cell or section."""
    given = finding.data.get("line_label")
    if isinstance(given, str) and given:
        return given
    loc = finding.finish().location
    if loc.table:
        rows = " › ".join(loc.row_labels[-1:]) or (loc.row or "")
        columns = " › ".join(loc.column_labels[-2:]) or (loc.column or "")
        if rows and columns:
            return f"{rows} × {columns}"
        return rows or columns or loc.table_name or loc.table
    return loc.section_label or loc.section or finding.code


def fold_not_assessable(findings: list[Finding], keep: bool = False) -> list[Finding]:
    """``findings`` with each not-assessable one recorded on the finding about its cause
    (``keep``: still listed one by one as well)."""
    pending = [f for f in findings if f.outcome is Outcome.NOT_ASSESSABLE]
    if not pending:
        return findings
    causes = _Causes(findings)
    attached: dict[int, tuple[Finding, list[Finding]]] = {}
    folded: set[int] = set()
    leaders: dict[Blocker, Finding] = {}
    for finding in pending:
        blockers = blockers_of(finding)
        found: list[Finding] = []
        for blocker in blockers:
            cause = causes.cause(blocker)
            if cause is not None and all(cause is not f for f in found):
                found.append(cause)
        if not found:
            if not blockers or all(b.reason == ValueReason.MISSING.value for b in blockers):
                if blockers:
                    folded.add(id(finding))  # unread cells: the loader reports them
                continue
            leader = leaders.setdefault(blockers[0], finding)
            if leader is finding:
                continue
            found.append(leader)
        for cause in found:
            attached.setdefault(id(cause), (cause, []))[1].append(finding)
        folded.add(id(finding))
    for cause, blocked in attached.values():
        _record(cause, blocked)
    if keep:
        return findings
    return [f for f in findings if id(f) not in folded]


def _record(cause: Finding, blocked: list[Finding]) -> None:
    """Write what ``cause`` blocks into its data and its message."""
    cause.finish()
    by_code: dict[str, list[str]] = cause.data.setdefault("blocks", {})
    for finding in blocked:
        label = line_label(finding)
        labels = by_code.setdefault(finding.code, [])
        if label not in labels:  # a relation checked on one line is named once
            labels.append(label)
    zh_parts: list[str] = []
    en_parts: list[str] = []
    for code, labels in by_code.items():
        shown = labels[:NAMED]
        more = len(labels) - len(shown)
        zh_parts.append(f"{code}（{'、'.join(shown)}{f' 等 {len(labels)} 处' if more else ''}）")
        en_parts.append(f"{code} ({'; '.join(shown)}{f' and {more} more' if more else ''})")
    relations = Text("；".join(zh_parts), "; ".join(en_parts))
    note = ALSO if cause.outcome is Outcome.NOT_ASSESSABLE else FOLDED
    for lang in list(cause.messages):
        cause.messages[lang] += note.get(lang).format(relations=relations.get(lang))


def fold_consequences(findings: list[Finding]) -> list[Finding]:
    """``findings`` without those whose cause other findings report: the text's own numbers
    not adding up (:attr:`Finding.explained_by`) when some of them are reported as wrong (a
    failing finding quoting that number with another value) and the reported values add up.
    Each is recorded on those findings (``data["explains"]`` and a sentence of their message);
    kept when no finding reports a number (its rule not selected, or none compares it) or the
    corrected numbers still do not add up."""
    pending = [f for f in findings if f.explained_by and f.outcome is Outcome.FAIL]
    if not pending:
        return findings
    dropped: set[int] = set()
    for finding in pending:
        consequence = finding.explained_by
        assert consequence is not None
        reporters: list[Finding] = []
        values: list[Decimal] = []
        for claimed in (consequence.total, *consequence.parts):
            reporter = _reporter(findings, finding, claimed)
            if reporter is None:
                values.append(Decimal(claimed.value))
            else:
                reporters.append(reporter)
                values.append(Decimal(str(reporter.data["value"])))
        if not reporters or sum(values[1:], Decimal(0)) != values[0]:
            continue
        for reporter in {id(r): r for r in reporters}.values():
            reporter.data.setdefault("explains", []).append(finding.code)
            for lang in list(reporter.messages):
                reporter.messages[lang] += consequence.note.get(lang) or consequence.note["zh"]
        dropped.add(id(finding))
    return [f for f in findings if id(f) not in dropped]


def _reporter(findings: list[Finding], consequence: Finding, claimed: Claimed) -> Finding | None:
    """The failing finding that quotes the number ``claimed`` (same section, on a line of the
    consequence's span) and gives the table's other value for it, if any."""
    for finding in findings:
        if finding is consequence or finding.outcome is not Outcome.FAIL:
            continue
        data = finding.data
        if str(data.get("claimed")) != claimed.value or not _number(data.get("value")):
            continue
        if str(data["value"]) == claimed.value:
            continue  # agrees on another counting basis: not reported as wrong
        loc = finding.location
        line = loc.source.line if loc.source else None
        if loc.section != claimed.section or line is None:
            continue
        if claimed.first_line is not None and line < claimed.first_line:
            continue
        if claimed.last_line is not None and line > claimed.last_line:
            continue
        return finding
    return None


def _number(value: object) -> bool:
    try:
        Decimal(str(value))
    except ArithmeticError:
        return False
    return value is not None
