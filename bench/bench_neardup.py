"""Benchmark: near-duplicate detection (NearDuplicateCheck, MinHash/LSH) on synthetic batches.

Synthetic reports are built from the real section texts of tests/corpus (the seed, 沭阳 2025,
上海 2025, 平潭 2020): each section takes real sentences (up to 150 characters) chosen at
random, replaces about one character in eight and changes digits, so reports
are distinct; one report in fifty is a copy of an earlier one with another body's name. Only
the batch check is timed (collect + finish), not
the loading of files.

    python bench/bench_neardup.py 1000 10000
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

from disclosure_lint.batch.neardup import NearDuplicateCheck
from disclosure_lint.core.batch import BatchContext
from disclosure_lint.core.engine import Engine, Selection
from disclosure_lint.core.inputs import InputSource, LoadContext
from disclosure_lint.core.model import Metadata, Report, Section, SourceLocation
from disclosure_lint.core.plugins import build_environment
from disclosure_lint.core.results import FileResult, FileStatus

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
FILES = ["yinzhou-gongren-2019.txt", "r004.txt", "r003.md", "r006.txt"]


def sentences(env) -> list[str]:
    out: list[str] = []
    for name in FILES:
        report = env.load_report(InputSource.from_path(CORPUS / name), LoadContext(env.formats))
        text = "\n".join(s.text for s in report.sections) or "\n".join(report.lines or [])
        out.extend(s for s in re.split(r"(?<=[。；])", text) if 12 < len(s) <= 150)
    return out


def vary(sentence: str, rng: random.Random, alphabet: str) -> str:
    """The sentence with about one character in eight replaced: the wording of another body."""
    chars = list(sentence)
    for index in range(len(chars)):
        if rng.random() < 0.125:
            chars[index] = rng.choice(alphabet)
    return "".join(chars)


def synthetic(pool: list[str], count: int, rng: random.Random) -> list[Report]:
    alphabet = "".join(sorted({c for s in pool for c in s if "\u4e00" <= c <= "\u9fff"}))
    reports: list[Report] = []
    for i in range(count):
        body = f"第{i}号测试区人民政府"
        if i % 50 == 49:  # a copy of an earlier report under another name
            source = reports[rng.randrange(len(reports))]
            sections = [
                Section(s.key, s.number, s.heading, s.text.replace(source.metadata.body, body))
                for s in source.sections
            ]
        else:
            sections = []
            for number, key in ((1, "overview"), (5, "problems"), (6, "other")):
                picked = rng.sample(pool, 12 if key == "overview" else 6)
                text = "".join(vary(p, rng, alphabet) for p in picked)
                text = re.sub(r"\d+", lambda m: str(rng.randrange(1, 5000)), text)
                sections.append(Section(key, number, f"{number}、", text))
        name = f"synthetic/{i:05d}.txt"
        reports.append(
            Report(
                source=name,
                loader="bench",
                metadata=Metadata(body=body, year=2024),
                sections=[
                    Section(s.key, s.number, s.heading, s.text, SourceLocation(name, line=1))
                    for s in sections
                ],
            )
        )
    return reports


def run(env, reports: list[Report]) -> tuple[float, int]:
    engine = Engine(env.rules, env.kinds, env.formats, Selection(select=["DL410", "DL411"]))
    check = NearDuplicateCheck.create(BatchContext(engine, env.formats))
    assert check is not None
    start = time.perf_counter()
    for report in reports:
        check.collect(report, FileResult(report.source, FileStatus.CHECKED))
    found = check.finish()
    elapsed = time.perf_counter() - start
    return elapsed, sum(len(v) for v in found.values())


def main(sizes: list[int]) -> None:
    env = build_environment(autoload=False)
    pool = sentences(env)
    print(f"sentence pool: {len(pool)} real sentences")
    for size in sizes:
        reports = synthetic(pool, size, random.Random(size))
        chars = sum(len(s.text) for r in reports for s in r.sections) // size
        elapsed, findings = run(env, reports)
        print(f"{size:>6} reports (~{chars} chars each): {elapsed:7.2f} s, {findings} findings")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
