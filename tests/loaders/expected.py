"""Compare parsed reports with the hand-checked expected cells in ``tests/corpus/expected``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from disclosure_lint.core.model import Report

from ..conftest import CORPUS

EXPECTED = CORPUS / "expected"
CONVERTED = Path(__file__).resolve().parent.parent / "fixtures" / "converted"


def expected_cells(name: str, page: bool = False) -> list[dict[str, Any]]:
    """The expected cells of ``name``; with ``page``, as the report's published page shows
    them (a cell its text leaves open carries the page's reading under ``page``)."""
    cells = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))["cells"]
    if page:
        cells = [{**cell, **cell["page"]} if "page" in cell else cell for cell in cells]
    return cells


def _value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def cell_mismatches(report: Report, expected: list[dict[str, Any]]) -> list[str]:
    """Every difference between the report's cells and ``expected``, as readable lines."""
    got = {
        (table.key, cell.row, cell.column): cell
        for table in report.tables.values()
        for cell in table.cells.values()
    }
    problems: list[str] = []
    wanted = set()
    for item in expected:
        key = (item["table"], item["row"], item["column"])
        wanted.add(key)
        cell = got.get(key)
        if cell is None:
            problems.append(f"{key}: not in the parse output")
            continue
        seen = (cell.raw, _value(cell.value), cell.reason.value)
        want = (item["raw"], item["value"], item["value_reason"])
        if seen != want:
            problems.append(f"{key}: got {seen}, expected {want}")
    problems.extend(f"{key}: not expected" for key in sorted(set(got) - wanted))
    return problems
