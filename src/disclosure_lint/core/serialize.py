"""Results as plain JSON-able data and back: used by the result cache.

The record of a :class:`FileResult` holds everything reporters and batch checks read: status,
loader, the rules that ran, every finding (both languages), and the report (the parse output
plus its source lines). JSON only — a cache file is never unpickled.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .export import report_to_parse_output
from .findings import CellRef, Finding, Outcome, Related, Severity
from .model import (
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
from .results import FileResult, FileStatus
from .values import Irregularity, ValueReason

RECORD_VERSION = 2  # 2: sections keep the location of each paragraph


def _source(data: dict[str, Any] | None) -> SourceLocation | None:
    if data is None:
        return None
    bbox = data.get("bbox")
    return SourceLocation(
        file=data["file"],
        line=data.get("line"),
        end_line=data.get("end_line"),
        page=data.get("page"),
        table_index=data.get("table_index"),
        row_index=data.get("row_index"),
        col_index=data.get("col_index"),
        bbox=tuple(bbox) if bbox else None,
        paragraph=data.get("paragraph"),
    )


def _location(data: dict[str, Any]) -> Location:
    return Location(
        section=data.get("section"),
        section_label=data.get("section_label"),
        table=data.get("table"),
        table_name=data.get("table_name"),
        row=data.get("row"),
        row_labels=tuple(data.get("row_labels", ())),
        column=data.get("column"),
        column_labels=tuple(data.get("column_labels", ())),
        source=_source(data.get("source")),
    )


def _value(value: Any) -> int | Decimal | None:
    if isinstance(value, str):
        return Decimal(value)
    return value


def finding_to_record(finding: Finding) -> dict[str, Any]:
    data = finding.to_dict()
    data["messages"] = dict(finding.messages)
    data.pop("message", None)
    data["source"] = finding.source
    data.pop("suppressed", None)  # suppressions and baselines are applied after the cache
    data.pop("accepted_by", None)
    if finding.related:
        data["related"] = [
            {"messages": dict(r.messages), "location": r.location.to_dict()}
            for r in finding.related
        ]
    return data


def finding_from_record(data: dict[str, Any]) -> Finding:
    return Finding(
        code=data["code"],
        name=data["name"],
        severity=Severity(data["severity"]),
        messages=dict(data["messages"]),
        location=_location(data["location"]),
        outcome=Outcome(data["outcome"]),
        cells=tuple(
            CellRef(
                _location(c["location"]),
                c["raw"],
                _value(c["value"]),
                ValueReason(c["value_reason"]),
            )
            for c in data.get("cells", [])
        ),
        data=dict(data.get("data", {})),
        source=data.get("source"),
        related=tuple(
            Related(_location(r["location"]), dict(r["messages"])) for r in data.get("related", [])
        ),
    )


def report_from_record(data: dict[str, Any], lines: list[str] | None) -> Report:
    meta = data["metadata"]
    fmt = data["format"]
    report = Report(
        source=data["source"],
        loader=data["loader"],
        metadata=Metadata(
            title=meta["title"],
            body=meta["body"],
            year=meta["year"],
            year_source=meta["year_source"],
            published=meta["published"],
            extra=dict(meta.get("extra", {})),
        ),
        format=FormatInfo(
            detected=fmt["detected"],
            evidence=tuple(fmt["evidence"]),
            expected=fmt["expected_for_year"],
            used=fmt["used"],
        ),
        lines=lines,
        preamble=data["preamble"]["text"],
        preamble_location=_source(data["preamble"]["location"]),
    )
    for section in data["sections"]:
        report.sections.append(
            Section(
                section["key"],
                section["number"],
                section["heading"],
                section["text"],
                _source(section["location"]),
            )
        )
    for table in data["tables"]:
        rebuilt = Table(
            table["key"],
            table["name"],
            table["title"],
            table["present"],
            location=_source(table["location"]),
        )
        for cell in table["cells"]:
            rebuilt.cells[(cell["row"], cell["column"])] = Cell(
                table=table["key"],
                row=cell["row"],
                column=cell["column"],
                row_labels=tuple(cell["row_labels"]),
                column_labels=tuple(cell["column_labels"]),
                raw=cell["raw"],
                value=_value(cell["value"]),
                reason=ValueReason(cell["value_reason"]),
                irregularities=tuple(Irregularity(i) for i in cell.get("irregularities", [])),
                unit=cell.get("unit"),
                location=_source(cell["location"]),
            )
        report.tables[table["key"]] = rebuilt
    for issue in data["issues"]:
        report.issues.append(
            Issue(issue["code"], _location(issue["location"]), dict(issue["args"]))
        )
    return report


def result_to_record(result: FileResult) -> dict[str, Any]:
    report = result.report
    return {
        "version": RECORD_VERSION,
        "path": result.path,
        "status": result.status.value,
        "loader": result.loader,
        "rules_run": list(result.rules_run) if result.rules_run is not None else None,
        "findings": [finding_to_record(f) for f in result.findings],
        "report": report_to_parse_output(report) if report is not None else None,
        "lines": report.lines if report is not None else None,
        # not part of the parse output: where each paragraph of each section is (batch checks
        # and content findings point at paragraphs)
        "paragraphs": (
            [[p.to_dict() for p in s.paragraphs] for s in report.sections]
            if report is not None
            else None
        ),
    }


def result_from_record(data: dict[str, Any]) -> FileResult:
    if data.get("version") != RECORD_VERSION:
        raise ValueError(f"record version {data.get('version')!r}")
    report = report_from_record(data["report"], data.get("lines")) if data["report"] else None
    if report is not None and data.get("paragraphs") is not None:
        for section, places in zip(report.sections, data["paragraphs"], strict=True):
            section.paragraphs = tuple(loc for loc in map(_source, places) if loc is not None)
    rules_run = data.get("rules_run")
    return FileResult(
        data["path"],
        FileStatus(data["status"]),
        [finding_from_record(f) for f in data["findings"]],
        report,
        data["loader"],
        tuple(rules_run) if rules_run is not None else None,
    )
