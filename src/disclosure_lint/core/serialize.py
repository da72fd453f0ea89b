"""Check results as cache records (plain, JSON-able data) and back.

The record of a :class:`FileResult` holds everything reporters and batch checks read: status,
loader, the rules that ran, every finding (both languages), what the batch checks prepared of
the report (``BatchCheck.prepare``), the report's stub (metadata, format and the source lines
the findings point at) and the report, in the codec's cache record (the parse output, its
source lines and its paragraph places; keys :data:`REPORT_KEYS`). The cache stores the report
apart, so that a hit whose batch checks have their prepared data is served with the stub alone
(:func:`lean_result_from_record`). JSON only — a cache file is never unpickled. A record of
another :data:`RECORD_VERSION` is refused (the file is checked again).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .codec import report_from_record, report_to_record
from .codec.findings import decode_finding_record, encode_finding_record
from .codec.parts import (
    decode_format_info,
    decode_metadata,
    decode_table,
    encode_format_info,
    encode_metadata,
)
from .findings import Finding
from .held import ReportStub, lines_of
from .model import Report
from .results import FileResult, FileStatus

#: 2: sections keep the location of each paragraph; 3: findings record their file's digest;
#: 4: the report's stub and the batch checks' prepared data, the report stored apart; 5: the
#: cells of findings in a compact form (codec/cells.py)
RECORD_VERSION = 5
#: the keys of a record that hold the report (the codec's cache record of it)
REPORT_KEYS = ("report", "lines", "paragraphs")


def finding_to_record(finding: Finding) -> dict[str, Any]:
    """A finding as the cache keeps it (every language; suppressions and baselines are applied
    after the cache, so not their verdict)."""
    return encode_finding_record(finding)


def finding_from_record(data: Mapping[str, Any]) -> Finding:
    return decode_finding_record(data)


def result_to_record(result: FileResult) -> dict[str, Any]:
    return {
        "version": RECORD_VERSION,
        "path": result.path,
        "status": result.status.value,
        "loader": result.loader,
        "rules_run": list(result.rules_run) if result.rules_run is not None else None,
        "findings": [finding_to_record(f) for f in result.findings],
        "digest": result.digest,
        "stub": stub_to_record(result.report, result.findings),
        "prepared": result.prepared,
        "prepared_by": list(result.prepared_by),
        **report_to_record(result.report),
    }


def stub_to_record(report: Report | None, findings: list[Finding]) -> dict[str, Any] | None:
    """What a :class:`ReportStub` of ``report`` keeps: source, loader, metadata, format, and
    the source lines that ``findings`` point at (as ``core.batch.stub_of`` keeps them)."""
    if report is None:
        return None
    lines = {str(line): text for line, text in lines_of(report, findings).items()}
    return {
        "source": report.source,
        "loader": report.loader,
        "metadata": encode_metadata(report.metadata),
        "format": encode_format_info(report.format),
        "lines": lines,
    }


def result_from_record(data: Mapping[str, Any]) -> FileResult:
    """The result of a whole record (the report rebuilt)."""
    return _result(data, report_from_record(data))


def lean_result_from_record(
    data: Mapping[str, Any], report: Mapping[str, Any] | None = None
) -> FileResult:
    """The result of a record without its report keys: its report is the stub, with the
    tables of ``report`` (the report keys of the record) when given."""
    return _result(data, stub_from_record(data.get("stub"), report))


def stub_from_record(
    data: Mapping[str, Any] | None, report: Mapping[str, Any] | None = None
) -> ReportStub | None:
    if data is None:
        return None
    stub = ReportStub(
        source=data["source"],
        loader=data["loader"],
        metadata=decode_metadata(data["metadata"]),
        format=decode_format_info(data["format"]),
        kept_lines={int(line): text for line, text in data["lines"].items()},
    )
    if report is not None and report.get("report"):
        for item in report["report"]["tables"]:
            table = decode_table(item)
            stub.tables[table.key] = table
    return stub


def _result(data: Mapping[str, Any], report: Report | None) -> FileResult:
    if data.get("version") != RECORD_VERSION:
        raise ValueError(f"record version {data.get('version')!r}, not {RECORD_VERSION}")
    rules_run = data.get("rules_run")
    return FileResult(
        data["path"],
        FileStatus(data["status"]),
        [finding_from_record(f) for f in data["findings"]],
        report,
        data["loader"],
        tuple(rules_run) if rules_run is not None else None,
        data.get("digest"),
        data.get("prepared"),
        tuple(data.get("prepared_by") or ()),
    )
