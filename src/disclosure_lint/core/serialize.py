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

from .codec import report_from_record, report_to_record
from .codec.findings import decode_finding_record, encode_finding_record
from .findings import Finding
from .results import FileResult, FileStatus

#: 2: sections keep the location of each paragraph; 3: findings record their file's digest
RECORD_VERSION = 3


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
        data.get("digest"),
    )
