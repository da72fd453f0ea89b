"""Export a report to the report data format (``disclosure-lint/report-data/1``) and to the
parse output (``disclosure-lint/parse/1``)."""

from __future__ import annotations

from typing import Any

from .i18n import jsonable_text
from .model import Report
from .results import PARSE_OUTPUT_SCHEMA
from .values import ValueReason, parse_cell

REPORT_DATA_SCHEMA = "disclosure-lint/report-data/1"


def _data_value(raw: str | None, reason: ValueReason, value: Any) -> Any:
    if reason is ValueReason.MISSING:
        return None
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    if reason is ValueReason.NUMBER and isinstance(value, int) and str(value) == text:
        return value
    return text


def report_to_data(report: Report) -> dict[str, Any]:
    """The report's content (no source locations) in the report data format."""
    meta = report.metadata
    data: dict[str, Any] = {"schema": REPORT_DATA_SCHEMA}
    for key in ("title", "body", "year", "published"):
        value = getattr(meta, key)
        if value is not None:
            data[key] = value
    if report.format.used:
        data["format"] = report.format.used
    if report.preamble:
        data["preamble"] = report.preamble
    data["sections"] = [
        {"key": s.key, "heading": s.heading, "text": s.text} for s in report.sections
    ]
    tables: dict[str, Any] = {}
    for key, table in report.tables.items():
        if not table.present:
            continue
        rows: dict[str, dict[str, Any]] = {}
        for cell in table.cells.values():
            if cell.reason is ValueReason.MISSING:
                continue
            rows.setdefault(cell.row, {})[cell.column] = _data_value(
                cell.raw, cell.reason, cell.value
            )
        tables[key] = rows
    data["tables"] = tables
    return data


def report_to_parse_output(report: Report) -> dict[str, Any]:
    """The full parsed model: every cell with keys, both label paths, raw, value and location."""
    return {
        "schema": PARSE_OUTPUT_SCHEMA,
        "source": report.source,
        "loader": report.loader,
        "metadata": report.metadata.to_dict(),
        "format": report.format.to_dict(),
        "preamble": {
            "text": report.preamble,
            "location": report.preamble_location.to_dict() if report.preamble_location else None,
        },
        "sections": [s.to_dict() for s in report.sections],
        "tables": [t.to_dict() for t in report.tables.values()],
        "issues": [
            {"code": i.code, "location": i.location.to_dict(), "args": jsonable_text(i.args)}
            for i in report.issues
        ],
    }


def data_value_to_raw(value: Any) -> str | None:
    """The raw cell text a data-format value stands for (None: blank)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    return str(value)


__all__ = [
    "REPORT_DATA_SCHEMA",
    "data_value_to_raw",
    "parse_cell",
    "report_to_data",
    "report_to_parse_output",
]
