"""Report prints as prepared parts: made where a report is checked, kept in the result cache.

The near-duplicate and year-over-year checks compare :class:`ReportPrint` s. A print is made in
the process that checked the report (``BatchCheck.prepare``), travels to the main process with
the result and is stored in the cache record, so that neither a cold run with several jobs nor
a cache hit makes it again in the main process. As a part it is plain JSON-able data: the
numeric arrays as base64 of their little-endian bytes (a JSON list of numbers would be several
times as large and slow to read back). Decoding gives the print exactly as it was made, text
and offsets included (a shared passage is quoted from them).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..core.batch import Prepared
from ..core.codec.parts import decode_source, decode_value, encode_optional_source, encode_value
from ..core.model import Report
from .prints import CellNote, ReportPrint, SectionView, view_report

#: the part that holds a report's print (shared by the checks that compare prints)
PRINT_PART = "batch.print"


def encode_array(values: np.ndarray, dtype: str) -> str:
    """``values`` as base64 of their bytes in ``dtype`` (a little-endian numpy type)."""
    return base64.b64encode(np.ascontiguousarray(values, dtype=dtype).tobytes()).decode("ascii")


def decode_array(data: str, dtype: str, as_type: type | str) -> np.ndarray:
    """The array of :func:`encode_array`, as ``as_type``."""
    return np.frombuffer(base64.b64decode(data), dtype=dtype).astype(as_type)


def print_part(report: Report, path: str) -> dict[str, Any]:
    """The print of ``report`` (named ``path``) as a part; made once per report and path."""
    return report.memo(("batch-print-part", path), lambda: encode_print(view_report(report, path)))


def print_of(prepared: Prepared) -> ReportPrint | None:
    """The print in ``prepared`` (decoded once for all the checks that read it), or None."""
    part = prepared.parts.get(PRINT_PART)
    if part is None:
        return None
    return prepared.memo(PRINT_PART, lambda: decode_print(part))


def encode_print(view: ReportPrint) -> dict[str, Any]:
    sections = []
    for section in view.sections:
        assert isinstance(section, SectionView)  # a print just made has its text
        sections.append(
            {
                "key": section.key,
                "heading": section.heading,
                "line": section.line,
                "hashes": encode_array(section.hashes, "<u4"),
                "para_starts": encode_array(section.para_starts, "<i8"),
                "para_lines": encode_array(section.para_lines, "<i8"),
                "chars": section.chars,
                "para_pages": encode_array(section.para_pages, "<i8"),
                "para_numbers": encode_array(section.para_numbers, "<i8"),
                "page": section.page,
                "paragraph": section.paragraph,
                "text": section.text,
                # offsets into the text: below 2**32 for any text a report holds
                "offsets": encode_array(section.offsets, "<u4"),
            }
        )
    return {
        "path": view.path,
        "body": view.body,
        "year": view.year,
        "format": view.format,
        "sections": sections,
        "cells": [_encode_cell(note) for note in view.cells.values()],
    }


def decode_print(data: Mapping[str, Any]) -> ReportPrint:
    sections = [
        SectionView(
            key=item["key"],
            heading=item["heading"],
            line=item["line"],
            hashes=decode_array(item["hashes"], "<u4", np.uint32),
            para_starts=decode_array(item["para_starts"], "<i8", np.int64),
            para_lines=decode_array(item["para_lines"], "<i8", np.int64),
            chars=item["chars"],
            para_pages=decode_array(item["para_pages"], "<i8", np.int64),
            para_numbers=decode_array(item["para_numbers"], "<i8", np.int64),
            page=item["page"],
            paragraph=item["paragraph"],
            text=item["text"],
            offsets=decode_array(item["offsets"], "<u4", np.int64),
        )
        for item in data["sections"]
    ]
    cells = {}
    for item in data["cells"]:
        note = _decode_cell(item)
        cells[(note.table, note.row, note.column)] = note
    return ReportPrint(data["path"], data["body"], data["year"], data["format"], sections, cells)


def _encode_cell(note: CellNote) -> dict[str, Any]:
    return {
        "table": note.table,
        "row": note.row,
        "column": note.column,
        "value": encode_value(note.value),
        "raw": note.raw,
        "row_label": note.row_label,
        "column_label": note.column_label,
        "table_name": note.table_name,
        "location": encode_optional_source(note.location),
    }


def _decode_cell(data: Mapping[str, Any]) -> CellNote:
    value = decode_value(data["value"])
    assert value is not None
    return CellNote(
        data["table"],
        data["row"],
        data["column"],
        value,
        data["raw"],
        data["row_label"],
        data["column_label"],
        data["table_name"],
        decode_source(data["location"]),
    )
