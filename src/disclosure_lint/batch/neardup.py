"""Near-duplicate reports and sections across different bodies in one batch (domain-spec D4:
内容雷同, 跨单位抄袭).

Each report (and each chosen section) gets a MinHash signature of its normalised 5-character
shingles; an LSH index proposes candidate pairs in time that grows with the batch, not with
the number of pairs; each candidate is verified on the exact shingle sets (Jaccard similarity)
and, when it reaches the rule's ``threshold``, both files get a finding naming the other and
the longest shared passage with its section and line in each. Names of the bodies and all
digits are folded before shingling, so a copy with the name and the year changed is still found.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

import numpy as np

from ..core.batch import BatchCheck, BatchContext, Prepared
from ..core.findings import Finding, Related
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report, SourceLocation
from ..core.results import FileResult
from ..core.rules import Rule, Text
from ..domain.prose import where_words
from ..similarity.minhash import LSHIndex, signature
from ..similarity.text import common_many, jaccard_of, shared_runs
from . import neardup_rounds as rounds_
from .judgments import JUDGED_SPACE, Judgments
from .prepared import PRINT_PART, decode_array, encode_array, print_of, print_part
from .prints import SHINGLE, ReportPrint, SectionPrint, SectionView, view_report
from .store import HeldFindings, LazyFindings, Prints, PrintStore, set_digest

DEFAULT_SECTIONS = ("overview", "problems", "other")
#: the prepared part with a report's MinHash signatures: [rule number, section key, base64]
SIGNATURES_PART = "near-duplicates.signatures"

#: what a rule compares: (its number among the check's rules, section key; "" for the report)
Slot = tuple[int, str]

_PAIR_ARGS = frozenset(
    {
        "other",
        "other_body",
        "other_year",
        "similarity",
        "section",
        "line",
        "other_section",
        "other_line",
        "at",
        "other_at",
        "passage",
    }
)


class NearDuplicateKind(RuleKind):
    name: ClassVar[str] = "near_duplicate"
    description: ClassVar[str] = (
        "Batch: reports or sections near-identical to those of another body in the same run."
    )
    needs_format: ClassVar[bool] = False
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["level"],
        "properties": {
            "level": {
                "enum": ["report", "section"],
                "description": "report: the whole prose of two reports; section: the same "
                "section of two reports",
            },
            "threshold": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "default": 0.5,
                "description": "lowest Jaccard similarity of the 5-character shingle sets "
                "that is reported",
            },
            "min_chars": {
                "type": "integer",
                "minimum": 1,
                "default": 200,
                "description": "texts shorter than this (normalised characters) are not compared",
            },
            "sections": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
                "description": "level section: the section keys compared "
                "(default overview, problems, other)",
            },
            "bands": {
                "type": "integer",
                "enum": [8, 16, 32, 64],
                "default": 32,
                "description": "LSH bands of the 128-value MinHash signature; more bands find "
                "less similar candidates",
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = _PAIR_ARGS

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        return ()  # judged by NearDuplicateCheck over the whole batch


class _RuleIndex:
    def __init__(self, rule: Rule, bindings: dict[str, str]) -> None:
        self.rule = rule
        self.bindings = bindings
        params = rule.params
        self.level: str = params["level"]
        self.threshold: float = float(params.get("threshold", 0.5))
        self.min_chars: int = int(params.get("min_chars", 200))
        self.sections: tuple[str, ...] = tuple(params.get("sections", DEFAULT_SECTIONS))
        self.bands: int = int(params.get("bands", 32))
        self.indexes: dict[str, LSHIndex] = {}

    def index(self, key: str) -> LSHIndex:
        if key not in self.indexes:
            self.indexes[key] = LSHIndex(128, self.bands)
        return self.indexes[key]


class NearDuplicateCheck(BatchCheck):
    name: ClassVar[str] = "near-duplicates"
    description: ClassVar[str] = "Near-identical reports and sections across bodies (MinHash/LSH)."
    kinds: ClassVar[tuple[str, ...]] = ("near_duplicate",)

    def __init__(self, context: BatchContext, rules: list[tuple[Rule, dict[str, str]]]) -> None:
        super().__init__(context, rules)
        self.indexes = [_RuleIndex(rule, bindings) for rule, bindings in rules]
        # report-level rules first, so that section-level rules can skip pairs already reported
        self.indexes.sort(key=lambda r: r.level != "report")
        #: the prints of the reports collected so far, on disk; only the shingle sets a rule
        #: compares are kept readable on their own ("": the whole report)
        sets = {
            key
            for rule in self.indexes
            for key in (rule.sections if rule.level == "section" else ("",))
        }
        self.prints = PrintStore(sets)
        #: findings so far, on disk: per file and group only the ones its folded finding shows
        self.findings = HeldFindings(_group, _rank, keep=1 + KEPT)
        #: intersection sizes counted in earlier runs (None: the run has no cache)
        self.memo = context.memo(MEMO_SPACE)
        #: judgments of earlier runs, by the cache keys of a report and its candidates
        self.judged = Judgments(context.memo(JUDGED_SPACE))

    def collect(self, report: Report, result: FileResult) -> None:
        view = view_report(report, result.path)
        self.add(view, self.signatures(view), result.key)

    # --- prepared where the report is checked: its print and its signatures -------------------
    def prepare(self, report: Report, result: FileResult) -> Mapping[str, Any]:
        view = view_report(report, result.path)
        signatures = [
            [number, key, encode_array(sig, "<u4")]
            for (number, key), sig in self.signatures(view).items()
        ]
        return {PRINT_PART: print_part(report, result.path), SIGNATURES_PART: signatures}

    def outcome_inputs(self) -> bytes | None:
        return b""  # the batch's prints and signatures decide everything (the memo only saves
        # counting again what it would count)

    def collect_prepared(self, prepared: Prepared, result: FileResult) -> None:
        view = print_of(prepared)
        assert view is not None
        signatures = {
            (number, key): decode_array(data, "<u4", np.uint32)
            for number, key, data in prepared.parts[SIGNATURES_PART]
        }
        self.add(view, signatures, result.key)

    def add(
        self, view: ReportPrint, signatures: dict[Slot, np.ndarray], key: str | None = None
    ) -> None:
        """Judge a report's print against the earlier ones (or take the findings of the same
        judgment in an earlier run: ``key`` is the report's cache key), then index it."""
        me = len(self.prints)
        candidates = {
            slot: _candidates(self.indexes[slot[0]].index(slot[1]).query(sig, MAX_CANDIDATES))
            for slot, sig in signatures.items()
        }
        judgment = self.judged.key(key, candidates)
        made = self.judged.get(judgment)
        if made is None:
            made = {}
            self.judge(me, view, candidates, self.prints, made)
            self.judged.put(judgment, made)
        self.judged.add(key)
        for path, found in made.items():
            for finding in found:
                self.findings.add(path, finding)
        for (number, key), sig in signatures.items():
            self.indexes[number].index(key).add(me, sig)
        self.prints.add(view)

    def close(self) -> None:
        self.prints.close()
        self.findings.close()

    # --- on a cluster (neardup_rounds) -------------------------------------------------------
    rounds: ClassVar[int] = rounds_.ROUNDS

    def extract(self, report: Report, result: FileResult, index: int) -> Iterable[Any]:
        return rounds_.extract(self, report, result, index)

    def route(self, round: int, record: Any) -> Iterable[tuple[Hashable, Any]]:
        return rounds_.route(round, record)

    def reduce(self, round: int, key: Hashable, values: list[Any]) -> Iterable[Any]:
        return rounds_.reduce(self, round, key, values, MAX_CANDIDATES)

    def gather(self, records: Iterable[Any]) -> Mapping[str, Sequence[Finding]]:
        found = rounds_.gather(records)
        return {path: fold_pairs(list(findings)) for path, findings in found.items()}

    def signatures(self, view: ReportPrint) -> dict[Slot, np.ndarray]:
        """The MinHash signature of each text of ``view`` that a rule compares, by slot (rule
        number, section key; "" for the whole report), in the order the rules judge them."""
        found: dict[Slot, np.ndarray] = {}
        whole: np.ndarray | None = None
        for number, rule in enumerate(self.indexes):
            if rule.level == "report":
                if view.chars >= rule.min_chars:
                    if whole is None:
                        whole = signature(view.shingles)
                    found[(number, "")] = whole
                continue
            for key in rule.sections:
                section = view.section(key)
                if section is not None and section.chars >= rule.min_chars:
                    found[(number, key)] = signature(section.shingles)
        return found

    def judge(
        self,
        me: int,
        view: ReportPrint,
        candidates: Mapping[Slot, Sequence[int]],
        prints: Prints,
        findings: dict[str, list[Finding]],
    ) -> None:
        """Verify report ``me``'s candidates (earlier reports in ``prints``, by slot) on the
        exact shingle sets and add the findings of its closest matches to ``findings``."""
        reported: set[int] = set()  # earlier reports matched at the report level
        body = view.body_key
        for (number, key), found in candidates.items():
            rule = self.indexes[number]
            mine = view.section(key) if key else None
            if key and mine is None:
                continue
            mine_set = mine.shingles if mine else view.shingles
            ids = [
                other_id
                for other_id in found
                if not (key and other_id in reported) and not prints.same_body(other_id, body)
            ]
            matches = [
                (similarity, other_id)
                for other_id, similarity in self._similarities(mine_set, ids, key or None, prints)
                if similarity >= rule.threshold
            ]
            for similarity, other_id in _closest(matches):
                other = prints.get(other_id)
                their_set = prints.shingles(other_id, key or None)
                assert their_set is not None
                if key:
                    assert mine is not None
                    self._pair(rule, view, [mine], other, their_set, similarity, findings)
                else:
                    reported.add(other_id)
                    self._pair(rule, view, view.sections, other, their_set, similarity, findings)

    def _similarities(
        self, mine: np.ndarray, ids: list[int], section: str | None, prints: Prints
    ) -> list[tuple[int, float]]:
        """(report, Jaccard similarity) of the shingle set ``mine`` with that of each earlier
        report of ``ids`` that has one: the intersections counted in one pass, or read from the
        memo that an earlier run with the cache left (sizes by the sets' digests)."""
        memo = self.memo
        known: dict[bytes, tuple[int, int]] = {}
        if memo is not None:
            mine_digest = set_digest(mine)
            known = _counts_of(memo.get(mine_digest))
        similar: list[tuple[int, float]] = []
        todo: list[tuple[int, bytes | None, np.ndarray]] = []
        for other_id in ids:
            digest = prints.set_digest(other_id, section) if memo is not None else None
            hit = known.get(digest) if digest is not None else None
            if hit is not None:
                similar.append((other_id, jaccard_of(mine.size, *hit)))
                continue
            if memo is not None and digest is None:
                continue  # no such set
            their_set = prints.shingles(other_id, section)
            if their_set is not None:
                todo.append((other_id, digest, their_set))
        shared = common_many(mine, [their_set for _, _, their_set in todo])  # in one pass
        for (other_id, digest, their_set), inter in zip(todo, shared, strict=True):
            similar.append((other_id, jaccard_of(mine.size, their_set.size, inter)))
            if digest is not None:
                known[digest] = (their_set.size, inter)
        if memo is not None and todo:
            if len(known) > MEMO_PAIRS:  # a set compared in many batches: this one's pairs
                asked = {prints.set_digest(other_id, section) for other_id in ids}
                known = {digest: sizes for digest, sizes in known.items() if digest in asked}
            memo.put(mine_digest, _counts_bytes(known))
        return similar

    def _pair(
        self,
        rule: _RuleIndex,
        view: ReportPrint,
        mine: Sequence[SectionPrint],
        other: ReportPrint,
        other_set: np.ndarray,
        similarity: float,
        findings: dict[str, list[Finding]],
    ) -> None:
        best: tuple[int, SectionPrint, int, int] | None = None
        for section in mine:
            runs = shared_runs(section.hashes, other_set)
            if runs and (best is None or runs[0][1] - runs[0][0] > best[0]):
                best = (runs[0][1] - runs[0][0], section, runs[0][0], runs[0][1])
        if best is None:
            return
        _, section, start, end = best
        assert isinstance(section, SectionView)
        passage = section.quote(start, end)
        here = section.source_at(view.path, start)
        where = other.locate(int(section.hashes[start]))
        other_section, there = where if where else (None, SourceLocation(other.path))
        shared = {"passage": passage, "similarity": f"{similarity:.0%}"}
        for this, that, this_sec, this_src, that_sec, that_src in (
            (view, other, section, here, other_section, there),
            (other, view, other_section, there, section, here),
        ):
            this_line, that_line = this_src.line, that_src.line
            args = {
                **shared,
                "other": that.path,
                "other_body": that.body or "?",
                "other_year": that.year or "?",
                "section": this_sec.heading if this_sec else "",
                "line": this_line or "?",
                "other_section": that_sec.heading if that_sec else "",
                "other_line": that_line or "?",
                "at": Text(*where_words(this_src)),
                "other_at": Text(*where_words(that_src)),
            }
            location = Location(
                section=this_sec.key if this_sec else None,
                section_label=this_sec.heading if this_sec else None,
                source=this_src,
            )
            data = {
                "similarity": round(similarity, 4),
                "other": {
                    "path": that.path,
                    "body": that.body,
                    "year": that.year,
                    "section": that_sec.key if that_sec else None,
                    "line": that_line,
                },
                "passage": passage,
                "shingle": SHINGLE,
            }
            that_place = Location(
                section=that_sec.key if that_sec else None,
                section_label=that_sec.heading if that_sec else None,
                source=that_src,
            )
            label = f"{that.body or that.path}（{that.year or '?'}）"
            heading = f" {that_sec.heading}" if that_sec else ""
            related = Related(
                that_place,
                {"zh": f"{label}{heading}中的同一段", "en": f"the same passage in {label}"},
            )
            finding = self.context.finding(
                rule.rule, location, args, bindings=rule.bindings, data=data, related=[related]
            )
            findings.setdefault(this.path, []).append(finding)

    def finish(self) -> Mapping[str, Sequence[Finding]]:
        """The folded findings per file, read from disk when they are asked for (once)."""
        self.prints.close()
        return LazyFindings(self.findings, lambda groups: [_fold(*group) for group in groups])


