"""The near-duplicate check on a cluster: LSH banding as grouping rounds (docs/plugins.md).

Every report's print and band keys are made where it is read (``extract``). Round 0 groups the
reports by band (rule, section, band number, band key) and gives each report its latest earlier
reports in the bucket; round 1 gathers them per report into its candidates (the latest
``limit`` across all bands, as the in-process index picks them) and asks for their prints;
round 2 sends each print to the reports that asked for it; round 3 judges each report with
its candidates exactly as the in-process check does. The findings are the same, in the same
order, as a run in one process.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..core.findings import Finding
from ..core.model import Report
from ..core.results import FileResult
from ..similarity.minhash import band_keys, is_empty
from .prints import view_report
from .store import PrintList

if TYPE_CHECKING:
    from .neardup import NearDuplicateCheck

ROUNDS = 4


def extract(check: NearDuplicateCheck, report: Report, result: FileResult, index: int) -> list:
    """("print", index, full print, {slot: band keys})."""
    view = view_report(report, result.path)
    bands: dict[tuple[int, str], list[int]] = {}
    for slot, sig in check.signatures(view).items():
        if not is_empty(sig):
            bands[slot] = band_keys(sig, check.indexes[slot[0]].bands)
    return [("print", index, view, bands)]


def route(round: int, record: tuple) -> Iterable[tuple[Hashable, Any]]:
    kind = record[0]
    if round == 0 and kind == "print":
        _, index, _, bands = record
        for (number, key), keys in bands.items():
            for band, value in enumerate(keys):
                yield (number, key, band, value), index
    elif round == 1 and kind == "earlier":
        _, me, slot, found = record
        yield me, (slot, found)
    elif round == 2:
        if kind == "print":
            yield record[1], ("print", record[2])
        elif kind == "need":
            yield record[1], ("need", record[2])
        elif kind == "want":
            yield ("want", record[1]), record
    elif round == 3 and kind in ("self", "other", "want"):
        yield record[1], record


def reduce(
    check: NearDuplicateCheck, round: int, key: Hashable, values: list, limit: int
) -> Iterable[tuple]:
    if round == 0:
        # a bucket of one band: each member gets the latest ``limit`` earlier members
        assert isinstance(key, tuple)
        members = sorted(set(values))
        slot = (key[0], key[1])
        for position, me in enumerate(members):
            if position:
                yield "earlier", me, slot, members[max(0, position - limit) : position]
    elif round == 1:
        merged: dict[tuple[int, str], set[int]] = {}
        for slot, found in values:
            merged.setdefault(slot, set()).update(found)
        wanted = {slot: sorted(found, reverse=True)[:limit] for slot, found in merged.items()}
        yield "want", key, wanted
        yield "need", key, key
        for other in sorted({o for found in wanted.values() for o in found}):
            yield "need", other, key
    elif round == 2:
        if isinstance(key, tuple):  # ("want", me): passed on to round 3
            yield from values
            return
        prints = [v[1] for v in values if v[0] == "print"]
        if not prints:
            return
        for me in sorted({v[1] for v in values if v[0] == "need"}):
            if me == key:
                yield "self", me, prints[0]
            else:
                yield "other", me, key, prints[0].compact()
    elif round == 3:
        yield from _judge(check, key, values)


def _judge(check: NearDuplicateCheck, me: Any, values: list) -> Iterable[tuple]:
    view = next((v[2] for v in values if v[0] == "self"), None)
    wanted = next((v[2] for v in values if v[0] == "want"), None)
    if view is None or wanted is None:
        return
    others = {v[2]: v[3] for v in values if v[0] == "other"}

    # the slots in the order the rules judge them, as ``signatures`` lists them
    def place(slot: tuple[int, str]) -> tuple[int, int]:
        number, section = slot
        return number, check.indexes[number].sections.index(section) if section else -1

    candidates = {slot: wanted[slot] for slot in sorted(wanted, key=place)}
    findings: dict[str, list[Finding]] = {}
    check.judge(me, view, candidates, PrintList(others), findings)
    for path, found in findings.items():
        for position, finding in enumerate(found):
            yield "finding", path, (me, position), finding


def gather(records: Iterable[tuple]) -> Mapping[str, Sequence[Finding]]:
    """Findings per path, in the order the in-process check makes them."""
    by_path: dict[str, list[tuple[tuple[int, int], Finding]]] = {}
    for record in records:
        if record[0] == "finding":
            by_path.setdefault(record[1], []).append((record[2], record[3]))
    return {
        path: [finding for _, finding in sorted(found, key=lambda item: item[0])]
        for path, found in by_path.items()
    }
