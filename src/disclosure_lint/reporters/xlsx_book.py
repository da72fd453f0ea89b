"""The openpyxl side of the Excel output: sheets, cells, fills and a reproducible file.

Imported only when a workbook is written, so that a run without ``--output xlsx=FILE`` does not
pay for importing openpyxl.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

#: the timestamp written into the workbook (zip entries and document properties)
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_FILLS = {
    "error": PatternFill("solid", fgColor="F8D0D0"),
    "warning": PatternFill("solid", fgColor="FBEBC0"),
    "failed": PatternFill("solid", fgColor="F8D0D0"),
    "passed": PatternFill("solid", fgColor="D5EFD5"),
}
_MAX_WIDTH = 60


def display_width(text: str) -> int:
    """Width of ``text`` in a fixed-width font: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """Write a value; text always as text, never as a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        cell.data_type = "s"
    else:
        cell.value = value


def finish_sheet(ws: Worksheet, headers: list[str], rows: list[list[Any]]) -> None:
    """Header, rows, frozen header, autofilter and fitted column widths."""
    widths = [display_width(h) for h in headers]
    for col, header in enumerate(headers, start=1):
        put(ws, 1, col, header)
        cell = ws.cell(row=1, column=col)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            put(ws, r, col, value)
            if value is not None:
                widths[col - 1] = max(widths[col - 1], display_width(str(value)))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(_MAX_WIDTH, max(6, width + 2))
    ws.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"


def reproducible(data: bytes) -> bytes:
    """The same workbook with fixed zip timestamps and document dates."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp + m.group(3),
                    text,
                )
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


def write_workbook(
    names: Sequence[str],
    summary: tuple[list[str], list[list[Any]], list[str]],
    findings: tuple[list[str], list[list[Any]], dict[str, str]],
    rules: tuple[list[str], list[list[Any]]],
    severity_column: int,
    message_column: int,
) -> bytes:
    """The workbook's bytes: the summary sheet (headers, rows, and per row the key of the fill
    of its last column), the findings sheet (headers, rows, and the severity words to their
    fill keys; the severity cell filled, the message wrapped) and the rules sheet."""
    wb = Workbook()
    wb.properties.creator = "disclosure-lint"
    wb.properties.created = FIXED_TIME
    ws = wb.active
    assert ws is not None
    ws.title = names[0]
    headers, rows, result_keys = summary
    finish_sheet(ws, headers, rows)
    for r, key in enumerate(result_keys, start=2):
        ws.cell(row=r, column=len(headers)).fill = _FILLS[key]

    headers, rows, localized = findings
    sheet = wb.create_sheet(names[1])
    finish_sheet(sheet, headers, rows)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in range(2, len(rows) + 2):
        cell = sheet.cell(row=r, column=severity_column)
        fill = _FILLS.get(localized.get(str(cell.value), ""))
        if fill is not None:
            cell.fill = fill
        sheet.cell(row=r, column=message_column).alignment = wrap

    headers, rows = rules
    finish_sheet(wb.create_sheet(names[2]), headers, rows)
    buffer = io.BytesIO()
    wb.save(buffer)
    return reproducible(buffer.getvalue())
