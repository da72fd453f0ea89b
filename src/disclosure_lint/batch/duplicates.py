"""Duplicate submissions in one batch: the same file twice (same bytes), or two reports of one
body for one year.

A supervisor collecting a year's reports gets one report per body; the same file sent twice, or
two versions of one body's report, must be sorted out before the batch is judged. Each file of
such a group gets one finding naming the others (as related locations). Files with the same
bytes are reported as identical only, not also as two reports of one body and year. On a cluster
the files are grouped in one round, by digest and by body and year.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..core.batch import BatchCheck, BatchContext, Prepared
from ..core.findings import Finding, Related
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report, SourceLocation
from ..core.results import FileResult
from ..core.rules import Rule, Text
from .prints import body_key

CHECKS = ("identical-file", "same-body-year")
#: the prepared part with a report's issuing body and year, as written
ENTRY_PART = "duplicates.entry"
#: other files named in a message, and given as related locations and data
NAMED = 3
LINKED = 3


class DuplicateKind(RuleKind):
    name: ClassVar[str] = "duplicate"
    description: ClassVar[str] = (
        "Batch: the same file twice (same bytes), or two reports of one body and year."
    )
    needs_format: ClassVar[bool] = False
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {
            "check": {
                "enum": list(CHECKS),
                "description": "identical-file: files with the same bytes; same-body-year: "
                "reports whose issuing body and report year are the same",
            }
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset({"others", "count", "body", "year"})

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        return ()  # judged by DuplicateCheck over the whole batch


@dataclass(frozen=True, slots=True)  # one per file of the batch: no __dict__
class _Entry:
    path: str
    index: int  # place in the input
    digest: str | None
    body: str | None  # as written
    key: tuple[str, int] | None  # (normalised body, year)


def _entry(report: Report, result: FileResult, index: int) -> _Entry:
    return _make_entry(result, index, report.metadata.body, report.metadata.year)


def _make_entry(result: FileResult, index: int, body: str | None, year: int | None) -> _Entry:
    folded = body_key(body)
    key = (folded, year) if folded is not None and year is not None else None
    return _Entry(result.path, index, result.digest, body, key)


class DuplicateCheck(BatchCheck):
    name: ClassVar[str] = "duplicates"
    description: ClassVar[str] = "The same file, or one body's report for one year, twice."
    kinds: ClassVar[tuple[str, ...]] = ("duplicate",)

    def __init__(self, context: BatchContext, rules: list[tuple[Rule, dict[str, str]]]) -> None:
        super().__init__(context, rules)
        self.entries: list[_Entry] = []

    def collect(self, report: Report, result: FileResult) -> None:
        self.entries.append(_entry(report, result, len(self.entries)))

    # --- prepared where the report is checked: its body and year ------------------------------
    def prepare(self, report: Report, result: FileResult) -> Mapping[str, Any]:
        return {ENTRY_PART: [report.metadata.body, report.metadata.year]}

    def outcome_inputs(self) -> bytes | None:
        return b""  # the batch's prepared entries decide everything

    def collect_prepared(self, prepared: Prepared, result: FileResult) -> None:
        body, year = prepared.parts[ENTRY_PART]
        self.entries.append(_make_entry(result, len(self.entries), body, year))

    def finish(self) -> Mapping[str, Sequence[Finding]]:
        by_digest: dict[str, list[_Entry]] = {}
        by_key: dict[tuple[str, int], list[_Entry]] = {}
        for entry in self.entries:
            if entry.digest is not None:
                by_digest.setdefault(entry.digest, []).append(entry)
            if entry.key is not None:
                by_key.setdefault(entry.key, []).append(entry)
        # the findings are made when the batch phase asks for a file's (``pop``): until then
        # only which groups a file is in (a batch of many copies would hold a finding each)
        made = [
            *(r for group in by_digest.values() for r in self._plan(group, None)),
            *(r for key, group in by_key.items() for r in self._plan(group, key)),
        ]
        return _Planned(self, made)

    def _plan(self, group: list[_Entry], key: tuple[str, int] | None) -> Iterator[tuple]:
        """``_judge``'s records of one group, with what makes each finding instead of it."""
        if len(group) < 2:
            return
        group = sorted(group, key=lambda e: e.index)
        for number, _ in enumerate(self.rules):
            if self._applies(number, key):
                for entry in group:
                    yield ("plan", entry.path, (number, entry.index), (number, entry, group, key))

    def _applies(self, number: int, key: tuple[str, int] | None) -> bool:
        """Whether rule ``number`` judges groups of files with the same bytes (``key`` None)
        or of one body and year."""
        return (self.rules[number][0].params["check"] == "identical-file") == (key is None)

    def _made(self, plan: tuple) -> Finding | None:
        number, entry, group, key = plan
        others = [o for o in group if o.path != entry.path]
        if key is not None:  # the same bytes are reported as identical only
            others = [o for o in others if o.digest is None or o.digest != entry.digest]
        if not others:
            return None
        rule, bindings = self.rules[number]
        return self._finding(rule, bindings, entry, others, len(group), key)

    def _judge(self, group: list[_Entry], key: tuple[str, int] | None) -> Iterator[tuple]:
        """("finding", path, order, finding) records for one group of files: the same bytes
        (``key`` None) or one body and year."""
        if len(group) < 2:
            return
        for record in self._plan(group, key):
            finding = self._made(record[3])
            if finding is not None:
                yield ("finding", record[1], record[2], finding)

    # --- on a cluster: one round, files grouped by digest and by body and year -------------
    rounds: ClassVar[int] = 1

    def extract(self, report: Report, result: FileResult, index: int) -> Iterable[Any]:
        yield ("entry", _entry(report, result, index))

    def route(self, round: int, record: Any) -> Iterable[tuple[Hashable, Any]]:
        if record[0] != "entry":
            return
        entry: _Entry = record[1]
        if entry.digest is not None:
            yield ("digest", entry.digest), entry
        if entry.key is not None:
            yield ("key", entry.key), entry

    def reduce(self, round: int, key: Hashable, values: list[Any]) -> Iterable[Any]:
        kind, value = key  # type: ignore[misc]
        return self._judge(values, value if kind == "key" else None)

    def gather(self, records: Iterable[Any]) -> Mapping[str, Sequence[Finding]]:
        by_path: dict[str, list[tuple[tuple[int, int], Finding]]] = {}
        for record in records:
            if record[0] == "finding":
                by_path.setdefault(record[1], []).append((record[2], record[3]))
        return {
            path: [finding for _, finding in sorted(found, key=lambda item: item[0])]
            for path, found in sorted(
                by_path.items(), key=lambda item: min(order for order, _ in item[1])[1]
            )
        }

    def _finding(
        self,
        rule: Rule,
        bindings: dict[str, str],
        entry: _Entry,
        others: list[_Entry],
        count: int,
        key: tuple[str, int] | None,
    ) -> Finding:
        names = [o.path for o in others[:NAMED]]
        more = len(others) - len(names)
        args = {
            "others": Text(
                "、".join(names) + (f" 等 {len(others)} 个文件" if more else ""),
                ", ".join(names) + (f" and {more} more" if more else ""),
            ),
            "count": count,
            "body": entry.body or "",
            "year": key[1] if key else "",
        }
        what = Text("内容完全相同的文件", "the identical file")
        if key is not None:
            what = Text("同一单位同一年度的另一份报告", "another report of the same body and year")
        related = [
            Related(Location(source=SourceLocation(o.path)), {"zh": what.zh, "en": what.en})
            for o in others[:LINKED]
        ]
        data = {"others": [o.path for o in others[:LINKED]], "count": count}
        return self.context.finding(
            rule,
            Location(source=SourceLocation(entry.path)),
            args,
            bindings=bindings,
            data=data,
            related=related,
        )


