"""The plain-data shape of each model object, both ways: the one place that defines it.

Every function pair here is ``encode_X(obj) -> dict`` and ``decode_X(dict) -> obj``; the report
views (:mod:`.views`) and the outputs that show locations (findings, SARIF, the check JSON) are
made of them. Decimal cell values are written as strings and read back as ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..i18n import jsonable_text, texts_from_json
from ..model import Cell, FormatInfo, Issue, Location, Metadata, Section, SourceLocation, Table
from ..values import Irregularity, ValueReason

PlainData = dict[str, Any]

#: the optional integer fields of a source location, in the order they are written
_SOURCE_FIELDS = ("line", "end_line", "page", "paragraph", "table_index", "row_index", "col_index")
_REASON_VALUES = {reason: reason.value for reason in ValueReason}


def encode_source(loc: SourceLocation) -> PlainData:
    """``{"file", line?, end_line?, page?, paragraph?, table_index?, row_index?, col_index?,
    bbox?}``: only the fields that are set; the box rounded to 0.01 pt."""
    # written out in the order of _SOURCE_FIELDS (the output's key order): one attribute read
    # each instead of a loop of getattr calls (every cell and finding of a record has one)
    data: PlainData = {"file": loc.file}
    if (value := loc.line) is not None:
        data["line"] = value
    if (value := loc.end_line) is not None:
        data["end_line"] = value
    if (value := loc.page) is not None:
        data["page"] = value
    if (value := loc.paragraph) is not None:
        data["paragraph"] = value
    if (value := loc.table_index) is not None:
        data["table_index"] = value
    if (value := loc.row_index) is not None:
        data["row_index"] = value
    if (value := loc.col_index) is not None:
        data["col_index"] = value
    if loc.bbox is not None:
        data["bbox"] = [round(v, 2) for v in loc.bbox]
    return data


def decode_source(data: Mapping[str, Any] | None) -> SourceLocation | None:
    if data is None:
        return None
    bbox = data.get("bbox")
    get = data.get  # positional, in SourceLocation's field order (a cache hit decodes many)
    return SourceLocation(
        data["file"],
        get("line"),
        get("end_line"),
        get("page"),
        get("table_index"),
        get("row_index"),
        get("col_index"),
        (bbox[0], bbox[1], bbox[2], bbox[3]) if bbox else None,
        get("paragraph"),
    )


def encode_optional_source(loc: SourceLocation | None) -> PlainData | None:
    return encode_source(loc) if loc is not None else None


def encode_location(loc: Location) -> PlainData:
    """The semantic location: section or table › row › column (keys and labels), the human
    ``path`` (written, never read back) and the source."""
    data: PlainData = {}
    if loc.section:
        data["section"] = loc.section
        if loc.section_label:
            data["section_label"] = loc.section_label
    if loc.table:
        data["table"] = loc.table
        if loc.table_name:
            data["table_name"] = loc.table_name
    if loc.row:
        data["row"] = loc.row
        data["row_labels"] = list(loc.row_labels)
    if loc.column:
        data["column"] = loc.column
        data["column_labels"] = list(loc.column_labels)
    data["path"] = loc.path()
    data["source"] = encode_optional_source(loc.source)
    return data


def encode_location_ref(loc: Location, file: str | None = None) -> PlainData:
    """A location as the check output refers to it: the keys (section, or table › row ›
    column), the human ``path`` and the source, whose ``file`` is left out when it is ``file``
    (the file the finding is about). The label lists are in ``path``; ``parse`` has them."""
    data: PlainData = {}
    for name in ("section", "table", "row", "column"):
        value = getattr(loc, name)
        if value:
            data[name] = value
    data["path"] = loc.path()
    if loc.source is not None:
        source = encode_source(loc.source)
        if file is not None and source["file"] == file:
            del source["file"]
        data["source"] = source
    else:
        data["source"] = None
    return data


def decode_location(data: Mapping[str, Any]) -> Location:
    get = data.get  # positional, in Location's field order
    return Location(
        get("section"),
        get("section_label"),
        get("table"),
        get("table_name"),
        get("row"),
        tuple(get("row_labels", ())),
        get("column"),
        tuple(get("column_labels", ())),
        decode_source(get("source")),
    )


def encode_value(value: int | Decimal | None) -> int | str | None:
    """A cell value as plain data: a Decimal as its string, so that no digit is lost."""
    return str(value) if isinstance(value, Decimal) else value


def decode_value(value: Any) -> int | Decimal | None:
    return Decimal(value) if isinstance(value, str) else value


def encode_cell(cell: Cell) -> PlainData:
    """Keys, both label paths, raw text, value and its reason, irregularities and unit (when
    any), source. The table key is the enclosing table's."""
    data: PlainData = {
        "row": cell.row,
        "column": cell.column,
        "row_labels": list(cell.row_labels),
        "column_labels": list(cell.column_labels),
        "raw": cell.raw,
        "value": encode_value(cell.value),
        "value_reason": _REASON_VALUES[cell.reason],  # not Enum.value: a descriptor call
    }
    if cell.irregularities:
        data["irregularities"] = [i.value for i in cell.irregularities]
    if cell.unit:
        data["unit"] = cell.unit
    data["location"] = encode_optional_source(cell.location)
    return data


