"""Benchmark of the PDF loader: pages per second on the real reports in tests/corpus.

    python bench/bench_pdf.py [--repeat N] [--compare]

Measures, per file, the median over ``--repeat`` runs of

- ``extract``: PDFium character extraction alone (open, characters, rules, images);
- ``load``: the whole loader (extraction, structure, the three tables, sections);

and with ``--compare`` the time pdfplumber's ``extract_words`` needs for the same pages, the
slower alternative the loader avoids. This is a measurement to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
FILES = ["d01_hongze_2023.pdf", "d02_hongze_2024.pdf", "d03_huaian_2024.pdf"]


def _median_seconds(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs per file (median is kept)")
    parser.add_argument("--compare", action="store_true", help="also time pdfplumber words")
    args = parser.parse_args(argv)

    from disclosure_lint.core.inputs import InputSource, LoadContext
    from disclosure_lint.core.plugins import build_environment
    from disclosure_lint.loaders.pdf import load_pdf
    from disclosure_lint.loaders.pdf.extract import extract

    env = build_environment(autoload=False)
    context = LoadContext(env.formats)
    total_pages = 0
    total_extract = 0.0
    total_load = 0.0
    total_plumber = 0.0
    print(f"{'file':24} {'pages':>5} {'extract p/s':>12} {'load p/s':>10}", end="")
    print(f" {'pdfplumber words p/s':>21}" if args.compare else "")
    for name in FILES:
        data = (CORPUS / name).read_bytes()
        pages = len(extract(data).pages)
        load_pdf(InputSource.from_bytes(data, name), context)  # warm up imports and caches
        t_extract = _median_seconds(lambda d=data: extract(d), args.repeat)
        t_load = _median_seconds(
            lambda d=data, n=name: load_pdf(InputSource.from_bytes(d, n), context), args.repeat
        )
        total_pages += pages
        total_extract += t_extract
        total_load += t_load
        line = f"{name:24} {pages:5d} {pages / t_extract:12.0f} {pages / t_load:10.0f}"
        if args.compare:
            import pdfplumber

            def words(path: Path = CORPUS / name) -> None:
                with pdfplumber.open(path) as document:
                    for page in document.pages:
                        page.extract_words()

            t_plumber = _median_seconds(words, max(3, args.repeat // 5))
            total_plumber += t_plumber
            line += f" {pages / t_plumber:21.1f}"
        print(line)
    line = (
        f"{'all':24} {total_pages:5d} {total_pages / total_extract:12.0f} "
        f"{total_pages / total_load:10.0f}"
    )
    if args.compare:
        line += f" {total_pages / total_plumber:21.1f}"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
