"""Benchmark ``disclosure-lint serve`` (issue 18): time until a batch is served, and the size and
answer time of its pages.

Generates N mixed reports as ``bench_batch.py`` does (text, HTML, DOCX, and the real PDFs of
tests/corpus), starts the real command on a free loopback port — first on an empty result cache,
then again on the warm cache — and times process start to the first answer of
``/api/results``. Then fetches the overview, ``/api/results``, one report page of each file type,
an HTML original, a PDF page image and the exports, each five times (median answer time), and
reads the server's resident memory.

    python bench/bench_serve.py --sizes 100 1000

Prints Markdown tables; ``docs/performance.md`` records the numbers with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import generate


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as answer:
        size = len(answer.read())
    return size, time.perf_counter() - started


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def serve(folder: Path, cache: Path, db: Path) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    environ = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    args = ["disclosure-lint", "serve", str(folder), "--port", str(port), "--db", str(db)]
    args += ["--cache-dir", str(cache), "--no-progress"]
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environ)
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            fetch(base + "/api/results")
            break
        except OSError:
            if process.poll() is not None:
                raise SystemExit(process.stderr.read().decode()) from None
            time.sleep(0.2)
    return process, base, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--out", type=Path, default=Path("/tmp/disclosure-lint-bench-serve"))
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPU(s); python {sys.version.split()[0]}")
    for size in args.sizes:
        folder = args.out / f"batch-{size}"
        cache = args.out / f"cache-{size}"
        for path in (folder, cache):
            shutil.rmtree(path, ignore_errors=True)
        generate(folder, size, ["text", "html", "docx", "pdf"])
        db = args.out / f"review-{size}.sqlite3"
        db.unlink(missing_ok=True)
        print(f"\n{size} reports\n")
        print("| run | seconds until served | server memory |\n|---|---:|---:|")
        for run in ("empty cache", "warm cache"):
            process, base, seconds = serve(folder, cache, db)
            print(f"| {run} | {seconds:.1f} | {rss_mb(process.pid):.0f} MB |")
            if run == "empty cache":
                process.terminate()
                process.wait()
        data = json.loads(urllib.request.urlopen(base + "/api/results").read())
        first: dict[str, dict] = {}
        for entry in data["files"]:
            first.setdefault(entry["loader"] or "none", entry)
        pdf = first.get("pdf")
        urls = {"overview `/`": "/", "`/api/results`": "/api/results"}
        for loader, entry in sorted(first.items()):
            urls[f"report page ({loader})"] = entry["url"]
            urls[f"tables ({loader})"] = entry["url"] + "?view=tables"
        if "html" in first:
            urls["HTML original, inert"] = first["html"]["url"] + "/source.html"
        if pdf is not None:
            urls["PDF page 1 as PNG"] = pdf["url"] + "/pages/1.png"
        urls["suppressions export"] = "/export/suppressions.yaml"
        urls["confirmed XLSX"] = "/export/confirmed.xlsx"
        print("\n| page | bytes | median ms |\n|---|---:|---:|")
        for name, url in urls.items():
            timings = []
            for _ in range(5):
                size_bytes, seconds = fetch(base + url)
                timings.append(seconds)
            print(f"| {name} | {size_bytes:,} | {statistics.median(timings) * 1000:.0f} |")
        print(f"\nserver memory after the pages: {rss_mb(process.pid):.0f} MB")
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
