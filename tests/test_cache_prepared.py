"""Batch checks' prepared data in the result cache: a warm run gives exactly the output of a cold
one, a hit is served with its report's stub only when every batch check prepared its data, a
check that only ``collect`` s still gets whole reports, and records of another layout are not
read."""

from __future__ import annotations

import dataclasses
import json
import pickle
import sqlite3
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import yaml

from disclosure_lint.core.batch import BatchCheck, BatchContext, ReportStub
from disclosure_lint.core.cache import ResultCache, environment_fingerprint
from disclosure_lint.core.codec import report_to_data
from disclosure_lint.core.config import Config
from disclosure_lint.core.engine import Engine, Selection
from disclosure_lint.core.findings import Finding
from disclosure_lint.core.inputs import InputSource
from disclosure_lint.core.model import Report
from disclosure_lint.core.results import DeferredResult, FileResult
from disclosure_lint.core.runner import Runner
from disclosure_lint.core.serialize import RECORD_VERSION

from .clitools import run
from .conftest import CORPUS, FIXTURES, SEED
from .test_batch_checks import Recorder, copied_from_seed

HONGZE_2023 = FIXTURES / "data" / "hongze-2023.yaml"
HONGZE_2024 = FIXTURES / "data" / "hongze-2024.yaml"


def batch(tmp_path: Path, load) -> list[Path]:
    """Real reports with near-duplicate, year-over-year and duplicate findings among them."""
    copy = copied_from_seed(tmp_path)  # DL410 with the seed
    later = tmp_path / "seed-2020.txt"  # DL413 with seed-as-2020 (same body and year)
    later.write_text(SEED.read_text(encoding="utf-8").replace("2019", "2020"), encoding="utf-8")
    data = yaml.safe_load(HONGZE_2024.read_text(encoding="utf-8"))
    data["tables"]["table3"]["carried_over"]["natural"] = 2  # DL430 against 2023
    doctored = tmp_path / "hongze-2024-doctored.yaml"
    doctored.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    seed_data = report_to_data(load(SEED))
    seed_data["year"] = 2020
    seed_data["tables"]["table2"]["licensing"]["previous"] = 3  # DL432, DL420/DL421
    as_2020 = tmp_path / "seed-as-2020.yaml"
    as_2020.write_text(yaml.safe_dump(seed_data, allow_unicode=True), encoding="utf-8")
    return [
        SEED,
        CORPUS / "r004.txt",
        CORPUS / "r013.html",
        copy,
        HONGZE_2023,
        as_2020,
        later,
        doctored,
        CORPUS / "w03_haitan_2023.html",
    ]


def test_cold_filling_and_warm_runs_give_the_same_json(tmp_path: Path, load) -> None:
    paths = [str(p) for p in batch(tmp_path, load)]
    cache = tmp_path / "cache"
    args = ["check", *paths, "--format", "json", "--fail-on", "never"]
    cold = json.loads(run(*args, "--no-cache", "-j", "2").stdout)  # prepared in the workers
    here = json.loads(run(*args, "--no-cache", "-j", "1").stdout)  # reports collected here
    filled = json.loads(run(*args, "--cache-dir", str(cache), "-j", "2").stdout)
    warm = json.loads(run(*args, "--cache-dir", str(cache), "-j", "2").stdout)
    warm_one = json.loads(run(*args, "--cache-dir", str(cache), "-j", "1").stdout)
    assert filled["summary"]["cache_hits"] == 0
    assert warm["summary"]["cache_hits"] == warm_one["summary"]["cache_hits"] == len(paths)
    codes = {f["code"] for item in cold["files"] for f in item["findings"]}
    assert {"DL410", "DL413", "DL420", "DL421", "DL430", "DL432"} <= codes
    for other in (here, filled, warm, warm_one):
        assert other["files"] == cold["files"]
        assert other["summary"]["by_rule"] == cold["summary"]["by_rule"]


class CollectOnly(BatchCheck):
    """A third-party check as written before ``prepare`` existed: it reads whole reports."""

    name: ClassVar[str] = "collect-only"
    seen: ClassVar[list[tuple[str, int, int]]] = []

    @classmethod
    def create(cls, context: BatchContext) -> BatchCheck | None:
        return cls(context, [])

    def collect(self, report: Report, result: FileResult) -> None:
        lines = len(report.lines or [])
        self.seen.append((result.path, len(report.sections), lines))

    def finish(self) -> Mapping[str, Sequence[Finding]]:
        return {}


def _runner(env, cache: ResultCache | None, checks=()) -> tuple[Runner, Recorder]:
    env = dataclasses.replace(env, batch_checks=[*env.batch_checks, *checks])
    engine = Engine(env.rules, env.kinds, env.formats, Selection(select=["DL4"]))
    return Runner(env, engine, cache=cache), Recorder()


def _findings(results: list[FileResult]) -> list[tuple[str, list[dict]]]:
    return [(r.path, [f.to_dict("en", r.path) for f in r.findings]) for r in results]


