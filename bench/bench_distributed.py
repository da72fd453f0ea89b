"""Benchmark ``check --executor dask`` against the local executor (issue 17).

Generates N text reports with bench_batch's generator (the seed's Word-export shape, real
section sentences of the corpus, balanced random tables), plants copies (a report under
another body's name) and year-over-year pairs, then times the whole command line, cold (no
cache), with JSON output:

- local executor, 1 and 2 jobs;
- a Dask cluster of 1 and 2 worker processes (``--executor dask -j N`` starts a
  ``LocalCluster``; its start-up is measured on a one-file run and shown apart);

and checks that every run gives the same JSON.

    python bench/bench_distributed.py --size 2000
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import generate  # noqa: E402

LINT = str(Path(sys.executable).parent / "disclosure-lint")


def plant(folder: Path, copies: int) -> None:
    """Copies of generated reports under other bodies' names, and the same reports as their
    body's next-year report (year-over-year pairs)."""
    reports = sorted(folder.glob("*.txt"))
    for number, path in enumerate(reports[:copies]):
        text = path.read_text(encoding="utf-8")
        (folder / f"zz-copy-{number:04d}.txt").write_text(
            text.replace("街道", f"复制{number}街道", 3), encoding="utf-8"
        )
        (folder / f"zz-next-{number:04d}.txt").write_text(
            text.replace("2021", "2022").replace("2020", "2021"), encoding="utf-8"
        )


def timed(args: list[str]) -> tuple[float, bytes]:
    env = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    started = time.perf_counter()
    done = subprocess.run([LINT, *args], capture_output=True, env=env, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode()[-3000:])
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path("/tmp/disclosure-lint-bench-dask"))
    args = parser.parse_args()
    folder = args.out / f"batch-{args.size}"
    if folder.exists():
        shutil.rmtree(folder)
    generate(folder, args.size, ["text"])
    plant(folder, args.copies)
    count = len(list(folder.iterdir()))
    one = next(iter(sorted(folder.glob("*.txt"))))
    common = ["check", "--format", "json", "--no-cache", "--quiet"]
    print(f"machine: {os.cpu_count()} CPU(s); python {sys.version.split()[0]}; {count} reports")
    print("| executor | workers | seconds | reports/s | start-up (one file) |")
    print("|---|---|---|---|---|")
    outputs = {}
    for executor, workers in (("local", 1), ("local", 2), ("dask", 1), ("dask", 2)):
        extra = ["--executor", executor, "--jobs", str(workers)]
        startup, _ = timed([*common, *extra, str(one)])
        seconds, output = timed([*common, *extra, str(folder)])
        outputs[(executor, workers)] = output
        print(
            f"| {executor} | {workers} | {seconds:.1f} | {count / seconds:.0f} | {startup:.1f} s |",
            flush=True,
        )
    same = len(set(outputs.values())) == 1
    print(f"<!-- the same JSON from every run: {same} -->")
    if b'"DL410"' not in outputs[("dask", 2)] or b'"DL420"' not in outputs[("dask", 2)]:
        print("<!-- warning: no copy or year-over-year finding in the batch -->")


if __name__ == "__main__":
    main()
