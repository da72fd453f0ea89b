"""The blank reading's one pass over a table's cells (issue 16) held to the definition it
replaces: for each line of the format, the cells found there, and their blanks beside a printed 0
(then the totals left out, unchanged). Over the reports of tests/corpus and over r004 with cells
blanked, zeroed and changed at random."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.core.model import Cell, Report
from disclosure_lint.domain import blanks
from disclosure_lint.domain.blanks import BLANK_REASONS, BlankReading

from .conftest import CORPUS


def _read_by_lines(tdef, table) -> BlankReading:
    """The definition: each line's cells looked up one by one."""
    reading = BlankReading(tdef.key)
    reading.blanks = [c for c in table.cells.values() if c.reason in BLANK_REASONS]
    if not reading.blanks:
        return reading
    blank_keys = {key for key, c in table.cells.items() if c.reason in BLANK_REASONS}
    for lines, total_lines in blanks._lines_of(tdef):
        for line in lines:
            if blank_keys.isdisjoint(line):
                continue
            cells = [c for c in (table.cell(*key) for key in line) if c is not None]
            if any(c.is_number and c.value == 0 for c in cells):
                reading.beside_zero.update(c.key for c in cells if c.reason in BLANK_REASONS)
        blanks._left_out(total_lines, table, blank_keys, reading)
    return reading


def _state(reading: BlankReading) -> tuple:
    return ([id(c) for c in reading.blanks], reading.beside_zero, list(reading.left_out.items()))


def _agree(env, report: Report) -> int:
    fmt = env.formats.get(report.format.used)
    if fmt is None:
        return 0
    compared = 0
    for tdef in fmt.tables:
        table = report.table(tdef.key)
        if table is None or not table.present:
            continue
        assert _state(blanks._read(tdef, table)) == _state(_read_by_lines(tdef, table))
        compared += 1
    return compared


def test_the_blank_reading_agrees_over_the_corpus(env, load) -> None:
    compared = 0
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in {".txt", ".md", ".html"}:
            compared += _agree(env, load(path))
    assert compared > 30


_RAWS = ["", "/", "-", "无", "0", "00", "3", "12", "1.5", "文字"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_blank_reading_agrees_with_cells_changed_at_random(env, load, data) -> None:
    report = load(CORPUS / "r004.txt")
    for table in report.tables.values():
        keys = list(table.cells)
        chosen = data.draw(st.lists(st.sampled_from(keys), max_size=40)) if keys else []
        for key in chosen:
            old = table.cells[key]
            raw = data.draw(st.sampled_from(_RAWS))
            table.cells[key] = Cell.from_raw(
                old.table, old.row, old.column, old.row_labels, old.column_labels, raw, old.location
            )
        for key in data.draw(st.lists(st.sampled_from(keys), max_size=3)) if keys else []:
            table.cells.pop(key, None)  # a cell the loader did not produce
    assert _agree(env, report) > 0
