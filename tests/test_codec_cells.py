"""The cells of findings in the cache record (core/codec/cells.py): they come back as a
location's own record brings it back, they behave as cells made by the constructors (equality,
hashing, pickling, immutability), and each distinct label path and file is written once."""

from __future__ import annotations

import dataclasses
import json
import pickle
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.core.cache import dump_record, load_record
from disclosure_lint.core.codec.cells import decode_cell_records, encode_cell_records
from disclosure_lint.core.codec.parts import (
    decode_location,
    decode_value,
    encode_location,
    encode_value,
)
from disclosure_lint.core.findings import CellRef, Finding, Related, Severity
from disclosure_lint.core.model import Location, SourceLocation
from disclosure_lint.core.serialize import finding_from_record, finding_to_record
from disclosure_lint.core.values import ValueReason

from .conftest import CORPUS

# small pools, so that the cells of a finding often share parts (and whole columns)
_keys = st.none() | st.sampled_from(["", "new", "carried_over", "org.legal", "总计"])
_labels = st.lists(st.sampled_from(["", "一、本年新收", "自然人", "×", "a"]), max_size=3)
_ints = st.none() | st.sampled_from([0, 1, 7]) | st.integers(-(2**63), 2**63 - 1)
_boxes = st.none() | st.tuples(*[st.floats(0, 900, allow_nan=False)] * 4) | st.just(())
_sources = st.builds(
    SourceLocation,
    file=st.sampled_from(["a.txt", "b.pdf", ""]),
    line=_ints,
    end_line=_ints,
    page=_ints,
    table_index=_ints,
    row_index=_ints,
    col_index=_ints,
    bbox=_boxes,
    paragraph=_ints,
)
_locations = st.builds(
    Location,
    section=_keys,
    section_label=st.none() | st.sampled_from(["", "一、总体情况"]),
    table=st.none() | st.sampled_from(["", "table3", "table4"]),
    table_name=st.none() | st.sampled_from(["", "表三"]),
    row=_keys,
    row_labels=_labels.map(tuple),
    column=_keys,
    column_labels=_labels.map(tuple),
    source=st.none() | _sources,
)
_values = st.none() | _ints | st.sampled_from([Decimal("0"), Decimal("1.50"), Decimal("-2E+3")])
_cells = st.builds(
    CellRef,
    location=_locations,
    raw=st.none() | st.sampled_from(["", " 7 ", "—", "1.50"]),
    value=_values,
    reason=st.sampled_from(list(ValueReason)),
)


def _through_its_record(location: Location) -> Location:
    return decode_location(json.loads(json.dumps(encode_location(location))))


def _through_a_location_record(ref: CellRef) -> CellRef:
    """``ref`` as it came back when each cell's location had its own record (before the
    compact form): the same normalisation, the same rounding of boxes."""
    location = _through_its_record(ref.location)
    return CellRef(location, ref.raw, decode_value(encode_value(ref.value)), ref.reason)


@settings(max_examples=300)
@given(st.lists(_cells, max_size=12))
def test_cells_come_back_as_a_location_record_brings_them_back(cells: list[CellRef]) -> None:
    expected = tuple(_through_a_location_record(c) for c in cells)
    record = encode_cell_records(cells)
    for data in (json.loads(json.dumps(record)), load_record(dump_record(record))):
        back = decode_cell_records(data)
        assert back == expected
        assert [type(c.value) for c in back] == [type(c.value) for c in expected]
        assert [type(c.location.source.line) for c in back if c.location.source] == [
            type(c.location.source.line) for c in expected if c.location.source
        ]


