"""Rule kind ``cell``: value hygiene of table cells.

One rule per ``check``:

- ``negative``: a negative number where the format does not allow one (only 2019 本年增/减 does);
- ``decimal``: a fraction where the format expects a count (only amounts such as 2021 收费金额);
- ``text``: non-numeric text in a numeric cell;
- ``blank``: blank cells and placeholders ("/", "-", "—", "无"), one finding per table,
  saying which are counted as 0 (:mod:`..domain.blanks`);
- ``irregular``: numbers written non-canonically ("00", "+3", "1,234", full-width digits, units);
- ``unit``: a unit written in a cell that differs from the unit of its column (元 in a 万元 column).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from ..core.findings import CellRef, Finding
from ..core.formats import FormatDef, FormatRegistry, TableDef
from ..core.kinds import CheckContext, RuleKind, check_table_selectors, formats_of
from ..core.model import Cell, Location, Report, Table
from ..core.rules import Rule, Text
from ..core.values import Irregularity, ValueReason
from .blank_cells import blank_finding_parts

IRREGULARITY_TEXT = {
    Irregularity.LEADING_ZERO: ("前导零", "leading zero"),
    Irregularity.PLUS_SIGN: ("加号", "plus sign"),
    Irregularity.THOUSANDS_SEPARATOR: ("千位分隔符", "thousands separator"),
    Irregularity.FULL_WIDTH_DIGITS: ("全角数字", "full-width digits"),
    Irregularity.UNIT_SUFFIX: ("单元格内写了单位", "unit written in the cell"),
    Irregularity.TRAILING_ZERO_DECIMAL: ("多余的小数", "needless decimals"),
}

REASON_TEXT = {
    ValueReason.BLANK: ("空白", "blank"),
    ValueReason.PLACEHOLDER: ("占位符", "placeholder"),
    ValueReason.TEXT: ("文字", "text"),
    ValueReason.MISSING: ("缺失", "missing"),
}


#: the checks of the kind (``params.check``)
CHECKS = ("negative", "decimal", "text", "blank", "irregular", "unit")


class CellKind(RuleKind):
    name: ClassVar[str] = "cell"
    #: validate() reads only the rule and the formats
    validation_cacheable: ClassVar[bool] = True
    description: ClassVar[str] = (
        "Value hygiene of table cells: `negative` (only where the format allows), `decimal` "
        "(only amounts), `text`, `blank` (blanks and placeholders, one finding per table), "
        '`irregular` ("00", "+3", "1,234", full-width digits), `unit` (cell unit differs '
        "from the column unit)."
    )
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {
            "check": {
                "enum": list(CHECKS),
                "description": "what to check (see the kind's description)",
            },
            "tables": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string"},
                "description": "tables to check; default all",
            },
            "rows": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string"},
                "description": "row keys (one table only)",
            },
            "columns": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string"},
                "description": "column keys (one table only)",
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {
            "table",
            "cell",
            "raw",
            "value",
            "what",
            "count",
            "cells",
            "reading",
            "unit",
            "expected_unit",
        }
    )

    def validate(self, rule: Rule, formats: FormatRegistry):
        p = rule.params
        problems = []
        for index, table in enumerate(p.get("tables", [])):
            for fmt in formats_of(rule, formats):
                if fmt.table(table) is None:
                    problems.append((("tables", index), f"format {fmt.id} has no table '{table}'"))
        if ("rows" in p or "columns" in p) and len(p.get("tables", [])) != 1:
            problems.append((("tables",), "rows/columns selectors need exactly one table"))
        elif "rows" in p or "columns" in p:
            problems.extend(
                check_table_selectors(
                    rule,
                    formats,
                    p["tables"][0],
                    rows={"rows": p["rows"]} if "rows" in p else None,
                    columns={"columns": p["columns"]} if "columns" in p else None,
                )
            )
        return problems

    def _cells(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[tuple[str, Cell]]:
        """The cells of the rule's tables (rows, columns) that its check can flag, in table
        order: each table is sorted once per report into the cells each check looks at
        (:func:`_candidates`), so a rule goes over those only, not every cell."""
        fmt = ctx.format
        if fmt is None:
            return
        check = rule.params["check"]
        for tdef, rows, cols in rule.plan(fmt, lambda: _scope(rule, fmt)):
            table = report.table(tdef.key)
            if table is None or not table.present:
                continue
            candidates = report.memo(("cell-candidates", tdef.key), partial(_candidates, table))
            for cell in candidates[check]:
                if rows is not None and cell.row not in rows:
                    continue
                if cols is not None and cell.column not in cols:
                    continue
                yield tdef.name, cell

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        check = rule.params["check"]
        if check == "blank":
            yield from self._blank(rule, report, ctx)
            return
        fmt = ctx.format
        assert fmt is not None
        for table_name, cell in self._cells(rule, report, ctx):
            extra = self._hit(check, cell, fmt)
            if extra is None:
                continue
            args = {
                "table": table_name,
                "cell": _cell_text(cell),
                "raw": (cell.raw or "").strip(),
                "value": "" if cell.value is None else str(cell.value),
                **extra,
            }
            yield ctx.finding(
                rule,
                Location.of_cell(cell, table_name),
                args,
                cells=[CellRef.of(cell, table_name)],
            )

    @staticmethod
    def _hit(check: str, cell: Cell, fmt) -> dict[str, Any] | None:
        """None when the cell passes ``check``, else the extra message arguments."""
        if check == "text":
            return {} if cell.reason is ValueReason.TEXT else None
        if check == "irregular":
            kinds = [i for i in cell.irregularities if i is not Irregularity.UNIT_SUFFIX]
            if not kinds:
                return None
            return {
                "what": Text(
                    "、".join(IRREGULARITY_TEXT[i][0] for i in kinds),
                    ", ".join(IRREGULARITY_TEXT[i][1] for i in kinds),
                )
            }
        if not cell.is_number and check != "unit":
            return None
        column = fmt.table(cell.table).column_leaf(cell.row, cell.column)
        if column is None:
            return None
        if check == "negative":
            negative = cell.value < 0  # type: ignore[operator]
            return {} if negative and not column.value.allows_negative else None
        if check == "decimal":
            fraction = not isinstance(cell.value, int)
            return {} if fraction and not column.value.allows_decimal else None
        if check == "unit" and cell.unit and column.unit and cell.unit != column.unit:
            return {"unit": cell.unit, "expected_unit": column.unit}
        return None

    def _blank(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per table with blank or placeholder cells (see :mod:`.blank_cells`)."""
        fmt = ctx.format
        assert fmt is not None
        by_table: dict[str, list[Cell]] = {}
        for _, cell in self._cells(rule, report, ctx):
            by_table.setdefault(cell.table, []).append(cell)
        for table_key, cells in by_table.items():
            parts = blank_finding_parts(report, fmt, table_key, cells)
            if parts is None:
                continue
            location, args, data = parts
            name = args["table"]
            yield ctx.finding(rule, location, args, cells=ctx.cell_refs(cells, name), data=data)


