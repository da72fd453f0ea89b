"""The HTML report's layout, checked in headless Chromium: the tables as the official format draws
them, badges on one line, the sortable table of reports, rule links; with screenshots.

The batch: the founding report (银州区工人街道 2019, 2019 format), the 沭阳县 2025 data file (2021
format), 淮安市洪泽区's 2023 PDF (its 表四 holds 10 1 … 5), a pre-2019 report (r012) and a missing
file. Screenshots of the parts checked are written to the test's temporary folder, or to
``$DISCLOSURE_LINT_SCREENSHOTS`` when set (to look at them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .chromium import chromium_driver
from .conftest import CORPUS, SEED, SHUYANG_DATA

EXE = shutil.which("disclosure-lint") or "disclosure-lint"
ROOT = Path(__file__).resolve().parent.parent
HONGZE = CORPUS / "d01_hongze_2023.pdf"
R012 = CORPUS / "r012.txt"


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def run_html(folder: Path, *extra: str) -> tuple[Path, list[str]]:
    out = folder / "report.html"
    inputs = [rel(SEED), rel(SHUYANG_DATA), rel(HONGZE), rel(R012), str(folder / "missing.txt")]
    args = [EXE, "check", *inputs, "--no-cache", "--output", f"html={out}", "--format", "json"]
    env = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run([*args, *extra], capture_output=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 1, done.stderr.decode()
    return out, inputs


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    wanted = os.environ.get("DISCLOSURE_LINT_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, list[str]]:
    return run_html(tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="module")
def page(report, tmp_path_factory):
    with chromium_driver(tmp_path_factory.mktemp("chromium-profile")) as driver:
        driver.set_window_size(1400, 1000)
        driver.get(report[0].as_uri())
        rendered = "return document.documentElement.getAttribute('data-rendered')"
        assert driver.execute_script(rendered)
        yield driver


#: the number of line boxes an element's text occupies (1: it does not wrap)
LINES = """
var range = document.createRange();
range.selectNodeContents(arguments[0]);
var tops = [];
Array.from(range.getClientRects()).forEach(function (r) {
  if (r.width > 0 && tops.every(function (t) { return Math.abs(t - r.top) > 2; })) tops.push(r.top);
});
return tops.length;
"""


def lines(driver, element) -> int:
    return driver.execute_script(LINES, element)


def screenshot(driver, element, path: Path) -> tuple[int, int]:
    """Save a screenshot of ``element`` (scrolled clear of the sticky filters); its pixel size."""
    from PIL import Image

    driver.execute_script("arguments[0].scrollIntoView(); window.scrollBy(0, -120);", element)
    element.screenshot(str(path))
    with Image.open(path) as image:
        assert image.format == "PNG"
        return image.size


def report_details(driver, path: str):
    details = driver.find_element("css selector", f"details.report[data-path='{path}']")
    driver.execute_script("arguments[0].open = true", details)
    return details


def test_table4_is_drawn_as_the_official_table(page, shots: Path) -> None:
    details = report_details(page, rel(HONGZE))
    table = details.find_element("css selector", "table.report-table[data-table='table4']")
    rows = table.find_elements("css selector", "tr.col-head")
    assert len(rows) == 3  # 行政复议/行政诉讼, then 未经复议直接起诉/复议后起诉, then the outcomes

    def spans(row) -> list[tuple[str, str | None, str | None]]:
        return [
            (th.text, th.get_attribute("colspan"), th.get_attribute("rowspan"))
            for th in row.find_elements("css selector", "th")
        ]

    assert spans(rows[0]) == [("行政复议", "5", None), ("行政诉讼", "10", None)]
    second = spans(rows[1])
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    assert second[:5] == [(label, None, "2") for label in outcomes]
    assert second[5:] == [("未经复议直接起诉", "5", None), ("复议后起诉", "5", None)]
    # its one row has no label: no label column, no internal key shown anywhere
    assert table.find_elements("css selector", "th[scope=row]") == []
    assert "cases" not in table.text
    values = [td.text for td in table.find_elements("css selector", "td.cell")]
    assert values[:5] == ["10", "1", "0", "0", "0"] and values[10] == "5"
    # every header is horizontal text on one line (no header squeezed into a vertical column)
    for th in table.find_elements("css selector", "th"):
        assert lines(page, th) == 1, th.text
    width, height = screenshot(page, table, shots / "table4.png")
    assert width > 3 * height  # a wide, low table: fifteen columns side by side


def test_table3_row_groups_span_their_rows(page, shots: Path) -> None:
    details = report_details(page, rel(SHUYANG_DATA))
    table = details.find_element("css selector", "table.report-table[data-table='table3']")
    groups = {
        th.text: th.get_attribute("rowspan")
        for th in table.find_elements("css selector", "th.row-group")
    }
    # 2021 format: 三、本年度办理结果 holds 1 + 1 + 8 + 3 + 5 + 3 + 1 outcome rows
    assert groups["三、本年度办理结果"] == "22"
    assert groups["（三）不予公开"] == "8" and groups["（六）其他处理"] == "3"
    over = table.find_element("css selector", "tr.col-head th.col-group")
    assert over.text == "申请人情况" and over.get_attribute("colspan") == "7"
    corner = table.find_element("css selector", "th.corner")
    assert "勾稽关系" in corner.text and corner.get_attribute("colspan") == "3"
    for th in table.find_elements("css selector", "th.col-leaf"):
        assert lines(page, th) == 1, th.text
    screenshot(page, table, shots / "table3.png")


def test_table2_blocks_carry_their_captions(page) -> None:
    details = report_details(page, rel(SEED))
    table = details.find_element("css selector", "table.report-table[data-table='table2']")
    captions = [th.text for th in table.find_elements("css selector", "tr.block-caption th")]
    assert captions[0] == "第二十条第（一）项" and len(captions) == 5  # 2019 format: 一 五 六 八 九
    corners = {th.text for th in table.find_elements("css selector", "th.corner")}
    assert corners == {"信息内容"}


def test_severity_badges_stay_on_one_line(page, shots: Path) -> None:
    details = report_details(page, rel(HONGZE))
    findings = details.find_element("css selector", "table.findings")
    badges = findings.find_elements("css selector", "span.sev")
    assert badges and {b.text for b in badges} >= {"错误", "警告"}
    for badge in badges:
        assert lines(page, badge) == 1, badge.text
    header = findings.find_element("css selector", "thead")
    for th in header.find_elements("css selector", "th"):
        assert lines(page, th) == 1, th.text
    width, height = screenshot(page, badges[0], shots / "badge.png")
    assert width > height  # 错误 side by side, not one character above the other
    screenshot(page, findings, shots / "findings.png")


def test_reports_table_sorts_and_opens_a_report(page, report, shots: Path) -> None:
    inputs = report[1]

    def order() -> list[str]:
        rows = page.find_elements("css selector", "#reports-table tbody tr")
        return [r.get_attribute("data-path") for r in rows]

    def sort_by(key: str) -> None:
        page.find_element("css selector", f"#reports-table button[data-sort='{key}']").click()

    headers = [th.text for th in page.find_elements("css selector", "#reports-table th")]
    assert headers == ["文件", "机关", "年度", "格式", "结论", "错误", "警告"]
    assert order() == inputs
    screenshot(page, page.find_element("id", "reports"), shots / "reports.png")
    data = json.loads(page.execute_script("return document.getElementById('dl-data').textContent"))
    errors = {r["path"]: r["counts"]["error"] for r in data["reports"]}
    years = {r["path"]: r["year"] for r in data["reports"]}
    sort_by("error")
    assert [errors[p] for p in order()] == sorted(errors.values())
    th = page.find_element("css selector", "#reports-table button[data-sort='error']")
    assert th.find_element("xpath", "..").get_attribute("aria-sort") == "ascending"
    sort_by("error")
    assert [errors[p] for p in order()] == sorted(errors.values(), reverse=True)
    sort_by("year")
    known = [years[p] for p in order() if years[p] is not None]
    assert known == sorted(known) and years[order()[-1]] is None  # unknown years go last
    sort_by("path")
    assert order() == sorted(inputs)
    # a file name opens its report
    link = page.find_element(
        "css selector", f"#reports-table tr[data-path='{rel(R012)}'] a.report-link"
    )
    details = page.find_element("css selector", f"details.report[data-path='{rel(R012)}']")
    page.execute_script("arguments[0].open = false", details)
    link.click()
    assert details.get_attribute("open") is not None


def test_rule_links_point_into_the_page(page) -> None:
    details = report_details(page, rel(SEED))
    link = details.find_element("css selector", "tr.finding[data-code='DL205'] a")
    assert link.get_attribute("href").endswith("#rule-dl205")
    entry = page.find_element("id", "rule-dl205")
    assert "irregular-number" in entry.text and "示例" in entry.text
    assert "disclosure-lint.example" not in page.page_source


def test_rules_doc_url_is_used_when_given(tmp_path: Path) -> None:
    out, _ = run_html(tmp_path, "--rules-doc-url", "https://docs.example.org/rules.html")
    data = out.read_text(encoding="utf-8")
    assert "https://docs.example.org/rules.html#dl205" in data
    with chromium_driver(tmp_path / "profile") as driver:
        driver.get(out.as_uri())
        link = driver.find_element("css selector", "tr.finding[data-code='DL205'] a")
        assert link.get_attribute("href") == "https://docs.example.org/rules.html#dl205"


def test_the_page_is_chinese(page, env) -> None:
    from .language import english_words

    for details in page.find_elements("css selector", "details.report"):
        page.execute_script("arguments[0].open = true", details)
    # everything shown, but the source lines (report text as it is)
    text = page.execute_script(
        "var app = document.getElementById('app').cloneNode(true);"
        "app.querySelectorAll('pre.source-line').forEach(function (p) { p.remove(); });"
        "document.body.appendChild(app); var t = app.innerText; app.remove(); return t;"
    )
    names = {r.name for r in env.rules} | set(env.formats.ids())
    assert "错误" in text and english_words(text, names) == []
