"""The near-duplicate check's judgments kept between runs (batch/judgments.py): a report met by
the same candidates as in an earlier run with the cache takes the findings made then; a report
whose candidates changed (or the changed report itself) is judged again; whatever is taken, the
findings are those of a run without a cache."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from disclosure_lint.batch import judgments
from disclosure_lint.batch.judgments import Judgments
from disclosure_lint.batch.neardup import NearDuplicateCheck
from disclosure_lint.core.findings import Finding, Related, Severity
from disclosure_lint.core.model import Location, SourceLocation

from .test_batch_outcomes import _checked
from .test_cache_prepared import batch


class _Memo:
    def __init__(self) -> None:
        self.values: dict[bytes, bytes] = {}

    def get(self, key: bytes) -> bytes | None:
        return self.values.get(key)

    def put(self, key: bytes, value: bytes) -> None:
        self.values[key] = value


def _judged(monkeypatch) -> list[str]:
    """The paths of the reports judged (not taken from the memo), in order."""
    judged: list[str] = []
    real = NearDuplicateCheck.judge

    def judge(self, me, view, candidates, prints, findings) -> None:
        judged.append(view.path)
        real(self, me, view, candidates, prints, findings)

    monkeypatch.setattr(NearDuplicateCheck, "judge", judge)
    return judged


def test_a_changed_file_is_judged_again_with_the_reports_that_meet_it(
    env, tmp_path: Path, load, monkeypatch
) -> None:
    paths = batch(tmp_path, load)
    judged = _judged(monkeypatch)
    database = tmp_path / "cache.sqlite3"
    cold = _checked(env, database, paths)
    assert judged == [str(path) for path in paths]  # filling the cache: every report judged
    assert any(f["code"] == "DL410" for _, found in cold for f in found)

    copy = paths[3]  # the seed copied by another body (DL410 with the seed): a changed year
    copy.write_text(copy.read_text(encoding="utf-8").replace("2020", "2021"), encoding="utf-8")
    judged.clear()
    changed = _checked(env, database, paths)
    assert str(copy) in judged
    # the reports before it meet the same candidates: their findings come from the memo
    assert not {str(path) for path in paths[:3]} & set(judged)
    assert len(judged) < len(paths)
    assert changed == _checked(env, None, paths)

    judged.clear()
    reordered = [*paths[4:], *paths[:4]]  # other indexes: the keys name the candidates by file
    assert _checked(env, database, reordered) == _checked(env, None, reordered)


def test_a_damaged_judgment_is_made_again(env, tmp_path: Path, load, monkeypatch) -> None:
    paths = batch(tmp_path, load)
    database = tmp_path / "cache.sqlite3"
    cold = _checked(env, database, paths)
    with sqlite3.connect(database) as db:
        stored = db.execute(
            "UPDATE memos SET value = ? WHERE space = ?", (b"not zlib", judgments.JUDGED_SPACE)
        ).rowcount
    assert stored == len(paths)
    judged = _judged(monkeypatch)
    paths[6].write_text(paths[6].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _checked(env, database, paths) == _checked(env, None, paths)
    assert [str(path) for path in paths] == judged[: len(paths)]  # all judged again
    assert cold  # (the run before had findings to keep)


def test_judgment_keys_name_the_report_and_its_candidates_in_order() -> None:
    keys = [f"{n:064x}" for n in range(4)]
    kept = Judgments(_Memo())
    for key in keys[:3]:
        kept.add(key)
    kept.add(None)  # a report the cache has no key for
    one = kept.key(keys[3], {(0, ""): [2, 1], (1, "overview"): [0]})
    assert one is not None and len(one) == 16
    assert one == kept.key(keys[3], {(0, ""): [2, 1], (1, "overview"): [0]})
    others = [
        kept.key(keys[3], {(0, ""): [1, 2], (1, "overview"): [0]}),  # another order
        kept.key(keys[3], {(0, ""): [2, 1], (1, "problems"): [0]}),  # another section
        kept.key(keys[3], {(0, ""): [2, 1]}),  # fewer slots
        kept.key(keys[2], {(0, ""): [2, 1], (1, "overview"): [0]}),  # another report
    ]
    assert len({one, *others}) == 5
    assert kept.key(keys[3], {(0, ""): [3]}) is None  # a candidate without a key
    assert kept.key(None, {}) is None and kept.key("not a key", {}) is None
    assert Judgments(None).key(keys[3], {}) is None  # no cache, no memo


def test_judgments_come_back_as_they_were_made() -> None:
    heading = "一、总体情况"
    here = Location(section="overview", section_label=heading, source=SourceLocation("a", 3))
    there = Location(section="overview", section_label=heading, source=SourceLocation("b", 9))
    finding = Finding(
        code="DL411",
        name="near-duplicate-section",
        severity=Severity.WARNING,
        messages={"zh": "与 b 相似", "en": "similar to b"},
        location=here,
        data={"similarity": 0.8123, "other": {"path": "b", "year": 2023}, "passage": "某某"},
        related=(Related(there, {"zh": "同一段", "en": "the same passage"}),),
    )
    kept = Judgments(_Memo())
    key = kept.key(f"{1:064x}", {})
    made = {"a": [finding], "b": []}
    kept.put(key, made)
    back = kept.get(key)
    assert back is not None and list(back) == ["a", "b"]
    (again,) = back["a"]
    assert again.to_dict("zh", "a") == finding.to_dict("zh", "a")
    assert again.related == finding.related and again.data == finding.data
    assert kept.get(None) is None and kept.get(b"x" * 16) is None
