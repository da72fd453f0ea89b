"""Benchmark ``disclosure-lint check`` on generated batches (issue 8).

Generates N reports from the shapes of the real ones — text (the seed's Word export shape), HTML
and DOCX (the renderers of the loader round-trip tests) and PDF (reportlab, like the PDF tests) —
with balanced random tables and real section sentences, then times the command line:
single process and ``--jobs``, cold (no cache) and cached (second run on a warm cache), and
records the peak resident memory of the whole process tree (main process plus workers).

    python bench/bench_batch.py --sizes 1000 10000 --mix text,html,docx,pdf --out bench/results
    python bench/bench_batch.py --sizes 1000 --mix text        # one format

PDFs are the real ones of tests/corpus in turn (``pdf``), or generated with reportlab
(``pdf-generated``).

Prints a Markdown table; ``docs/performance.md`` records the numbers with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the round-trip renderers live with the tests
sys.path.insert(0, str(ROOT / "bench"))

from disclosure_lint.core.plugins import build_environment  # noqa: E402
from disclosure_lint.testing.builders import build_report  # noqa: E402
from disclosure_lint.testing.strategies import (  # noqa: E402
    BODIES,
    balanced_table_values,
)
from disclosure_lint.writers.text import render_as_text  # noqa: E402

REAL_PDFS = sorted((ROOT / "tests" / "corpus").glob("d0*.pdf"))


def generate(folder: Path, count: int, mix: list[str], seed: int = 1) -> dict[str, int]:
    """Write ``count`` reports into ``folder``; returns how many of each kind."""
    from bench_neardup import sentences as corpus_sentences
    from bench_neardup import vary
    from tests.loaders.render import Layout, render_docx, render_html

    from disclosure_lint.testing.pdf import render_pdf

    env = build_environment(autoload=False)
    rng = random.Random(seed)
    pool = corpus_sentences(env)  # real sentences of the corpus reports
    alphabet = "".join(sorted({ch for text in pool for ch in text if "\u4e00" <= ch <= "\u9fff"}))
    folder.mkdir(parents=True, exist_ok=True)
    made = {kind: 0 for kind in mix}
    templates: dict[tuple[str, str], bytes] = {}
    for index in range(count):
        kind = mix[index % len(mix)]
        format_id = rng.choice(["2019", "2021"])
        fmt = env.formats.get(format_id)
        year = rng.choice([2019, 2020]) if format_id == "2019" else rng.randint(2021, 2025)
        body = f"{rng.choice(BODIES)}{index:05d}"
        # PDFs and DOCX take a while to render: reuse a few per format with different names;
        # text and HTML are rendered afresh for each report
        key = (kind, format_id)
        if kind in ("pdf-generated", "docx") and key in templates and index > 40:
            data = templates[key]
        else:
            values = {k: str(v) for k, v in balanced_table_values(fmt, rng.randint).items()}
            # real sentences, about one character in eight replaced: distinct reports, as a
            # batch of different bodies is (the near-duplicate check must not find pairs)
            sentences = [
                "".join(vary(s, rng, alphabet) for s in rng.sample(pool, 4)) for _ in fmt.sections
            ]
            sections = [(s.label, text) for s, text in zip(fmt.sections, sentences, strict=True)]
            title = f"{body}{year}年政府信息公开工作年度报告"
            if kind == "text":
                report = build_report(
                    fmt, values, title=title, body=body, year=year, sections=sections
                )
                data = render_as_text(report, fmt).encode("utf-8")
            elif kind == "html":
                data = render_html(fmt, values, title, sections, Layout())
            elif kind == "docx":
                data = render_docx(fmt, values, title, sections, Layout())
            elif kind == "pdf-generated":
                data = render_pdf(fmt, values, body=body, year=year, prose=sentences)
            else:
                # the real PDFs (Word/WPS exports with embedded fonts) in turn: what supervisors
                # receive; reportlab's non-embedded CID fonts ("pdf-generated") take PDFium's
                # slower fallback path and are not typical
                data = REAL_PDFS[index % len(REAL_PDFS)].read_bytes()
            templates[key] = data
        suffix = {
            "text": ".txt",
            "html": ".html",
            "docx": ".docx",
            "pdf": ".pdf",
            "pdf-generated": ".pdf",
        }[kind]
        (folder / f"{index:05d}{suffix}").write_bytes(data)
        made[kind] += 1
    return made


class PeakMemory:
    """Samples the resident memory of a process and its children (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        pids, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                children = []
            todo.extend(int(c) for c in children)
        return pids

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1]) * 1024
                except OSError:
                    continue
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed_check(folder: Path, jobs: int, cache: Path | None) -> tuple[float, int, int]:
    """(seconds, peak bytes, files reported) of one ``check`` run."""
    command = [
        sys.executable,
        "-m",
        "disclosure_lint",
        "check",
        str(folder),
        "--format",
        "json",
        "--jobs",
        str(jobs),
        "--quiet",
        "--fail-on",
        "never",
    ]
    command += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    env = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as p:
        memory = PeakMemory(p.pid)
        out, err = p.communicate()
        peak = memory.stop()
    elapsed = time.perf_counter() - started
    if p.returncode not in (0, 1):
        raise RuntimeError(err.decode()[-2000:])
    files = len(json.loads(out)["files"])
    return elapsed, peak, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--mix", default="text,html,docx,pdf")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path, default=Path("/tmp/disclosure-lint-bench"))
    parser.add_argument("--keep", action="store_true", help="keep the generated reports")
    args = parser.parse_args()
    mix = args.mix.split(",")
    print(f"machine: {os.cpu_count()} CPU(s), {_cpu_model()}; python {sys.version.split()[0]}")
    print("| reports | mix | mode | jobs | seconds | reports/s | peak memory |")
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        folder = args.out / f"batch-{size}-{'-'.join(mix)}"
        if folder.exists():
            shutil.rmtree(folder)
        started = time.perf_counter()
        made = generate(folder, size, mix)
        generated = time.perf_counter() - started
        print(f"<!-- generated {made} in {generated:.1f} s -->")
        cache = args.out / f"cache-{size}-{'-'.join(mix)}"
        if cache.exists():
            shutil.rmtree(cache)
        runs = [
            ("cold", 1, None),
            ("cold", args.jobs, None),
            ("cold → cache", args.jobs, cache),
            ("cached", args.jobs, cache),
            ("cached", 1, cache),
        ]
        for mode, jobs, cache_dir in runs:
            elapsed, peak, files = timed_check(folder, jobs, cache_dir)
            assert files == size, (files, size)
            print(
                f"| {size} | {args.mix} | {mode} | {jobs} | {elapsed:.1f} | "
                f"{size / elapsed:.0f} | {peak / 2**20:.0f} MB |",
                flush=True,
            )
        if not args.keep:
            shutil.rmtree(folder)
            shutil.rmtree(cache, ignore_errors=True)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
