"""The terminal output: a window on long source lines, packs only with --verbose, --statistics,
--summary-only, and accepted findings counted rather than listed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from disclosure_lint.core.findings import Finding, Severity
from disclosure_lint.core.model import Location, SourceLocation
from disclosure_lint.reporters.excerpt import window

from .clitools import ROOT, TABLE_RULES_ONLY, run
from .conftest import CORPUS, SEED

R006 = CORPUS / "r006.txt"  # 平潭 2020, crawler text: the whole report on line 10


def lines_of(out: str, code: str) -> list[str]:
    """The source lines printed under each finding of ``code``."""
    lines = out.split("\n")
    found = []
    for index, line in enumerate(lines):
        if f" {code} " in line:
            following = [x for x in lines[index + 1 : index + 5] if "│" in x]
            found.append(following[0] if following else "")
    return found


def test_a_long_line_is_shown_around_what_the_finding_names() -> None:
    out = run(
        "check", str(R006), "--no-color", "--select", "DL932", "--select", "DL102"
    ).stdout.decode()
    shown = lines_of(out, "DL932")  # numbers written together that split in several ways
    assert len(shown) == 6 and len(set(shown)) == len(shown)  # each row its own window
    (documents,) = [s for s in shown if "规范性文件7777166" in s]  # the row the finding is about
    assert "│ …" in documents and documents.endswith("…")
    totals = lines_of(out, "DL102")
    assert totals and all("（七）总计20" in s for s in totals)


def test_window_keeps_short_lines_and_cuts_long_ones_on_both_sides() -> None:
    finding = Finding(
        "DL930",
        "text-numbers-run-together",
        Severity.INFO,
        {"zh": "表三“四、结转下年度继续办理”行的数字连写为“3000003”"},
        Location(
            table="table3", row_labels=("四、结转下年度继续办理",), source=SourceLocation("x")
        ),
    )
    assert window("短的一行", finding) == "短的一行"
    line = "甲" * 200 + "四、结转下年度继续办理3000003" + "乙" * 200
    shown = window(line, finding)
    assert (
        shown.startswith("…") and shown.endswith("…") and "四、结转下年度继续办理3000003" in shown
    )
    assert window("丙" * 300, finding) == "丙" * 60 + "…"  # nothing named is on the line


def test_packs_only_with_verbose_and_as_selected() -> None:
    seed = str(SEED.relative_to(ROOT))
    quiet = run("check", seed, "--no-color").stdout.decode()
    assert "national-" not in quiet and "/rules/packs/" not in quiet
    verbose = run("check", seed, "--no-color", "-v", "--select", "DL1").stdout.decode()
    assert "national-arithmetic (4) (内置)" in verbose
    assert "national-cells" not in verbose  # not selected, so not listed
    assert str(ROOT) not in verbose  # no absolute paths


def test_statistics_count_findings_per_rule(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED, copy)
    args = ("check", str(SEED), str(copy), "--no-color", *TABLE_RULES_ONLY, "--statistics")
    out = run(*args).stdout.decode()
    (count,) = re.findall(r"(\d+)  DL205  irregular-number", out)  # the statistics row
    assert count == "2"
    assert "按规则" in out


def test_summary_only_prints_one_line_per_file(tmp_path: Path) -> None:
    out = run("check", str(SEED), str(R006), "--no-color", "--summary-only").stdout.decode()
    assert "DL205" not in out and "│" not in out
    (seed,) = [line for line in out.split("\n") if line.startswith(str(SEED))]
    assert "错误 1" in seed and "警告" in seed
    assert "问题" in out and "结果" in out


def test_accepted_findings_are_counted_not_listed(tmp_path: Path) -> None:
    report = tmp_path / "gongren.txt"
    shutil.copy(SEED, report)
    (tmp_path / "gongren.txt.suppressions.yaml").write_text(
        "schema: disclosure-lint/suppressions/1\nsuppressions:\n"
        "  - {code: DL205, table: table3, reason: 原件如此，已核实为 0}\n",
        encoding="utf-8",
    )
    out = run("check", str(report), "--no-color", *TABLE_RULES_ONLY).stdout.decode()
    assert "DL205" not in out and "已接受 1" in out
    assert "1 个已被抑制或基线接受（--show-accepted 列出）" in out
    shown = run("check", str(report), "--no-color", *TABLE_RULES_ONLY, "--show-accepted")
    text = shown.stdout.decode()
    assert "DL205" in text and "原件如此" in text


def test_show_not_assessable_lists_what_a_cell_blocks(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[109] = "\t/"  # 表三 一、本年新收 × 自然人, in a column that prints its zeros
    report = tmp_path / "slash.txt"
    report.write_text("\n".join(lines), encoding="utf-8")
    folded = run("check", str(report), "--no-color", *TABLE_RULES_ONLY).stdout.decode()
    assert "DL101" not in folded.replace("因此无法核对：DL101", "")  # named on DL204 only
    assert "DL204" in folded and "因此无法核对：DL101" in folded
    shown = run("check", str(report), "--no-color", *TABLE_RULES_ONLY, "--show-not-assessable")
    text = shown.stdout.decode()
    assert " DL101 table3-column-balance (无法核对)" in text
    assert " DL103 table3-applicant-total (无法核对)" in text
