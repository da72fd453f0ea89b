"""Reading a format definition file (``rules/formats/*.yaml``) into a :class:`FormatDef`:
the document validated against its JSON Schema, then the tables, blocks and sections built and
checked (an error names the file, line and key)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import FileProblem
from .formats import Block, FormatDef, Node, SectionDef, TableDef, ValueKind
from .schemas import check_document, invalid
from .yamlsource import SourcedData, load_sourced_file


def _node(raw: dict[str, Any], parent_key: str | None) -> Node:
    key = raw["key"] if parent_key is None else f"{parent_key}.{raw['key']}"
    children = tuple(_node(child, key) for child in raw.get("children", []))
    return Node(
        key=key,
        label=raw.get("label"),
        variants=tuple(raw.get("variants", [])),
        children=children,
        value=ValueKind(raw.get("value", "count")),
        unit=raw.get("unit"),
    )


def _block(raw: dict[str, Any]) -> Block:
    columns = tuple(_node(c, None) for c in raw["columns"])
    rows = tuple(_node(r, None) for r in raw["rows"])
    leaf_columns = tuple(leaf for node in columns for leaf in node.leaves())
    leaf_rows = tuple(leaf for node in rows for leaf in node.leaves())
    return Block(
        key=raw.get("key"),
        caption=raw.get("caption"),
        header=raw.get("header"),
        columns=columns,
        rows=rows,
        leaf_columns=leaf_columns,
        leaf_rows=leaf_rows,
    )


def format_from_data(doc: SourcedData, checked: bool = False) -> FormatDef:
    """Build a :class:`FormatDef` from a document, validating it against the schema unless it is
    ``checked`` (known valid: cached by core/defcache.py); errors name file, line and key."""
    if not checked:
        check_document(doc, "format")
    problems: list[FileProblem] = []
    raw = doc.data
    years = raw.get("report_years", {})
    sections = tuple(
        _section(s, index + 1, extra=False) for index, s in enumerate(raw.get("sections", []))
    )
    extras = tuple(_section(s, 0, extra=True) for s in raw.get("extra_sections", []))
    tables: list[TableDef] = []
    for t_index, t in enumerate(raw.get("tables", [])):
        blocks = tuple(_block(b) for b in t["blocks"])
        table = TableDef(
            key=t["key"],
            name=t["name"],
            title=t["title"],
            section=t.get("section"),
            note=t.get("note"),
            blocks=blocks,
        )
        problems.extend(_check_table(doc, ("tables", t_index), table, sections))
        tables.append(table)
    keys = [s.key for s in (*sections, *extras)]
    for index, key in enumerate(keys):
        if keys.index(key) != index:
            problems.append(doc.problem(("sections", index, "key"), f"duplicate section '{key}'"))
    if problems:
        raise invalid(doc.file, "format", problems)
    return FormatDef(
        id=str(raw["id"]),
        name=raw["name"],
        document=raw["document"],
        first_year=years.get("first"),
        last_year=years.get("last"),
        checkable=raw.get("checkable", True),
        signatures=tuple(raw.get("signatures", [])),
        min_signatures=raw.get("min_signatures", 1),
        sections=sections,
        tables=tuple(tables),
        source=doc.file,
        extra_sections=extras,
    )


def _section(raw: dict[str, Any], number: int, extra: bool) -> SectionDef:
    return SectionDef(
        key=raw["key"],
        number=number,
        label=raw["label"],
        keywords=tuple(tuple(group) for group in raw["keywords"]),
        variants=tuple(tuple(group) for group in raw.get("variants", [])),
        extra=extra,
    )


def _check_table(
    doc: SourcedData, path: tuple[Any, ...], table: TableDef, sections: tuple[SectionDef, ...]
) -> list[FileProblem]:
    problems: list[FileProblem] = []
    if table.section and table.section not in {s.key for s in sections}:
        problems.append(doc.problem((*path, "section"), f"unknown section '{table.section}'"))
    seen_rows: set[str] = set()
    for b_index, block in enumerate(table.blocks):
        for leaf in block.leaf_rows:
            if leaf.key in seen_rows:
                problems.append(
                    doc.problem((*path, "blocks", b_index, "rows"), f"duplicate row '{leaf.key}'")
                )
            seen_rows.add(leaf.key)
        column_keys = [leaf.key for leaf in block.leaf_columns]
        for key in column_keys:
            if column_keys.count(key) > 1:
                problems.append(
                    doc.problem((*path, "blocks", b_index, "columns"), f"duplicate column '{key}'")
                )
                break
        unlabeled = [leaf for leaf in block.leaf_rows if not leaf.labels]
        if unlabeled and len(block.leaf_rows) > 1:
            problems.append(
                doc.problem(
                    (*path, "blocks", b_index, "rows"),
                    "only a block with a single row may leave the row without a label",
                )
            )
    return problems


def load_format_file(path: Path) -> FormatDef:
    return format_from_data(load_sourced_file(path))