class _Planned(Mapping[str, Sequence[Finding]]):
    """What ``DuplicateCheck.finish`` returns: per file, the groups it is in; its findings are
    made when they are asked for, in the order ``gather`` gives them."""

    def __init__(self, check: DuplicateCheck, records: list[tuple]) -> None:
        self._check = check
        self._plans: dict[str, list[tuple[tuple[int, int], tuple]]] = {}
        for _, path, order, plan in records:
            self._plans.setdefault(path, []).append((order, plan))

    def _make(self, plans: list[tuple[tuple[int, int], tuple]]) -> list[Finding]:
        made = (self._check._made(plan) for _, plan in sorted(plans, key=lambda item: item[0]))
        return [finding for finding in made if finding is not None]

    def __getitem__(self, path: str) -> Sequence[Finding]:
        return self._make(self._plans[path])

    def pop(self, path: str, default: Sequence[Finding] | None = None) -> Sequence[Finding] | None:
        plans = self._plans.pop(path, None)
        if plans is None:
            return default
        return self._make(plans) or default

    def __iter__(self) -> Iterator[str]:
        first = {path: min(order for order, _ in plans)[1] for path, plans in self._plans.items()}
        return iter(sorted(first, key=lambda path: first[path]))

    def __len__(self) -> int:
        return len(self._plans)
