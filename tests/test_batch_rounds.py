"""The batch checks' grouping rounds (what a cluster runs) give the same findings, in the same
order, as ``collect``/``finish`` in one process: on real reports, a planted copy, the Hongze
year-over-year pair, many copies past the candidate limit, and values in any order."""

from __future__ import annotations

import json
import random
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pytest

from disclosure_lint.batch import neardup
from disclosure_lint.core.batch import BatchCheck, BatchContext, run_rounds
from disclosure_lint.core.engine import Engine, Selection
from disclosure_lint.core.phase import BatchPhase
from disclosure_lint.core.results import FileResult, FileStatus

from .conftest import CORPUS, SEED
from .test_batch_checks import (
    DISTINCT,
    HONGZE_2023,
    HONGZE_2024,
    _doctored,
    copied_from_seed,
)


def _checks(env) -> list[BatchCheck]:
    engine = Engine(env.rules, env.kinds, env.formats, Selection(select=["DL4"]))
    phase = BatchPhase.start(env.batch_checks, BatchContext(engine, env.formats))
    assert phase is not None
    return phase.checks


def _as_json(found) -> str:
    return json.dumps(
        {path: [f.to_dict() for f in items] for path, items in sorted(found.items())},
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )


def _shuffled_rounds(check: BatchCheck, records: list[Any], seed: int):
    """``run_rounds`` with records, groups and group values in a random order, as a cluster
    may hand them over."""
    rng = random.Random(seed)
    extracted = list(records)
    current = list(extracted)
    for number in range(check.rounds):
        rng.shuffle(current)
        groups: dict[Hashable, list[Any]] = {}
        for record in current:
            for key, value in check.route(number, record):
                groups.setdefault(key, []).append(value)
        made: list[Any] = []
        keys = list(groups)
        rng.shuffle(keys)
        for key in keys:
            values = groups[key]
            rng.shuffle(values)
            made.extend(check.reduce(number, key, values))
        current = made if number == check.rounds - 1 else [*extracted, *made]
    rng.shuffle(current)
    return check.gather(current)


def _compare(env, load, paths: list[Path]) -> dict[str, int]:
    reports = [(str(p), load(p)) for p in paths]
    in_process = _checks(env)
    for path, report in reports:
        for check in in_process:
            check.collect(report, FileResult(path, FileStatus.CHECKED, [], report))
    expected = {check.name: _as_json(check.finish()) for check in in_process}
    counts = {}
    for check in _checks(env):
        if not check.rounds:
            continue
        records = [
            record
            for index, (path, report) in enumerate(reports)
            for record in check.extract(
                report, FileResult(path, FileStatus.CHECKED, [], report), index
            )
        ]
        assert _as_json(run_rounds(check, records)) == expected[check.name]
        for seed in (1, 2):
            again = next(c for c in _checks(env) if c.name == check.name)
            assert _as_json(_shuffled_rounds(again, records, seed)) == expected[check.name]
        counts[check.name] = expected[check.name].count('"code"')
    return counts


def year_pairs(tmp_path: Path) -> tuple[Path, Path]:
    """Two later-year reports: the Hongze 2024 data with 上年结转 changed (H1 against the real
    2023 report), and the seed as its 2020 report (its text copied from 2019)."""

    def edit(data):
        data["tables"]["table3"]["carried_over"]["natural"] = 2
        data["tables"]["table3"]["carried_over"]["total"] = 2

    hongze = _doctored(tmp_path, HONGZE_2024, edit, "hongze-2024-doctored.yaml")
    seed = tmp_path / "seed-2020.txt"
    seed.write_text(SEED.read_text(encoding="utf-8").replace("2019", "2020"), encoding="utf-8")
    return hongze, seed


def test_rounds_match_one_process_on_real_reports_a_copy_and_a_pair(env, load, tmp_path):
    copy = copied_from_seed(tmp_path)
    hongze, seed_2020 = year_pairs(tmp_path)
    # the later Hongze report comes first, the later seed report last: both orders are paired
    paths = [hongze, *DISTINCT[:-1], CORPUS / "r013.html", copy, HONGZE_2023, seed_2020]
    counts = _compare(env, load, paths)
    assert counts["near-duplicates"] >= 2  # the planted copy and the seed, in both files
    assert counts["year-over-year"] >= 3  # H1 in two columns, the 2020 seed's text


def test_rounds_keep_the_candidate_limit_and_the_closest_matches(env, load, tmp_path, monkeypatch):
    """Twelve copies with the candidate limit lowered to four: which earlier copies are
    verified depends on the limit, and the rounds pick the same ones."""
    monkeypatch.setattr(neardup, "MAX_CANDIDATES", 4)
    copies = []
    for i in range(12):
        (tmp_path / f"c{i}").mkdir()
        copies.append(copied_from_seed(tmp_path / f"c{i}", body=f"铁岭县第{i}街道"))
    counts = _compare(env, load, [*copies[:6], HONGZE_2023, *copies[6:]])
    assert counts["near-duplicates"] >= 2 * 11


@pytest.mark.parametrize("rounds_of", ["near-duplicates", "year-over-year"])
def test_checks_with_rounds_are_built_in(env, rounds_of):
    assert any(c.name == rounds_of and c.rounds for c in _checks(env))


def test_duplicate_rounds_match_one_process(env, load, tmp_path) -> None:
    """The same file twice and two reports of one body and year, grouped in one round."""
    import hashlib
    import shutil

    first, second = tmp_path / "a.html", tmp_path / "b.html"
    shutil.copy(CORPUS / "r013.html", first)
    shutil.copy(CORPUS / "r013.html", second)
    draft = tmp_path / "draft.txt"
    text = (CORPUS / "r004.txt").read_text(encoding="utf-8")
    draft.write_text(text.replace("予以公开 | 290", "予以公开 | 291"), encoding="utf-8")
    paths = [first, CORPUS / "r004.txt", SEED, second, draft]
    results = []
    for path in paths:
        report = load(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        results.append(
            (report, FileResult(str(path), FileStatus.CHECKED, [], report, digest=digest))
        )

    def check() -> BatchCheck:
        return next(c for c in _checks(env) if c.name == "duplicates")

    in_process = check()
    for report, result in results:
        in_process.collect(report, result)
    expected = _as_json(in_process.finish())
    assert expected.count('"DL412"') == 2 and expected.count('"DL413"') == 2
    records = [r for i, (rep, res) in enumerate(results) for r in check().extract(rep, res, i)]
    assert _as_json(run_rounds(check(), records)) == expected
    assert _as_json(_shuffled_rounds(check(), records, 3)) == expected
