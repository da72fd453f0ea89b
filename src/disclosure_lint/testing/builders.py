"""Build :class:`Report` objects directly from a format definition and cell values."""

from __future__ import annotations

from collections.abc import Mapping

from ..core.formats import FormatDef
from ..core.model import Cell, FormatInfo, Metadata, Report, Section, SourceLocation, Table

CellKey = tuple[str, str, str]  # (table, row, column)


def build_report(
    fmt: FormatDef,
    values: Mapping[CellKey, str | int | None],
    *,
    title: str | None = None,
    body: str | None = None,
    year: int | None = None,
    sections: list[tuple[str, str]] | None = None,
    source: str = "generated.txt",
    preamble: str | None = None,
) -> Report:
    """A report of format ``fmt``. ``values`` maps (table, row, column) to the raw cell text (or
    an int); cells not given are blank. ``sections`` is a list of (heading, text) in order; a
    heading's section is found by its position in the format (so give them in format order).
    The preamble (text before section 一) defaults to the title."""
    report = Report(source=source, loader="builder")
    report.preamble = preamble if preamble is not None else (title or "")
    report.metadata = Metadata(
        title=title, body=body, year=year, year_source="title" if year else None
    )
    report.format = FormatInfo(detected=fmt.id, evidence=("built",), expected=fmt.id, used=fmt.id)
    for index, (heading, text) in enumerate(sections or []):
        sdef = fmt.sections[index]
        report.sections.append(
            Section(sdef.key, sdef.number, heading, text, SourceLocation(source))
        )
    for tdef in fmt.tables:
        table = Table(tdef.key, tdef.name, tdef.title, True, location=SourceLocation(source))
        for _, row, column in tdef.cell_keys():
            raw_value = values.get((tdef.key, row.key, column.key))
            raw = "" if raw_value is None else str(raw_value)
            table.cells[(row.key, column.key)] = Cell.from_raw(
                tdef.key,
                row.key,
                column.key,
                row.labels,
                column.labels,
                raw,
                SourceLocation(source),
            )
        report.tables[tdef.key] = table
    return report