def decode_cell(data: Mapping[str, Any], table: str) -> Cell:
    return Cell(
        table=table,
        row=data["row"],
        column=data["column"],
        row_labels=tuple(data["row_labels"]),
        column_labels=tuple(data["column_labels"]),
        raw=data["raw"],
        value=decode_value(data["value"]),
        reason=ValueReason(data["value_reason"]),
        irregularities=tuple(Irregularity(i) for i in data.get("irregularities", [])),
        unit=data.get("unit"),
        location=decode_source(data["location"]),
    )


def encode_table(table: Table) -> PlainData:
    """Key, name, title, whether the report has it, source, and every cell in reading order."""
    return {
        "key": table.key,
        "name": table.name,
        "title": table.title,
        "present": table.present,
        "location": encode_optional_source(table.location),
        "cells": [encode_cell(cell) for cell in table.cells.values()],
    }


def decode_table(data: Mapping[str, Any]) -> Table:
    table = Table(
        data["key"],
        data["name"],
        data["title"],
        data["present"],
        location=decode_source(data["location"]),
    )
    for item in data["cells"]:
        cell = decode_cell(item, table.key)
        table.cells[cell.key] = cell
    return table


def encode_section(section: Section) -> PlainData:
    """Key, number, heading as written, text, source (the paragraph places are not part of it:
    see :func:`encode_paragraphs`)."""
    return {
        "key": section.key,
        "number": section.number,
        "heading": section.heading,
        "text": section.text,
        "location": encode_optional_source(section.location),
    }


def decode_section(data: Mapping[str, Any]) -> Section:
    return Section(
        data["key"],
        data["number"],
        data["heading"],
        data["text"],
        decode_source(data["location"]),
    )


def encode_paragraphs(section: Section) -> list[PlainData]:
    """Where each paragraph of a section is (kept by the cache, not shown by ``parse``)."""
    return [encode_source(p) for p in section.paragraphs]


def decode_paragraphs(data: list[Mapping[str, Any]]) -> tuple[SourceLocation, ...]:
    return tuple(loc for loc in map(decode_source, data) if loc is not None)


def encode_metadata(meta: Metadata) -> PlainData:
    data: PlainData = {
        "title": meta.title,
        "body": meta.body,
        "year": meta.year,
        "year_source": meta.year_source,
        "published": meta.published,
    }
    if meta.extra:
        data["extra"] = dict(meta.extra)
    return data


def decode_metadata(data: Mapping[str, Any]) -> Metadata:
    return Metadata(
        title=data["title"],
        body=data["body"],
        year=data["year"],
        year_source=data["year_source"],
        published=data["published"],
        extra=dict(data.get("extra", {})),
    )


def encode_format_info(info: FormatInfo) -> PlainData:
    """The format detected (and the labels that showed it), expected for the year, and used."""
    return {
        "detected": info.detected,
        "evidence": list(info.evidence),
        "expected_for_year": info.expected,
        "used": info.used,
    }


def decode_format_info(data: Mapping[str, Any]) -> FormatInfo:
    return FormatInfo(
        detected=data["detected"],
        evidence=tuple(data["evidence"]),
        expected=data["expected_for_year"],
        used=data["used"],
    )


def encode_issue(issue: Issue) -> PlainData:
    return {
        "code": issue.code,
        "location": encode_location(issue.location),
        "args": jsonable_text(issue.args),
    }


def decode_issue(data: Mapping[str, Any]) -> Issue:
    return Issue(data["code"], decode_location(data["location"]), texts_from_json(data["args"]))
