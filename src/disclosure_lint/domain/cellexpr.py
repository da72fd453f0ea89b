"""Cell expressions: a sum of table cells named by keys, as content rules compare them with text.

A rule names cells as a list of terms, each ``{table, rows, columns}`` (rows and columns are
selectors as in every rule: keys, group keys, globs; omitted means all). The value is the sum of
every cell the terms select. An expression is only evaluated when every selected cell holds a
number: a blank, placeholder or text cell makes it "not a number" (never 0) — except a blank
that the report's table uses for 0 (:mod:`.blanks`), counted as 0 and listed in
``zero_blanks`` — and cells the loader did not read at all make it "missing" (the loader has
reported that already).

With ``derive_totals``, a blank 总计 (a ``total`` column or row of the format) is taken as the sum
of the parts it totals when they hold numbers: a report that leaves the 总计 column blank still
states 予以公开 in its applicant columns. Blank parts beside numbered ones count as 0 then, and the
value says so (:attr:`ExprValue.derived`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ..core.findings import CellRef
from ..core.formats import FormatDef, FormatRegistry, Node, TableDef
from ..core.kinds import check_table_selectors
from ..core.model import Cell, Report, Table
from ..core.rules import Rule, Text
from ..core.values import ValueReason
from .blanks import blank_reading

_SELECTORS = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}

#: JSON Schema of a cell expression, for kinds' ``params_schema``
CELLS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["table"],
        "properties": {
            "table": {"type": "string", "description": "table key (table2, table3, table4)"},
            "rows": {**_SELECTORS, "description": "row keys, group keys or globs; default all"},
            "columns": {
                **_SELECTORS,
                "description": "column keys, group keys or globs; default all",
            },
        },
    },
    "description": "cells summed: a list of {table, rows, columns}",
}


class ExprState(StrEnum):
    NUMBER = "number"  # every cell is a number: ``value`` is their sum
    NOT_NUMBER = "not-number"  # some cell is blank, a placeholder or text
    MISSING = "missing"  # some cell was not read, or the table is absent


@dataclass
class ExprValue:
    state: ExprState
    value: int | Decimal = 0
    cells: list[tuple[str, Cell]] = field(default_factory=list)  # (table name, cell)
    bad: list[tuple[str, Cell]] = field(default_factory=list)  # non-numeric cells
    zero_blanks: list[tuple[str, Cell]] = field(default_factory=list)  # blanks counted as 0
    #: blank totals read as the sum of their parts: (table name, cell, its parts' cells)
    derived: list[tuple[str, Cell, list[Cell]]] = field(default_factory=list)

    @property
    def is_number(self) -> bool:
        return self.state is ExprState.NUMBER

    def refs(self) -> list[CellRef]:
        return [CellRef.of(cell, name) for name, cell in self.cells]

    def nonzero_refs(self) -> list[CellRef]:
        return [
            CellRef.of(cell, name) for name, cell in self.cells if cell.is_number and cell.value
        ]


def validate_cells(
    rule: Rule, formats: FormatRegistry, terms: Sequence[dict[str, Any]], path: tuple[Any, ...]
) -> list[tuple[tuple[Any, ...], str]]:
    """Problems with a cell expression in the formats the rule applies to."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    for index, term in enumerate(terms):
        found = check_table_selectors(
            rule,
            formats,
            term["table"],
            rows={"rows": term["rows"]} if "rows" in term else None,
            columns={"columns": term["columns"]} if "columns" in term else None,
        )
        problems.extend(((*path, index, *p), message) for p, message in found)
    return problems


