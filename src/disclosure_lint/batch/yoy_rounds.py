"""The year-over-year check on a cluster: pairing by (body, year) as one grouping round.

Every report with an issuing body and a year gives its print (``extract``); the round sends it
to its own (body, year) group as a later report and to (body, year + 1) as an earlier one. A
group pairs its first later report with its first earlier report — the pair a run in one
process makes — and compares them where the group is, quoting from the one read later, as the
in-process check does. Later reports with no earlier one in the batch come back to be compared
with ``--previous`` and the archive where the run is gathered.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..core.findings import Finding
from ..core.model import Report
from ..core.results import FileResult
from .prints import ReportPrint, body_key, view_report

if TYPE_CHECKING:
    from .yoy import YearOverYearCheck

ROUNDS = 1


def key_of(body: str | None, year: int | None) -> tuple[str, int] | None:
    """The (body, year) a report is paired by, or None."""
    key = body_key(body)
    if key is None or year is None:
        return None
    return key, int(year)


def extract(report: Report, result: FileResult, index: int) -> list:
    key = key_of(report.metadata.body, report.metadata.year)
    if key is None:
        return []
    return [("print", index, key, view_report(report, result.path))]


def route(round: int, record: tuple) -> Iterable[tuple[Hashable, Any]]:
    if round == 0 and record[0] == "print":
        _, index, (body, year), view = record
        yield (body, year), ("later", index, view)
        yield (body, year + 1), ("earlier", index, view)


def reduce(check: YearOverYearCheck, key: Hashable, values: list) -> Iterable[tuple]:
    later = min((v for v in values if v[0] == "later"), key=lambda v: v[1], default=None)
    earlier = min((v for v in values if v[0] == "earlier"), key=lambda v: v[1], default=None)
    if later is None:
        return
    if earlier is None:
        yield "unpaired", later[1], later[2].compact()
        return
    twin = copy.copy(check)
    twin.findings = {}
    later_view: ReportPrint = later[2]
    earlier_view: ReportPrint = earlier[2]
    # quote from the report read later (the one a run in one process still has in memory)
    if later[1] > earlier[1]:
        twin.compare(later_view, earlier_view.compact(), later_view, "batch")
    else:
        twin.compare(later_view.compact(), earlier_view, earlier_view, "batch")
    for path, found in twin.findings.items():
        for position, finding in enumerate(found):
            yield "finding", path, position, finding


def gather(check: YearOverYearCheck, records: Iterable[tuple]) -> Mapping[str, Sequence[Finding]]:
    """The findings of the pairs, then the later reports without an earlier one in the batch
    compared with ``--previous`` and the archive here."""
    unpaired: list[tuple[int, ReportPrint]] = []
    found: dict[str, list[tuple[int, Finding]]] = {}
    for record in records:
        if record[0] == "finding":
            found.setdefault(record[1], []).append((record[2], record[3]))
        elif record[0] == "unpaired":
            unpaired.append((record[1], record[2]))
    check.findings = {
        path: [f for _, f in sorted(items, key=lambda item: item[0])]
        for path, items in found.items()
    }
    for _, later in sorted(unpaired, key=lambda item: item[0]):
        check.compare_outside(later)
    return check.findings