def _cell_text(cell: Cell) -> str:
    rows = " › ".join(cell.row_labels)
    cols = " › ".join(cell.column_labels)
    return f"{rows} × {cols}" if rows else cols


def _scope(rule: Rule, fmt: FormatDef) -> list[tuple[TableDef, set[str] | None, set[str] | None]]:
    """The rule's tables of ``fmt`` with its row and column keys (None: all)."""
    p = rule.params
    return [
        (
            tdef,
            set(tdef.resolve_rows(p["rows"])) if "rows" in p else None,
            set(tdef.resolve_columns(p["columns"])) if "columns" in p else None,
        )
        for tdef in fmt.tables
        if "tables" not in p or tdef.key in p["tables"]
    ]


def _candidates(table: Table) -> dict[str, list[Cell]]:
    """The cells of ``table`` each check may flag, in table order, sorted in one pass: a
    superset of what :meth:`CellKind._hit` flags (``blank``: exactly the blanks and
    placeholders)."""
    found: dict[str, list[Cell]] = {check: [] for check in CHECKS}
    for cell in table.cells.values():
        reason = cell.reason
        if reason is ValueReason.NUMBER:
            value = cell.value
            if value is not None and value < 0:
                found["negative"].append(cell)
            if not isinstance(value, int):
                found["decimal"].append(cell)
        elif reason is ValueReason.TEXT:
            found["text"].append(cell)
        elif reason in (ValueReason.BLANK, ValueReason.PLACEHOLDER):
            found["blank"].append(cell)
        if cell.irregularities:
            found["irregular"].append(cell)
        if cell.unit:
            found["unit"].append(cell)
    return found
