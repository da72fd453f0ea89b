"""Every output at once: one batch of real reports is checked once by the installed command with
all reporters, then each output is read back and checked on its own terms (schemas, XML, CSV,
openpyxl, headless Chromium).

The batch: the founding report (银州区工人街道 2019, one warning), the 沭阳县 2025 data file
(clean), a doctored copy of the founding report (made below; it fails and carries script
payloads), a pre-2019 report that cannot be checked (r012) and a missing file.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from jsonschema import validators
from openpyxl import load_workbook

from disclosure_lint.core.engine import Engine, Selection
from disclosure_lint.core.inputs import InputSource
from disclosure_lint.core.plugins import Environment
from disclosure_lint.core.reporting import Reporter, ReporterOptions
from disclosure_lint.core.runner import Runner
from disclosure_lint.core.schemas import validator_for
from disclosure_lint.reporters.csv_report import spreadsheet_safe
from disclosure_lint.reporters.github import escape_data, escape_property
from disclosure_lint.reporters.html_report import json_for_script
from disclosure_lint.reporters.sarif import artifact_uri

from .chromium import chromium_driver, find_chromium
from .conftest import CORPUS, FIXTURES, SEED, SHUYANG_DATA

EXE = shutil.which("disclosure-lint") or "disclosure-lint"
ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = FIXTURES / "schemas" / "sarif-schema-2.1.0.json"
R012 = CORPUS / "r012.txt"

#: what the doctored copy injects (see doctor())
SCRIPT_PAYLOAD = "<script>top.__dlPwned=1</script>"
IMG_PAYLOAD = "<img src=x onerror=\"document.title='PWNED';window.__dlPwned=2\">"
OUTPUTS = ("json", "sarif", "junit", "github", "csv", "xlsx", "html")


def doctor(dest: Path) -> Path:
    """A failing copy of the founding report, made from tests/corpus/yinzhou-gongren-2019.txt:

    - line 2 (title): a ``<script>`` element after the body's name, so title and body carry it;
    - line 26 (表二 规章 × 本年新制作数量): the cell becomes an ``<img onerror>`` element (DL203);
    - line 110 (表三 一、本年新收 × 自然人): 0 becomes 5, so 表三 no longer balances
      (DL101 on the column, DL103 on the row).
    """
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("银州区工人街道") and lines[25].strip() == "0"
    lines[1] = lines[1].replace("银州区工人街道", "银州区工人街道" + SCRIPT_PAYLOAD)
    lines[25] = "\t" + IMG_PAYLOAD
    lines[109] = "\t5"
    dest.write_text("\n".join(lines), encoding="utf-8")
    return dest


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@dataclass
class Batch:
    folder: Path
    inputs: list[str]
    doctored: str
    missing: str
    returncode: int
    stdout: str
    stderr: str

    def out(self, name: str) -> Path:
        return self.folder / f"out.{name}"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Batch:
    folder = tmp_path_factory.mktemp("outputs")
    doctored = doctor(folder / "银州区-doctored-2019.txt")
    missing = folder / "missing.txt"
    inputs = [rel(SEED), rel(SHUYANG_DATA), str(doctored), rel(R012), str(missing)]
    # The batch is about the output formats: the prose, boilerplate and batch rules (which fire on
    # these reports, e.g. the doctored copy is a near-duplicate of the seed) are left out so the
    # expected findings stay those of the table rules.
    args = [
        EXE,
        "check",
        *inputs,
        "--output",
        "rich",
        "--no-color",
        "--ignore",
        "boilerplate",
        "--ignore",
        "batch",
        "--ignore",
        "content",
        # r012's crawled text has no line breaks (an info about the input, not a table rule)
        "--ignore",
        "DL935",
    ]
    for name in OUTPUTS:
        args += ["--output", f"{name}={folder / f'out.{name}'}"]
    env = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(args, capture_output=True, cwd=ROOT, env=env, timeout=300)
    return Batch(
        folder,
        inputs,
        str(doctored),
        str(missing),
        done.returncode,
        done.stdout.decode("utf-8"),
        done.stderr.decode("utf-8"),
    )


def json_doc(batch: Batch) -> dict:
    return json.loads(batch.out("json").read_text(encoding="utf-8"))


# -- the run ------------------------------------------------------------------------------------


def test_one_run_writes_every_output(batch: Batch) -> None:
    assert batch.returncode == 1, batch.stderr  # the doctored copy and the missing file fail
    for name in OUTPUTS:
        assert batch.out(name).stat().st_size > 0, name
    assert "银州区-doctored-2019.txt" in batch.stdout and "DL101" in batch.stdout  # rich on stdout


def test_json_output_is_valid(batch: Batch) -> None:
    data = json_doc(batch)
    errors = list(validator_for("check-output").iter_errors(data))
    assert errors == [], errors[:3]
    assert [f["path"] for f in data["files"]] == batch.inputs
    codes = {f["path"]: [x["code"] for x in f["findings"]] for f in data["files"]}
    assert codes[batch.doctored] == ["DL203", "DL101", "DL103", "DL205"]


# -- SARIF --------------------------------------------------------------------------------------


def sarif_validator():
    """A validator for the vendored schema, of the draft the schema declares (the OASIS file
    declares draft-04, Microsoft's copy 2020-12; either can be dropped in)."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sarif_is_valid_against_the_sarif_schema(batch: Batch) -> None:
    log = json.loads(batch.out("sarif").read_text(encoding="utf-8"))
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert errors == [], [e.message for e in errors[:3]]
    assert log["version"] == "2.1.0"


def test_the_sarif_schema_check_can_fail(batch: Batch) -> None:
    log = json.loads(batch.out("sarif").read_text(encoding="utf-8"))
    log["runs"][0]["results"][0]["level"] = "fatal"  # not a SARIF level
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(sarif_validator().iter_errors(log))) == 2


