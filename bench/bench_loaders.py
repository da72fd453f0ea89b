"""Benchmark of the text, HTML and DOCX loaders: reports per second.

    python bench/bench_loaders.py [--generated N] [--repeat R]

Two sets of inputs:

- the real reports in ``tests/corpus`` (and the r013 conversions in ``tests/fixtures/converted``)
  by loader: text (the seed, r003.md, r004, r006, r012), HTML (r013.html and its GBK and
  whole-page copies), DOCX (r013.docx);
- ``N`` generated reports (2019 and 2021 formats, balanced tables, real sentences; drawn by
  Hypothesis with a fixed seed, so every run measures the same reports) rendered as text in each
  shape the text loader reads (Word export, tab-separated, Markdown, run-on crawler text), as HTML
  pages and as DOCX files with the renderers of the round-trip tests (``tests/loaders/render.py``).

For each input set the median over ``R`` runs of loading every file once is kept. Rendering is
not timed. PDF is measured in pages per second by ``bench/bench_pdf.py``. This is a measurement
to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.loaders.render: the renderers of the round-trip tests

CORPUS = ROOT / "tests" / "corpus"
CONVERTED = ROOT / "tests" / "fixtures" / "converted"
REAL = {
    "text": [
        CORPUS / "yinzhou-gongren-2019.txt",
        CORPUS / "r003.md",
        CORPUS / "r004.txt",
        CORPUS / "r006.txt",
        CORPUS / "r012.txt",
    ],
    "html": [CORPUS / "r013.html", CONVERTED / "r013-gbk.html", CONVERTED / "r013-page-gbk.html"],
    "docx": [CONVERTED / "r013.docx"],
}


def generated_reports(count: int) -> list[tuple[str, dict, str, list[tuple[str, str]], int]]:
    """``count`` reports (format id, cells, title, sections, year), the same on every run."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from disclosure_lint.core.plugins import build_environment
    from disclosure_lint.testing.strategies import BODIES, balanced_values, section_texts

    env = build_environment(autoload=False)
    drawn: list[tuple[str, dict, str, list[tuple[str, str]], int]] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data(), format_id=st.sampled_from(["2019", "2021"]))
    def draw(data, format_id: str) -> None:
        fmt = env.formats.get(format_id)
        values = data.draw(balanced_values(fmt))
        body = data.draw(st.sampled_from(BODIES))
        years = st.integers(2019, 2020) if format_id == "2019" else st.integers(2021, 2025)
        year = data.draw(years)
        sections = data.draw(section_texts(fmt))
        drawn.append((format_id, values, f"{body}{year}年政府信息公开工作年度报告", sections, year))

    draw()
    return drawn[:count]


def render_inputs(count: int) -> dict[str, list[tuple[str, bytes]]]:
    """The generated reports as files, by input set: name and bytes."""
    from tests.loaders.render import Layout, render_docx, render_html

    from disclosure_lint.core.plugins import build_environment
    from disclosure_lint.testing.builders import build_report
    from disclosure_lint.writers.text import STYLES, render_as_text

    env = build_environment(autoload=False)
    inputs: dict[str, list[tuple[str, bytes]]] = {f"text ({s})": [] for s in STYLES}
    inputs["html"] = []
    inputs["docx"] = []
    for index, (format_id, values, title, sections, year) in enumerate(generated_reports(count)):
        fmt = env.formats.get(format_id)
        raw = {key: str(value) for key, value in values.items()}
        report = build_report(fmt, raw, title=title, year=year, sections=sections)
        for style in STYLES:
            suffix = "md" if style == "markdown" else "txt"
            text = render_as_text(report, fmt, style)
            inputs[f"text ({style})"].append((f"g{index}.{suffix}", text.encode("utf-8")))
        layout = Layout()
        inputs["html"].append((f"g{index}.html", render_html(fmt, raw, title, sections, layout)))
        inputs["docx"].append((f"g{index}.docx", render_docx(fmt, raw, title, sections, layout)))
    return inputs


def time_set(files: list[tuple[str, bytes]], repeat: int) -> float:
    """Median seconds to load every file of the set once."""
    from disclosure_lint.core.inputs import InputSource, LoadContext
    from disclosure_lint.core.plugins import build_environment

    env = build_environment(autoload=False)
    context = LoadContext(env.formats)

    def load_all() -> None:
        for name, data in files:
            report = env.load_report(InputSource.from_bytes(data, name), context)
            assert report is not None, name

    load_all()  # warm up imports and caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        load_all()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=40, help="generated reports")
    parser.add_argument("--repeat", type=int, default=5, help="runs per set (median is kept)")
    args = parser.parse_args(argv)

    rows: list[tuple[str, str, int, float]] = []
    for loader, paths in REAL.items():
        files = [(p.name, p.read_bytes()) for p in paths]
        rows.append(("corpus", loader, len(files), time_set(files, args.repeat)))
    for name, files in render_inputs(args.generated).items():
        rows.append(("generated", name, len(files), time_set(files, args.repeat)))

    print(f"{'inputs':10} {'loader (shape)':22} {'files':>5} {'seconds':>8} {'reports/s':>10}")
    for kind, name, count, seconds in rows:
        print(f"{kind:10} {name:22} {count:5d} {seconds:8.3f} {count / seconds:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
