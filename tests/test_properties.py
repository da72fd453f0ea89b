"""Hypothesis property tests guarding the rule engine and the text loader."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.core.codec import report_to_data
from disclosure_lint.core.findings import Outcome
from disclosure_lint.core.rules import expand
from disclosure_lint.testing.builders import build_report
from disclosure_lint.testing.strategies import (
    BODIES,
    balanced_values,
    raw_cells,
    section_texts,
    zeros_written_blank,
)
from disclosure_lint.writers.text import render_as_text

FORMATS = st.sampled_from(["2019", "2021"])
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def sum_rules(env):
    return [r for r in env.rules if r.kind == "sum"]


def relation_instances(env, fmt):
    """Every instance of every sum rule: (code, line key, operand cells)."""
    kind = env.kinds["sum"]
    out = []
    for rule in sum_rules(env):
        if not rule.applies_to(fmt.id):
            continue
        for instance, _ in expand(rule):
            tdef = fmt.table(instance.params["table"])
            for line, left, right in kind.instances(instance, tdef):
                cells = {(tdef.key, r, c) for r, c in left + right}
                out.append((rule.code, line, cells))
    return out


@SETTINGS
@given(data=st.data(), format_id=FORMATS)
def test_balanced_tables_give_no_arithmetic_finding(env, check, data, format_id) -> None:
    fmt = env.formats.get(format_id)
    values = data.draw(balanced_values(fmt))
    findings = check(build_report(fmt, values, year=2020 if format_id == "2019" else 2022))
    assert [f for f in findings if f.code.startswith("DL1")] == []


@SETTINGS
@given(data=st.data(), format_id=FORMATS)
def test_zeros_written_blank_give_one_blank_finding_per_table(env, check, data, format_id):
    """Balanced tables whose zeros (all, or some beside printed zeros) are left blank: no
    arithmetic finding, nothing listed as not assessable, and one blank-cell finding for each
    table that has blanks."""
    fmt = env.formats.get(format_id)
    values = data.draw(balanced_values(fmt))
    cells = data.draw(zeros_written_blank(values))
    findings = check(build_report(fmt, cells, year=2020 if format_id == "2019" else 2022))
    assert [f for f in findings if f.code.startswith("DL1")] == []
    assert [f for f in findings if f.outcome is Outcome.NOT_ASSESSABLE] == []
    with_blanks = {table for (table, _, _), raw in cells.items() if raw in ("", "/", "-", "—")}
    blank_findings = [f.location.table for f in findings if f.code == "DL204"]
    assert sorted(blank_findings) == sorted(with_blanks)


@SETTINGS
@given(data=st.data(), format_id=FORMATS)
def test_one_changed_cell_fails_exactly_its_relations(env, check, data, format_id) -> None:
    fmt = env.formats.get(format_id)
    values = data.draw(balanced_values(fmt))
    key = data.draw(st.sampled_from(sorted(values)))
    delta = data.draw(st.integers(-50, 50).filter(lambda d: d != 0))
    values[key] = values[key] + delta
    findings = check(build_report(fmt, values, year=2020 if format_id == "2019" else 2022))
    relation_codes = {r.code for r in sum_rules(env)}
    failed = {
        (f.code, f.data["line"])
        for f in findings
        if f.code in relation_codes and f.outcome is Outcome.FAIL
    }
    expected = {(code, line) for code, line, cells in relation_instances(env, fmt) if key in cells}
    assert failed == expected
    for finding in findings:
        if finding.code in relation_codes:
            named = {(c.location.table, c.location.row, c.location.column) for c in finding.cells}
            assert key in named  # the finding names the changed cell
            assert str(values[key]) in finding.message() or any(
                c.value == values[key] for c in finding.cells
            )


@pytest.mark.parametrize("style", ["word", "tabs", "markdown"])
@SETTINGS
@given(data=st.data(), format_id=FORMATS)
def test_parse_of_rendered_text_gives_back_the_report(env, load, data, format_id, style) -> None:
    fmt = env.formats.get(format_id)
    cells = data.draw(raw_cells(fmt))
    body = data.draw(st.sampled_from(BODIES))
    year = data.draw(st.integers(2019, 2020) if format_id == "2019" else st.integers(2021, 2026))
    sections = data.draw(section_texts(fmt))
    report = build_report(
        fmt,
        cells,
        title=f"{body}{year}年政府信息公开工作年度报告",
        body=body,
        year=year,
        sections=sections,
    )
    text = render_as_text(report, fmt, style)
    parsed = load(text, "rendered.md" if style == "markdown" else "rendered.txt")
    assert report_to_data(parsed) == report_to_data(report)
    assert [i.code for i in parsed.issues] == []


@SETTINGS
@given(data=st.data(), format_id=FORMATS)
def test_numbers_written_together_are_never_misread(env, load, data, format_id) -> None:
    """Tables whose cells lost their separators (crawler text): every cell read is the number
    written, and every cell not read is announced (DL932); a row split with the help of its row
    total (DL931) or of the whole table's relations (DL936) says so, and those relations are not
    checked on it."""
    fmt = env.formats.get(format_id)
    values = data.draw(balanced_values(fmt))
    year = 2020 if format_id == "2019" else 2022
    sections = data.draw(section_texts(fmt))
    report = build_report(
        fmt, values, title=f"某县{year}年政府信息公开工作年度报告", year=year, sections=sections
    )
    parsed = load(render_as_text(report, fmt, "runon"), "crawled.txt")
    codes = {i.code for i in parsed.issues}
    unread = 0
    for (table, row, column), value in values.items():
        cell = parsed.tables[table].cell(row, column)
        assert cell is not None
        if cell.is_number:
            assert cell.value == value, (table, row, column, cell.raw)
        else:
            unread += 1
    if unread:
        assert "DL932" in codes
    assumed = {row for t in parsed.tables.values() for row in t.assumed_relations}
    if assumed:
        assert codes & {"DL931", "DL936"}
    # rows decided by the whole table say so, and the relations used are marked assumed
    if "DL936" in codes:
        assert any(t.assumed_column_relations for t in parsed.tables.values())