@given(st.lists(_cells, min_size=1, max_size=6))
def test_decoded_cells_behave_as_constructed_ones(cells: list[CellRef]) -> None:
    """The decoder fills the instances' dictionaries instead of calling ``__init__``: what
    comes out hashes, pickles, compares, prints and refuses changes as constructed cells do."""
    back = decode_cell_records(json.loads(json.dumps(encode_cell_records(cells))))
    for decoded, expected in zip(back, map(_through_a_location_record, cells), strict=True):
        pairs = [(decoded, expected), (decoded.location, expected.location)]
        if expected.location.source is not None:
            pairs.append((decoded.location.source, expected.location.source))
        for made, built in pairs:
            assert type(made) is type(built)
            assert made == built and hash(made) == hash(built)
            assert repr(made) == repr(built)
            assert list(vars(made)) == [f.name for f in dataclasses.fields(made)]
            assert pickle.loads(pickle.dumps(made)) == built
            with pytest.raises(dataclasses.FrozenInstanceError):
                made.raw = "x"  # type: ignore[misc, union-attr]
        assert dataclasses.replace(decoded, raw="x") == dataclasses.replace(expected, raw="x")


def test_the_decoder_knows_every_field() -> None:
    """The decoder sets these fields and no others, and no ``__post_init__`` is skipped: a
    field added to these classes must be added to the cell record too."""
    fields = {cls: [f.name for f in dataclasses.fields(cls)] for cls in (CellRef, Location)}
    assert fields[CellRef] == ["location", "raw", "value", "reason"]
    assert fields[Location] == [
        "section",
        "section_label",
        "table",
        "table_name",
        "row",
        "row_labels",
        "column",
        "column_labels",
        "source",
    ]
    assert [f.name for f in dataclasses.fields(SourceLocation)] == [
        "file",
        "line",
        "end_line",
        "page",
        "table_index",
        "row_index",
        "col_index",
        "bbox",
        "paragraph",
    ]
    for cls in (CellRef, Location, SourceLocation):
        assert not hasattr(cls, "__post_init__")


def test_a_finding_without_cells_and_one_with_none_left() -> None:
    finding = Finding("DL204", "blank-cell", Severity.WARNING, {"zh": "空"}, Location())
    assert finding_from_record(load_record(dump_record(finding_to_record(finding)))) == finding
    assert decode_cell_records(encode_cell_records([])) == ()


@pytest.mark.parametrize(
    "path", [CORPUS / "r013.html", CORPUS / "r006.txt", CORPUS / "d01_hongze_2023.pdf"]
)
def test_findings_of_real_reports_come_back(path: Path, load, check) -> None:
    """Every finding of a real report, cells and all, through the record and JSON (PDF cells
    have boxes, rounded to 0.01 pt as before)."""
    findings = check(load(path))
    assert any(f.cells for f in findings)
    back = [finding_from_record(load_record(dump_record(finding_to_record(f)))) for f in findings]
    expected = [
        dataclasses.replace(
            f,
            location=_through_its_record(f.location),
            cells=tuple(map(_through_a_location_record, f.cells)),
            related=tuple(Related(_through_its_record(r.location), r.messages) for r in f.related),
        )
        for f in findings
    ]
    assert back == expected


def test_a_finding_record_names_each_label_path_and_file_once(load, check) -> None:
    """A blank-cell finding of dozens of cells in one table writes each label path, the
    table's name and the file once (each cell's location had its own copy of them)."""
    findings = check(load(CORPUS / "r013.html"))
    finding = max(findings, key=lambda f: len(f.cells))
    assert finding.code == "DL204" and len(finding.cells) > 100
    text = dump_record(finding_to_record(finding)).decode("utf-8")
    record = load_record(text.encode("utf-8"))["cells"]
    locations = [ref.location for ref in finding.cells]
    assert record["files"] == sorted({loc.source.file for loc in locations if loc.source})
    assert text.count(json.dumps(record["files"][0], ensure_ascii=False)) == 2  # and the finding's
    assert record["heads"] == [[None, None, "table3", locations[0].table_name]]
    axes = {(loc.row, loc.row_labels) for loc in locations}
    axes |= {(loc.column, loc.column_labels) for loc in locations}
    assert sorted((key, tuple(labels)) for key, labels in record["axes"]) == sorted(axes)
