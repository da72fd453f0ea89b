"""The blank cells of one table as one finding: which are blank, and whether they count as 0."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.formats import Block, FormatDef, Node, TableDef
from ..core.model import Cell, Location, Report
from ..core.rules import Text
from ..core.values import ValueReason
from ..domain.blanks import BlankReading, blank_reading, short_label

#: cells (or rows) named one by one before the rest are counted
LISTED = 6
#: left-out totals quoted with the value their parts give
QUOTED = 3


def _short(labels: tuple[str, ...], key: str, depth: int = 1) -> str:
    return " › ".join(short_label(label) for label in labels[-depth:]) if labels else key


def _column_depths(fmt: FormatDef, table_key: str) -> dict[str, int]:
    """How many trailing labels name each column unambiguously (表四's "结果维持" needs its
    group); found once per table definition."""
    tdef = fmt.table(table_key)
    assert tdef is not None
    return tdef.derived("blank-column-depths", lambda: _find_depths(tdef))


def _find_depths(tdef: TableDef) -> dict[str, int]:
    leaves = {leaf.key: leaf.labels for block in tdef.blocks for leaf in block.leaf_columns}
    depths: dict[str, int] = {}
    for key, labels in leaves.items():
        depth = 1
        while depth < len(labels) and any(
            other != key and o[-depth:] == labels[-depth:] for other, o in leaves.items()
        ):
            depth += 1
        depths[key] = depth
    return depths


def _cell_name(cell: Cell, depths: dict[str, int] | None = None) -> str:
    depth = (depths or {}).get(cell.column, 2)
    name = f"{_short(cell.row_labels, cell.row)} × {_short(cell.column_labels, cell.column, depth)}"
    raw = (cell.raw or "").strip()
    return f"{name}「{raw}」" if cell.reason is ValueReason.PLACEHOLDER and raw else name


def _listed(names: list[str], unit_zh: str, unit_en: str) -> Text:
    shown = names[:LISTED]
    more = len(names) - len(shown)
    zh = "、".join(shown) + (f" 等 {len(names)} {unit_zh}" if more else "")
    en = "; ".join(shown) + (f" and {more} more {unit_en}" if more else "")
    return Text(zh, en)


def _grouped(
    nodes: Sequence[Node], whole: list[str], labels: dict[str, str], unit: Text
) -> list[Text]:
    """Names of the ``whole`` lines (keys, in order): a group whose every line is whole is
    named once ("法人或其他组织各列"), the others one by one."""
    names: list[Text] = []
    done: set[str] = set()
    if not whole:
        return names
    wholes = set(whole)

    def visit(node: Node) -> None:
        leaves = node.leaf_keys
        if node.children and node.label and len(leaves) > 1 and wholes.issuperset(leaves):
            names.append(Text(f"{node.label}{unit.zh}", f"all {node.label} {unit.en}"))
            done.update(leaves)
            return
        for child in node.children:
            visit(child)
        if not node.children and node.key in wholes and node.key not in done:
            names.append(Text(labels[node.key], labels[node.key]))
            done.add(node.key)

    for node in nodes:
        visit(node)
    return names


_EACH_CELL = Text("各项", "cells")
_EACH_COLUMN = Text("各列", "columns")
_EACH_ROW = Text("各行", "rows")

Line = tuple[tuple[str, str], ...]


def _block_lines(
    tdef: TableDef,
) -> list[tuple[Block, tuple[list[str], list[str], list[Line], list[Line]]]]:
    """Each block of ``tdef`` with its row and column keys and the cell keys of each of its
    columns and rows (found once per table definition)."""
    found = []
    for block in tdef.blocks:
        row_keys = [leaf.key for leaf in block.leaf_rows]
        column_keys = [leaf.key for leaf in block.leaf_columns]
        column_lines = [tuple((row, column) for row in row_keys) for column in column_keys]
        row_lines = [tuple((row, column) for column in column_keys) for row in row_keys]
        found.append((block, (row_keys, column_keys, column_lines, row_lines)))
    return found


def describe(fmt: FormatDef, table_key: str, cells: Sequence[Cell]) -> tuple[Text, dict[str, Any]]:
    """Where the blanks are: whole columns, whole rows, then the other cells (named, or counted
    per column when there are many); and the same as keys for the finding's data."""
    tdef = fmt.table(table_key)
    assert tdef is not None
    blank = {c.key for c in cells}
    depths = _column_depths(fmt, table_key)
    columns: list[str] = []
    rows: list[str] = []
    covered: set[tuple[str, str]] = set()
    column_names: list[Text] = []
    row_names: list[Text] = []
    single_names: list[Text] = []
    for block, lines in tdef.derived("blank-block-lines", lambda: _block_lines(tdef)):
        row_keys, column_keys, column_lines, row_lines = lines
        whole_columns: list[str] = []
        whole_rows: list[str] = []
        for column, line in zip(column_keys, column_lines, strict=True):
            if blank.issuperset(line):
                whole_columns.append(column)
                covered.update(line)
        if len(column_keys) > 1 and len(row_keys) > 1:
            for row, line in zip(row_keys, row_lines, strict=True):
                if blank.issuperset(line) and not covered.issuperset(line):
                    whole_rows.append(row)
                    covered.update(line)
        if whole_columns:
            labels = tdef.derived(
                ("blank-column-labels", block.key, id(block)),
                lambda block=block: {
                    leaf.key: _short(leaf.labels, leaf.key, depths.get(leaf.key, 1))
                    for leaf in block.leaf_columns
                },
            )
            if len(row_keys) == 1:  # a one-row block (表四): its blank columns are single cells
                single_names += _grouped(block.columns, whole_columns, labels, _EACH_CELL)
            else:
                column_names += _grouped(block.columns, whole_columns, labels, _EACH_COLUMN)
        if whole_rows:
            labels = tdef.derived(
                ("blank-row-labels", block.key, id(block)),
                lambda block=block: {
                    leaf.key: _short(leaf.labels, leaf.key) for leaf in block.leaf_rows
                },
            )
            row_names += _grouped(block.rows, whole_rows, labels, _EACH_ROW)
        columns += whole_columns
        rows += whole_rows
    rest = [c for c in cells if c.key not in covered]
    zh: list[str] = []
    en: list[str] = []
    if len(covered) == tdef.cell_count:
        zh.append("全表空白")
        en.append("the whole table")
    else:
        if column_names:
            zh.append("整列：" + "、".join(t.zh for t in column_names))
            en.append("whole columns: " + "; ".join(t.en for t in column_names))
        if row_names:
            listed = Text(
                _listed([t.zh for t in row_names], "行", "rows").zh,
                _listed([t.en for t in row_names], "行", "rows").en,
            )
            zh.append("整行：" + listed.zh)
            en.append("whole rows: " + listed.en)
        if single_names:
            listed = Text(
                _listed([t.zh for t in single_names], "个", "cells").zh,
                _listed([t.en for t in single_names], "个", "cells").en,
            )
            zh.append(listed.zh)
            en.append(listed.en)
        if rest and len(rest) <= LISTED:
            names = [_cell_name(c, depths) for c in rest]
            zh.append(("单元格：" if zh else "") + "、".join(names))
            en.append(("cells: " if en else "") + "; ".join(names))
        elif rest:
            per_column: dict[str, int] = {}
            for cell in rest:
                name = _short(cell.column_labels, cell.column, depths.get(cell.column, 1))
                per_column[name] = per_column.get(name, 0) + 1
            counts = [f"{name} {n}" for name, n in per_column.items()]
            zh.append(f"另有 {len(rest)} 个，按列：" + "、".join(counts))
            en.append(f"{len(rest)} more, by column: " + "; ".join(counts))
    data = {"blank_columns": columns, "blank_rows": rows}  # the other blanks: the cells
    return Text("；".join(zh), "; ".join(en)), data


