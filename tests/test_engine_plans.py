"""What the rule engine keeps between reports (issue 16): plans per rule and format, table
definitions' derived keys, and the number lookahead of claim patterns change no finding.

Reports are the real ones of tests/corpus: the seed (2019 format, text), 沭阳 (2021 format, data
transcribed from r004) and r013 (2021 format, Word-exported HTML).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from disclosure_lint.core.engine import Engine
from disclosure_lint.core.findings import Finding
from disclosure_lint.core.model import Report
from disclosure_lint.domain.numbers import NUMBER_PATTERN, NUMBER_START
from disclosure_lint.domain.prose import sections_prose

from .conftest import CORPUS, SEED, SHUYANG_DATA

REPORTS = [SEED, SHUYANG_DATA, CORPUS / "r013.html", CORPUS / "r004.txt"]


def _dump(findings: list[Finding]) -> list[str]:
    return [
        json.dumps(f.to_dict(lang), ensure_ascii=False, sort_keys=True, default=str)
        for f in findings
        for lang in ("zh", "en")
    ]


def test_a_report_checked_again_after_others_gives_the_same_findings(env, load) -> None:
    # One engine over reports of both formats, in turn: the plans its rules keep (per format)
    # and the table definitions' derived keys hold nothing of a report.
    engine = Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)
    first = {path: _dump(engine.check(load(path))) for path in REPORTS}
    assert any(first.values())
    for path in reversed(REPORTS):
        assert _dump(engine.check(load(path))) == first[path], path
    # a fresh engine (new expansions of foreach rules, plans built anew) agrees
    fresh = Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)
    for path in REPORTS:
        assert _dump(fresh.check(load(path))) == first[path], path


def test_the_same_report_object_checked_twice_gives_the_same_findings(env, load) -> None:
    # The second check finds the report's memo filled (blank readings, cell refs, hits).
    engine = Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)
    report: Report = load(SEED)
    once = _dump(engine.check(report))
    assert _dump(engine.check(report)) == once


def test_a_rule_plan_is_built_once_per_format(env) -> None:
    shipped = env.rules.get("DL101")
    assert shipped is not None
    rule = replace(shipped)  # a copy keeps no plan of the original
    built: list[str] = []

    def build(fmt_id: str) -> str:
        built.append(fmt_id)
        return f"plan {fmt_id}"

    f2019, f2021 = env.formats.get("2019"), env.formats.get("2021")
    assert rule.plan(f2019, lambda: build("2019")) == "plan 2019"
    assert rule.plan(f2021, lambda: build("2021")) == "plan 2021"
    assert rule.plan(f2019, lambda: build("again")) == "plan 2019"
    assert built == ["2019", "2021"]


def test_every_number_in_real_prose_starts_where_the_lookahead_allows(env, load) -> None:
    # NUMBER_START before NUMBER_PATTERN must change no match: wherever a number can be read,
    # the lookahead lets it through, and the matches with and without it are the same.
    number = re.compile(NUMBER_PATTERN)
    with_start = re.compile(NUMBER_START + NUMBER_PATTERN)
    claim_like = re.compile(rf"(?P<n>{NUMBER_PATTERN})\s*件")
    claim_like_start = re.compile(rf"(?P<n>{NUMBER_START}{NUMBER_PATTERN})\s*件")
    texts = [prose.text for path in REPORTS for _, prose in sections_prose(load(path))]
    assert sum(len(t) for t in texts) > 5000
    readable = 0
    for text in texts:
        for position in range(len(text)):
            if number.match(text, position):
                readable += 1
                assert with_start.match(text, position), text[position : position + 10]
        assert [m.span() for m in number.finditer(text)] == [
            m.span() for m in with_start.finditer(text)
        ]
        assert [m.span("n") for m in claim_like.finditer(text)] == [
            m.span("n") for m in claim_like_start.finditer(text)
        ]
    assert readable > 100