#: other reports named in a folded finding's message, and linked (related locations, data)
NAMED = 3
LINKED = 3
ALSO = Text(
    zh="；另有 {count} 份报告与此雷同：{names}",
    en="; {count} more reports are also similar: {names}",
)


def fold_pairs(findings: list[Finding]) -> list[Finding]:
    """One finding per rule and section of a report: a report copied by many others (the first
    of a batch of copies) gets its closest match, and the others named on it, not a finding
    per copy."""
    groups: dict[tuple[str, str | None], list[Finding]] = {}
    for finding in findings:
        groups.setdefault(_group(finding), []).append(finding)
    folded = []
    for group in groups.values():
        group.sort(key=lambda f: -float(f.data.get("similarity", 0)))
        folded.append(_fold(group[: 1 + KEPT], len(group)))
    return folded


#: findings of a group that its folded finding shows, besides the first
KEPT = max(NAMED, LINKED)


def _group(finding: Finding) -> tuple[str, str | None]:
    return finding.code, finding.location.section


def _rank(finding: Finding) -> int:
    """The order ``fold_pairs`` sorts a group by, as a whole number (the most similar first;
    the similarity in ``data`` has four decimals)."""
    return 10_000 - round(float(finding.data.get("similarity", 0)) * 10_000)


def _fold(best: list[Finding], count: int) -> Finding:
    """The folded finding of a group of ``count`` findings, of which ``best`` are the most
    similar (at least the first ``1 + KEPT``), most similar first."""
    first, rest = best[0], best[1:]
    if count > 1:
        others = [f.data["other"] for f in rest]
        first.data["also"] = [
            {"path": other["path"], "similarity": f.data["similarity"]}
            for other, f in zip(others[:LINKED], rest, strict=False)
        ]
        first.data["matches"] = count
        first.related = first.related + tuple(r for f in rest[: LINKED - 1] for r in f.related)
        names = [f"{o.get('body') or o['path']}（{o.get('year') or '?'}）" for o in others]
        shown = "、".join(names[:NAMED]) + (" 等" if count - 1 > NAMED else "")
        for lang in list(first.messages):
            first.messages[lang] += ALSO.get(lang).format(count=count - 1, names=shown)
    return first