def reading_text(reading: BlankReading, cells: Sequence[Cell]) -> Text:
    """Whether these blanks are counted as 0, and why not where they are not."""
    zero = [c for c in cells if reading.is_zero(c)]
    beside = [c for c in cells if c.key in reading.beside_zero]
    left = [c for c in cells if c.key in reading.left_out and c.key not in reading.beside_zero]
    if len(zero) == len(cells):
        return Text(
            "空白按 0 计入勾稽核对；无数据时应填 0",
            "blanks counted as 0 in the arithmetic checks; write 0 when there is nothing to report",
        )
    zh: list[str] = []
    en: list[str] = []
    if zero:
        zh.append(f"其中 {len(zero)} 个按 0 计入勾稽核对")
        en.append(f"{len(zero)} of them counted as 0 in the arithmetic checks")
    if beside:
        zh.append(f"{len(beside)} 个与同列填写的 0 并存，不能视为 0")
        en.append(f"{len(beside)} sit beside a 0 written in the same column, so are not zeros")
    if left:
        quoted = [
            (_short(c.row_labels, c.row), reading.left_out[c.key])
            for c in left
            if reading.left_out[c.key] is not None
        ][:QUOTED]
        zh_q = "、".join(f"「{name}」应为 {value}" for name, value in quoted)
        en_q = "; ".join(f"'{name}': {value} by its parts" for name, value in quoted)
        zh.append(
            f"{len(left)} 个为未填写的总计，其分项不全为 0，不能视为 0"
            + (f"（{zh_q}）" if zh_q else "")
        )
        en.append(
            f"{len(left)} are totals left out over parts that are not all 0"
            + (f" ({en_q})" if en_q else "")
        )
    return Text("，".join(zh), "; ".join(en))


def blank_finding_parts(
    report: Report, fmt: FormatDef, table_key: str, cells: Sequence[Cell]
) -> tuple[Location, dict[str, Any], dict[str, Any]] | None:
    """Location, message arguments and data of the one finding about ``cells``, the blank
    cells of one table."""
    tdef = fmt.table(table_key)
    table = report.table(table_key)
    reading = blank_reading(report, fmt, table_key)
    if tdef is None or table is None or reading is None or not cells:
        return None
    where, described = describe(fmt, table_key, cells)
    data: dict[str, Any] = {
        "blank": len(cells),
        "as_zero": sum(1 for c in cells if reading.is_zero(c)),
        **described,
    }
    left_out = reading.left_out
    left = {f"{c.row}×{c.column}": left_out[c.key] for c in cells if c.key in left_out}
    if left:
        data["left_out"] = left
    if len(cells) == 1:
        location = Location.of_cell(cells[0], tdef.name)
    else:
        # the table, found in the file at its first blank cell
        location = Location(
            table=tdef.key,
            table_name=tdef.name,
            source=cells[0].location or table.location,
        )
    args = {
        "table": tdef.name,
        "count": len(cells),
        "cells": where,
        "reading": reading_text(reading, cells),
    }
    return location, args, data
