"""Loader for the project's report data format (YAML or JSON; docs/report-data-format.md).

Platforms that collect the figures in a form can submit them directly instead of a document.
The file is validated against the published JSON Schema; every unknown table, row or column key
is reported with its line (``DL906``) and never silently ignored.
"""

from __future__ import annotations

from typing import Any

from ..core.errors import DataFileError, LoadError
from ..core.formats import FormatDef, FormatRegistry
from ..core.i18n import Text
from ..core.inputs import InputSource, LoadContext
from ..core.model import (
    Cell,
    FormatInfo,
    Issue,
    Location,
    Metadata,
    Report,
    Section,
    SourceLocation,
    Table,
)
from ..core.schemas import validate_with_schema, validator_for
from ..core.yamlsource import SourcedData, format_path, load_sourced
from ..reading.decoding import decode_text
from ..reading.structure import match_heading, section_defs

DATA_EXTENSIONS = (".yaml", ".yml", ".json")
INVALID_DATA = "DL906"
ROW_MISSING = "DL021"
TABLE_MISSING = "DL020"
SCHEMA_ID = "disclosure-lint/report-data/1"


def _raw(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def load_data(source: InputSource, context: LoadContext) -> Report | None:
    decoded = decode_text(source.read_bytes())
    try:
        doc = load_sourced(decoded.text, source.name)
    except DataFileError as exc:
        problem = exc.problems[0] if exc.problems else None
        raise LoadError(
            INVALID_DATA,
            problem.message if problem else exc.message,
            line=problem.line if problem else "?",
            key="—",
        ) from exc
    if not isinstance(doc.data, dict) or doc.data.get("schema") != SCHEMA_ID:
        return None  # some other YAML/JSON file: not ours to read
    report = Report(source=source.name, loader="data", lines=decoded.text.split("\n"))
    problems = validate_with_schema(validator_for("report-data"), doc)
    for problem in problems:
        report.issues.append(_invalid(source.name, problem.line, problem.key, problem.message))
    if problems:
        return report
    raw = doc.data
    report.metadata = Metadata(
        title=raw.get("title"),
        body=raw.get("body"),
        year=raw.get("year"),
        year_source="data" if "year" in raw else None,
        published=str(raw["published"]) if raw.get("published") is not None else None,
    )
    report.preamble = raw.get("preamble", "")
    if "preamble" in raw:
        report.preamble_location = SourceLocation(source.name, line=doc.line_of(("preamble",)))
    fmt = _choose_format(report, raw, context.formats, doc)
    if fmt is None:
        return report
    _read_sections(report, raw, doc, context.formats, fmt)
    _read_tables(report, raw, doc, fmt)
    return report


def _invalid(file: str, line: int | None, key: str | None, message: str | Text) -> Issue:
    return Issue(
        INVALID_DATA,
        Location(source=SourceLocation(file, line=line)),
        {"line": line if line is not None else "?", "key": key or "—", "detail": message},
    )


def _unknown_keys(raw: dict[str, Any], fmt: FormatDef) -> list[tuple[tuple[str, ...], Text]]:
    unknown: list[tuple[tuple[str, ...], Text]] = []
    for table_key, rows in raw.get("tables", {}).items():
        tdef = fmt.table(table_key)
        if tdef is None:
            known = ", ".join(t.key for t in fmt.tables)
            unknown.append(
                (
                    ("tables", table_key),
                    Text(
                        f"{fmt.id} 格式没有表格“{table_key}”（可用：{known}）",
                        f"format {fmt.id} has no table '{table_key}' (known: {known})",
                    ),
                )
            )
            continue
        for row_key, columns in rows.items():
            block = tdef.block_of_row(row_key)
            if block is None:
                unknown.append(
                    (
                        ("tables", table_key, row_key),
                        Text(
                            f"{fmt.id} 格式的{tdef.name}没有行“{row_key}”",
                            f"{tdef.name} of format {fmt.id} has no row '{row_key}'",
                        ),
                    )
                )
                continue
            allowed = {leaf.key for leaf in block.leaf_columns}
            columns = ", ".join(sorted(allowed))
            for column_key in columns:
                if column_key not in allowed:
                    unknown.append(
                        (
                            ("tables", table_key, row_key, column_key),
                            Text(
                                f"行“{row_key}”没有列“{column_key}”（可用：{columns}）",
                                f"row '{row_key}' has no column '{column_key}' "
                                f"(columns: {columns})",
                            ),
                        )
                    )
    return unknown


def _choose_format(
    report: Report, raw: dict[str, Any], formats: FormatRegistry, doc: SourcedData
) -> FormatDef | None:
    expected = formats.expected_for_year(report.metadata.year)
    declared = raw.get("format")
    if declared is not None:
        fmt = formats.get(str(declared))
        if fmt is None or not fmt.checkable:
            known = ", ".join(f.id for f in formats.formats.values() if f.checkable)
            report.issues.append(
                _invalid(
                    report.source,
                    doc.line_of(("format",)),
                    "format",
                    Text(
                        f"未知格式“{declared}”（可用：{known}）",
                        f"unknown format '{declared}' (known: {known})",
                    ),
                )
            )
            return None
        evidence: tuple[str, ...] = (f"format: {fmt.id}",)
    else:
        candidates = [
            f for f in formats.formats.values() if f.checkable and not _unknown_keys(raw, f)
        ]
        if expected is not None and expected in candidates:
            fmt = expected
        elif candidates:
            fmt = candidates[0]
        elif expected is not None and expected.checkable:
            fmt = expected
        else:
            report.issues.append(
                _invalid(
                    report.source,
                    doc.line_of(("tables",)),
                    "tables",
                    Text(
                        "表格的键不符合任何已知格式，报告年度也无法确定格式",
                        "the table keys fit no known format and the year does not decide one",
                    ),
                )
            )
            return None
        evidence = ("tables: " + ", ".join(raw.get("tables", {})),)
    report.format = FormatInfo(
        detected=fmt.id,
        evidence=evidence,
        expected=expected.id if expected else None,
        used=fmt.id,
    )
    for path, message in _unknown_keys(raw, fmt):
        report.issues.append(_invalid(report.source, doc.line_of(path), format_path(path), message))
    return fmt


def _read_sections(report, raw, doc: SourcedData, formats, fmt: FormatDef) -> None:
    defs = section_defs(formats, fmt)
    for index, item in enumerate(raw.get("sections", [])):
        key = item.get("key")
        definition = fmt.section(key) if key else match_heading(item["heading"], defs)
        if definition is None:
            report.issues.append(
                _invalid(
                    report.source,
                    doc.line_of(("sections", index)),
                    format_path(("sections", index, "key" if key else "heading")),
                    Text(
                        f"“{key or item['heading']}”不是 {fmt.id} 格式的部分",
                        f"not a section of format {fmt.id}: {key or item['heading']!r}",
                    ),
                )
            )
            continue
        report.sections.append(
            Section(
                key=definition.key,
                number=definition.number,
                heading=item["heading"],
                text=item.get("text", ""),
                location=SourceLocation(report.source, line=doc.line_of(("sections", index))),
            )
        )


def _read_tables(report: Report, raw, doc: SourcedData, fmt: FormatDef) -> None:
    given = raw.get("tables", {})
    for t_index, tdef in enumerate(fmt.tables):
        rows = given.get(tdef.key)
        table = Table(
            key=tdef.key,
            name=tdef.name,
            title=tdef.title,
            present=rows is not None,
            location=SourceLocation(
                report.source, line=doc.line_of(("tables", tdef.key)), table_index=t_index
            ),
        )
        report.tables[tdef.key] = table
        if rows is None:
            report.issues.append(
                Issue(
                    TABLE_MISSING,
                    Location(table=tdef.key, table_name=tdef.name),
                    {"table": tdef.name, "label": tdef.title},
                )
            )
        for block, row, column in tdef.cell_keys():
            del block
            columns = (rows or {}).get(row.key)
            present = columns is not None and column.key in columns
            path = ("tables", tdef.key, row.key, column.key)
            if present:
                raw_text = _raw(columns[column.key])
                location = SourceLocation(report.source, line=doc.line_of(path))
            else:
                raw_text = None
                location = SourceLocation(report.source, line=doc.line_of(path[:3]))
            table.cells[(row.key, column.key)] = Cell.from_raw(
                tdef.key, row.key, column.key, row.labels, column.labels, raw_text, location
            )
        if rows is None:
            continue
        for row in (leaf for _, leaf in tdef.leaf_rows()):
            columns = rows.get(row.key)
            block = tdef.block_of_row(row.key)
            assert block is not None
            missing = [c.key for c in block.leaf_columns if columns is None or c.key not in columns]
            if columns is None:
                report.issues.append(
                    Issue(
                        ROW_MISSING,
                        Location(
                            table=tdef.key,
                            table_name=tdef.name,
                            row=row.key,
                            row_labels=row.labels,
                            source=SourceLocation(
                                report.source, line=doc.line_of(("tables", tdef.key))
                            ),
                        ),
                        {"table": tdef.name, "row": " › ".join(row.labels) or tdef.name},
                    )
                )
            elif missing:
                report.issues.append(
                    _invalid(
                        report.source,
                        doc.line_of(("tables", tdef.key, row.key)),
                        format_path(("tables", tdef.key, row.key)),
                        Text(
                            f"缺少列：{'、'.join(missing)}",
                            f"missing column(s): {', '.join(missing)}",
                        ),
                    )
                )
