"""Render a report as text, in the shapes the text loader reads.

- ``word`` (default): a Word "save as text" export (the seed report's shape): each table cell on
  its own line indented by a tab, a blank line ends a table row, merged header cells are lines
  holding only a tab;
- ``tabs``: one table row per line, cells separated by tabs;
- ``markdown``: ``##`` section headings and pipe tables (the first header row of each table
  above a ``|---|`` line);
- ``runon``: crawler text that lost every cell boundary: each table on one line, labels and
  numbers written together (``规章007规范性文件…``).

The text loader reads these shapes back; the pairs are exercised by round-trip property tests,
and the renderer is handy for producing test fixtures and benchmark inputs from report data.
"""

from __future__ import annotations

from ..core.formats import Block, FormatDef, TableDef
from ..core.model import Report

STYLES = ("word", "tabs", "markdown", "runon")


def _cell_texts(tdef: TableDef, block: Block, report: Report, leaf_key: str) -> list[str]:
    table = report.table(tdef.key)
    texts = []
    for column in block.leaf_columns:
        cell = table.cell(leaf_key, column.key) if table else None
        raw = "" if cell is None or cell.raw is None else cell.raw
        texts.append(raw.replace("\t", " ").replace("\n", " ").replace("|", " "))
    return texts


def _header_levels(block: Block) -> list[list[str]]:
    """The column labels, one list per level of the column tree."""
    levels: list[list[str]] = []
    level = list(block.columns)
    while level:
        levels.append([node.label for node in level if node.label])
        level = [child for node in level for child in node.children]
    return levels


def _word_lines(tdef: TableDef, report: Report) -> list[str]:
    lines: list[str] = []
    if tdef.note:
        lines += [f"\t{tdef.note}", ""]
    for block in tdef.blocks:
        if block.caption:
            lines += [f"\t{block.caption}", ""]
        if block.header:
            lines.append(f"\t{block.header}")
        for labels in _header_levels(block):
            lines += [f"\t{label}" for label in labels]
            lines.append("")
        for leaf in block.leaf_rows:
            row = [f"\t{label}" for label in leaf.labels]
            row += [f"\t{text}" for text in _cell_texts(tdef, block, report, leaf.key)]
            lines += [*row, ""]
    return lines


def _tab_lines(tdef: TableDef, report: Report) -> list[str]:
    # every table line starts with a tab, so a blank first cell is kept
    lines: list[str] = []
    if tdef.note:
        lines.append(f"\t{tdef.note}")
    for block in tdef.blocks:
        if block.caption:
            lines.append(f"\t{block.caption}")
        for index, labels in enumerate(_header_levels(block)):
            head = [block.header] if index == 0 and block.header else []
            lines.append("\t" + "\t".join([*head, *labels]))
        for leaf in block.leaf_rows:
            cells = [*leaf.labels, *_cell_texts(tdef, block, report, leaf.key)]
            lines.append("\t" + "\t".join(cells))
    return [*lines, ""]


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _markdown_lines(tdef: TableDef, report: Report) -> list[str]:
    lines: list[str] = [""]
    if tdef.note:
        lines += [_pipe([tdef.note]), "|---|"]
    for block in tdef.blocks:
        if block.caption:
            lines += [_pipe([block.caption]), "|---|"]
        for index, labels in enumerate(_header_levels(block)):
            head = [block.header] if index == 0 and block.header else []
            lines.append(_pipe([*head, *labels]))
            if index == 0:
                lines.append("|" + "---|" * (len(head) + len(labels)))
        for leaf in block.leaf_rows:
            lines.append(_pipe([*leaf.labels, *_cell_texts(tdef, block, report, leaf.key)]))
    return [*lines, ""]


def _runon_lines(tdef: TableDef, report: Report) -> list[str]:
    parts: list[str] = [tdef.note or ""]
    for block in tdef.blocks:
        parts += [block.caption or "", block.header or ""]
        parts += [label for labels in _header_levels(block) for label in labels]
        for leaf in block.leaf_rows:
            parts += [*leaf.labels, *_cell_texts(tdef, block, report, leaf.key)]
    return ["".join(p.strip() for p in parts)]


_TABLE_LINES = {
    "word": _word_lines,
    "tabs": _tab_lines,
    "markdown": _markdown_lines,
    "runon": _runon_lines,
}


def render_as_text(report: Report, fmt: FormatDef, style: str = "word") -> str:
    """The report as text: title, sections with their text, tables in place."""
    table_lines = _TABLE_LINES[style]
    meta = report.metadata
    lines: list[str] = []
    if report.preamble:
        lines += report.preamble.split("\n")
    elif meta.title:
        lines.append(meta.title)
    tables_by_section: dict[str, list[TableDef]] = {}
    for tdef in fmt.tables:
        tables_by_section.setdefault(tdef.section or "", []).append(tdef)
    for section in report.sections:
        lines.append(f"## {section.heading}" if style == "markdown" else section.heading)
        if section.text:
            lines += section.text.split("\n")
        for tdef in tables_by_section.get(section.key, []):
            if report.table(tdef.key) is not None:
                lines += table_lines(tdef, report)
        lines.append("")
    return "\n".join(lines) + "\n"
