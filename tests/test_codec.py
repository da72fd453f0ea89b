"""The report codec on real reports: each view decodes to the report it was made from, other
versions are refused, and its users (cache, archive, data loader, harness, parse) go through it."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from disclosure_lint.archive import Archive
from disclosure_lint.cli.main import cli
from disclosure_lint.core.codec import (
    PARSE_OUTPUT_SCHEMA,
    CodecError,
    declared_format,
    report_from_data,
    report_from_parse_output,
    report_from_record,
    report_to_data,
    report_to_parse_output,
    report_to_record,
)
from disclosure_lint.core.codec.parts import (
    _SOURCE_FIELDS,
    decode_location,
    encode_location,
    encode_source,
)
from disclosure_lint.core.engine import Engine
from disclosure_lint.core.inputs import InputSource, LoadContext
from disclosure_lint.core.model import Location, SourceLocation
from disclosure_lint.core.reporting import Reporter, ReporterOptions
from disclosure_lint.core.results import FileResult, FileStatus
from disclosure_lint.core.runner import Runner
from disclosure_lint.core.serialize import result_from_record, result_to_record
from disclosure_lint.testing.harness import Linter

from .conftest import CORPUS, FIXTURES, SEED
from .loaders.expected import CONVERTED

HONGZE_2024 = FIXTURES / "data" / "hongze-2024.yaml"
REPORTS = [
    SEED,
    CORPUS / "r003.md",
    CORPUS / "r013.html",
    CONVERTED / "r013.docx",
    CORPUS / "d03_huaian_2024.pdf",
    HONGZE_2024,
]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_the_parse_output_decodes_to_the_same_report(load, path: Path) -> None:
    report = load(path)
    data = report_to_parse_output(report)
    rebuilt = report_from_parse_output(copy.deepcopy(data), report.lines)
    assert report_to_parse_output(rebuilt) == data
    if path.suffix == ".pdf":
        return  # PDF boxes are kept to 0.01 pt: equal as data (above), not as floats
    assert rebuilt.tables.keys() == report.tables.keys()
    for key, table in report.tables.items():
        assert rebuilt.tables[key].cells == table.cells  # values, reasons, units, locations
    assert rebuilt.sections == report.sections
    assert rebuilt.issues == report.issues


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_the_cache_record_keeps_lines_and_paragraph_places(load, path: Path) -> None:
    report = load(path)
    record = json.loads(json.dumps(report_to_record(report), ensure_ascii=False))
    rebuilt = report_from_record(record)
    assert rebuilt is not None
    assert rebuilt.lines == report.lines
    assert [len(s.paragraphs) for s in rebuilt.sections] == [
        len(s.paragraphs) for s in report.sections
    ]
    if path.suffix in (".html", ".docx", ".pdf"):
        assert any(s.paragraphs for s in rebuilt.sections)
    if path.suffix != ".pdf":  # PDF boxes are kept to 0.01 pt
        assert [s.paragraphs for s in rebuilt.sections] == [s.paragraphs for s in report.sections]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_report_data_decodes_to_the_same_content(env, load, path: Path) -> None:
    report = load(path)
    data = report_to_data(report)
    fmt = declared_format(data, env.formats)
    assert fmt is not None and fmt.id == report.format.used
    rebuilt = report_from_data(data, fmt, env.formats, source="again")
    assert report_to_data(rebuilt) == data
    # without line numbers nothing has a source position
    assert rebuilt.preamble_location is None
    assert all(c.location is None for t in rebuilt.tables.values() for c in t.cells.values())


def test_other_versions_are_refused(env, load) -> None:
    report = load(SEED)
    parse = report_to_parse_output(report)
    with pytest.raises(CodecError, match="parse/2"):
        report_from_parse_output({**parse, "schema": "disclosure-lint/parse/2"})
    with pytest.raises(CodecError, match="None"):
        report_from_parse_output({k: v for k, v in parse.items() if k != "schema"})
    data = report_to_data(report)
    with pytest.raises(CodecError, match="report-data/2"):
        report_from_data(
            {**data, "schema": "disclosure-lint/report-data/2"}, None, env.formats, source="x"
        )
    with pytest.raises(CodecError, match="unknown format"):
        declared_format({**data, "format": "1999"}, env.formats)


def test_a_cache_record_of_another_version_is_not_read(load) -> None:
    report = load(SEED)
    result = FileResult(str(SEED), FileStatus.CHECKED, [], report, report.loader, ("DL101",))
    record = result_to_record(result)
    assert record["report"]["schema"] == PARSE_OUTPUT_SCHEMA
    again = result_from_record(json.loads(json.dumps(record, ensure_ascii=False)))
    assert report_to_parse_output(again.report) == report_to_parse_output(report)
    with pytest.raises(ValueError, match="record version 1"):
        result_from_record({**record, "version": 1})


def test_data_in_memory_reads_as_the_file_does_without_lines(env) -> None:
    context = LoadContext(env.formats)
    from_file = env.load_report(InputSource.from_path(HONGZE_2024), context)
    data = report_to_data(from_file)
    in_memory = env.load_report(InputSource.from_data(data, "hongze.yaml"), context)
    assert report_to_data(in_memory) == data
    assert in_memory.lines is None and from_file.lines is not None
    assert [i.code for i in in_memory.issues] == [i.code for i in from_file.issues]
    with pytest.raises(OSError, match="plain data"):
        InputSource.from_data(data, "hongze.yaml").read_bytes()


def test_the_harness_lints_data_without_writing_it_out() -> None:
    linter = Linter(autoload=False)
    data = {"title": "某县审计局2022年政府信息公开工作年度报告", "year": 2022, "format": "2019"}
    data["tables"] = {"table4": {"cases": {"review.upheld": 0, "review.total": 0}}}
    result = linter.lint_data(data)
    result.assert_codes(expect=["DL012", "DL020", "DL906"])
    [invalid] = result.by_code("DL906")
    assert invalid.location.source is not None and invalid.location.source.line is None
    assert result.report is not None and result.report.lines is None


def test_the_archive_rebuilds_a_report_through_the_codec(tmp_path: Path, env, load) -> None:
    report = load(HONGZE_2024)
    with Archive(tmp_path / "a.sqlite3") as store:
        store.add(report, str(HONGZE_2024))
        meta = report.metadata
        assert meta.body and meta.year
        again = store.report(meta.body, meta.year, env.formats)
        assert store.report(meta.body, meta.year - 1, env.formats) is None
    assert again is not None
    assert again.source == f"archive:{HONGZE_2024}" and again.lines is None
    assert report_to_data(again) == report_to_data(report)
    assert all(s.location is None for s in again.sections)


def test_parse_runs_no_rule(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("parse ran the rules")

    monkeypatch.setattr(Engine, "check", refuse)
    result = CliRunner().invoke(cli, ["parse", str(SEED), "--no-plugin-autoload"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["schema"] == PARSE_OUTPUT_SCHEMA


class _Recorder(Reporter):
    name = "recorder"

    def __init__(self) -> None:
        super().__init__(None, ReporterOptions())  # type: ignore[arg-type]

    def file_done(self, result) -> None:
        pass


class _Progress:
    def __init__(self) -> None:
        self.events: list[str] = []

    def start(self, total: int) -> None:
        self.events.append(f"start {total}")

    def advance(self) -> None:
        self.events.append("advance")

    def stop(self) -> None:
        self.events.append("stop")


def test_the_runner_reports_progress_to_whoever_follows_it(env, engine) -> None:
    progress = _Progress()
    sources = [InputSource.from_path(p) for p in (SEED, HONGZE_2024)]
    Runner(env, engine).run_batch(sources, [_Recorder()], "never", progress=progress)
    assert progress.events == ["start 2", "advance", "advance", "stop"]


_maybe_int = st.none() | st.integers(0, 10**6)
_texts = st.text(max_size=8)
_sources = st.builds(
    SourceLocation,
    file=_texts,
    line=_maybe_int,
    end_line=_maybe_int,
    page=_maybe_int,
    table_index=_maybe_int,
    row_index=_maybe_int,
    col_index=_maybe_int,
    bbox=st.none() | st.tuples(*[st.integers(0, 900).map(float)] * 4),
    paragraph=_maybe_int,
)
_locations = st.builds(
    Location,
    section=st.none() | _texts.filter(bool),
    section_label=st.none() | _texts.filter(bool),
    table=st.none() | _texts.filter(bool),
    table_name=st.none() | _texts.filter(bool),
    row=st.none() | _texts.filter(bool),
    row_labels=st.lists(_texts, max_size=3).map(tuple),
    column=st.none() | _texts.filter(bool),
    column_labels=st.lists(_texts, max_size=3).map(tuple),
    source=st.none() | _sources,
)


@given(_locations)
def test_locations_come_back_from_their_record(location: Location) -> None:
    """Every field of a location and of its source, through the cache record's plain data
    (decoded field by field in the dataclasses' order) and JSON."""
    data = json.loads(json.dumps(encode_location(location)))
    back = decode_location(data)
    expected = location
    if not location.row:  # labels are written with their key only (as a cell has both)
        expected = dataclasses.replace(expected, row_labels=())
    if not location.column:
        expected = dataclasses.replace(expected, column_labels=())
    if not location.section:
        expected = dataclasses.replace(expected, section_label=None)
    if not location.table:
        expected = dataclasses.replace(expected, table_name=None)
    assert back == expected


@given(_sources)
def test_a_source_is_written_field_by_field_in_its_order(source: SourceLocation) -> None:
    """The written-out ``encode_source``: the fields that are set, in the order of
    ``_SOURCE_FIELDS`` (the order the check output shows them in), the box rounded last."""
    expected: dict = {"file": source.file}
    for name in _SOURCE_FIELDS:
        if getattr(source, name) is not None:
            expected[name] = getattr(source, name)
    if source.bbox is not None:
        expected["bbox"] = [round(v, 2) for v in source.bbox]
    written = encode_source(source)
    assert list(written.items()) == list(expected.items())
