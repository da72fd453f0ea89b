"""Render a report in the shape of a Word "save as text" export (the seed report's shape).

Each table cell goes on its own line indented by a tab, a blank line ends a table row, merged
header cells are lines holding only a tab. The text loader reads this shape back; the pair is
exercised by a round-trip property test, and the renderer is handy for producing test fixtures
from report data.
"""

from __future__ import annotations

from ..core.formats import FormatDef, TableDef
from ..core.model import Report


def _table_lines(tdef: TableDef, report: Report) -> list[str]:
    table = report.table(tdef.key)
    lines: list[str] = []
    if tdef.note:
        lines += [f"\t{tdef.note}", ""]
    for block in tdef.blocks:
        if block.caption:
            lines += [f"\t{block.caption}", ""]
        if block.header:
            lines.append(f"\t{block.header}")
        # one header row per level of the column tree
        level = list(block.columns)
        while level:
            lines += [f"\t{node.label}" for node in level if node.label]
            lines.append("")
            level = [child for node in level for child in node.children]
        for leaf in block.leaf_rows:
            row = [f"\t{label}" for label in leaf.labels]
            for column in block.leaf_columns:
                cell = table.cell(leaf.key, column.key) if table else None
                raw = "" if cell is None or cell.raw is None else cell.raw
                row.append("\t" + raw.replace("\t", " ").replace("\n", " "))
            lines += [*row, ""]
    return lines


def render_as_text(report: Report, fmt: FormatDef) -> str:
    """The report as Word-exported text: title, sections with their text, tables in place."""
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
        lines.append(section.heading)
        if section.text:
            lines += section.text.split("\n")
        for tdef in tables_by_section.get(section.key, []):
            if report.table(tdef.key) is not None:
                lines += _table_lines(tdef, report)
        lines.append("")
    return "\n".join(lines) + "\n"
