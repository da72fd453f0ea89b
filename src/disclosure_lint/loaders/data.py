"""Loader for the project's report data format (YAML or JSON; docs/report-data-format.md).

Platforms that collect the figures in a form can submit them directly instead of a document.
The file is validated against the published JSON Schema; every unknown table, row or column key
is reported with its line (``DL906``) and never silently ignored. The validated data becomes a
report through the codec (:func:`disclosure_lint.core.codec.report_from_data`). Data handed over
in memory (:meth:`InputSource.from_data`, used by the testing harness) is read the same way,
without lines.
"""

from __future__ import annotations

from typing import Any

from ..core.codec import REPORT_DATA_SCHEMA, report_from_data
from ..core.errors import DataFileError, LoadError
from ..core.formats import FormatDef, FormatRegistry, SectionDef
from ..core.i18n import Text
from ..core.inputs import InputSource, LoadContext
from ..core.model import Issue, Location, Report, SourceLocation
from ..core.schemas import validate_with_schema, validator_for
from ..core.yamlsource import SourcedData, format_path, load_sourced
from ..domain.dates import impossible_date
from ..reading.decoding import decode_text
from ..reading.structure import match_heading, section_defs

DATA_EXTENSIONS = (".yaml", ".yml", ".json")
INVALID_DATA = "DL906"
ROW_MISSING = "DL021"
TABLE_MISSING = "DL020"


def load_data(source: InputSource, context: LoadContext) -> Report | None:
    lines: list[str] | None = None
    if source.parsed is not None:  # plain data handed over in memory: no text, no lines
        doc = SourcedData(source.parsed, source.name)
    else:
        decoded = decode_text(source.read_bytes())
        lines = decoded.text.split("\n")
        try:
            doc = load_sourced(decoded.text, source.name)
        except DataFileError as exc:
            problem = exc.problems[0] if exc.problems else None
            raise LoadError(
                INVALID_DATA,
                problem.message if problem else str(exc),
                detail=_both(problem.message, problem.zh) if problem else str(exc),
                line=problem.line if problem and problem.line is not None else "?",
                key=problem.key if problem and problem.key else "—",
            ) from exc
    if not isinstance(doc.data, dict) or doc.data.get("schema") != REPORT_DATA_SCHEMA:
        return None  # some other YAML/JSON file: not ours to read
    problems = validate_with_schema(validator_for("report-data"), doc)
    if problems:
        report = Report(source=source.name, loader="data", lines=lines)
        for problem in problems:
            report.issues.append(
                _invalid(source.name, problem.line, problem.key, _both(problem.message, problem.zh))
            )
        return report
    raw = doc.data
    issues: list[Issue] = []
    published = raw.get("published")
    if published is not None and impossible_date(published):
        # a finding at its line; the report is checked as if no date were given
        issues.append(
            _invalid(
                source.name,
                doc.line_of(("published",)),
                "published",
                Text(
                    f"“{published}”不是有效的日期，不用作发布日期",
                    f"'{published}' is not a real date; not used as the publication date",
                ),
            )
        )
        raw = {key: value for key, value in raw.items() if key != "published"}
    fmt = _choose_format(source.name, raw, context.formats, doc, issues)
    sections = _section_defs(source.name, raw, doc, context.formats, fmt, issues) if fmt else None
    report = report_from_data(
        raw,
        fmt,
        context.formats,
        source=source.name,
        lines=lines,
        line_of=doc.line_of,
        sections=sections,
    )
    report.issues.extend(issues)
    if fmt is not None:
        report.issues.extend(_table_issues(source.name, raw, doc, fmt))
    return report


def _both(en: str, zh: str | None) -> Text | str:
    """A detail in both languages, or English alone (a problem no one translated)."""
    return Text(zh, en) if zh else en


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
            known_columns = ", ".join(sorted(allowed))
            for column_key in columns:
                if column_key not in allowed:
                    unknown.append(
                        (
                            ("tables", table_key, row_key, column_key),
                            Text(
                                f"行“{row_key}”没有列“{column_key}”（可用：{known_columns}）",
                                f"row '{row_key}' has no column '{column_key}' "
                                f"(columns: {known_columns})",
                            ),
                        )
                    )
    return unknown