def _keys(tdef: TableDef, term: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The (row, column) keys of the cells ``term`` selects in ``tdef``, in table order
    (resolved once per table definition and selectors)."""
    rows = tuple(term["rows"]) if "rows" in term else None
    columns = tuple(term["columns"]) if "columns" in term else None
    return tdef.derived(("cellexpr-keys", rows, columns), lambda: tuple(_resolve(tdef, term)))


def _resolve(tdef: TableDef, term: dict[str, Any]) -> Iterator[tuple[str, str]]:
    rows = tdef.resolve_rows(term["rows"]) if "rows" in term else tdef.all_row_keys()
    columns = tdef.resolve_columns(term["columns"]) if "columns" in term else tdef.all_column_keys()
    for row in rows:
        for column in columns:
            if tdef.column_leaf(row, column) is not None:
                yield row, column


_BLANKS = frozenset({ValueReason.BLANK, ValueReason.PLACEHOLDER})


def _total_parts(tdef: TableDef, key: str, axis: str) -> list[str]:
    """The leaf keys a ``total`` row or column sums (its siblings), or [] for other keys."""
    if key.rsplit(".", 1)[-1] != "total":
        return []
    parent = key.rsplit(".", 1)[0] if "." in key else None
    if parent is None:
        if axis == "row":
            return []
        leaves = tdef.all_column_keys()
    else:
        node = tdef.node(parent, axis)
        leaves = list(node.leaf_keys) if node is not None else []
    return [k for k in leaves if k != key]


def _derive(
    tdef: TableDef, table: Table, cell: Cell, depth: int = 0
) -> tuple[int | Decimal, list[Cell]] | None:
    """A blank total as the sum of its parts (column parts first, then row parts)."""
    for axis in ("column", "row"):
        keys = _total_parts(tdef, cell.column if axis == "column" else cell.row, axis)
        if not keys:
            continue
        parts: list[Cell] = []
        total: int | Decimal = 0
        numbered = 0
        for key in keys:
            row, column = (cell.row, key) if axis == "column" else (key, cell.column)
            if tdef.column_leaf(row, column) is None:
                continue
            part = table.cell(row, column)
            if part is None or part.reason is ValueReason.MISSING:
                break
            if part.is_number:
                total += part.value  # type: ignore[operator]
                numbered += 1
            elif part.reason in _BLANKS and depth == 0:
                inner = _derive(tdef, table, part, depth + 1)
                if inner is not None:
                    total += inner[0]
                    numbered += 1
            elif part.reason not in _BLANKS:
                break
            parts.append(part)
        else:
            if numbered:
                return total, parts
    return None


def evaluate(
    report: Report, fmt: FormatDef, terms: Sequence[dict[str, Any]], derive_totals: bool = False
) -> ExprValue:
    """The sum of the selected cells, or why there is none (``derive_totals``: a blank total
    counts as the sum of its parts when they hold numbers)."""
    result = ExprValue(ExprState.NUMBER)
    total: int | Decimal = 0
    for term in terms:
        tdef = fmt.table(term["table"])
        table = report.table(term["table"])
        if tdef is None or table is None or not table.present:
            return ExprValue(ExprState.MISSING)
        for row, column in _keys(tdef, term):
            cell = table.cell(row, column)
            if cell is None or cell.reason is ValueReason.MISSING:
                return ExprValue(ExprState.MISSING)
            result.cells.append((tdef.name, cell))
            if cell.is_number:
                total += cell.value  # type: ignore[operator]
                continue
            reading = blank_reading(report, fmt, tdef.key)
            if reading is not None and reading.is_zero(cell):
                result.zero_blanks.append((tdef.name, cell))
                continue
            derived = (
                _derive(tdef, table, cell) if derive_totals and cell.reason in _BLANKS else None
            )
            if derived is not None:
                total += derived[0]
                result.derived.append((tdef.name, cell, derived[1]))
            else:
                result.bad.append((tdef.name, cell))
    if result.bad:
        result.state = ExprState.NOT_NUMBER
    else:
        result.value = total
    return result


def _label_path(tdef: TableDef, key: str, axis: str) -> tuple[str, ...]:
    """The labels from the top of ``tdef``'s row (or column) tree down to ``key``."""
    return tdef.derived(("label-path", key, axis), lambda: _find_label_path(tdef, key, axis))


def _find_label_path(tdef: TableDef, key: str, axis: str) -> tuple[str, ...]:
    def walk(nodes: Sequence[Node], prefix: tuple[str, ...]) -> tuple[str, ...] | None:
        for node in nodes:
            labels = (*prefix, node.label) if node.label else prefix
            if node.key == key:
                return labels
            found = walk(node.children, labels)
            if found is not None:
                return found
        return None

    for block in tdef.blocks:
        found = walk(block.rows if axis == "row" else block.columns, ())
        if found is not None:
            return found
    return (key,)


def _short(labels: tuple[str, ...]) -> str:
    return " › ".join(labels) if labels else ""


def describe(fmt: FormatDef | None, terms: Sequence[dict[str, Any]]) -> Text:
    """Bilingual description: 表三「一、本年新收政府信息公开申请数量」×「总计」 + ……"""
    zh_parts: list[str] = []
    en_parts: list[str] = []
    for term in terms:
        tdef = fmt.table(term["table"]) if fmt is not None else None
        name = tdef.name if tdef is not None else term["table"]
        rows = (
            "＋".join(_short(_label_path(tdef, r, "row")) for r in term["rows"])
            if tdef is not None and "rows" in term
            else ""
        )
        columns = (
            "＋".join(_short(_label_path(tdef, c, "column")) for c in term["columns"])
            if tdef is not None and "columns" in term
            else ""
        )
        zh = name + (f"「{rows}」" if rows else "") + (f"×「{columns}」" if columns else "")
        en = name + (f" '{rows}'" if rows else "") + (f" × '{columns}'" if columns else "")
        if not rows and not columns:
            zh += "各项"
            en = f"all cells of {name}"
        zh_parts.append(zh)
        en_parts.append(en)
    return Text(" + ".join(zh_parts), " + ".join(en_parts))


def describe_cells(cells: Sequence[tuple[str, Cell]]) -> Text:
    """Bilingual names of single cells: 表四「行政诉讼 › 复议后起诉 › 尚未审结」＋……"""
    zh: list[str] = []
    en: list[str] = []
    for name, cell in cells:
        label = " › ".join((*cell.row_labels, *cell.column_labels))
        zh.append(f"{name}「{label}」")
        en.append(f"{name} '{label}'")
    return Text("＋".join(zh), " + ".join(en))


def describe_bad(value: ExprValue) -> Text:
    """The non-numeric cells of an expression, with what they hold."""
    reasons = {
        ValueReason.BLANK: ("空白", "blank"),
        ValueReason.PLACEHOLDER: ("占位符", "placeholder"),
        ValueReason.TEXT: ("文字", "text"),
    }
    zh: list[str] = []
    en: list[str] = []
    for name, cell in value.bad:
        label = " › ".join(cell.row_labels) + " × " + " › ".join(cell.column_labels)
        rz, re_ = reasons.get(cell.reason, (cell.reason.value, cell.reason.value))
        raw = (cell.raw or "").strip()
        zh.append(f"{name}「{label}」（{rz}{'“' + raw + '”' if raw else ''}）")
        en.append(f"{name} '{label}' ({re_}{' “' + raw + '”' if raw else ''})")
    return Text("、".join(zh), "; ".join(en))


def describe_derived(value: ExprValue) -> Text:
    """How blank totals were read, for a message (without brackets): empty when none was."""
    if not value.derived:
        return Text("", "")
    labels: list[str] = []
    blanks_as_zero = False
    for _, cell, parts in value.derived:
        label = cell.column_labels[-1] if cell.column.endswith("total") else cell.row_labels[-1]
        if label not in labels:
            labels.append(label)
        blanks_as_zero = blanks_as_zero or any(p.reason in _BLANKS for p in parts)
    names = "、".join(f"“{label}”" for label in labels)
    zero_zh = "，其中空白按 0 计" if blanks_as_zero else ""
    zero_en = ", blanks among them as 0" if blanks_as_zero else ""
    return Text(
        f"{names}空白，按其各组成项之和计{zero_zh}",
        f"blank {names} taken as the sum of its parts{zero_en}",
    )


def format_value(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
