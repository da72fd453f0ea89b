"""Check results as cache records (plain, JSON-able data) and back.

The record of a :class:`FileResult` holds everything reporters and batch checks read: status,
loader, the rules that ran, every finding (both languages) and the report, in the codec's cache
record (the parse output, its source lines and its paragraph places). JSON only — a cache file
is never unpickled. A record of another :data:`RECORD_VERSION` is refused (the file is checked
again).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .codec import (
    decode_location,
    decode_value,
    encode_location,
    report_from_record,
    report_to_record,
)
from .findings import CellRef, Finding, Outcome, Related, Severity
from .results import FileResult, FileStatus
from .values import ValueReason

#: 2: sections keep the location of each paragraph
RECORD_VERSION = 2


def finding_to_record(finding: Finding) -> dict[str, Any]:
    """The check-output form of a finding, with every language's message and its rule file
    (suppressions and baselines are applied after the cache, so not their verdict)."""
    data = finding.to_dict()
    data["messages"] = dict(finding.messages)
    data.pop("message", None)
    data["source"] = finding.source
    data.pop("suppressed", None)  # suppressions and baselines are applied after the cache
    data.pop("accepted_by", None)
    if finding.related:
        data["related"] = [
            {"messages": dict(r.messages), "location": encode_location(r.location)}
            for r in finding.related
        ]
    return data


def finding_from_record(data: Mapping[str, Any]) -> Finding:
    return Finding(
        code=data["code"],
        name=data["name"],
        severity=Severity(data["severity"]),
        messages=dict(data["messages"]),
        location=decode_location(data["location"]),
        outcome=Outcome(data["outcome"]),
        cells=tuple(
            CellRef(
                decode_location(c["location"]),
                c["raw"],
                decode_value(c["value"]),
                ValueReason(c["value_reason"]),
            )
            for c in data.get("cells", [])
        ),
        data=dict(data.get("data", {})),
        source=data.get("source"),
        related=tuple(
            Related(decode_location(r["location"]), dict(r["messages"]))
            for r in data.get("related", [])
        ),
    )


def result_to_record(result: FileResult) -> dict[str, Any]:
    return {
        "version": RECORD_VERSION,
        "path": result.path,
        "status": result.status.value,
        "loader": result.loader,
        "rules_run": list(result.rules_run) if result.rules_run is not None else None,
        "findings": [finding_to_record(f) for f in result.findings],
        **report_to_record(result.report),
    }


def result_from_record(data: Mapping[str, Any]) -> FileResult:
    if data.get("version") != RECORD_VERSION:
        raise ValueError(f"record version {data.get('version')!r}, not {RECORD_VERSION}")
    rules_run = data.get("rules_run")
    return FileResult(
        data["path"],
        FileStatus(data["status"]),
        [finding_from_record(f) for f in data["findings"]],
        report_from_record(data),
        data["loader"],
        tuple(rules_run) if rules_run is not None else None,
    )