def _choose_format(
    file: str, raw: dict[str, Any], formats: FormatRegistry, doc: SourcedData, issues: list[Issue]
) -> FormatDef | None:
    """The format declared (``format``), else the one whose keys the tables fit (the year's
    first); an unknown format or unknown keys are DL906 issues."""
    expected = formats.expected_for_year(raw.get("year"))
    declared = raw.get("format")
    if declared is not None:
        fmt = formats.get(str(declared))
        if fmt is None or not fmt.checkable:
            known = ", ".join(f.id for f in formats.formats.values() if f.checkable)
            issues.append(
                _invalid(
                    file,
                    doc.line_of(("format",)),
                    "format",
                    Text(
                        f"未知格式“{declared}”（可用：{known}）",
                        f"unknown format '{declared}' (known: {known})",
                    ),
                )
            )
            return None
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
            issues.append(
                _invalid(
                    file,
                    doc.line_of(("tables",)),
                    "tables",
                    Text(
                        "表格的键不符合任何已知格式，报告年度也无法确定格式",
                        "the table keys fit no known format and the year does not decide one",
                    ),
                )
            )
            return None
    for path, message in _unknown_keys(raw, fmt):
        issues.append(_invalid(file, doc.line_of(path), format_path(path), message))
    return fmt


def _section_defs(
    file: str,
    raw: dict[str, Any],
    doc: SourcedData,
    formats: FormatRegistry,
    fmt: FormatDef,
    issues: list[Issue],
) -> list[SectionDef | None]:
    """The section each item of ``sections`` is, by its key or its heading (None: not one of
    the format's, a DL906 issue)."""
    defs = section_defs(formats, fmt)
    found: list[SectionDef | None] = []
    for index, item in enumerate(raw.get("sections", [])):
        key = item.get("key")
        definition = fmt.section(key) if key else match_heading(item["heading"], defs)
        if definition is None:
            issues.append(
                _invalid(
                    file,
                    doc.line_of(("sections", index)),
                    format_path(("sections", index, "key" if key else "heading")),
                    Text(
                        f"“{key or item['heading']}”不是 {fmt.id} 格式的部分",
                        f"not a section of format {fmt.id}: {key or item['heading']!r}",
                    ),
                )
            )
        found.append(definition)
    return found


def _table_issues(file: str, raw: dict[str, Any], doc: SourcedData, fmt: FormatDef) -> list[Issue]:
    """A table not given (DL020), a row not given (DL021), a row without all its columns
    (DL906), in the format's order."""
    issues: list[Issue] = []
    given = raw.get("tables", {})
    for tdef in fmt.tables:
        rows = given.get(tdef.key)
        if rows is None:
            issues.append(
                Issue(
                    TABLE_MISSING,
                    Location(table=tdef.key, table_name=tdef.name),
                    {"table": tdef.name, "label": tdef.title},
                )
            )
            continue
        for row in (leaf for _, leaf in tdef.leaf_rows()):
            columns = rows.get(row.key)
            block = tdef.block_of_row(row.key)
            assert block is not None
            missing = [c.key for c in block.leaf_columns if columns is None or c.key not in columns]
            if columns is None:
                issues.append(
                    Issue(
                        ROW_MISSING,
                        Location(
                            table=tdef.key,
                            table_name=tdef.name,
                            row=row.key,
                            row_labels=row.labels,
                            source=SourceLocation(file, line=doc.line_of(("tables", tdef.key))),
                        ),
                        {"table": tdef.name, "row": " › ".join(row.labels) or tdef.name},
                    )
                )
            elif missing:
                issues.append(
                    _invalid(
                        file,
                        doc.line_of(("tables", tdef.key, row.key)),
                        format_path(("tables", tdef.key, row.key)),
                        Text(
                            f"缺少列：{'、'.join(missing)}",
                            f"missing column(s): {', '.join(missing)}",
                        ),
                    )
                )
    return issues