def test_sarif_rules_results_and_locations(batch: Batch) -> None:
    log = json.loads(batch.out("sarif").read_text(encoding="utf-8"))
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    dl101 = by_id["DL101"]
    assert dl101["name"] == "table3-column-balance"
    # no web page is linked unless --rules-doc-url names one; the help text is in the log
    assert "helpUri" not in dl101 and "informationUri" not in run["tool"]["driver"]
    assert "国办公开办函〔2021〕30号" in dl101["help"]["text"]
    assert dl101["shortDescription"]["text"].startswith("表三每列")
    assert dl101["fullDescription"]["text"] and dl101["defaultConfiguration"]["level"] == "error"
    assert by_id["DL205"]["defaultConfiguration"]["level"] == "warning"

    results = run["results"]
    data = json_doc(batch)
    assert len(results) == sum(len(f["findings"]) for f in data["files"])
    for result in results:  # ruleIndex points at the rule
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]

    doctored_uri = artifact_uri(batch.doctored, ROOT)
    assert doctored_uri.startswith("file:///") and "%E9%93%B6" in doctored_uri  # 银, encoded
    assert unquote(doctored_uri).endswith("银州区-doctored-2019.txt")

    def result_for(code: str, uri: str) -> dict:
        (found,) = [
            r
            for r in results
            if r["ruleId"] == code
            and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
        ]
        return found

    balance = result_for("DL101", doctored_uri)
    assert balance["level"] == "error" and "相差 5" in balance["message"]["text"]
    where = balance["locations"][0]
    assert where["physicalLocation"]["region"]["startLine"] == 110
    logical = where["logicalLocations"]
    assert [x["kind"] for x in logical] == ["column", "table"]
    assert logical[0]["fullyQualifiedName"] == "表三 × 自然人"
    for item in logical:  # each one is also in the run's list, by index
        assert (
            run["logicalLocations"][item["index"]]["fullyQualifiedName"]
            == item["fullyQualifiedName"]
        )

    irregular = result_for("DL205", rel(SEED))
    assert irregular["level"] == "warning"
    kinds = {x["kind"]: x for x in irregular["locations"][0]["logicalLocations"]}
    assert set(kinds) == {"cell", "row", "column", "table"}
    assert kinds["row"]["fullyQualifiedName"] == (
        "表三 › 三、本年度办理结果 › （三）不予公开 › 2.其他法律行政法规禁止公开"
    )
    assert kinds["cell"]["fullyQualifiedName"].endswith("2.其他法律行政法规禁止公开 × 自然人")
    assert irregular["locations"][0]["physicalLocation"]["region"] == {"startLine": 161}
    assert irregular["partialFingerprints"]["disclosureLint/v1"]

    unreadable = result_for("DL901", artifact_uri(batch.missing, ROOT))
    assert "region" not in unreadable["locations"][0]["physicalLocation"]
    pre2019 = result_for("DL011", rel(R012))
    assert pre2019["level"] == "warning"
    assert run["invocations"][0]["exitCode"] == 1
    assert run["invocations"][0]["executionSuccessful"] is True
    statuses = [a["properties"]["status"] for a in run["artifacts"]]
    assert statuses == ["checked", "checked", "checked", "not-checkable", "unreadable"]


