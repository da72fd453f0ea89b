"""Rule kind ``sum``: one side equals the other, each side a sum of named cells.

Footing and cross-footing over a table. ``sum_over: rows`` means ``left`` and ``right`` name rows
and the relation is checked once per column (e.g. 表三 R1, per applicant column); ``sum_over:
columns`` names columns and checks once per row (表三 R4, 表四 R5). A group key stands for all the
leaves under it. An operand that is blank, a placeholder, text or missing makes that instance
"not assessable" and never computed as 0 — except a blank the report uses for 0 (see
:mod:`..domain.blanks`): the relation is then computed with it as 0 and a failure says so. A
not-assessable instance names what blocks it, so that it is recorded on the finding about that
cause (core/fold.py) rather than listed on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from ..core.findings import Blocker, Finding, Outcome, Severity
from ..core.formats import FormatRegistry, TableDef
from ..core.kinds import CheckContext, RuleKind, check_table_selectors
from ..core.model import Cell, Location, Report, Table
from ..core.rules import Rule, Text
from ..core.values import ValueReason
from ..domain.blanks import BlankReading, blank_reading, short_label, value_of

_SELECTORS = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}

NOT_ASSESSABLE = Text(
    zh="{table}「{line}」无法核对 {relation}：{operands}不是数字",
    en="{table} '{line}': cannot check {relation}: not a number: {operands}",
)

BLANK_AS_ZERO = Text(
    zh="（空白按 0 计：{cells}）",
    en=" (blanks counted as 0: {cells})",
)

ASSUMED = Text(
    zh="{table}「{line}」无法核对 {relation}：该行数字连写在一起，"
    "读取时已按此关系拆分，不能再用它核对",
    en="{table} '{line}': cannot check {relation}: the row's numbers were written together and "
    "were split assuming this relation, so it cannot be checked on this row",
)

ASSUMED_IN_COLUMN = Text(
    zh="{table}「{line}」无法核对 {relation}：表中有数字连写在一起的行，"
    "读取时已按此关系拆分，不能再用它核对",
    en="{table} '{line}': cannot check {relation}: rows of the table were written together and "
    "were split assuming this relation, so it cannot be checked in this column",
)


def describe_terms(tdef: TableDef, selectors: list[str], axis: str) -> str:
    """Short description of one side: the labels of the selected nodes joined by ' + '."""
    parts = []
    for sel in selectors:
        node = tdef.node(sel, axis)
        parts.append(node.label if node is not None and node.label else sel)
    return " + ".join(parts)


def _fmt(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


_REASONS = {
    "blank": ("空白", "blank"),
    "placeholder": ("占位符", "placeholder"),
    "text": ("文字", "text"),
    "missing": ("未读到", "not found"),
}


def _reason(cell: Cell, lang: str) -> str:
    zh, en = _REASONS.get(cell.reason.value, (cell.reason.value, cell.reason.value))
    text = zh if lang == "zh" else en
    raw = (cell.raw or "").strip()
    return f"{text} “{raw}”" if raw else text


def describe_operands(cells: list[Cell]) -> Text:
    """Compact bilingual description of non-numeric operands, grouped by row."""
    groups: dict[tuple[str, ...], list[Cell]] = {}
    for cell in cells:
        groups.setdefault(cell.row_labels, []).append(cell)
    zh_parts: list[str] = []
    en_parts: list[str] = []
    for row_labels, group in groups.items():
        row = row_labels[-1] if row_labels else ""
        zh_cols = "、".join(f"{' › '.join(c.column_labels)}（{_reason(c, 'zh')}）" for c in group)
        en_cols = ", ".join(f"{' › '.join(c.column_labels)} ({_reason(c, 'en')})" for c in group)
        zh_parts.append(f"「{row}」{zh_cols}" if row else zh_cols)
        en_parts.append(f"'{row}' {en_cols}" if row else en_cols)
    return Text("；".join(zh_parts), "; ".join(en_parts))


def cell_label(cell: Cell) -> str:
    rows = " › ".join(cell.row_labels)
    cols = " › ".join(cell.column_labels)
    return f"{rows} × {cols}" if rows else cols


class SumKind(RuleKind):
    name: ClassVar[str] = "sum"
    #: validate() reads only the rule and the formats
    validation_cacheable: ClassVar[bool] = True
    description: ClassVar[str] = (
        "Left side equals right side, each a sum of rows (checked per column) or of columns "
        "(checked per row)."
    )
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["table", "sum_over", "left", "right"],
        "properties": {
            "table": {"type": "string", "description": "table key, e.g. table3"},
            "sum_over": {
                "enum": ["rows", "columns"],
                "description": "rows: left/right name rows, checked for each column; "
                "columns: they name columns, checked for each row",
            },
            "left": {**_SELECTORS, "description": "keys (group keys, globs) summed on the left"},
            "right": {**_SELECTORS, "description": "keys summed on the right"},
            "in": {**_SELECTORS, "description": "columns (or rows) to check; default all"},
            "tolerance": {
                "type": "number",
                "minimum": 0,
                "description": "allowed absolute difference (default 0)",
            },
            "not_assessable_severity": {
                "enum": ["error", "warning", "info"],
                "description": "severity when an operand is not a number (default warning)",
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {
            "table",
            "line",
            "relation",
            "left_terms",
            "right_terms",
            "left_value",
            "right_value",
            "difference",
            "operands",
            "left_cell",
        }
    )

    def validate(self, rule: Rule, formats: FormatRegistry):
        p = rule.params
        terms = {"left": p["left"], "right": p["right"]}
        scope = {"in": p["in"]} if "in" in p else {}
        if p["sum_over"] == "rows":
            return check_table_selectors(rule, formats, p["table"], rows=terms, columns=scope)
        return check_table_selectors(rule, formats, p["table"], rows=scope, columns=terms)

    def instances(
        self, rule: Rule, tdef: TableDef
    ) -> Iterator[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]]:
        """Each checked line with its left and right (row, column) keys."""
        p = rule.params
        by_rows = p["sum_over"] == "rows"
        resolve_terms = tdef.resolve_rows if by_rows else tdef.resolve_columns
        left = resolve_terms(p["left"])
        right = resolve_terms(p["right"])
        if "in" in p:
            lines = (tdef.resolve_columns if by_rows else tdef.resolve_rows)(p["in"])
        else:
            lines = tdef.all_column_keys() if by_rows else tdef.all_row_keys()
        for line in lines:
            if by_rows:
                lk = [(r, line) for r in left]
                rk = [(r, line) for r in right]
            else:
                lk = [(line, c) for c in left]
                rk = [(line, c) for c in right]
            # a line exists only where every operand is a cell of the format (表二 blocks differ)
            if all(tdef.column_leaf(r, c) is not None for r, c in lk + rk):
                yield line, lk, rk

    def plan(self, rule: Rule, tdef: TableDef) -> SumPlan:
        """What the rule checks in ``tdef``, resolved once per format (see :class:`SumPlan`)."""
        p = rule.params
        by_rows = p["sum_over"] == "rows"
        axis = "row" if by_rows else "column"
        left_terms = describe_terms(tdef, p["left"], axis)
        right_terms = describe_terms(tdef, p["right"], axis)
        lines = []
        for line, lk, rk in self.instances(rule, tdef):
            if by_rows:
                relation = frozenset(row for row, _ in lk + rk)
            else:
                relation = frozenset(column for _, column in lk + rk)
            lines.append(SumLine(line, tuple(lk), tuple(rk), relation))
        return SumPlan(
            by_rows=by_rows,
            left_terms=left_terms,
            right_terms=right_terms,
            relation=f"{left_terms} = {right_terms}",
            tolerance=Decimal(str(p.get("tolerance", 0))),
            na_severity=Severity(p.get("not_assessable_severity", "warning")),
            lines=tuple(lines),
        )

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        p = rule.params
        tdef = ctx.table_def(p["table"])
        table = report.table(p["table"])
        if tdef is None or table is None or not table.present or ctx.format is None:
            return  # the missing table is reported once by the loader (DL020)
        plan = rule.plan(ctx.format, lambda: self.plan(rule, tdef))
        blanks = blank_reading(report, ctx.format, tdef.key)
        cells = table.cells
        tolerance = plan.tolerance
        for line in plan.lines:
            # each side's sum straight from the cells (no list of them): the usual line adds up
            # and needs nothing more; the cells of the others are listed for their finding
            left = _total(cells, line.left, blanks)
            if left is _MISSING:
                continue  # not produced by the loader at all; nothing to say about this line
            right = _total(cells, line.right, blanks)
            if right is _MISSING:
                continue
            if (
                left is not _NO_NUMBER
                and right is not _NO_NUMBER
                and not _assumed(plan, line, table)
            ):
                difference = left - right  # type: ignore[operator]
                if difference == 0 or abs(Decimal(difference)) <= tolerance:
                    continue  # the line adds up: nothing to build
            left_cells = _cells_at(cells, line.left)
            right_cells = _cells_at(cells, line.right)
            assert left_cells is not None and right_cells is not None
            yield self._finding(rule, ctx, tdef, table, plan, line, left_cells, right_cells, blanks)

    def _finding(
        self,
        rule: Rule,
        ctx: CheckContext,
        tdef: TableDef,
        table: Table,
        plan: SumPlan,
        line: SumLine,
        left_cells: list[Cell],
        right_cells: list[Cell],
        blanks: BlankReading | None,
    ) -> Finding:
        """The finding about a line that does not balance or cannot be checked."""
        by_rows = plan.by_rows
        operands = left_cells + right_cells
        bad = [c for c in operands if value_of(c, blanks) is None]
        line_labels = operands[0].column_labels if by_rows else operands[0].row_labels
        line_text = " › ".join(line_labels) or tdef.name
        if bad or _assumed(plan, line, table):
            return _not_assessable(
                rule, ctx, tdef, table, plan, line, left_cells, operands, bad, line_text
            )
        left_values = [value_of(c, blanks) for c in left_cells]
        right_values = [value_of(c, blanks) for c in right_cells]
        refs = ctx.cell_refs(operands, tdef.name)
        location = _location(tdef, line.line, by_rows, left_cells, operands)
        args = _args(plan, tdef, left_cells, line_text)
        left_value = sum(left_values, start=0)  # type: ignore[arg-type]
        right_value = sum(right_values, start=0)  # type: ignore[arg-type]
        difference = left_value - right_value
        args.update(
            left_value=_fmt(left_value),
            right_value=_fmt(right_value),
            difference=_fmt(difference),
        )
        zero = [c for c in operands if not c.is_number]
        data: dict[str, Any] = {
            "line": line.line,
            "left_value": left_value,
            "right_value": right_value,
        }
        finding = ctx.finding(rule, location, args, cells=refs, data=data)
        if zero:
            data["blank_as_zero"] = [f"{c.row}×{c.column}" for c in zero]
            note = describe_operands(zero)
            for lang in list(finding.messages):
                finding.messages[lang] += BLANK_AS_ZERO.get(lang).format(cells=note.get(lang))
        return finding


def _args(plan: SumPlan, tdef: TableDef, left_cells: list[Cell], line_text: str) -> dict[str, Any]:
    """The message arguments every finding of a line has."""
    return {
        "table": tdef.name,
        "line": line_text,
        "relation": plan.relation,
        "left_terms": plan.left_terms,
        "right_terms": plan.right_terms,
        "left_cell": cell_label(left_cells[0]) if len(left_cells) == 1 else line_text,
    }


def _not_assessable(
    rule: Rule,
    ctx: CheckContext,
    tdef: TableDef,
    table: Table,
    plan: SumPlan,
    line: SumLine,
    left_cells: list[Cell],
    operands: list[Cell],
    bad: list[Cell],
    line_text: str,
) -> Finding:
    """The finding about a line that cannot be checked: an operand without a number (``bad``),
    or a relation the loader assumed. Most are only recorded on the finding about their cause
    (core/fold.py), which reads their code, data and blockers: the message, location and cells
    are filled in only for one that is kept (:meth:`Finding.finish`)."""
    by_rows = plan.by_rows
    line_labels = operands[0].column_labels if by_rows else operands[0].row_labels
    data: dict[str, Any] = {
        "line": line.line,
        "line_label": short_label(line_labels[-1]) if line_labels else line_text,
    }
    if bad:
        data["operands"] = [f"{c.row}×{c.column}" for c in bad]
        message = NOT_ASSESSABLE
        blocked_by = tuple(Blocker(c.table, c.row, c.column, c.reason.value) for c in bad)
    else:
        data["assumed"] = True
        message = ASSUMED_IN_COLUMN if by_rows else ASSUMED
        keys = list(line.left + line.right)
        blocked_by = tuple(_assumed_by(tdef.key, table, line.line, by_rows, keys))

    def complete(finding: Finding) -> None:
        args = _args(plan, tdef, left_cells, line_text)
        if bad:
            args["operands"] = describe_operands(bad)
        finding.messages = rule.render({**args, **ctx.bindings}, message)
        finding.location = _location(tdef, line.line, by_rows, left_cells, operands)
        finding.cells = tuple(ctx.cell_refs(operands, tdef.name))

    return Finding(
        code=rule.code,
        name=rule.name,
        severity=plan.na_severity,
        messages={},
        location=Location(),
        outcome=Outcome.NOT_ASSESSABLE,
        data=data,
        source=rule.file,
        blocked_by=blocked_by,
        complete=complete,
    )


@dataclass(frozen=True)
class SumLine:
    """One checked line of a sum rule: its left and right (row, column) keys, and the rows
    (``sum_over: rows``) or columns the relation joins (to tell an assumed relation)."""

    line: str
    left: tuple[tuple[str, str], ...]
    right: tuple[tuple[str, str], ...]
    relation: frozenset[str]


@dataclass(frozen=True)
class SumPlan:
    """A sum rule resolved against one format: its lines, descriptions and limits."""

    by_rows: bool
    left_terms: str
    right_terms: str
    relation: str
    tolerance: Decimal
    na_severity: Severity
    lines: tuple[SumLine, ...]


def _cells_at(
    cells: dict[tuple[str, str], Cell], keys: tuple[tuple[str, str], ...]
) -> list[Cell] | None:
    """The cells at ``keys``; None when the loader produced not all of them."""
    found = [cells.get(key) for key in keys]
    return None if any(cell is None for cell in found) else found  # type: ignore[return-value]


#: :func:`_total` of a side with a cell the loader did not produce
_MISSING = object()
#: :func:`_total` of a side with an operand that is no number (nor a blank read as 0)
_NO_NUMBER = object()


def _total(
    cells: dict[tuple[str, str], Cell],
    keys: tuple[tuple[str, str], ...],
    blanks: BlankReading | None,
) -> int | Decimal | object:
    """The sum of the cells at ``keys`` (a blank read as 0 counts 0) in one pass, without a list
    of them: :data:`_MISSING` when the loader produced not all of them (:func:`_cells_at` gives
    None), :data:`_NO_NUMBER` when one has no number."""
    total: int | Decimal = 0
    number = True
    for key in keys:
        cell = cells.get(key)
        if cell is None:
            return _MISSING
        if cell.reason is ValueReason.NUMBER:
            if number:
                total += cell.value  # type: ignore[operator]
        elif blanks is None or not blanks.is_zero(cell):
            number = False  # still looked through: a missing cell further on skips the line
    return total if number else _NO_NUMBER


def _assumed(plan: SumPlan, line: SumLine, table: Table) -> bool:
    """True when the loader split numbers written together assuming exactly this relation: a
    total it used to split them cannot confirm them."""
    if plan.by_rows:
        return line.relation in table.assumed_column_relations.get(line.line, ())
    return any(line.relation == relation for relation in table.assumed_relations.get(line.line, ()))


def _location(
    tdef: TableDef, line: str, by_rows: bool, left_cells: list[Cell], operands: list[Cell]
) -> Location:
    """A relation's place: its single left cell, else the column (or row) it is checked on."""
    if len(left_cells) == 1:
        return Location.of_cell(left_cells[0], tdef.name)
    if by_rows:
        return Location(
            table=tdef.key,
            table_name=tdef.name,
            column=line,
            column_labels=operands[0].column_labels,
            source=operands[0].location,
        )
    return Location(
        table=tdef.key,
        table_name=tdef.name,
        row=line,
        row_labels=operands[0].row_labels,
        source=operands[0].location,
    )


def _assumed_by(
    table_key: str, table: Table, line: str, by_rows: bool, keys: list[tuple[str, str]]
) -> list[Blocker]:
    """What keeps an assumed relation from being checked: its row, split with its own total, or
    (a relation between rows) the rows of it the whole table decided."""
    if not by_rows:
        return [Blocker(table_key, line, None, "assumed")]
    rows = sorted({row for row, _ in keys} & table.rows_split_by_table)
    return [Blocker(table_key, row, None, "assumed") for row in rows] or [
        Blocker(table_key, None, None, "assumed")
    ]
