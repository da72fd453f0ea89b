"""The shared reading steps alone (issue 16): loading by kind, and table mapping replayed.

Loads every file of a folder once (CPU per file, by loader kind), recording every call of
``map_table`` the loaders make; then maps the recorded tables again, ``--passes`` times, and
prints the CPU per report of each pass (the first load fills the process's caches, as a
worker's first reports do; the replays show the mapping alone, without the loaders).

    python bench/bench_reading.py /work/s5/batch-1000 --passes 5
    PYTHONPATH=/other/checkout/src python bench/bench_reading.py DIR
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from disclosure_lint.core.config import Config
from disclosure_lint.core.engine import Engine
from disclosure_lint.core.inputs import LoadContext
from disclosure_lint.core.plugins import build_environment
from disclosure_lint.core.runner import Runner
from disclosure_lint.reading import assemble
from disclosure_lint.reading.tablemap import map_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()

    env = build_environment()
    config = Config()
    config.apply_plugins(env.config_schema, env.config_defaults)
    engine = Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)
    runner = Runner(env, engine, config)
    sources = runner.discover([str(p) for p in sorted(args.folder.iterdir())])

    calls: list[tuple] = []
    original = assemble.map_table

    def recording(tdef, rows, file, earlier=(), scanner=None):  # type: ignore[no-untyped-def]
        calls.append((tdef, rows, file, earlier))
        return original(tdef, rows, file, earlier, scanner)

    assemble.map_table = recording  # type: ignore[assignment]
    by_kind: dict[str, list[float]] = {}
    try:
        for source in sources:
            kind = source.suffix or "?"
            start = time.process_time()
            runner.load_source(source, LoadContext(env.formats, runner.max_bytes))
            by_kind.setdefault(kind, []).append(time.process_time() - start)
    finally:
        assemble.map_table = original
    for kind, times in sorted(by_kind.items()):
        per_file = 1000 * sum(times) / len(times)
        print(f"load {kind:6s} {len(times):5d} files  {per_file:7.3f} ms/file")

    reports = max(1, len(sources))
    passes: list[float] = []
    for _ in range(args.passes):
        start = time.process_time()
        for tdef, rows, file, earlier in calls:
            map_table(tdef, rows, file, earlier)
        passes.append(1000 * (time.process_time() - start) / reports)
    shown = " ".join(f"{p:.3f}" for p in passes)
    print(f"map_table replayed ({len(calls)} tables): {shown} ms/report, best {min(passes):.3f}")


if __name__ == "__main__":
    main()
