"""Round trips: generated reports of the 2019 and 2021 formats, rendered as HTML pages (random
merged-cell layouts, page chrome, UTF-8 or GBK) and as DOCX files (python-docx, merged cells),
parse back to the same cells and sections."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from disclosure_lint.core.inputs import InputSource, LoadContext
from disclosure_lint.core.values import clean_cell_text, parse_cell
from disclosure_lint.testing.strategies import BODIES, section_texts

from .render import CHROME, Layout, render_docx, render_html, value_positions

FORMATS = st.sampled_from(["2019", "2021"])
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Cell texts as real reports write them: numbers, blanks, placeholders, signs, units, decimals.
CELL = st.one_of(
    st.integers(0, 99999).map(str),
    st.sampled_from(
        [
            "",
            "",
            "0",
            "0",
            "/",
            "-",
            "—",
            "无",
            " 0",
            "00",
            "+3",
            "-3",
            "12.5",
            "1,234",
            "251000元",
            "１２",
            "\u30007",
        ]
    ),
)

LAYOUTS = st.builds(
    Layout,
    merged_labels=st.booleans(),
    span_values=st.booleans(),
    break_labels=st.booleans(),
    blank=st.sampled_from(["", "&nbsp;", "<o:p>&nbsp;</o:p>", " "]),
    chrome=st.lists(st.sampled_from(sorted(CHROME)), unique=True).map(tuple),
    whole_page=st.booleans(),
    charset=st.sampled_from(["utf-8", "gbk", "gb18030"]),
    declare=st.booleans(),
    layout_wrapper=st.booleans(),
)


@st.composite
def reports(draw):
    format_id = draw(FORMATS)
    return format_id, draw(st.data())


def _draw_report(env, data, format_id: str):
    fmt = env.formats.get(format_id)
    values = {
        (t.key, r.key, c.key): data.draw(CELL, label=f"{t.key}/{r.key}/{c.key}")
        for t in fmt.tables
        for _, r, c in t.cell_keys()
    }
    # a 表四 data row with no value at all cannot be told from no row (the mapper needs a value)
    assume(any(clean_cell_text(v) for (t, _, _), v in values.items() if t == "table4"))
    year = data.draw(st.integers(2019, 2020) if format_id == "2019" else st.integers(2021, 2025))
    body = data.draw(st.sampled_from(BODIES))
    title = f"{body}{year}年政府信息公开工作年度报告"
    sections = data.draw(section_texts(fmt))
    return fmt, values, year, body, title, sections


def _assert_same(report, fmt, values, year, sections, positions) -> None:
    assert report.format.used == fmt.id
    assert report.metadata.year == year
    assert [i for i in report.issues if i.code.startswith("DL02")] == []
    got = {(t.key, c.row, c.column): c for t in report.tables.values() for c in t.cells.values()}
    assert set(got) == set(values)
    for key, written in values.items():
        cell = got[key]
        expected = parse_cell(written)
        assert clean_cell_text(cell.raw or "") == clean_cell_text(written), key
        assert (cell.value, cell.reason) == (expected.value, expected.reason), key
        where = cell.location
        assert (where.table_index, where.row_index, where.col_index) == positions[key], key
    assert [(s.heading, s.text) for s in report.sections] == [
        (heading, text) for heading, text in sections
    ]


@SETTINGS
@given(data=st.data(), format_id=FORMATS, layout=LAYOUTS)
def test_html_round_trip(env, data, format_id, layout) -> None:
    fmt, values, year, _body, title, sections = _draw_report(env, data, format_id)
    page = render_html(fmt, values, title, sections, layout)
    report = env.load_report(
        InputSource.from_bytes(page, "generated.html"), LoadContext(env.formats)
    )
    positions = value_positions(fmt, values, layout, first_table=int(layout.layout_wrapper))
    _assert_same(report, fmt, values, year, sections, positions)
    assert report.metadata.title == title
    allowed = {"DL904"} if not layout.declare and layout.charset != "utf-8" else set()
    assert {i.code for i in report.issues} <= allowed


@SETTINGS
@given(
    data=st.data(),
    format_id=FORMATS,
    layout=st.builds(
        Layout, merged_labels=st.booleans(), span_values=st.booleans(), break_labels=st.booleans()
    ),
)
def test_docx_round_trip(env, data, format_id, layout) -> None:
    fmt, values, year, body, title, sections = _draw_report(env, data, format_id)
    document = render_docx(fmt, values, title, sections, layout)
    report = env.load_report(
        InputSource.from_bytes(document, "generated.docx"), LoadContext(env.formats)
    )
    _assert_same(report, fmt, values, year, sections, value_positions(fmt, values, layout))
    assert report.metadata.title == title and report.metadata.body == body
    assert report.issues == []
