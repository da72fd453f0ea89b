"""``check`` against the parser's floor (issue 16), on batches varied from real reports.

The batch is half Word-exported HTML pages — ``tests/corpus/r013.html`` and its converted copies
(``tests/fixtures/converted``: GBK fragment, whole gov.cn page in GBK), as fragments with their
inline styles or without (about 36 KB), and inside page frames with site chrome of varying size
(up to about 370 KB) — and half text reports (the text, Markdown and crawler-text reports of
``tests/corpus``). Every copy names another body and year, leaves some zeros blank, changes
one number in three, and replaces about one character in eight of its longer prose runs.

Every run measures, in the same process and on the same files:

- the **floor**: a bare ``lxml.html.document_fromstring`` of every HTML file plus decoding every
  text file, on one core (the files read from the page cache; the best of three passes);
- ``check DIR --no-cache -j JOBS``;
- ``check DIR -j JOBS`` filling an empty cache, then on the warm cache, then on the warm cache
  with one file changed (a text report gets a line more: the batch checks judge the batch
  again instead of taking their stored findings);
- with ``--jobs 2 1``, the same three on one job too (the memory and time-per-file growth of
  issue 16 are measured on one job).

Each line gives seconds, the ratio to the floor, the CPU time of the whole process tree (user
plus system, main process and workers: what the run costs, less sensitive than its seconds to
other work on the machine) and the peak resident memory of the tree (sampled every 50 ms).

    python bench/bench_floor.py --sizes 1000 5000 --jobs 2 1
    python bench/bench_floor.py --sizes 1000 --src /path/to/other/checkout/src
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import PeakMemory, _cpu_model  # noqa: E402
from bench_output_size import BUREAUS, COUNTIES  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
CONVERTED = ROOT / "tests" / "fixtures" / "converted"
TEXTS = [
    "r004.txt",
    "yinzhou-gongren-2019.txt",
    "r006.txt",
    "r012.txt",
    "r003.md",
    "n05_pingtan_caizhengjinrong_2022.txt",
]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PROSE = re.compile(r"[\u4e00-\u9fff，、；：“”（）]{40,}")
_ALPHABET = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府"  # noqa: E501


def _vary_prose(text: str, rng: random.Random) -> str:
    """About one character in eight of every long prose run replaced (labels stay as they are)."""

    def repl(match: re.Match[str]) -> str:
        chars = list(match.group(0))
        for index, ch in enumerate(chars):
            if _CJK.match(ch) and rng.random() < 0.125:
                chars[index] = rng.choice(_ALPHABET)
        return "".join(chars)

    return _PROSE.sub(repl, text)


def _blank_zeros(text: str, rng: random.Random, html: bool) -> str:
    pattern = r">0<" if html else r"(?<=[\t|] )0(?= \|)|(?<=\t)0(?=\s*$)"
    share = rng.choice([0.0, 0.5, 1.0])
    blank = "> <" if html else " "
    flags = 0 if html else re.M
    return re.sub(
        pattern, lambda m: blank if rng.random() < share else m.group(0), text, flags=flags
    )


def _change_number(text: str, rng: random.Random, html: bool) -> str:
    pattern = r"(?<=>)([1-9][0-9]*)(?=<)" if html else r"(?<=\| )([1-9][0-9]*)(?= \|)"
    spots = list(re.finditer(pattern, text))
    if not spots:
        return text
    m = rng.choice(spots)
    return text[: m.start()] + str(int(m.group(0)) + 1) + text[m.end() :]


def _chrome(rng: random.Random, body: str, kilobytes: int) -> str:
    """Site chrome of about ``kilobytes``: related links, a site map, inline scripts."""
    parts: list[str] = []
    size = 0
    n = 0
    while size < kilobytes * 1024:
        n += 1
        year = rng.randint(2008, 2023)
        item = (
            f'<li><a href="/xxgk/{year}/{n:05d}.html" title="{body}关于{year}年度'
            f'工作的通知">{body}关于印发{year}年度重点工作任务分工的通知</a>'
            f'<span class="date">{year}-{rng.randint(1, 12):02d}-'
            f"{rng.randint(1, 28):02d}</span></li>\n"
        )
        if n % 40 == 0:
            item += (
                '<script type="text/javascript">var _hm = _hm || []; (function() { var hm = '
                'document.createElement("script"); hm.src = "/js/stat.js?' + f"{n}" + '"; })();'
                "</script>\n"
            )
        parts.append(item)
        size += len(item.encode("utf-8"))
    return '<div class="xgxx"><h3>相关文件</h3><ul>\n' + "".join(parts) + "</ul></div>\n"


def _frame(fragment: str, rng: random.Random, body: str, year: int) -> str:
    page = (CONVERTED / "r013-page-gbk.html").read_bytes().decode("gbk")
    start = page.index('<div id="zoom"')
    start = page.index(">", start) + 1
    end = page.index('<div class="bdsharebuttonbox">')
    page = page[:start] + "\n" + fragment + "\n  </div>\n" + page[end:]
    page = page.replace("沭阳县发展和改革局", body).replace("2023年", f"{year}年")
    chrome = _chrome(rng, body, rng.choice([0, 20, 80, 150, 260]))
    return page.replace('<div class="footer">', chrome + '<div class="footer">')


def generate(folder: Path, count: int, seed: int = 16) -> dict[str, int]:
    """Write ``count`` files into ``folder``: even indexes HTML, odd ones text."""
    rng = random.Random(seed)
    fragment = (CORPUS / "r013.html").read_text(encoding="utf-8")
    texts = {name: (CORPUS / name).read_text(encoding="utf-8") for name in TEXTS}
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {"html": 0, "text": 0}
    for index in range(count):
        county, bureau = rng.choice(COUNTIES), rng.choice(BUREAUS)
        body = county + bureau
        year = rng.choice([2022, 2023, 2024])
        if index % 2 == 0:
            html = fragment.replace("沭阳县", county).replace("发展和改革局", bureau)
            html = html.replace(">2023<", f">{year}<").replace("2023年", f"{year}年")
            shape = rng.choice(["fragment", "bare", "gbk", "page", "page", "page"])
            if shape == "bare":  # a lighter export: no inline styles (about 36 KB)
                html = re.sub(r'\s(style|class|lang)="[^"]*"', "", html)
            html = _vary_prose(html, rng)
            html = _blank_zeros(html, rng, html=True)
            if rng.random() < 0.3:
                html = _change_number(html, rng, html=True)
            if shape == "page":
                html = _frame(html, rng, body, year)
            encoding = "gbk" if shape in ("gbk", "page") else "utf-8"
            data = html.encode(encoding, "replace")
            name = f"{index:06d}_{shape}.html"
            sizes["html"] += 1
        else:
            source = TEXTS[(index // 2) % len(TEXTS)]
            text = texts[source]
            for old in ("沐阳县", "工人街道", "平潭综合实验区", "上海市人民政府办公厅"):
                text = text.replace(old, body)
            text = _vary_prose(text, rng)
            text = _blank_zeros(text, rng, html=False)
            if rng.random() < 0.3:
                text = _change_number(text, rng, html=False)
            data = text.encode("utf-8")
            name = f"{index:06d}_{Path(source).stem}{Path(source).suffix}"
            sizes["text"] += 1
        (folder / name).write_bytes(data)
    return sizes


def floor(folder: Path) -> tuple[float, float]:
    """Seconds and CPU seconds to parse every HTML file with lxml and decode every text file,
    on one core (the best of three passes of each)."""
    files = sorted(folder.iterdir())
    for path in files:  # into the page cache, as for the checks
        path.read_bytes()
    best = best_cpu = float("inf")
    for _ in range(3):  # the best of three: the machine is shared
        started, started_cpu = time.perf_counter(), time.process_time()
        for path in files:
            data = path.read_bytes()
            if path.suffix == ".html":
                lxml.html.document_fromstring(data)
            else:
                data.decode("utf-8")
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - started_cpu)
    return best, best_cpu


def _environment(src: Path | None) -> dict[str, str]:
    """The checks' environment: as an installed tool runs, with its modules' compiled bytecode
    (a shell that sets PYTHONDONTWRITEBYTECODE would make every run compile them all again,
    about 0.3 s a run on this machine)."""
    env = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def compile_once(src: Path | None) -> None:
    """Import the command line once before the timed runs, so that its bytecode is written."""
    command = [sys.executable, "-c", "import disclosure_lint.cli.main"]
    subprocess.run(command, env=_environment(src), check=True)


def timed_check(
    folder: Path, jobs: int, cache: Path | None, src: Path | None
) -> tuple[float, float, int, int]:
    """(seconds, CPU seconds of the process tree, peak bytes of the process tree, files in the
    JSON) of one ``check``."""
    command = [sys.executable, "-m", "disclosure_lint", "check", str(folder), "--format", "json"]
    command += ["--jobs", str(jobs), "--quiet", "--fail-on", "never"]
    command += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    env = _environment(src)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        with subprocess.Popen(command, stdout=out, stderr=err, env=env) as process:
            memory = PeakMemory(process.pid)
            process.wait()
            peak = memory.stop()
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the run and its workers, reaped
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if process.returncode not in (0, 1):
            err.seek(0)
            raise RuntimeError(err.read().decode()[-2000:])
        out.seek(0)
        files = sum(1 for line in out if line.startswith(b'  {"path"'))
    return elapsed, cpu, peak, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[2], help="e.g. --jobs 2 1")
    parser.add_argument("--no-cold", action="store_true", help="skip the --no-cache runs")
    parser.add_argument("--src", type=Path, default=None, help="check with this checkout's src")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "dl-floor")
    parser.add_argument("--keep", action="store_true", help="keep the generated batches")
    args = parser.parse_args()
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} CPU(s), {_cpu_model()}; python {sys.version.split()[0]}; "
        f"lxml {lxml.etree.__version__}; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    print("| files | run | jobs | seconds | ms/file | × floor | CPU s | peak memory |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    compile_once(args.src)
    for size in args.sizes:
        folder = args.out / f"batch-{size}"
        if folder.exists():
            shutil.rmtree(folder)
        made = generate(folder, size)
        megabytes = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        print(f"<!-- {size} files: {made}, {megabytes:.0f} MB -->")
        base, base_cpu = floor(folder)
        print(
            f"| {size} | floor (lxml parse + decode) | 1 | {base:.2f} | "
            f"{1000 * base / size:.2f} | 1.0 | {base_cpu:.2f} | |",
            flush=True,
        )
        runs = [
            (jobs, label, mode)
            for jobs in args.jobs
            for label, mode in (
                ("no cache", None),
                ("filling the cache", "fill"),
                ("warm cache", "warm"),
                ("warm cache, one file changed", "changed"),
            )
            if mode or not args.no_cold
        ]
        for jobs, label, mode in runs:
            cache = args.out / f"cache-{size}-{jobs}"
            if mode == "fill" and cache.exists():
                shutil.rmtree(cache)
            changed = folder / sorted(p.name for p in folder.iterdir())[1]  # a text report
            original = changed.read_bytes()
            if mode == "changed":
                changed.write_bytes(original + "\n（一个文件改动后重新检查）\n".encode())
            try:
                elapsed, cpu, peak, files = timed_check(
                    folder, jobs, cache if mode else None, args.src
                )
            finally:
                changed.write_bytes(original)
            assert files == size, (files, size)
            print(
                f"| {size} | check, {label} | {jobs} | {elapsed:.2f} | "
                f"{1000 * elapsed / size:.2f} | {elapsed / base:.1f} | {cpu:.1f} | "
                f"{peak / 2**20:.0f} MB |",
                flush=True,
            )
        if not args.keep:
            shutil.rmtree(folder)
            for jobs in args.jobs:
                shutil.rmtree(args.out / f"cache-{size}-{jobs}", ignore_errors=True)
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