def test_sarif_help_uri_base_is_configurable(env: Environment) -> None:
    options = ReporterOptions(rules=env.rules, rules_doc_url="https://docs.example.org/r.html")
    text = run_in_process(env, [SEED], "sarif", options)
    driver = json.loads(text)["runs"][0]["tool"]["driver"]
    rule = driver["rules"][0]
    assert rule["helpUri"] == f"https://docs.example.org/r.html#{rule['id'].lower()}"
    assert driver["informationUri"] == "https://docs.example.org/r.html"


# -- JUnit --------------------------------------------------------------------------------------


def test_junit_is_xml_with_a_case_per_file_and_rule(batch: Batch, env: Environment, load) -> None:
    root = ET.parse(batch.out("junit")).getroot()
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == batch.inputs
    total = sum(int(s.get("tests")) for s in suites.values())
    assert int(root.get("tests")) == total == len(root.findall("./testsuite/testcase"))

    def cases(path: str) -> dict[str, ET.Element]:
        return {c.get("name").split()[0]: c for c in suites[path].findall("testcase")}

    doctored = cases(batch.doctored)
    failure = doctored["DL101"].find("failure")
    assert failure is not None and failure.get("type") == "DL101"
    assert "相差 5" in failure.get("message") and "L110" in failure.text
    assert doctored["DL102"].find("failure") is None  # ran and passed
    assert doctored["DL205"].find("failure") is None  # a warning is below --fail-on error
    assert "00" in doctored["DL205"].find("system-out").text
    assert suites[batch.doctored].get("failures") == "3"  # DL203, DL101, DL103

    seed = suites[rel(SEED)]
    selection = Selection(ignore=["boilerplate", "batch", "content", "DL935"])  # as in the batch
    engine = Engine(env.rules, env.kinds, env.formats, selection)
    applicable = {rule.code for rule in engine.applicable(load(SEED))}
    assert seed.get("failures") == "0" and int(seed.get("tests")) == len(applicable)
    assert set(cases(rel(SEED))) == applicable
    pre2019 = cases(rel(R012))
    assert "DL101" not in pre2019 and "DL011" in pre2019  # arithmetic needs a format: not run
    missing = cases(batch.missing)
    assert list(missing) == ["DL901"] and missing["DL901"].find("failure") is not None
    assert int(root.get("failures")) == 4


@pytest.mark.parametrize(("fail_on", "failures"), [("warning", 1), ("error", 0), ("never", 0)])
def test_junit_failures_follow_fail_on(env: Environment, fail_on: str, failures: int) -> None:
    options = ReporterOptions(rules=env.rules)
    root = ET.fromstring(run_in_process(env, [SEED], "junit", options, fail_on))
    assert root.get("failures") == str(failures)
    case = root.find("./testsuite/testcase[@name='DL205 irregular-number']")
    assert case is not None
    assert (case.find("failure") is not None) == bool(failures)
    assert (case.find("system-out") is not None) == (not failures)


# -- GitHub -------------------------------------------------------------------------------------


def test_github_annotations(batch: Batch) -> None:
    lines = batch.out("github").read_text(encoding="utf-8").splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    data = json_doc(batch)
    assert len(annotations) == sum(len(f["findings"]) for f in data["files"])
    balance = next(a for a in annotations if "DL101" in a)
    head, _, message = balance[2:].partition("::")
    command, _, props = head.partition(" ")
    fields = dict(item.split("=", 1) for item in props.split(","))
    assert command == "error" and fields["line"] == "110"
    assert fields["file"] == batch.doctored.replace(":", "%3A").replace(",", "%2C")
    assert fields["title"] == "DL101 table3-column-balance"
    assert message.startswith("表三 × 自然人: ") and "相差 5" in message
    warning = next(a for a in annotations if "DL205" in a)
    assert warning.startswith("::warning file=tests/corpus/yinzhou-gongren-2019.txt,line=161,")
    assert lines[-1].startswith("disclosure-lint: 5 ")  # the plain summary line


