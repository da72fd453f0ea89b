"""Findings cross from a worker process to the main process in the cache's record form
(core/workers.py): what the main process reads of them (every output's form, the cells, the
related places, the data) must be what checking the file in the main process gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_lint.core.cache import decode_findings, encode_findings
from disclosure_lint.core.codec.findings import encode_finding, encode_finding_record
from disclosure_lint.core.findings import Finding
from disclosure_lint.core.inputs import InputSource
from disclosure_lint.core.results import DeferredResult
from disclosure_lint.core.runner import Runner
from disclosure_lint.core.workers import OrderedPool

from .conftest import CORPUS, SEED

REPORTS = [SEED, CORPUS / "r004.txt", CORPUS / "r013.html", CORPUS / "w03_haitan_2023.html"]


def _forms(findings: list[Finding], path: str) -> list[object]:
    """Everything an output takes from a finding: the check output in both languages (the
    cells it lists), every cell and related place of the record, the data."""
    return [
        (encode_finding(f, "zh", path), encode_finding(f, "en", path), encode_finding_record(f))
        for f in findings
    ]


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_a_record_round_trip_keeps_what_outputs_show(env, engine, report: Path) -> None:
    result = Runner(env, engine).check_one(InputSource.from_path(report))
    assert result.findings
    back = decode_findings(encode_findings(result.findings))
    assert _forms(back, result.path) == _forms(result.findings, result.path)
    assert [f.cells for f in back] == [f.cells for f in result.findings]


def test_findings_from_workers_are_those_checked_here(env, engine) -> None:
    runner = Runner(env, engine, jobs=2)
    here = {str(p): runner.check_one(InputSource.from_path(p)).findings for p in REPORTS}
    pool = OrderedPool(runner, 2)
    sources = [InputSource.from_path(p) for p in REPORTS]
    seen = []
    for _, (result, record), computed in pool.map(sources, lambda source: None):
        assert computed and record is None  # no cache: nothing stored
        assert isinstance(result, DeferredResult) and not result.decoded
        assert _forms(result.findings, result.path) == _forms(here[result.path], result.path)
        seen.append(result.path)
    assert seen == [str(p) for p in REPORTS]
    # a blank-cell finding with many cells is among them (the bulk of what crosses)
    assert any(len(f.cells) > 12 for found in here.values() for f in found)