#: LSH candidates verified per report or section, and earlier matches reported for it. A batch
#: that holds many copies of one text (k of them) would otherwise cost k² comparisons and
#: findings; each copy is instead reported with its closest earlier copies.
MAX_CANDIDATES = 64
MAX_MATCHES = 3


def _candidates(ids: Iterable[int]) -> list[int]:
    """The candidates to verify: the most recent ones first (copies tend to come together)."""
    return sorted(ids, reverse=True)[:MAX_CANDIDATES]


def _closest(matches: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """The most similar matches, most similar first (ties: the earlier report)."""
    return sorted(matches, key=lambda m: (-m[0], m[1]))[:MAX_MATCHES]


#: the memo's namespace: per shingle set (by digest), the sizes of its candidates' sets and of
#: their intersections with it (version 1)
MEMO_SPACE = "near-duplicates/intersections/1"
#: pairs kept per shingle set in the memo (more when one set meets many others across runs)
MEMO_PAIRS = 4 * MAX_CANDIDATES
_MEMO_ENTRY = np.dtype([("digest", "S16"), ("size", "<u4"), ("common", "<u4")])


def _counts_of(value: bytes | None) -> dict[bytes, tuple[int, int]]:
    """The memo's value as {digest: (set size, intersection size)} (empty when unreadable)."""
    if not value or len(value) % _MEMO_ENTRY.itemsize:
        return {}
    entries = np.frombuffer(value, _MEMO_ENTRY)
    sizes = entries["size"].tolist()
    shared = entries["common"].tolist()
    return {
        bytes(digest).ljust(16, b"\0"): (size, inter)
        for digest, size, inter in zip(entries["digest"].tolist(), sizes, shared, strict=True)
    }


def _counts_bytes(counts: dict[bytes, tuple[int, int]]) -> bytes:
    entries = np.array(
        [(digest, size, inter) for digest, (size, inter) in counts.items()], _MEMO_ENTRY
    )
    return entries.tobytes()