def test_github_escaping_keeps_report_text_inside_one_command() -> None:
    hostile = "a%b\r\n::error file=x::forged,title=y:z"
    assert escape_data(hostile) == "a%25b%0D%0A::error file=x::forged,title=y:z"
    assert escape_property(hostile) == "a%25b%0D%0A%3A%3Aerror file=x%3A%3Aforged%2Ctitle=y%3Az"
    assert "\n" not in escape_data(hostile) and "," not in escape_property(hostile)


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_a_row_per_finding(batch: Batch) -> None:
    raw = batch.out("csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    data = json_doc(batch)
    assert len(rows) == sum(len(f["findings"]) for f in data["files"])
    (balance,) = [r for r in rows if r["代码"] == "DL101"]
    assert balance["文件"] == batch.doctored and balance["严重程度"] == "错误"
    assert balance["机关"] == "银州区工人街道" + SCRIPT_PAYLOAD and balance["年度"] == "2019"
    assert balance["表格"] == "表三" and balance["列"] == "自然人" and balance["行号"] == "110"
    (cell,) = [r for r in rows if r["代码"] == "DL205" and r["文件"] == rel(SEED)]
    assert cell["行"] == "三、本年度办理结果 › （三）不予公开 › 2.其他法律行政法规禁止公开"
    assert cell["位置"].startswith("表三 › ")
    (text,) = [r for r in rows if r["代码"] == "DL203"]
    assert IMG_PAYLOAD in text["说明"]  # kept as text, quoted by the CSV writer
    (gone,) = [r for r in rows if r["代码"] == "DL901"]
    assert gone["行号"] == "" and gone["严重程度"] == "错误"


def test_csv_neutralises_formulas() -> None:
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("表三") == "表三" and spreadsheet_safe(5) == 5


# -- XLSX ---------------------------------------------------------------------------------------


def test_xlsx_summary_and_findings_sheets(batch: Batch) -> None:
    wb = load_workbook(batch.out("xlsx"))
    assert wb.sheetnames == ["汇总", "问题", "规则"]
    summary = wb["汇总"]
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref == "A1:K6"
    header = [c.value for c in summary[1]]
    assert header == [
        "文件",
        "标题",
        "机关",
        "年度",
        "格式",
        "状态",
        "错误",
        "警告",
        "提示",
        "问题数",
        "结果",
    ]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in summary.iter_rows(2, values_only=True)}
    assert list(rows) == batch.inputs
    seed = rows[rel(SEED)]
    assert seed["机关"] == "银州区工人街道" and seed["年度"] == 2019 and seed["格式"] == "2019"
    assert (seed["错误"], seed["警告"], seed["提示"], seed["结果"]) == (0, 1, 0, "通过")
    doctored = rows[batch.doctored]
    assert (doctored["错误"], doctored["警告"], doctored["结果"]) == (3, 1, "未通过")
    assert doctored["机关"] == "银州区工人街道" + SCRIPT_PAYLOAD
    assert rows[rel(R012)]["状态"] == "无法按格式检查" and rows[rel(R012)]["格式"] == "pre2019"
    assert rows[batch.missing]["结果"] == "未通过" and rows[batch.missing]["机关"] is None
    assert summary.column_dimensions["A"].width > 20

    findings = wb["问题"]
    assert findings.freeze_panes == "A2" and findings.auto_filter.ref.startswith("A1:")
    fheader = [c.value for c in findings[1]]
    frows = [dict(zip(fheader, r, strict=True)) for r in findings.iter_rows(2, values_only=True)]
    data = json_doc(batch)
    assert len(frows) == sum(len(f["findings"]) for f in data["files"])
    (balance,) = [r for r in frows if r["代码"] == "DL101"]
    assert (balance["表格"], balance["列"], balance["行号"]) == ("表三", "自然人", 110)
    (text,) = [r for r in frows if r["代码"] == "DL203"]
    assert IMG_PAYLOAD in text["说明"]

    rules = wb["规则"]
    by_code = {r[0]: r for r in rules.iter_rows(2, values_only=True)}
    assert by_code["DL205"][4:] == (2, 2)  # two findings, in two reports


