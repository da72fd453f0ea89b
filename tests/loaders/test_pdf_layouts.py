"""PDF layouts that printing from Word, LibreOffice and browsers produces, read without a guess.

Each case is a PDF drawn with reportlab (:mod:`disclosure_lint.testing.pdf`) in the shape the
real renders of ``tests/corpus`` showed (see ``test_rendering.py`` for the renders themselves):
a heading set right under a table, a label that fills its cell up to the next cell's number.
"""

from __future__ import annotations

import pytest

from disclosure_lint.core.values import ValueReason
from disclosure_lint.testing.pdf import PdfLayout, render_pdf


@pytest.fixture(scope="module")
def fmt2021(env):
    return env.formats.get("2021")


def _values(fmt, raw: str) -> dict:
    return {(t.key, r.key, c.key): raw for t in fmt.tables for _, r, c in t.cell_keys()}


@pytest.mark.parametrize("rules", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("gap", [0.0, 2.0, 6.0])
def test_a_heading_right_under_a_table_is_never_read_into_a_cell(load, check, fmt2021, gap, rules):
    """ "9116.36收到和处理政府信息公开申请情况": the heading after 表二 set close under its last row
    must not join the fee cell (nor 表三's last row the heading of 四)."""
    values = _values(fmt2021, "0")
    values[("table2", "fees", "fee_amount")] = "9116.36"
    pdf = render_pdf(fmt2021, values, layout=PdfLayout(table_gap=gap, rules=rules))
    report = load(pdf, "tight.pdf")
    fee = report.tables["table2"].cells[("fees", "fee_amount")]
    assert (fee.raw, fee.reason) == ("9116.36", ValueReason.NUMBER)
    carry = report.tables["table3"].cells[("carry_forward", "total")]
    assert (carry.raw, carry.reason) == ("0", ValueReason.NUMBER)
    cells = [c for t in report.tables.values() for c in t.cells.values()]
    assert all(c.reason is ValueReason.NUMBER for c in cells), [
        (c.table, c.row, c.column, c.raw) for c in cells if c.reason is not ValueReason.NUMBER
    ]
    assert {s.key for s in report.sections} >= {"requests", "review_litigation"}
    assert not [f for f in check(report) if f.code.startswith("DL2")]


@pytest.mark.parametrize("rules", [True, False], ids=["ruled", "unruled"])
def test_a_label_that_fills_its_cell_before_a_number_set_left(load, check, fmt2021, rules):
    """ "行政事业性收费12": a label filling its cell, the number flush left in the next cell half
    an em away (no rule between when unruled) is still the row's label, not a sentence."""
    values = _values(fmt2021, "12")
    layout = PdfLayout(rules=rules, align="left", label_width=67.5)
    report = load(render_pdf(fmt2021, values, layout=layout), "narrow.pdf")
    cells = report.tables["table2"].cells.values()
    assert all((c.raw, c.reason) == ("12", ValueReason.NUMBER) for c in cells), [
        (c.row, c.column, c.raw) for c in cells if c.raw != "12"
    ]
    assert not [f for f in check(report) if f.code == "DL021"]
