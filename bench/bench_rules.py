"""Benchmark of the rule engine alone: reports per second of ``Engine.check`` (issue 16).

    python bench/bench_rules.py [--generated N] [--folder DIR] [--repeat R] [--digest]

Two sets of reports, each loaded once before anything is timed:

- the reports of ``tests/corpus`` (every file a loader reads, PDFs included);
- ``N`` files varied from real reports by ``bench_floor.generate`` (half Word-exported HTML
  pages, half text), as ``check`` sees them in the batch benchmark; or, with ``--folder``, the
  files of a folder (a batch generated beforehand, e.g. ``bench_floor``'s 1,000 files, so that
  runs before and after a change check the very same reports).

Only ``Engine.check`` is timed, with the CPU time of this process (``time.process_time``: the
machine's cores are shared), best of ``R`` passes. Before every check the report's memo of
derived views (``Report.memo``) is emptied, so each pass does the work a real run does once per
report. ``--digest`` prints a hash of every finding (JSON, both languages) of each set: the same
hash before and after a change of the engine means the same findings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from disclosure_lint.core.config import Config  # noqa: E402
from disclosure_lint.core.engine import Engine  # noqa: E402
from disclosure_lint.core.inputs import LoadContext  # noqa: E402
from disclosure_lint.core.model import Report  # noqa: E402
from disclosure_lint.core.plugins import build_environment  # noqa: E402
from disclosure_lint.core.runner import Runner  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"


def load(runner: Runner, folder: Path) -> list[tuple[str, Report]]:
    """The reports of every file ``check`` would read in ``folder``, loaded once."""
    context = LoadContext(runner.env.formats)
    reports: list[tuple[str, Report]] = []
    for source in runner.discover([str(folder)]):
        loaded = runner.load_source(source, context)
        if isinstance(loaded, Report):
            reports.append((source.name, loaded))
    return reports


def time_checks(runner: Runner, reports: list[tuple[str, Report]], repeat: int) -> float:
    """Best CPU seconds of checking every report once."""
    settings = [runner.settings_for(name, report) for name, report in reports]
    best = float("inf")
    for _ in range(repeat):
        spent = 0.0
        for (_, report), given in zip(reports, settings, strict=True):
            report._memo.clear()
            start = time.process_time()
            runner.engine.check(report, given)
            spent += time.process_time() - start
        best = min(best, spent)
    return best


def digest(runner: Runner, reports: list[tuple[str, Report]], folder: Path) -> str:
    """A hash of every finding of every report, in both languages (paths relative to
    ``folder`` and to the built-in rules, so that runs on batches generated in other temporary
    folders, and of another checkout with ``PYTHONPATH``, compare)."""
    from disclosure_lint.builtin_rules import rules_dir

    sha = hashlib.sha256()
    for name, report in reports:
        report._memo.clear()
        for finding in runner.engine.check(report, runner.settings_for(name, report)):
            for lang in ("zh", "en"):
                text = json.dumps(finding.to_dict(lang), ensure_ascii=False, default=str)
                text = text.replace(str(folder), "").replace(str(rules_dir()), "")
                sha.update(text.encode("utf-8"))
    return sha.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=300, help="generated files")
    parser.add_argument("--repeat", type=int, default=3, help="passes (the best is kept)")
    parser.add_argument("--digest", action="store_true", help="print a hash of the findings")
    parser.add_argument("--folder", type=Path, help="check this folder's files, not generated ones")
    parser.add_argument("--no-corpus", action="store_true", help="skip the tests/corpus set")
    args = parser.parse_args(argv)

    from bench_floor import generate

    env = build_environment()
    config = Config()
    config.apply_plugins(env.config_schema, env.config_defaults)
    runner = Runner(env, Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner), config)
    sets: list[tuple[str, Path, list[tuple[str, Report]]]] = []
    if not args.no_corpus:
        sets.append(("tests/corpus", CORPUS, load(runner, CORPUS)))
    with tempfile.TemporaryDirectory() as tmp:
        if args.folder is not None:
            sets.append((args.folder.name, args.folder, load(runner, args.folder)))
        else:
            generate(Path(tmp), args.generated)
            sets.append((f"generated ({args.generated})", Path(tmp), load(runner, Path(tmp))))

        print(f"{'reports':22} {'count':>5} {'CPU s':>7} {'ms/report':>10} {'reports/s':>10}")
        for name, folder, reports in sets:
            seconds = time_checks(runner, reports, args.repeat)
            count = len(reports)
            line = f"{name:22} {count:5d} {seconds:7.3f} {1000 * seconds / count:10.2f}"
            line += f" {count / seconds:10.1f}"
            if args.digest:
                line += f"  findings {digest(runner, reports, folder)}"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