def test_a_check_with_collect_only_gets_whole_reports_from_the_cache(
    env, tmp_path: Path, load
) -> None:
    paths = batch(tmp_path, load)
    fingerprint = environment_fingerprint(env, Config())
    outputs = []
    seen = []
    for _ in range(2):  # filling the cache, then warm
        CollectOnly.seen = []
        cache = ResultCache(tmp_path / "cache.sqlite3", fingerprint)
        runner, recorder = _runner(env, cache, [CollectOnly])
        sources = [InputSource.from_path(p) for p in paths]
        runner.run_batch(sources, [recorder], "never")
        cache.close()
        outputs.append(_findings(recorder.results))
        seen.append(list(CollectOnly.seen))
    assert cache.hits == len(paths)
    assert seen[0] == seen[1]
    assert all(sections > 0 for path, sections, _ in seen[1] if path.endswith(".txt"))
    assert outputs[0] == outputs[1]
    assert any(f["code"] == "DL410" for _, found in outputs[1] for f in found)


def test_a_hit_is_lean_only_when_every_check_prepared(env, tmp_path: Path, load) -> None:
    cache = ResultCache(tmp_path / "cache.sqlite3", "fingerprint")
    runner, _ = _runner(env, None)
    phase = runner.batch_phase()
    assert phase is not None and phase.lean_names == {c.name for c in phase.checks}
    # a result as a worker makes it: checked, then prepared by the batch checks
    report = load(SEED)
    result = runner.check_report(str(SEED), report)
    phase.prepare(report, result)
    assert set(result.prepared_by) == phase.lean_names
    cache.put("key", result)
    lean = cache.get("key", phase.lean_names)
    assert isinstance(lean.report, ReportStub)
    assert lean.report.metadata == report.metadata and lean.report.format == report.format
    assert not lean.report.tables and not lean.report.sections
    for finding in lean.findings:
        line = finding.location.source.line if finding.location.source else None
        if line is not None:
            assert lean.report.source_line(line) == report.source_line(line)
    assert lean.prepared == json.loads(json.dumps(result.prepared))
    with_tables = cache.get("key", phase.lean_names, tables=True)
    assert with_tables.report.tables.keys() == report.tables.keys()
    assert with_tables.report.tables["table3"].cells == report.tables["table3"].cells
    # a check that did not prepare (or a reporter that reads reports): the whole report
    whole = cache.get("key", phase.lean_names | {"collect-only"})
    assert not isinstance(whole.report, ReportStub) and whole.report.sections
    assert cache.get("key").report.sections
    cache.close()


def test_a_record_of_the_previous_layout_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite3"
    with sqlite3.connect(path) as db:  # the layout before the report had a column of its own
        db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE results (key TEXT PRIMARY KEY, record BLOB NOT NULL, used REAL);"
        )
        db.execute("INSERT INTO meta VALUES ('schema', '1')")
        old = {"version": RECORD_VERSION - 1, "path": "a.txt", "status": "checked"}
        db.execute("INSERT INTO results VALUES ('key', ?, 0)", (zlib.compress(b"{}"),))
    cache = ResultCache(path, "fingerprint")
    assert cache.enabled and cache.get("key") is None
    cache.close()
    # a record of the previous version under a key of this layout is refused, not misread
    with sqlite3.connect(path) as db:
        blob = zlib.compress(json.dumps(old).encode())
        db.execute("INSERT INTO results (key, record, report) VALUES ('key', ?, ?)", (blob, blob))
    cache = ResultCache(path, "fingerprint")
    assert cache.get("key") is None and cache.get("key", frozenset()) is None
    assert cache.hits == 0
    cache.close()


_DECODED: list[int] = []


def _counted_unpickle(pending: bytes) -> list[Finding]:
    _DECODED.append(len(pending))
    return pickle.loads(pending)


def test_a_deferred_result_decodes_its_findings_once_where_they_are_read(env, load) -> None:
    """A worker's result crosses to the main process and waits in the batch phase's spill with
    its findings as bytes; they are decoded once, when read, and equal the original ones."""
    runner, _ = _runner(env, None)
    result = runner.check_report(str(SEED), load(SEED))
    assert result.findings
    deferred = DeferredResult.of(result, pickle.dumps(result.findings), _counted_unpickle)
    _DECODED.clear()
    held = pickle.loads(pickle.dumps(deferred))  # as the spill holds it
    assert not held.decoded and not _DECODED
    assert held.findings == result.findings and len(_DECODED) == 1
    for name in (f.name for f in dataclasses.fields(FileResult)):  # every field; decoded once
        assert getattr(held, name) == getattr(result, name), name
    assert len(_DECODED) == 1
    held.findings = held.findings[:1]  # replaced: what was pending is gone
    assert held.findings == result.findings[:1] and held.decoded


def test_integers_beyond_64_bits_come_back_as_integers() -> None:
    """orjson refuses to write them and would read them as floats: such a record is written
    and read by the standard library, so a huge number in a cell is never rounded."""
    from disclosure_lint.core.cache import dump_record, load_record

    record = {"value": 2**70, "negative": -(2**70) - 1, "text": "表三 × 自然人", "small": 3}
    again = load_record(dump_record(record))
    assert again == record and isinstance(again["value"], int)
    assert load_record(dump_record({"small": 3})) == {"small": 3}
