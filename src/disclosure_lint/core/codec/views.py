"""The three plain-data views of a report, each versioned, with their decoders.

- the parse output (``disclosure-lint/parse/1``): the whole model with every source location,
  as ``disclosure-lint parse`` prints it;
- the report data (``disclosure-lint/report-data/1``): the content only, as a platform submits
  it and as the archive keeps it (docs/report-data-format.md);
- the cache record of a report: the parse output plus the source lines and the place of each
  section paragraph (versioned by the result record around it, see ``core/serialize.py``).

A view of another version (or none) is refused with :class:`CodecError`, never guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..formats import FormatDef, FormatRegistry, SectionDef
from ..model import Cell, FormatInfo, Metadata, Report, Section, SourceLocation, Table
from ..values import ValueReason
from .parts import (
    PlainData,
    decode_format_info,
    decode_issue,
    decode_metadata,
    decode_paragraphs,
    decode_section,
    decode_source,
    decode_table,
    encode_format_info,
    encode_issue,
    encode_metadata,
    encode_optional_source,
    encode_paragraphs,
    encode_section,
    encode_table,
)

PARSE_OUTPUT_SCHEMA = "disclosure-lint/parse/1"
REPORT_DATA_SCHEMA = "disclosure-lint/report-data/1"

#: a key path into report data, e.g. ("tables", "table3", "new", "total") -> its line, if known
LineOf = Callable[[tuple[str | int, ...]], int | None]


class CodecError(ValueError):
    """Plain data that is not a view this version reads (another schema, an unknown format)."""


def _require_schema(data: Mapping[str, Any], schema: str) -> None:
    found = data.get("schema")
    if found != schema:
        raise CodecError(f"schema {found!r}: this version of disclosure-lint reads {schema!r}")


# --- the parse output ---------------------------------------------------------------------------


def report_to_parse_output(report: Report) -> PlainData:
    """The full parsed model: every cell with keys, both label paths, raw, value and location."""
    return {
        "schema": PARSE_OUTPUT_SCHEMA,
        "source": report.source,
        "loader": report.loader,
        "metadata": encode_metadata(report.metadata),
        "format": encode_format_info(report.format),
        "preamble": {
            "text": report.preamble,
            "location": encode_optional_source(report.preamble_location),
        },
        "sections": [encode_section(s) for s in report.sections],
        "tables": [encode_table(t) for t in report.tables.values()],
        "issues": [encode_issue(i) for i in report.issues],
    }


def report_from_parse_output(data: Mapping[str, Any], lines: list[str] | None = None) -> Report:
    """The report a parse output describes (``lines``: its source lines, which it omits)."""
    _require_schema(data, PARSE_OUTPUT_SCHEMA)
    report = Report(
        source=data["source"],
        loader=data["loader"],
        metadata=decode_metadata(data["metadata"]),
        format=decode_format_info(data["format"]),
        lines=lines,
        preamble=data["preamble"]["text"],
        preamble_location=decode_source(data["preamble"]["location"]),
    )
    report.sections.extend(decode_section(s) for s in data["sections"])
    for item in data["tables"]:
        table = decode_table(item)
        report.tables[table.key] = table
    report.issues.extend(decode_issue(i) for i in data["issues"])
    return report


# --- the cache record ---------------------------------------------------------------------------


def report_to_record(report: Report | None) -> PlainData:
    """``{"report", "lines", "paragraphs"}``: the parse output, the source lines and where each
    paragraph of each section is (batch checks and content findings point at paragraphs)."""
    if report is None:
        return {"report": None, "lines": None, "paragraphs": None}
    return {
        "report": report_to_parse_output(report),
        "lines": report.lines,
        "paragraphs": [encode_paragraphs(s) for s in report.sections],
    }


def report_from_record(data: Mapping[str, Any]) -> Report | None:
    if not data["report"]:
        return None
    report = report_from_parse_output(data["report"], data.get("lines"))
    places = data.get("paragraphs")
    if places is not None:
        for section, paragraphs in zip(report.sections, places, strict=True):
            section.paragraphs = decode_paragraphs(paragraphs)
    return report


# --- the report data ----------------------------------------------------------------------------


def _data_value(cell: Cell) -> Any:
    """A cell as report data: an integer written canonically stays a number, anything else
    (a placeholder, "00", "1,234", a decimal) its text; a blank cell is null."""
    text = cell.raw.strip() if cell.raw is not None else ""
    if not text:
        return None
    if (
        cell.reason is ValueReason.NUMBER
        and isinstance(cell.value, int)
        and str(cell.value) == text
    ):
        return cell.value
    return text


def _raw_text(value: Any) -> str:
    """The raw cell text a report-data value stands for (null: a blank cell)."""
    return "" if value is None else str(value)


def report_to_data(report: Report) -> PlainData:
    """The report's content (no source locations) in the report data format."""
    meta = report.metadata
    data: PlainData = {"schema": REPORT_DATA_SCHEMA}
    for key in ("title", "body", "year", "published"):
        value = getattr(meta, key)
        if value is not None:
            data[key] = value
    if report.format.used:
        data["format"] = report.format.used
    if report.preamble:
        data["preamble"] = report.preamble
    data["sections"] = [
        {"key": s.key, "heading": s.heading, "text": s.text} for s in report.sections
    ]
    tables: PlainData = {}
    for key, table in report.tables.items():
        if not table.present:
            continue
        rows: dict[str, PlainData] = {}
        for cell in table.cells.values():
            if cell.reason is not ValueReason.MISSING:
                rows.setdefault(cell.row, {})[cell.column] = _data_value(cell)
        tables[key] = rows
    data["tables"] = tables
    return data


