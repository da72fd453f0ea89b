"""Rule kind ``cell``: value hygiene of table cells.

One rule per ``check``:

- ``negative``: a negative number where the format does not allow one (only 2019 本年增/减 does);
- ``decimal``: a fraction where the format expects a count (only amounts such as 2021 收费金额);
- ``text``: non-numeric text in a numeric cell;
- ``blank``: blank cells and placeholders ("/", "-", "—", "无"), grouped per row;
- ``irregular``: numbers written non-canonically ("00", "+3", "1,234", full-width digits, units);
- ``unit``: a unit written in a cell that differs from the unit of its column (元 in a 万元 column).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ..core.findings import CellRef, Finding
from ..core.formats import FormatRegistry
from ..core.i18n import join
from ..core.kinds import CheckContext, RuleKind, check_table_selectors, formats_of
from ..core.model import Cell, Location, Report
from ..core.rules import Rule, Text
from ..core.values import Irregularity, ValueReason

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


class CellKind(RuleKind):
    name: ClassVar[str] = "cell"
    description: ClassVar[str] = (
        "Value hygiene of table cells: `negative` (only where the format allows), `decimal` "
        "(only amounts), `text`, `blank` (blanks and placeholders, one finding per row), "
        '`irregular` ("00", "+3", "1,234", full-width digits), `unit` (cell unit differs '
        "from the column unit)."
    )
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {
            "check": {
                "enum": ["negative", "decimal", "text", "blank", "irregular", "unit"],
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
        {"table", "cell", "raw", "value", "what", "count", "columns", "unit", "expected_unit"}
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
        p = rule.params
        fmt = ctx.format
        if fmt is None:
            return
        for tdef in fmt.tables:
            if "tables" in p and tdef.key not in p["tables"]:
                continue
            table = report.table(tdef.key)
            if table is None or not table.present:
                continue
            rows = set(tdef.resolve_rows(p["rows"])) if "rows" in p else None
            cols = set(tdef.resolve_columns(p["columns"])) if "columns" in p else None
            for cell in table.cells.values():
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
        by_row: dict[tuple[str, str], list[tuple[str, Cell]]] = {}
        for table_name, cell in self._cells(rule, report, ctx):
            if cell.reason in (ValueReason.BLANK, ValueReason.PLACEHOLDER):
                by_row.setdefault((cell.table, cell.row), []).append((table_name, cell))
        for (_, _), cells in by_row.items():
            table_name, first = cells[0]
            columns = join(
                [
                    " › ".join(c.column_labels)
                    + ("" if c.reason is ValueReason.BLANK else f"「{(c.raw or '').strip()}」")
                    for _, c in cells
                ]
            )
            location = Location(
                table=first.table,
                table_name=table_name,
                row=first.row,
                row_labels=first.row_labels,
                source=first.location,
            )
            if len(cells) == 1:
                location = Location.of_cell(first, table_name)
            yield ctx.finding(
                rule,
                location,
                {
                    "table": table_name,
                    "cell": " › ".join(first.row_labels) or table_name,
                    "count": len(cells),
                    "columns": columns,
                },
                cells=[CellRef.of(c, table_name) for _, c in cells],
            )


def _cell_text(cell: Cell) -> str:
    rows = " › ".join(cell.row_labels)
    cols = " › ".join(cell.column_labels)
    return f"{rows} × {cols}" if rows else cols
