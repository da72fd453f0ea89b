"""The sum kind's one-pass side total (issue 16) held to the definition it replaces: the cells
of a side listed (None when one is missing), then summed with blanks read as 0 (None when one
has no number)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.core.model import Cell
from disclosure_lint.core.values import ValueReason
from disclosure_lint.domain.blanks import BLANK_REASONS, BlankReading, value_of
from disclosure_lint.kinds import sum as sum_kind

_KEYS = [(row, column) for row in "abc" for column in "xyz"]


def _side(cells: list[Cell], blanks: BlankReading | None) -> int | Decimal | None:
    """The definition: every operand a number or a blank read as 0, else None."""
    total: int | Decimal = 0
    for cell in cells:
        value = value_of(cell, blanks)
        if value is None:
            return None
        total += value
    return total


_VALUES = st.one_of(
    st.integers(-5, 1000),
    st.decimals(min_value=-100, max_value=100, places=2, allow_nan=False),
)


@st.composite
def _cell(draw, key: tuple[str, str]) -> Cell | None:
    reason = draw(st.sampled_from([*ValueReason, None]))
    if reason is None:
        return None  # the loader did not produce it
    value = draw(_VALUES) if reason is ValueReason.NUMBER else None
    return Cell("t", key[0], key[1], (), (), "", value, reason)


@st.composite
def _cells_and_blanks(draw):
    cells = {}
    for key in _KEYS:
        cell = draw(_cell(key))
        if cell is not None:
            cells[key] = cell
    if draw(st.booleans()):
        return cells, None
    blanks = BlankReading("t", [c for c in cells.values() if c.reason in BLANK_REASONS])
    blanks.beside_zero = set(draw(st.lists(st.sampled_from(_KEYS), max_size=3)))
    blanks.left_out = dict.fromkeys(draw(st.lists(st.sampled_from(_KEYS), max_size=3)))
    return cells, blanks


@settings(max_examples=500, deadline=None)
@given(data=_cells_and_blanks(), keys=st.lists(st.sampled_from(_KEYS), min_size=1, max_size=5))
def test_a_side_total_is_the_sum_of_its_listed_cells(data, keys) -> None:
    cells, blanks = data
    keys = tuple(keys)
    listed = sum_kind._cells_at(cells, keys)
    found = sum_kind._total(cells, keys, blanks)
    if listed is None:
        assert found is sum_kind._MISSING
        return
    expected = _side(listed, blanks)
    if expected is None:
        assert found is sum_kind._NO_NUMBER
    else:
        assert found == expected
        assert type(found) is type(expected)