def declared_format(data: Mapping[str, Any], formats: FormatRegistry) -> FormatDef | None:
    """The checkable format report data names (None when it names none)."""
    declared = data.get("format")
    if declared is None:
        return None
    fmt = formats.get(str(declared))
    if fmt is None or not fmt.checkable:
        raise CodecError(f"report data of an unknown format {declared!r}")
    return fmt


def report_from_data(
    data: Mapping[str, Any],
    fmt: FormatDef | None,
    formats: FormatRegistry,
    *,
    source: str,
    loader: str = "data",
    lines: list[str] | None = None,
    line_of: LineOf | None = None,
    sections: Sequence[SectionDef | None] | None = None,
) -> Report:
    """The report that valid report data describes, read with format ``fmt``.

    Without ``fmt`` only metadata and preamble are read. ``sections`` gives the definition of
    each item of ``data["sections"]`` (None: leave the item out); by default an item's ``key``
    names it. ``line_of`` gives the line of a key path: locations are made only with it. The
    data is not validated here: the data loader does that, with file, line and key.
    """
    _require_schema(data, REPORT_DATA_SCHEMA)

    def at(*path: str | int, table_index: int | None = None) -> SourceLocation | None:
        if line_of is None:
            return None
        return SourceLocation(source, line=line_of(path), table_index=table_index)

    report = Report(source=source, loader=loader, lines=lines)
    published = data.get("published")
    report.metadata = Metadata(
        title=data.get("title"),
        body=data.get("body"),
        year=data.get("year"),
        year_source="data" if "year" in data else None,
        published=str(published) if published is not None else None,
    )
    report.preamble = data.get("preamble", "")
    if "preamble" in data:
        report.preamble_location = at("preamble")
    if fmt is None:
        return report
    expected = formats.expected_for_year(report.metadata.year)
    declared = data.get("format") is not None
    report.format = FormatInfo(
        detected=fmt.id,
        evidence=(f"format: {fmt.id}",)
        if declared
        else ("tables: " + ", ".join(data.get("tables", {})),),
        expected=expected.id if expected else None,
        used=fmt.id,
    )
    items = data.get("sections", [])
    for index, item in enumerate(items):
        definition = sections[index] if sections is not None else fmt.section(item.get("key", ""))
        if sections is None and definition is None:
            raise CodecError(f"section {item.get('key')!r} is not one of format {fmt.id}")
        if definition is not None:
            report.sections.append(
                Section(
                    key=definition.key,
                    number=definition.number,
                    heading=item["heading"],
                    text=item.get("text", ""),
                    location=at("sections", index),
                )
            )
    given = data.get("tables", {})
    for t_index, tdef in enumerate(fmt.tables):
        rows = given.get(tdef.key)
        table = Table(
            key=tdef.key,
            name=tdef.name,
            title=tdef.title,
            present=rows is not None,
            location=at("tables", tdef.key, table_index=t_index),
        )
        for _, row, column in tdef.cell_keys():
            columns = (rows or {}).get(row.key)
            if columns is not None and column.key in columns:
                raw: str | None = _raw_text(columns[column.key])
                location = at("tables", tdef.key, row.key, column.key)
            else:
                raw, location = None, at("tables", tdef.key, row.key)
            table.cells[(row.key, column.key)] = Cell.from_raw(
                tdef.key, row.key, column.key, row.labels, column.labels, raw, location
            )
        report.tables[tdef.key] = table
    return report
