"""A report reads the same in every environment of one process: formats loaded twice (the
test fixtures and a CLI run, the serve app's reloads) give equal, not identical, definitions,
and the reading caches are keyed by value — no reader may compare them by identity.

Found on r003.md (上海市人民政府办公厅 2025): its 表三 rows without labels were placed by
position (DL933) in a fresh process but reported as unread (DL934, DL021) once another
environment had read a report first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_lint.core.inputs import InputSource, LoadContext
from disclosure_lint.core.model import Report
from disclosure_lint.core.plugins import build_environment

from .conftest import CORPUS


def read(path: Path) -> Report:
    env = build_environment(autoload=False)
    report = env.load_report(InputSource.from_path(path), LoadContext(env.formats))
    assert report is not None
    return report


def cells(report: Report) -> dict[tuple[str, str, str], object]:
    return {
        (table.key, row, column): cell.value
        for table in report.tables.values()
        for (row, column), cell in table.cells.items()
    }


@pytest.mark.parametrize("first", ["r004.txt", "r003.md"])
def test_a_second_environment_reads_r003_as_the_first(first: str) -> None:
    read(CORPUS / first)  # fills the reading caches with this environment's format objects
    again = read(CORPUS / "r003.md")
    issues = [issue.code for issue in again.issues]
    assert "DL933" in issues and "DL934" not in issues
    # the row printed as "行政机关不再处理其政府信息公 40 1 0 0 2 0 43" in the report
    read_cells = cells(again)
    assert read_cells[("table3", "result.other_handling.no_correction", "natural")] == 40
    assert read_cells[("table3", "result.other_handling.no_correction", "total")] == 43


@pytest.mark.parametrize(
    "name", ["n13_pingtan_xingzhengshenpi_2022.txt", "n05_pingtan_caizhengjinrong_2022.txt"]
)
def test_a_second_environment_splits_run_together_rows_as_the_first(name: str) -> None:
    """Rows written together are split with relations derived from the format's blocks; a
    second environment's blocks are equal, not identical, to the ones first seen."""
    first = read(CORPUS / name)
    read(CORPUS / "r003.md")
    again = read(CORPUS / name)
    assert sorted(i.code for i in again.issues) == sorted(i.code for i in first.issues)
    assert "DL930" in [i.code for i in again.issues]
    assert cells(again) == cells(first)
