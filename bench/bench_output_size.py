"""Size of the check JSON per report, and findings per report, on a batch varied from real reports.

The batch is made from the real reports of ``tests/corpus`` the way real batches vary: other
bodies' names and other years; zeros left blank (whole 科研机构/社会公益组织 columns and the zero
总计 cells, every zero, or some zeros); a number changed (a true arithmetic failure); a cell
written "/" or as text. The PDFs are included as they are. The whole batch is checked once with
every rule (batch rules included) and each file's entry of the JSON document is measured.

    python bench/bench_output_size.py --count 240
    python bench/bench_output_size.py --count 240 --src /path/to/other/checkout/src

``--src`` checks with another checkout's code (same Python environment), to compare versions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"

COUNTIES = [
    "泗阳县",
    "泗洪县",
    "宿豫区",
    "宿城区",
    "灌南县",
    "灌云县",
    "东海县",
    "赣榆区",
    "涟水县",
]
BUREAUS = [
    "教育局",
    "民政局",
    "财政局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "卫生健康委员会",
]
STREETS = ["新华街道", "胜利街道", "向阳街道", "团结街道", "光明街道", "建设街道"]


def _blank_markdown(text: str, mode: str, rng: random.Random) -> str:
    """r004's 表三 (markdown rows of 8 cells) with zeros left blank."""
    out = []
    in_table3 = False
    for line in text.split("\n"):
        if line.startswith("| 类别 | 数据1"):
            in_table3 = True
        if line.startswith("## 四、"):
            in_table3 = False
        cells = line.split("|")
        if in_table3 and len(cells) == 10 and not re.match(r"\| (类别|项目) \||\|---", line):
            for index in range(2, 9):
                zero = cells[index].strip() == "0"
                if zero and (
                    mode == "every"
                    or (mode == "columns" and index in (4, 5, 8))
                    or (mode == "some" and rng.random() < 0.5)
                ):
                    cells[index] = " "
            line = "|".join(cells)
        out.append(line)
    return "\n".join(out)


def _blank_seed(text: str, mode: str, rng: random.Random) -> str:
    """The seed's cells (one per line, after a tab) with zeros left blank."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if re.fullmatch(r"\t\s*0\s*", line) and (mode == "every" or rng.random() < 0.5):
            lines[index] = "\t"
    return "\n".join(lines)


def _blank_html(text: str, mode: str, rng: random.Random) -> str:
    def repl(match: re.Match[str]) -> str:
        return "> <" if mode == "every" or rng.random() < 0.5 else match.group(0)

    return re.sub(r">0<", repl, text)


def _change_number(text: str, rng: random.Random) -> str:
    """One table number changed by one (a true arithmetic failure, usually)."""
    spots = [m for m in re.finditer(r"(?<=\| )([1-9][0-9]*)(?= \|)", text)]
    spots += [m for m in re.finditer(r"(?<=\t)([1-9][0-9]*)(?=\s*$)", text, re.M)]
    if not spots:
        return text
    m = rng.choice(spots)
    return text[: m.start()] + str(int(m.group(0)) + 1) + text[m.end() :]


def _bad_cell(text: str, rng: random.Random) -> str:
    spots = [m for m in re.finditer(r"(?<=\| )([0-9]+)(?= \|)", text)]
    if not spots:
        return text
    m = rng.choice(spots)
    return text[: m.start()] + rng.choice(["/", "见说明", "-"]) + text[m.end() :]


def generate(folder: Path, count: int, seed: int = 7) -> int:
    """Write ``count`` varied reports (plus the three PDFs) into ``folder``."""
    rng = random.Random(seed)
    sources = {
        "r004": ((CORPUS / "r004.txt").read_text(encoding="utf-8"), ".txt"),
        "seed": ((CORPUS / "yinzhou-gongren-2019.txt").read_text(encoding="utf-8"), ".txt"),
        "r013": ((CORPUS / "r013.html").read_text(encoding="utf-8"), ".html"),
        "r006": ((CORPUS / "r006.txt").read_text(encoding="utf-8"), ".txt"),
        "r003": ((CORPUS / "r003.md").read_text(encoding="utf-8"), ".md"),
    }
    names = list(sources)
    for index in range(count):
        name = names[index % len(names)]
        text, suffix = sources[name]
        mode = rng.choice(["none", "columns", "every", "some"])
        if name == "r004":
            text = text.replace("沐阳县", rng.choice(COUNTIES))
            text = text.replace("2025", str(rng.choice([2023, 2024, 2025])))
            text = _blank_markdown(text, mode, rng) if mode != "none" else text
        elif name == "seed":
            text = text.replace("工人街道", rng.choice(STREETS))
            text = _blank_seed(text, mode, rng) if mode != "none" else text
        elif name == "r013":
            text = text.replace("沭阳县发展和改革局", "沭阳县" + rng.choice(BUREAUS))
            text = _blank_html(text, mode, rng) if mode != "none" else text
        elif name == "r006":
            text = text.replace("平潭综合实验区2020", f"平潭综合实验区{rng.choice([2019, 2020])}")
        else:
            text = text.replace(
                "上海市人民政府办公厅", rng.choice(["上海市", "上海市人民政府"]) + "办公厅"
            )
        roll = rng.random()
        if roll < 0.3:
            text = _change_number(text, rng)
        elif roll < 0.4:
            text = _bad_cell(text, rng)
        (folder / f"{index:04d}_{name}_{mode}{suffix}").write_text(text, encoding="utf-8")
    for pdf in sorted(CORPUS.glob("*.pdf")):
        shutil.copy(pdf, folder / pdf.name)
    return count + len(list(CORPUS.glob("*.pdf")))


def check(folder: Path, src: Path | None) -> tuple[dict, list[int]]:
    """The JSON document of checking ``folder``, and the bytes of each file's entry as written
    (the document has one line per file; an older version wrote them the same way)."""
    env = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    command = [sys.executable, "-m", "disclosure_lint", "check", str(folder), "--format", "json"]
    done = subprocess.run(
        [*command, "--no-cache", "--fail-on", "never"], capture_output=True, env=env, check=False
    )
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    lines = [line for line in done.stdout.split(b"\n") if line.startswith(b"  {")]
    sizes = [len(line.strip().rstrip(b",")) for line in lines]
    return json.loads(done.stdout), sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=240)
    parser.add_argument("--src", type=Path, default=None, help="check with this checkout's src")
    parser.add_argument("--keep", type=Path, default=None, help="write the batch here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dl-size-"))
    folder.mkdir(parents=True, exist_ok=True)
    files = generate(folder, args.count)
    doc, sizes = check(folder, args.src)
    assert len(sizes) == len(doc["files"])
    counts = [len(f["findings"]) for f in doc["files"]]
    blanks = [
        sum(1 for x in f["findings"] if x["code"] == "DL204" or x["outcome"] == "not-assessable")
        for f in doc["files"]
    ]
    print(f"files: {files} (checked: {len(doc['files'])}), schema {doc['schema']}")
    print(
        f"JSON per report: mean {statistics.mean(sizes) / 1024:.1f} KB, median "
        f"{statistics.median(sizes) / 1024:.1f} KB, max {max(sizes) / 1024:.1f} KB, "
        f"over 20 KB: {sum(1 for s in sizes if s > 20 * 1024)}; whole document "
        f"{sum(sizes) / 1024:.0f} KB"
    )
    print(
        f"findings per report: mean {statistics.mean(counts):.1f}, max {max(counts)}; about "
        f"blanks or not assessable: mean {statistics.mean(blanks):.2f}, max {max(blanks)}"
    )
    if args.keep is None:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
