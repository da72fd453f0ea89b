"""Hypothesis strategies for reports: balanced tables, single-cell changes, section texts.

Requires ``hypothesis`` (installed with the ``test`` extra).
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from ..core.formats import FormatDef
from .builders import CellKey

# Real issuing bodies and real sentences (from tests/corpus reports) to fill titles and sections.
BODIES = [
    "银州区工人街道",
    "沭阳县人民政府",
    "平潭综合实验区",
    "沭阳县发展和改革局",
    "淮安市洪泽区人民政府",
]
SENTENCES = [
    "2019年在区政府的正确领导下，工人街道结合工作实际，认真做好政务公开工作，不断规范公开内容，扩大公开范围。",
    "成立工人街道信息公开工作领导小组，由办事处主任任组长，副主任为副组长，专职联络员一人。",
    "我街坚持严格依法、全面真实、及时便民的原则，对各类行政管理和公共服务事项如实公开。",
    "一是信息公开内容深度和广度不够，公开信息的总量有限，信息公开宣传力度不大。",
    "充分利用好微信公众号这一平台，实现政务公开信息化，切实提高办事透明度和机关行政效能。",
    "全年共审核发布各类公开政府信息249条，其中发布行政公文和政策解读信息9条。",
    "2023年度，县发展和改革局政府信息公开未发生收费情况。",
]

SMALL = st.integers(min_value=0, max_value=60)


def balanced_table_values(fmt: FormatDef, integer: Callable[[int, int], int]) -> dict[CellKey, int]:
    """Integer cells for every table of ``fmt`` that satisfy R1, R3, R4 and R5.

    ``integer(low, high)`` draws a number (Hypothesis in tests, ``random.randint`` in benchmarks).
    """
    values: dict[CellKey, int] = {}
    t2 = fmt.table("table2")
    if t2 is not None:
        for _, row, column in t2.cell_keys():
            low = -20 if column.value.allows_negative else 0
            values[("table2", row.key, column.key)] = integer(low, 500)
    t3 = fmt.table("table3")
    if t3 is not None:
        columns = t3.all_column_keys()
        applicant = [c for c in columns if c != "total"]
        outcomes = [r for r in t3.resolve_rows(["result"]) if r != "result.total"]
        for column in applicant:
            total = 0
            for row in outcomes:
                value = integer(0, 60)
                values[("table3", row, column)] = value
                total += value
            values[("table3", "result.total", column)] = total
            carried = integer(0, total + 10)
            forward = integer(max(0, carried - total), carried + 30)
            values[("table3", "carried_over", column)] = carried
            values[("table3", "carry_forward", column)] = forward
            values[("table3", "new", column)] = total + forward - carried
        for row in t3.all_row_keys():
            values[("table3", row, "total")] = sum(values[("table3", row, c)] for c in applicant)
    t4 = fmt.table("table4")
    if t4 is not None:
        for group in ("review", "litigation.direct", "litigation.after_review"):
            parts = [integer(0, 60) for _ in range(4)]
            for key, value in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
                values[("table4", "cases", f"{group}.{key}")] = value
            values[("table4", "cases", f"{group}.total")] = sum(parts)
    return values


@st.composite
def balanced_values(draw, fmt: FormatDef) -> dict[CellKey, int]:
    """Integer cells for every table of ``fmt`` that satisfy R1, R3, R4 and R5."""
    return balanced_table_values(fmt, lambda low, high: draw(st.integers(low, high)))


@st.composite
def zeros_written_blank(draw, values: dict[CellKey, int]) -> dict[CellKey, str]:
    """``values`` as cell text with zeros left blank, as many reports do: every zero, or some
    of them (the others printed as 0), written as nothing, "/", "-" or "—"."""
    mark = draw(st.sampled_from(["", "", "/", "-", "—"]))
    every = draw(st.booleans())
    cells: dict[CellKey, str] = {}
    for key, value in values.items():
        blank = value == 0 and (every or draw(st.booleans()))
        cells[key] = mark if blank else str(value)
    return cells


@st.composite
def raw_cells(draw, fmt: FormatDef) -> dict[CellKey, str]:
    """Cells as written in real reports: numbers mostly, sometimes blank, "/", "-" or "00"."""
    values: dict[CellKey, str] = {}
    for tdef in fmt.tables:
        for _, row, column in tdef.cell_keys():
            values[(tdef.key, row.key, column.key)] = draw(
                st.one_of(
                    st.integers(0, 99999).map(str),
                    st.sampled_from(["", "/", "-", "—", "00", "0", " 0", "\u30000"]),
                )
            )
    return values


def section_texts(fmt: FormatDef):
    """(heading, text) for every section of ``fmt``, texts drawn from real sentences."""
    return st.tuples(
        *[
            st.lists(st.sampled_from(SENTENCES), max_size=3).map(
                lambda sentences, label=s.label: (label, "\n".join(sentences))
            )
            for s in fmt.sections
        ]
    ).map(list)
