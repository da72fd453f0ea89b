"""表二, 表三 and 表四 rebuilt from the parsed cells, the cells of findings marked."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..api import Finding, Report, Table
from .markup import Markup, tag
from .words import word

_RANK = {"info": 1, "warning": 2, "error": 3}


@dataclass
class _Mark:
    severity: str = "info"
    codes: list[str] = field(default_factory=list)
    target: bool = False  # a cell of the selected finding

    def add(self, finding: Finding, selected: bool) -> None:
        if finding.code not in self.codes:
            self.codes.append(finding.code)
        if _RANK[finding.severity.value] > _RANK[self.severity]:
            self.severity = finding.severity.value
        self.target = self.target or selected


def cell_marks(
    findings: list[tuple[Finding, bool]],
) -> tuple[dict[tuple[str, str, str], _Mark], dict[tuple[str, str], _Mark]]:
    """Marks per (table, row, column) cell and per (table, row) row, from unsuppressed findings
    (their own cell, and the operand cells of a failing relation)."""
    cells: dict[tuple[str, str, str], _Mark] = {}
    rows: dict[tuple[str, str], _Mark] = {}
    for finding, selected in findings:
        if finding.suppressed and not selected:
            continue
        loc = finding.location
        if loc.table and loc.row and loc.column:
            cells.setdefault((loc.table, loc.row, loc.column), _Mark()).add(finding, selected)
        elif loc.table and loc.row:
            rows.setdefault((loc.table, loc.row), _Mark()).add(finding, selected)
        for ref in finding.cells:
            where = ref.location
            if where.table and where.row and where.column:
                key = (where.table, where.row, where.column)
                cells.setdefault(key, _Mark()).add(finding, selected)
    return cells, rows


def _value(value: int | Decimal | None) -> str:
    return "—" if value is None else str(value)


def table_view(
    table: Table,
    cells: dict[tuple[str, str, str], _Mark],
    rows: dict[tuple[str, str], _Mark],
    lang: str,
) -> Markup:
    caption = tag("caption", f"{table.name} {table.title}")
    if not table.present:
        return tag(
            "div",
            tag("table", caption, class_="report-table"),
            tag("p", word(lang, "table_absent"), class_="muted"),
            class_="table-block",
        )
    columns: dict[str, tuple[str, ...]] = {}
    by_row: dict[str, dict[str, object]] = {}
    for cell in table.cells.values():
        columns.setdefault(cell.column, cell.column_labels)
        row = by_row.setdefault(cell.row, {"labels": cell.row_labels, "cells": {}})
        row["cells"][cell.column] = cell  # type: ignore[index]
    head = tag(
        "tr",
        tag("th", ""),
        [
            tag("th", " › ".join(labels) or key, data_column=key, title=key)
            for key, labels in columns.items()
        ],
    )
    body = []
    for row_key, row in by_row.items():
        row_mark = rows.get((table.key, row_key))
        labels = " › ".join(row["labels"]) or row_key  # type: ignore[arg-type]
        header_class = "row-label"
        if row_mark is not None:
            header_class += f" fail hl-{row_mark.severity}"
            header_class += " hl-target" if row_mark.target else ""
        tds = []
        for column in columns:
            cell = row["cells"].get(column)  # type: ignore[attr-defined]
            if cell is None:
                tds.append(tag("td", "", class_="absent"))
                continue
            mark = cells.get((table.key, row_key, column))
            classes = f"cell reason-{cell.reason.value}"
            if mark is not None:
                classes += f" fail hl-{mark.severity}" + (" hl-target" if mark.target else "")
            where = cell.location.short() if cell.location is not None else ""
            tip = (
                f"{word(lang, 'value')}: {_value(cell.value)} · "
                f"{word(lang, 'read_as')}: {word(lang, cell.reason.value)}"
                + (f" · {where}" if where else "")
                + (f" · {', '.join(mark.codes)}" if mark else "")
            )
            raw = word(lang, "not_found") if cell.raw is None else cell.raw.strip()
            tds.append(
                tag(
                    "td",
                    raw,
                    class_=classes,
                    title=tip,
                    data_table=table.key,
                    data_row=row_key,
                    data_column=column,
                    data_codes=" ".join(mark.codes) if mark else None,
                )
            )
        body.append(
            tag("tr", tag("th", labels, class_=header_class, scope="row"), tds, data_row=row_key)
        )
    return tag(
        "div",
        tag(
            "table",
            caption,
            tag("thead", head),
            tag("tbody", body),
            class_="report-table",
            data_table=table.key,
        ),
        class_="table-block",
    )


def tables_view(report: Report | None, findings: list[tuple[Finding, bool]], lang: str) -> Markup:
    if report is None or not report.tables:
        return tag("p", word(lang, "no_tables"), class_="muted")
    cells, rows = cell_marks(findings)
    return tag("div", [table_view(t, cells, rows, lang) for t in report.tables.values()])
