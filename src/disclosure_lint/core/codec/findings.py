"""The plain-data shape of findings: in the check output, and in the cache record (and back).

The check output (``disclosure-lint/check/2``) keeps a finding small: its location as a
reference (keys, the human path, the source), the cells it involves as references (keys,
value, and the raw text or reason only where they say more than the value), its message in the
run's language and its data. The cache record keeps every language and the full locations of
the finding and its cells (these in the compact form of :mod:`.cells`), so that suppressions
and baselines (applied after the cache) and the outputs that draw cells (HTML report, review
app) see what the rule saw.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..findings import CellRef, Finding, Outcome, Related, Severity
from ..values import ValueReason
from .cells import decode_cell_records, encode_cell_records
from .parts import (
    PlainData,
    decode_location,
    encode_location,
    encode_location_ref,
    encode_value,
)

#: between the row and column keys of a cell reference (keys never contain it)
CELL_SEPARATOR = "×"
#: cells a finding lists in the check output. Beyond that, cells holding 0 are left out and
#: counted (``cells_zero``: in a sum they say nothing), then the rest (``cells_more``); a finding
#: about many cells describes them in its data (the blank-cell finding: whole rows and columns)
LISTED_CELLS = 12


def encode_cell_ref(ref: CellRef, table: str | None = None) -> PlainData:
    """``{table?, cell: "row×column", value?, raw?, value_reason?}``: ``table`` when it is not
    ``table`` (the finding's), ``value`` when there is one, ``raw`` when the text is not just the
    value, ``value_reason`` when there is no value."""
    loc = ref.location
    data: PlainData = {}
    if loc.table and loc.table != table:
        data["table"] = loc.table
    data["cell"] = f"{loc.row}{CELL_SEPARATOR}{loc.column}"
    if ref.value is not None:
        data["value"] = encode_value(ref.value)
    raw = ref.raw.strip() if ref.raw is not None else None
    if raw and (ref.value is None or raw != _canonical(ref.value)):
        data["raw"] = ref.raw
    if ref.reason is not ValueReason.NUMBER:
        data["value_reason"] = ref.reason.value
    return data


def _canonical(value: int | Decimal) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def encode_cell_list(cells: tuple[CellRef, ...], table: str | None) -> PlainData:
    """``cells`` (and ``cells_zero``, ``cells_more``) of a finding in the check output."""
    shown = list(cells)
    data: PlainData = {}
    if len(shown) > LISTED_CELLS:
        kept = [c for c in shown if c.value is None or c.value != 0]
        if len(kept) < len(shown):
            data["cells_zero"] = len(shown) - len(kept)
        shown = kept
    if len(shown) > LISTED_CELLS:
        data["cells_more"] = len(shown) - LISTED_CELLS
        shown = shown[:LISTED_CELLS]
    return {"cells": [encode_cell_ref(c, table) for c in shown], **data}


def encode_related(related: Related, lang: str = "zh", file: str | None = None) -> PlainData:
    return {
        "message": related.message(lang),
        "location": encode_location_ref(related.location, file),
    }


def encode_finding(finding: Finding, lang: str = "zh", file: str | None = None) -> PlainData:
    """A finding in the check output; ``file`` is the file it is about (left out of sources)."""
    data: PlainData = {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "outcome": finding.outcome.value,
        "message": finding.message(lang),
        "location": encode_location_ref(finding.location, file),
    }
    if finding.cells:
        data.update(encode_cell_list(finding.cells, finding.location.table))
    if finding.related:
        data["related"] = [encode_related(r, lang, file) for r in finding.related]
    if finding.data:
        data["data"] = plain(finding.data)
    if finding.suppressed:
        data["suppressed"] = finding.suppressed.text(lang)
        data["accepted_by"] = finding.suppressed.by
    return data


def encode_finding_record(finding: Finding) -> PlainData:
    """A finding in the cache record: every language, the full location, the rule file."""
    data: PlainData = {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "outcome": finding.outcome.value,
        "messages": dict(finding.messages),
        "location": encode_location(finding.location),
        "source": finding.source,
    }
    if finding.cells:
        data["cells"] = encode_cell_records(finding.cells)
    if finding.related:
        data["related"] = [
            {"messages": dict(r.messages), "location": encode_location(r.location)}
            for r in finding.related
        ]
    if finding.data:
        data["data"] = plain(finding.data)
    return data


#: the members by value (a warm check decodes every finding of every hit: a lookup, not a call)
_SEVERITIES = {severity.value: severity for severity in Severity}
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


def decode_finding_record(data: Mapping[str, Any]) -> Finding:
    related = data.get("related")
    return Finding(
        code=data["code"],
        name=data["name"],
        severity=_SEVERITIES[data["severity"]],
        messages=dict(data["messages"]),
        location=decode_location(data["location"]),
        outcome=_OUTCOMES[data["outcome"]],
        cells=decode_cell_records(data["cells"]) if "cells" in data else (),
        data=dict(data["data"]) if "data" in data else {},
        source=data.get("source"),
        related=tuple(Related(decode_location(r["location"]), dict(r["messages"])) for r in related)
        if related
        else (),
    )


def plain(value: Any) -> Any:
    """Rule data as JSON-able values: decimals as strings, tuples as lists."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
