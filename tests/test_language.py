"""Chinese by default means Chinese everywhere; English with --lang en means English.

The whole of tests/corpus is checked (copied to a temporary folder with a suppression sidecar and
a few broken inputs beside it, so loaders' reasons, the suppressed marker and DL950 are shown
too). In Chinese, the terminal output, the JSON messages, ``rules``, ``explain`` of every rule,
``plugins``, ``config show`` and the progress bar contain no English word beyond codes, names,
paths and the like (tests/language.py says exactly what passes). In English, the same outputs
contain no Chinese except quoted report text, the official labels and terms, and citations.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from disclosure_lint.cli.rules_cmd import explanation
from disclosure_lint.core.config import DEFAULTS
from disclosure_lint.core.formats import Node
from disclosure_lint.core.inputs import InputSource, LoadContext
from disclosure_lint.core.plugins import Environment

from .conftest import CORPUS, FIXTURES
from .language import english_words, stray_chinese

EXE = shutil.which("disclosure-lint") or "disclosure-lint"
SEED_NAME = "yinzhou-gongren-2019.txt"
CELL = "表三 › 三、本年度办理结果 › （三）不予公开 › 2.其他法律行政法规禁止公开 × 自然人"
REASON = "原件如此，已电话核实为 0"
#: the source line the terminal prints under a finding (report text, quoted as it is)
SOURCE_LINE = re.compile(r"^\s+\d+ │")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1", **env}
    environ.pop("DISCLOSURE_LINT_LANG", None)
    return subprocess.run(
        [EXE, *args], capture_output=True, cwd=cwd, env=environ, timeout=600, text=True
    )


@dataclass
class Outputs:
    folder: Path
    json: dict[str, dict]  # lang -> the JSON output of check
    terminal: dict[str, str]  # lang -> the Rich output of check, without source lines


def prepare(folder: Path) -> Path:
    """The corpus, a suppression sidecar for the seed (one entry used, one unused) and inputs
    that cannot be read, each for its own reason."""
    corpus = folder / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / (SEED_NAME + ".suppressions.yaml")).write_text(
        "schema: disclosure-lint/suppressions/1\nsuppressions:\n"
        f"  - code: DL205\n    path: {CELL}\n    reason: {REASON}\n"
        "  - code: DL101\n    table: table3\n    reason: 核对无误\n",
        encoding="utf-8",
    )
    broken = folder / "broken"
    broken.mkdir()
    (broken / "empty.txt").write_bytes(b"")
    (broken / "nul.txt").write_bytes(b"\x00\x01binary\x00" * 64)
    (broken / "not-a-zip.docx").write_bytes(b"this is no Word document" * 8)
    (broken / "not-a-pdf.pdf").write_bytes(b"<html>saved page</html>")
    (broken / "frames.html").write_bytes(
        b'<html><body><iframe src="report-body.html"></iframe></body></html>'
    )
    (broken / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    # the report data of d02 with a misspelt row key (as a user might type it)
    data = yaml.safe_load((FIXTURES / "data" / "hongze-2024.yaml").read_text(encoding="utf-8"))
    data["tables"]["table3"]["result.witheld.inquiry"] = {"natural": 0}
    (broken / "hongze-typo.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Outputs:
    folder = prepare(tmp_path_factory.mktemp("language"))
    found_json: dict[str, dict] = {}
    terminal: dict[str, str] = {}
    for lang in ("zh", "en"):
        rich = folder / f"out-{lang}.txt"
        done = run(
            [
                *("check", "corpus", "broken", "--no-cache", "--lang", lang, "--format", "json"),
                *("--output", f"rich={rich}"),
            ],
            folder,
        )
        assert done.returncode == 1, done.stderr
        found_json[lang] = json.loads(done.stdout)
        lines = rich.read_text(encoding="utf-8").split("\n")
        terminal[lang] = "\n".join(line for line in lines if not SOURCE_LINE.match(line))
    return Outputs(folder, found_json, terminal)


@pytest.fixture(scope="module")
def identifiers(env: Environment) -> set[str]:
    """Names the Chinese output shows as they are: rules, kinds, packs, formats."""
    names = {r.name for r in env.rules} | {r.kind for r in env.rules}
    names |= {p.name for p in env.rules.packs} | set(env.formats.ids())
    return names | set(DEFAULTS)  # configuration keys (deadlines, body-types …)


def messages(doc: dict) -> list[str]:
    texts: list[str] = []
    for file in doc["files"]:
        for finding in file["findings"]:
            texts.append(finding["message"])
            texts.extend(r["message"] for r in finding.get("related", []))
            if "suppressed" in finding:
                texts.append(finding["suppressed"])
    texts.extend(doc["summary"]["plugin_problems"])
    return texts


def _labels(node: Node) -> list[str]:
    out = [node.label or "", *node.variants]
    for child in node.children:
        out.extend(_labels(child))
    return out


def official_labels(env: Environment) -> list[str]:
    """Every label of the formats: tables, captions, headers, notes, rows, columns, sections."""
    labels: list[str] = []
    for fmt in env.formats.formats.values():
        labels += [fmt.name, fmt.document, *fmt.signatures]
        labels += [s.label for s in fmt.sections]
        for table in fmt.tables:
            labels += [table.name, table.title, table.note or ""]
            for block in table.blocks:
                labels += [block.caption or "", block.header or ""]
                for node in (*block.columns, *block.rows):
                    labels += _labels(node)
    labels += [r.citation for r in env.rules if r.citation]
    return labels


def report_texts(env: Environment, folder: Path) -> list[str]:
    """The text of every input that loads: what an English message may quote."""
    texts: list[str] = [REASON]
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        try:
            report = env.load_report(InputSource.from_path(path), LoadContext(env.formats))
        except Exception:  # an input that cannot be read has no text to quote
            continue
        if report is None:
            continue
        texts += [report.preamble, report.metadata.title or "", report.metadata.body or ""]
        texts += [s.heading + "\n" + s.text for s in report.sections]
        texts += ["\n".join(report.lines or [])]
        texts += [c.raw or "" for t in report.tables.values() for c in t.cells.values()]
    return texts


# -- Chinese ------------------------------------------------------------------------------------


def test_check_in_chinese_has_no_english_words(outputs: Outputs, identifiers: set[str]) -> None:
    doc = outputs.json["zh"]
    codes = {f["code"] for file in doc["files"] for f in file["findings"]}
    # the inputs reach the loaders' own reasons, the suppression marker and its leftovers
    assert {"DL903", "DL905", "DL906", "DL911", "DL916", "DL922", "DL950"} <= codes
    wrong = {text: english_words(text, identifiers) for text in messages(doc)}
    assert {t: w for t, w in wrong.items() if w} == {}
    terminal = outputs.terminal["zh"]
    assert "已抑制：" + REASON in terminal and "失败阈值: 错误" in terminal
    wrong_lines = {line: english_words(line, identifiers) for line in terminal.split("\n")}
    assert {line: w for line, w in wrong_lines.items() if w} == {}


def test_explain_prints_its_explanation(tmp_path: Path, env: Environment) -> None:
    # the command prints explanation(); the tests below read that for every rule
    for lang in ("zh", "en"):
        printed = run(["explain", "DL101", "--lang", lang], tmp_path).stdout
        assert printed == explanation(env.rules.get("DL101"), None, lang)


def test_rules_and_explain_in_chinese(tmp_path: Path, env: Environment, identifiers) -> None:
    listing = run(["rules"], tmp_path)
    assert listing.returncode == 0
    lines = {line: english_words(line, identifiers) for line in listing.stdout.split("\n")}
    assert {line: w for line, w in lines.items() if w} == {}
    for rule in env.rules:
        text = explanation(rule, None, "zh")
        assert english_words(text, identifiers) == [], rule.code


def test_plugins_and_config_in_chinese(tmp_path: Path, identifiers: set[str]) -> None:
    hooks = {name for name in dir(__import__("disclosure_lint.core.hookspecs").core.hookspecs)}
    listing = run(["plugins"], tmp_path)
    assert "钩子：" in listing.stdout
    assert english_words(listing.stdout, identifiers | hooks) == []
    config = run(["config", "show"], tmp_path).stdout.split("\n")
    assert config[0] == "配置文件：未找到（使用默认值）"
    # each setting: its key, its value as JSON, then where it came from
    sources = [line.split("#", 1)[1] for line in config[1:] if line]
    assert sources and all(english_words(source) == [] for source in sources), sources


def test_the_progress_bar_speaks_the_language_of_the_run(outputs: Outputs, identifiers) -> None:
    inputs = ["corpus/r004.txt", "corpus/r006.txt", "broken/nul.txt"]
    for lang, label in (("zh", "检查中"), ("en", "checking")):
        # TTY_COMPATIBLE makes Rich draw on a stderr that is not a terminal
        done = run(
            ["check", *inputs, "--progress", "--no-cache", "--lang", lang, "--format", "json"],
            outputs.folder,
            TTY_COMPATIBLE="1",
        )
        bar = ANSI.sub("\n", done.stderr)
        assert label in bar and "3/3" in bar, bar
        if lang == "zh":
            assert english_words(bar, identifiers) == []


# -- English ------------------------------------------------------------------------------------


def test_check_in_english_quotes_chinese_only(outputs: Outputs, env: Environment) -> None:
    quotable = official_labels(env) + report_texts(env, outputs.folder)
    doc = outputs.json["en"]
    stray = {text: stray_chinese(text, quotable) for text in messages(doc)}
    assert {t: s for t, s in stray.items() if s} == {}
    terminal = outputs.terminal["en"]
    assert "suppressed: " + REASON in terminal and "fail-on: error" in terminal
    stray_lines = {line: stray_chinese(line, quotable) for line in terminal.split("\n")}
    assert {line: s for line, s in stray_lines.items() if s} == {}


def test_rules_and_explain_in_english(tmp_path: Path, env: Environment, outputs: Outputs) -> None:
    quotable = official_labels(env) + report_texts(env, outputs.folder)
    listing = run(["rules", "--lang", "en"], tmp_path).stdout
    assert stray_chinese(listing, quotable) == []
    for rule in env.rules:
        assert stray_chinese(explanation(rule, None, "en"), quotable) == [], rule.code


def test_the_checker_of_the_test_finds_wrong_words() -> None:
    # the examples of the issue, as they were printed before
    assert english_words("DL906 … 表三 of format 2021 has no row 'result.witheld.inquiry'") == [
        "of",
        "format",
        "has",
        "no",
        "row",
    ]
    assert english_words("文件扩展名为文本，但内容不是文本（NUL bytes）") == ["bytes"]
    assert english_words("[suppressed: 原件如此 (x.yaml:3)]") == ["suppressed"]
    assert english_words("p4 t2 r1 c5  错误 DL104 table4-group-total tests/corpus/r004.txt") == []
    assert stray_chinese("The file is empty (空文件)", ["表三"]) == ["空文件"]
    assert stray_chinese("表三 row '规章' is written '007'", ["规章"]) == []


def test_citations_name_the_legal_texts_only(env: Environment) -> None:
    """A citation is something a user can look up: no internal references, no notes."""
    internal = re.compile(
        r"domain-spec|§|\[R|unverified|\bS\d+\b|docs/|disclosure-lint|[A-Za-z]{4,}"
    )
    for rule in env.rules:
        if rule.citation:
            assert not internal.search(rule.citation), (rule.code, rule.citation)
        for text in (rule.rationale.zh, rule.rationale.en):
            assert "domain-spec" not in text and "[R]" not in text, rule.code
