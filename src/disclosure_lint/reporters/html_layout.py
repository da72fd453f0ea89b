"""The layout of 表二, 表三 and 表四 as the official format prints them, for the HTML report.

A table is drawn block by block (表二's 第二十条 items each have their own column header): a
caption row, the column header rows (groups spanning their columns, a leaf spanning down to the
last header row), then the rows with their label groups spanning down (三、本年度办理结果 over its
outcomes) and a short label spanning across. 表四 has one row without a label, so it has no label
column at all.

The layout comes from the format definition when the report's format is known; otherwise it is
rebuilt from the label paths the cells carry, which gives the same header groups.
"""

from __future__ import annotations

from typing import Any

from ..core.formats import Block, FormatRegistry, Node, TableDef
from ..core.model import Table


def _node(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {"key": node.key, "label": node.label or ""}
    if node.children:
        data["children"] = [_node(child) for child in node.children]
    return data


def _depth(nodes: list[dict[str, Any]]) -> int:
    """Levels of labels in a tree (a node without a label adds no level)."""
    deepest = 0
    for node in nodes:
        own = 1 if node["label"] else 0
        deepest = max(deepest, own + _depth(node.get("children", [])))
    return deepest


def _block(block: Block, table: TableDef) -> dict[str, Any]:
    columns = [_node(n) for n in block.columns]
    rows = [_node(n) for n in block.rows]
    nested = _depth(columns) > 1
    return {
        "caption": block.caption,
        # 表三's 申请人情况 spans its columns; 表二's 信息内容 names the label column
        "over_columns": block.header if nested else None,
        "corner": table.note if nested and table.note else (None if nested else block.header),
        "columns": columns,
        "rows": rows,
    }


def _tree(paths: list[tuple[str, tuple[str, ...]]]) -> list[dict[str, Any]]:
    """A label tree from (leaf key, label path) pairs in order; consecutive leaves under the same
    labels share their group."""
    roots: list[dict[str, Any]] = []
    for key, labels in paths:
        level = roots
        for depth, label in enumerate(labels[:-1]):
            group_key = "\u0000".join(labels[: depth + 1])
            if not (level and level[-1]["key"] == group_key and "children" in level[-1]):
                level.append({"key": group_key, "label": label, "children": []})
            level = level[-1]["children"]
        level.append({"key": key, "label": labels[-1] if labels else ""})
    return roots


def _from_cells(table: Table) -> list[dict[str, Any]]:
    """Blocks rebuilt from the cells: consecutive rows with the same columns form one block."""
    row_labels: dict[str, tuple[str, ...]] = {}
    row_columns: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for cell in table.cells.values():
        row_labels.setdefault(cell.row, cell.row_labels)
        columns = row_columns.setdefault(cell.row, [])
        if all(key != cell.column for key, _ in columns):
            columns.append((cell.column, cell.column_labels))
    groups: list[tuple[list[tuple[str, tuple[str, ...]]], list[tuple[str, tuple[str, ...]]]]] = []
    for row_key, labels in row_labels.items():
        columns = row_columns[row_key]
        if not groups or groups[-1][0] != columns:
            groups.append((columns, []))
        groups[-1][1].append((row_key, labels))
    return [
        {
            "caption": None,
            "corner": None,
            "over_columns": None,
            "columns": _tree(columns),
            "rows": _tree(rows),
        }
        for columns, rows in groups
    ]


def table_layout(table: Table, format_id: str | None, formats: FormatRegistry | None) -> list:
    """The blocks of ``table`` as the official format draws them (see the module docstring)."""
    fmt = formats.get(format_id) if formats is not None and format_id else None
    tdef = fmt.table(table.key) if fmt is not None else None
    if tdef is not None:
        return [_block(block, tdef) for block in tdef.blocks]
    return _from_cells(table)
