"""Encoding and decoding the findings of cached records (issue 16: cache hits at parse speed).

A warm ``check`` decodes the findings of every cache hit (``core/cache.py decode_findings``);
a cold one encodes them for the cache (``encode_finding_record``). This times both on the
findings of real records: those of checking a directory (by default the test corpus,
``tests/corpus``) into an empty cache here, or those of a result cache that a ``check`` of this
version filled (``--cache-dir``).

Each line gives the best of ``--repeat`` passes over every record, in milliseconds of CPU time
per 1,000 records (files; CPU time, as the shared machine is rarely idle), and the counts of
findings and cells:

- **hit**: what a warm run does with a record and its findings: the record's JSON (compressed,
  as stored) loaded (``decode_result``), and its stored findings (their own column, compressed)
  decompressed and decoded when read (``decode_findings``);
- **load+decode**: the findings' JSON bytes to findings (``decode_findings`` without the
  decompression);
- **decode**: the decoding alone (from the loaded plain data);
- **encode**: ``encode_finding_record`` of every finding;
- **encode+dump**: that and the JSON bytes of it (``dump_record``), as a cold run stores them.

    python bench/bench_decode.py /path/to/batch-1000
    python bench/bench_decode.py --cache-dir /tmp/dec-cache   # filled by this version
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from disclosure_lint.core.cache import decode_findings, dump_record, load_record  # noqa: E402
from disclosure_lint.core.serialize import (  # noqa: E402
    RECORD_VERSION,
    finding_from_record,
    finding_to_record,
)


def cached_records(cache_dir: Path) -> list[tuple[bytes, bytes]]:
    """Every record of the cache in ``cache_dir`` with its findings, as stored (compressed
    JSON)."""
    db = sqlite3.connect(cache_dir / "results.sqlite3")
    try:
        rows = db.execute("SELECT record, findings FROM results ORDER BY key").fetchall()
    finally:
        db.close()
    versions = {load_record(zlib.decompress(row[0])).get("version") for row in rows}
    if versions != {RECORD_VERSION}:
        sys.exit(f"{cache_dir}: records of version {versions}, not {RECORD_VERSION}")
    return [(row[0], row[1]) for row in rows]


def fill_cache(directory: Path, cache_dir: Path) -> None:
    """Fill a result cache in ``cache_dir`` by checking ``directory``."""
    command = [sys.executable, "-m", "disclosure_lint", "check", str(directory)]
    options = ["--format", "json", "--quiet", "--fail-on", "never", "--cache-dir", str(cache_dir)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(command + options, check=True, env=env, stdout=subprocess.DEVNULL)


def best(passes: int, work: Callable[[], Any]) -> float:
    """The least CPU time of ``passes`` runs of ``work``, without the cyclic garbage collector
    (as ``timeit``: its passes cost in proportion to everything this benchmark holds)."""
    times = []
    for _ in range(passes):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            work()
            times.append(time.process_time() - start)
        finally:
            gc.enable()
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path, nargs="?", default=ROOT / "tests" / "corpus")
    parser.add_argument("--cache-dir", type=Path, help="a result cache a check filled")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.cache_dir:
        stored = cached_records(args.cache_dir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            fill_cache(args.directory, Path(tmp))
            stored = cached_records(Path(tmp))
    blobs = [zlib.decompress(found) for _, found in stored]
    plain = [load_record(b) for b in blobs]
    findings = [[finding_from_record(f) for f in records] for records in plain]
    n_findings = sum(len(f) for f in findings)
    n_cells = sum(len(f.cells) for fs in findings for f in fs)
    per = 1000 / len(blobs) * 1000  # seconds for all -> ms per 1,000 records

    def hit() -> None:
        for record, found in stored:
            load_record(zlib.decompress(record))
            decode_findings(found)

    def load_decode() -> None:
        for blob in blobs:
            [finding_from_record(f) for f in load_record(blob)]

    def decode() -> None:
        for records in plain:
            [finding_from_record(f) for f in records]

    def encode() -> None:
        for fs in findings:
            [finding_to_record(f) for f in fs]

    def encode_dump() -> None:
        for fs in findings:
            dump_record([finding_to_record(f) for f in fs])

    size = sum(map(len, blobs)) / len(blobs) * 1000 / 1e6
    print(f"{len(blobs)} records, {n_findings} findings, {n_cells} cells")
    print(f"findings' JSON: {size:.1f} MB per 1,000 records")
    for name, work in (
        ("hit", hit),
        ("load+decode", load_decode),
        ("decode", decode),
        ("encode", encode),
        ("encode+dump", encode_dump),
    ):
        print(f"{name:12} {best(args.repeat, work) * per:8.1f} ms per 1,000 records")
    # the decoded findings must be what was encoded (the codec is exact)
    again = [[finding_from_record(f) for f in load_record(b)] for b in blobs]
    assert again == findings, "decoded findings differ"


if __name__ == "__main__":
    main()
