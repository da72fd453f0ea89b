"""Benchmark of the HTML loader against its floor, a bare lxml parse of the same files.

    python bench/bench_html_floor.py [--generated N] [--repeat R]

Three input sets, all of them HTML:

- corpus: the real pages of ``bench/bench_loaders.py`` (``r013.html``, its GBK copy and the
  saved whole page with the site's chrome, ``r013-page-gbk.html``);
- generated: ``N`` generated reports rendered by the round-trip renderer (default layout);
- generated, whole page: the same reports with every piece of site chrome the renderer knows
  (navigation, breadcrumb, information line, share buttons, related links, footer, scripts,
  hidden text), the shape of a page saved from a government site.

For each set, in the same run: the median over ``R`` runs of loading every file once with the
HTML loader (decoding, parsing, page fields, chrome, reading order, assembly of the report) and
of ``lxml.html.document_fromstring`` on the same bytes (the floor any HTML reader stands on);
the ratio of the two is printed. This is a measurement to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.loaders.render: the renderers of the round-trip tests
sys.path.insert(0, str(ROOT / "bench"))


def median_seconds(run: Callable[[], None], repeat: int) -> float:
    run()  # warm up imports and caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def input_sets(count: int) -> dict[str, list[tuple[str, bytes]]]:
    from bench_loaders import REAL, generated_reports
    from tests.loaders.render import CHROME, Layout, render_html

    from disclosure_lint.core.plugins import build_environment

    env = build_environment(autoload=False)
    sets: dict[str, list[tuple[str, bytes]]] = {
        "corpus": [(p.name, p.read_bytes()) for p in REAL["html"]],
        "generated": [],
        "generated, whole page": [],
    }
    whole = Layout(chrome=tuple(CHROME))
    for index, (format_id, values, title, sections, _year) in enumerate(generated_reports(count)):
        fmt = env.formats.get(format_id)
        raw = {key: str(value) for key, value in values.items()}
        sets["generated"].append(
            (f"g{index}.html", render_html(fmt, raw, title, sections, Layout()))
        )
        page = render_html(fmt, raw, title, sections, whole)
        sets["generated, whole page"].append((f"p{index}.html", page))
    return sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=40, help="generated reports")
    parser.add_argument("--repeat", type=int, default=7, help="runs per set (median is kept)")
    args = parser.parse_args(argv)

    import lxml.html

    from disclosure_lint.core.inputs import InputSource, LoadContext
    from disclosure_lint.core.plugins import build_environment

    env = build_environment(autoload=False)
    context = LoadContext(env.formats)
    print(
        f"{'inputs':22} {'files':>5} {'KB/file':>7} {'loader s':>9} {'reports/s':>9} "
        f"{'floor s':>8} {'ratio':>6}"
    )
    for name, files in input_sets(args.generated).items():

        def load(files: list[tuple[str, bytes]] = files) -> None:
            for file_name, data in files:
                report = env.load_report(InputSource.from_bytes(data, file_name), context)
                assert report is not None and report.loader == "html", file_name

        def floor(files: list[tuple[str, bytes]] = files) -> None:
            for _name, data in files:
                lxml.html.document_fromstring(data)

        loader_s = median_seconds(load, args.repeat)
        floor_s = median_seconds(floor, args.repeat)
        size = sum(len(data) for _, data in files) / len(files) / 1024
        print(
            f"{name:22} {len(files):5d} {size:7.0f} {loader_s:9.3f} {len(files) / loader_s:9.1f} "
            f"{floor_s:8.4f} {loader_s / floor_s:6.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
