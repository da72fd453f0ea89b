"""Start-up time of the command line: best of N runs of a few short commands.

    python bench/bench_startup.py [--repeat 10]

Times, in fresh processes, ``check`` of one small corpus file with JSON output (without any
cache, and with a warm cache folder: the rule packs and format definitions cached and the file's
result a cache hit) and ``rules``, each with wall-clock and CPU seconds. Run it with
``PYTHONPATH`` pointing at the source to measure. The runs are made without
``PYTHONDONTWRITEBYTECODE`` (with it, every run would compile every module again), and with a
temporary cache folder.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "corpus" / "n03_pingtan_jiaotongjianshe_2020.txt"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_of(command: list[str], repeat: int, env: dict[str, str]) -> tuple[float, float]:
    """The fastest of ``repeat`` runs (after one untimed run): wall-clock and CPU seconds (the
    CPU time of the process, steadier than the wall clock on a busy machine)."""
    walls, cpus = [], []
    for index in range(repeat + 1):
        begin, begin_cpu = time.perf_counter(), _cpu()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False)
        if index:
            walls.append(time.perf_counter() - begin)
            cpus.append(_cpu() - begin_cpu)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    tool = [sys.executable, "-m", "disclosure_lint"]
    check = [*tool, "check", str(SAMPLE), "--format", "json"]
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["DISCLOSURE_LINT_CACHE_DIR"] = cache
        no_cache = {**env, "DISCLOSURE_LINT_NO_CACHE": "1"}
        cases = [
            ("interpreter alone (python -c pass)", [sys.executable, "-c", "pass"], env),
            ("check one file, --no-cache", [*check, "--no-cache"], env),
            ("check one file, warm cache", check, env),
            ("rules, no cache", [*tool, "rules"], no_cache),
            ("rules, warm cache", [*tool, "rules"], env),
        ]
        for name, command, run_env in cases:
            wall, cpu = best_of(command, args.repeat, run_env)
            print(f"{name:36} {wall:.3f} s wall  {cpu:.3f} s CPU", flush=True)


if __name__ == "__main__":
    main()