def test_xlsx_writes_text_never_formulas_and_is_reproducible(env: Environment, tmp_path) -> None:
    report = tmp_path / "=cmd()-2019.txt"  # a file name a spreadsheet would run as a formula
    report.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    options = ReporterOptions(rules=env.rules)
    first = run_in_process(env, [report], "xlsx", options)
    again = run_in_process(env, [report], "xlsx", options)
    assert first == again  # byte for byte
    wb = load_workbook(io.BytesIO(first))
    cell = wb["汇总"]["A2"]
    assert cell.value == str(report) and cell.data_type == "s"


def test_output_files_are_checked_before_the_run(batch: Batch) -> None:
    env = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(
        [EXE, "check", rel(SEED), "--format", "xlsx"], capture_output=True, cwd=ROOT, env=env
    )
    assert done.returncode == 2 and b"--output xlsx=FILE" in done.stderr
    target = batch.folder / "same.csv"
    done = subprocess.run(
        [EXE, "check", rel(SEED), "--output", f"csv={target}", "--output", f"json={target}"],
        capture_output=True,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 2 and b"same file" in done.stderr
    done = subprocess.run(
        [EXE, "check", rel(SEED), "--output", f"csv={batch.folder / 'no-such-dir' / 'x.csv'}"],
        capture_output=True,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 2 and "无法将输出 csv 写入" in done.stderr.decode()
    assert "文件不存在" in done.stderr.decode()  # the system's reason, in Chinese too


# -- HTML ---------------------------------------------------------------------------------------


def test_html_is_one_file_without_network_and_without_raw_report_text(batch: Batch) -> None:
    page = batch.out("html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in html.unescape(page)
    start = page.index('<script type="application/json" id="dl-data">')
    markup = page[:start] + page[page.index("</script>", start) :]  # without the data
    lowered = markup.lower()
    for marker in ("<link", " src=", 'http-equiv="refresh"', "@import", "fetch(", "xmlhttprequest"):
        assert marker not in lowered, marker
    style = markup[markup.index("<style>") : markup.index("</style>")]
    assert "url(" not in style
    # the payloads only appear JSON-escaped inside the data block
    assert SCRIPT_PAYLOAD not in page and "<img" not in page
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "\\u003cscript\\u003etop.__dlPwned=1\\u003c/script\\u003e" in page


def test_json_for_script_cannot_close_the_script_element() -> None:
    text = json_for_script({"x": "</script><script>alert(1)</script>&amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"x": "</script><script>alert(1)</script>&amp;"}


def test_missing_chromium_fails_when_required(monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("DISCLOSURE_LINT_REQUIRE_CHROMIUM", "1")
    with pytest.raises(pytest.fail.Exception):
        find_chromium()
    monkeypatch.delenv("DISCLOSURE_LINT_REQUIRE_CHROMIUM")
    with pytest.raises(pytest.skip.Exception):
        find_chromium()


@pytest.fixture(scope="module")
def page(batch: Batch, tmp_path_factory):
    with chromium_driver(tmp_path_factory.mktemp("chromium-profile")) as driver:
        driver.get(batch.out("html").as_uri())
        yield driver


def visible_paths(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('details.report'))"
        ".map(function (d) { return d.getAttribute('data-path'); });"
    )


def choose(driver, select_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", select_id)).select_by_value(value)


def test_html_renders_in_chromium(page, batch: Batch) -> None:
    assert page.execute_script("return document.documentElement.getAttribute('data-rendered')")
    assert page.title == "政府信息公开工作年度报告检查结果"
    assert visible_paths(page) == batch.inputs
    assert page.find_element("id", "verdict").text == "未通过"
    bodies = [
        e.get_attribute("data-body")
        for e in page.find_elements("css selector", "#by-body tbody tr")
    ]
    assert "沭阳县人民政府" in bodies and "银州区工人街道" + SCRIPT_PAYLOAD in bodies
    bars = page.find_elements("css selector", "#rule-chart rect.bar")
    assert {b.get_attribute("data-code") for b in bars} == {
        "DL011",
        "DL101",
        "DL103",
        "DL203",
        "DL205",
        "DL901",
    }
    # the source location and line of a finding are shown
    row = page.find_element(
        "css selector", f"details.report[data-path='{rel(SEED)}'] tr.finding[data-code='DL205']"
    )
    assert row.find_element("css selector", ".where").text == "L161"
    assert "00" in row.find_element("css selector", "pre.source-line").text
    # the three tables of a checked report, cells with their values
    tables = page.find_elements(
        "css selector", f"details.report[data-path='{rel(SEED)}'] table.report-table"
    )
    assert [t.get_attribute("data-table") for t in tables] == ["table2", "table3", "table4"]


def test_html_filters_change_what_is_shown(page, batch: Batch) -> None:
    try:
        choose(page, "filter-rule", "DL101")
        assert visible_paths(page) == [batch.doctored]
        codes = {
            e.get_attribute("data-code") for e in page.find_elements("css selector", "tr.finding")
        }
        assert codes == {"DL101"}
        choose(page, "filter-rule", "")
        choose(page, "filter-severity", "warning")
        assert visible_paths(page) == [rel(SEED), batch.doctored, rel(R012)]
        severities = {
            e.get_attribute("data-severity")
            for e in page.find_elements("css selector", "tr.finding")
        }
        assert severities == {"warning"}
        choose(page, "filter-severity", "")
        choose(page, "filter-body", "沭阳县人民政府")
        assert visible_paths(page) == [rel(SHUYANG_DATA)]
        assert page.find_element("id", "shown-count").text == "显示 1 / 5"
    finally:
        for select_id in ("filter-rule", "filter-severity", "filter-body"):
            choose(page, select_id, "")
    assert visible_paths(page) == batch.inputs


def test_html_highlights_failing_cells(page, batch: Batch) -> None:
    base = f"details.report[data-path='{batch.doctored}'] td.cell"
    cell = page.find_element(
        "css selector", f"{base}[data-table='table3'][data-row='new'][data-column='natural']"
    )
    classes = cell.get_attribute("class").split()
    assert "fail" in classes and "hl-error" in classes and cell.text == "5"
    assert "DL101" in cell.get_attribute("data-codes").split()
    untouched = page.find_element(
        "css selector",
        f"{base}[data-table='table2'][data-row='regulations'][data-column='published']",
    )
    assert "fail" not in untouched.get_attribute("class").split()
    operand = page.find_element(  # an operand of the failing relation, not its result
        "css selector",
        f"{base}[data-table='table3'][data-row='carried_over'][data-column='natural']",
    )
    assert "DL101" in operand.get_attribute("data-codes").split()
    warned = page.find_element(
        "css selector",
        f"details.report[data-path='{rel(SEED)}'] td.cell.fail[data-table='table3']",
    )
    assert "hl-warning" in warned.get_attribute("class") and warned.text == "00"


def test_html_report_text_executes_nothing(page, batch: Batch) -> None:
    assert page.title == "政府信息公开工作年度报告检查结果"  # the payloads would set PWNED
    assert page.execute_script("return typeof window.__dlPwned") == "undefined"
    assert page.execute_script("return document.querySelectorAll('img').length") == 0
    assert page.execute_script("return document.scripts.length") == 2
    report = page.find_element("css selector", f"details.report[data-path='{batch.doctored}']")
    text = report.text
    assert SCRIPT_PAYLOAD in text  # shown as text, in the title
    cell = report.find_element(
        "css selector", "td.cell[data-table='table2'][data-row='regulations'][data-column='made']"
    )
    assert cell.text == IMG_PAYLOAD and "hl-error" in cell.get_attribute("class")
    logs = page.get_log("browser") if hasattr(page, "get_log") else []
    assert not [entry for entry in logs if "Content Security Policy" in entry.get("message", "")]


def test_outputs_in_english(env: Environment) -> None:
    options = ReporterOptions(lang="en", rules=env.rules)
    rows = list(csv.DictReader(io.StringIO(run_in_process(env, [SEED], "csv", options)[1:])))
    assert rows[0]["code"] == "DL205" and rows[0]["severity"] == "warning"
    assert "leading zero" in rows[0]["message"]
    wb = load_workbook(io.BytesIO(run_in_process(env, [SEED], "xlsx", options)))
    assert wb.sheetnames == ["Summary", "Findings", "Rules"]
    assert wb["Summary"]["K2"].value == "passed"
    page = run_in_process(env, [SEED], "html", options)
    assert "<title>Disclosure annual report check</title>" in page
    log = json.loads(run_in_process(env, [SEED], "sarif", options))
    assert log["runs"][0]["language"] == "en-US"
    assert "leading zero" in log["runs"][0]["results"][0]["message"]["text"]


# -- in-process runs ----------------------------------------------------------------------------


def run_in_process(
    env: Environment,
    paths: list[Path],
    name: str,
    options: ReporterOptions,
    fail_on: str = "error",
) -> str | bytes:
    """Run one reporter over ``paths`` without the command line; returns what it wrote."""
    cls: type[Reporter] = env.reporters[name]
    stream: io.StringIO | io.BytesIO = io.BytesIO() if cls.binary else io.StringIO()
    selection = Selection(ignore=["boilerplate", "batch", "content", "DL935"])  # as in the batch
    engine = Engine(env.rules, env.kinds, env.formats, selection, owners=env.kind_owner)
    runner = Runner(env, engine)
    runner.run_batch([InputSource.from_path(p) for p in paths], [cls(stream, options)], fail_on)
    return stream.getvalue()


@pytest.fixture(scope="module")
def seed_outputs(tmp_path_factory) -> Path:
    """The seed with every rule, in JSON, SARIF and HTML: DL340 compares 总体情况 line 8 with the
    statement on line 12 ("2.主动公开政府信息情况：无"), its related location."""
    folder = tmp_path_factory.mktemp("related")
    args = [EXE, "check", rel(SEED), "--no-cache", "--output", "rich", "--no-color"]
    for name in ("json", "sarif", "html", "csv"):
        args += ["--output", f"{name}={folder / f'out.{name}'}"]
    env = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(args, capture_output=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 1, done.stderr.decode()
    assert "↳ 另见 L12 一、总体情况：“2.主动公开政府信息情况：无”" in done.stdout.decode()
    return folder


def test_related_locations_in_json(seed_outputs: Path) -> None:
    data = json.loads((seed_outputs / "out.json").read_text(encoding="utf-8"))
    validator_for("check-output").validate(data)
    [finding] = [f for f in data["files"][0]["findings"] if f["code"] == "DL340"]
    assert finding["location"]["source"]["line"] == 8
    [related] = finding["related"]
    assert related["location"]["source"]["line"] == 12
    assert related["location"]["section"] == "overview"
    assert "主动公开政府信息情况：无" in related["message"]


def test_related_locations_in_sarif(seed_outputs: Path) -> None:
    log = json.loads((seed_outputs / "out.sarif").read_text(encoding="utf-8"))
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert errors == [], [e.message for e in errors[:3]]
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "DL340"]
    [related] = result["relatedLocations"]
    assert related["id"] == 1
    assert related["physicalLocation"]["region"] == {"startLine": 12}
    assert related["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "yinzhou-gongren-2019.txt"
    )
    assert "主动公开政府信息情况：无" in related["message"]["text"]


def test_related_locations_in_html(seed_outputs: Path, tmp_path_factory) -> None:
    with chromium_driver(tmp_path_factory.mktemp("chromium-related")) as driver:
        driver.get((seed_outputs / "out.html").as_uri())
        row = driver.find_element("css selector", "tr.finding[data-code='DL340']")
        assert row.find_element("css selector", ".where").text == "L8"
        [item] = row.find_elements("css selector", "ul.related li")
        assert item.text == "另见 L12 一、总体情况：“2.主动公开政府信息情况：无”"


def test_related_locations_in_csv(seed_outputs: Path) -> None:
    text = (seed_outputs / "out.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    [row] = [r for r in rows if r["代码"] == "DL340"]
    assert row["另见"] == "L12 一、总体情况：“2.主动公开政府信息情况：无”"
    assert all(r["另见"] == "" for r in rows if r is not row)
