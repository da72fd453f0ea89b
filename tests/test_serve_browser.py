"""``disclosure-lint serve`` as a supervisor uses it: the real command on a free loopback port,
driven in headless Chromium. Open the overview, open a report and see the highlighted cell in
the sandboxed original, dismiss a finding with a reason, reload and see it kept; stop the server,
start it again on the same database and see the decision still there. A report with script
payloads in its title and text runs none of them.

With ``DISCLOSURE_LINT_SCREENSHOT=PATH`` the report page is also saved there (docs/serve.png is
made this way).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .chromium import chromium_driver
from .clitools import EXE
from .servekit import make_batch_folder

REASON = "“进一步加强”等表述已在整改措施中具体说明，可接受"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(folder: Path, db: Path) -> Iterator[str]:
    """``disclosure-lint serve FOLDER --port P --db DB`` until the block ends."""
    port = free_port()
    environ = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    environ.pop("DISCLOSURE_LINT_LANG", None)
    args = [EXE, "serve", str(folder), "--host", "127.0.0.1", "--port", str(port)]
    args += ["--db", str(db), "--no-progress", "--no-cache"]
    log = db.parent / f"serve-{port}.log"
    with open(log, "wb") as stderr:
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr, env=environ)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/api/results", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start: {log.read_text(errors='replace')}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert "Traceback" not in log.read_text(errors="replace")


def api(base: str) -> dict:
    with urllib.request.urlopen(base + "/api/results", timeout=30) as answer:
        return json.load(answer)


def wait_for(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def ready(driver) -> None:
    wait_for(lambda: driver.execute_script("return document.documentElement.dataset.ready"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_batch_folder(tmp_path_factory.mktemp("serve-browser") / "batch")


def test_review_in_the_browser_survives_reload_and_restart(folder, tmp_path) -> None:
    db = tmp_path / "review.sqlite3"
    with chromium_driver(tmp_path / "profile") as driver, server(folder, db) as base:
        data = api(base)
        names = sorted(f["file"] for f in data["files"])
        driver.get(base + "/")
        ready(driver)
        assert driver.title == "政府信息公开工作年度报告审核"
        links = driver.find_elements("css selector", "#reports a.file")
        assert sorted(a.text for a in links) == names
        # filters: one rule, then one body
        from selenium.webdriver.support.ui import Select

        Select(driver.find_element("id", "filter-rule")).select_by_value("DL205")
        shown = [
            r.get_attribute("data-path")
            for r in driver.find_elements("css selector", "#reports tr.report")
            if r.is_displayed()
        ]
        assert sorted(shown) == ["planted/script-2019.txt", "yinzhou-gongren-2019.txt"]
        Select(driver.find_element("id", "filter-rule")).select_by_value("")

        # a report: the cell of its first finding highlighted in the sandboxed original
        next(a for a in links if a.text == "r013.html").click()
        ready(driver)
        frame = driver.find_element("id", "html-source")
        assert frame.get_attribute("sandbox") == ""
        driver.switch_to.frame(frame)
        target = wait_for(lambda: driver.find_elements("id", "dl-target"))[0]
        assert "dl-hl" in target.get_attribute("class") and target.tag_name == "td"
        row = target.find_element("xpath", "..")
        assert "一、本年新收政府信息公开申请数量" in row.text
        # scrolled to the cell: the browser scrolls to the fragment once the frame is laid out,
        # which can come after the element exists, so wait for it
        wait_for(lambda: driver.execute_script("return window.scrollY") > 0)
        driver.switch_to.default_content()

        # pick a finding about a paragraph, dismiss it with a reason
        item = driver.find_element("css selector", "li.finding[data-code='DL403']")
        finding_id = item.get_attribute("data-id")
        item.find_element("css selector", "a.locate").click()
        ready(driver)
        item = driver.find_element("id", f"finding-{finding_id}")
        assert "selected" in item.get_attribute("class").split()
        driver.switch_to.frame(driver.find_element("id", "html-source"))
        paragraph = wait_for(lambda: driver.find_elements("id", "dl-target"))[0]
        assert "整改措施" in paragraph.text
        driver.switch_to.default_content()
        form = item.find_element("css selector", "form.review")
        form.find_element("name", "reviewer").send_keys("王审核")
        form.find_element("css selector", "button[data-status='dismissed']").click()
        message = form.find_element("css selector", ".form-message")
        assert wait_for(lambda: message.text) == "排除时必须填写理由"  # no reason: refused
        assert item.get_attribute("data-review") == "open"
        form.find_element("name", "reason").send_keys(REASON)
        form.find_element("css selector", "button[data-status='dismissed']").click()
        wait_for(lambda: message.text == "已保存")
        assert item.get_attribute("data-review") == "dismissed"
        if os.environ.get("DISCLOSURE_LINT_SCREENSHOT"):
            driver.save_screenshot(os.environ["DISCLOSURE_LINT_SCREENSHOT"])

        driver.refresh()
        ready(driver)
        item = driver.find_element("id", f"finding-{finding_id}")
        assert item.get_attribute("data-review") == "dismissed"
        assert item.find_element("css selector", ".review-reason").text == REASON
        assert "王审核" in item.find_element("css selector", ".review-by").text

        # the overview counts it and filters by it
        driver.get(base + "/")
        ready(driver)
        Select(driver.find_element("id", "filter-review")).select_by_value("dismissed")
        shown = [
            r.get_attribute("data-path")
            for r in driver.find_elements("css selector", "#reports tr.report")
            if r.is_displayed()
        ]
        assert shown == ["r013.html"]
        page_url = f"{base}/reports/{file_key(data, 'r013.html')}?f={finding_id}"

    # stopped; started again on the same database
    with chromium_driver(tmp_path / "profile2") as driver, server(folder, db) as base:
        driver.get(page_url.replace(page_url.split("/reports/")[0], base))
        ready(driver)
        item = driver.find_element("id", f"finding-{finding_id}")
        assert item.get_attribute("data-review") == "dismissed"
        assert item.find_element("css selector", ".review-reason").text == REASON


def file_key(data: dict, name: str) -> str:
    return next(f["key"] for f in data["files"] if f["file"] == name)


def test_planted_scripts_never_run(folder, tmp_path) -> None:
    with chromium_driver(tmp_path / "profile") as driver, server(folder, tmp_path / "db") as base:
        data = api(base)
        pages = ["/"] + [
            f"/reports/{file_key(data, name)}"
            for name in ("planted/script-2019.txt", "planted/script-r013.html")
        ]
        for page in pages:
            driver.get(base + page)
            ready(driver)
            assert driver.execute_script("return typeof window.__dlPwned") == "undefined"
            assert driver.execute_script("return document.scripts.length") == 1
            assert driver.execute_script("return document.querySelectorAll('img').length") == 0
            frames = driver.find_elements("id", "html-source")
            if frames:
                driver.switch_to.frame(frames[0])
                wait_for(lambda: driver.execute_script("return document.readyState") == "complete")
                assert driver.execute_script("return document.scripts.length") == 0
                assert (
                    "<script>top.__dlPwned=1</script>" in driver.find_element("tag name", "h1").text
                )
                driver.switch_to.default_content()
        assert "<script>top.__dlPwned=1</script>" in driver.find_element("tag name", "h1").text
        driver.get(base + f"/reports/{file_key(data, 'planted/script-2019.txt')}")
        body = driver.find_element("tag name", "body").text
        assert "<script>top.__dlPwned=1</script>" in body
        assert '<img src=x onerror="top.__dlPwned=2">' in body
        pdf = f"/reports/{file_key(data, 'd01_hongze_2023.pdf')}"
        driver.get(base + pdf)
        ready(driver)
        box = driver.find_element("css selector", "svg.pdf-page rect.box.target")
        assert float(box.get_attribute("width")) > 0
        loaded = driver.execute_script(
            "var img = new Image(); img.src = document.querySelector('svg.pdf-page image')"
            ".getAttribute('href'); return img.decode().then(function () {"
            " return [img.naturalWidth, img.naturalHeight]; });"
        )
        assert loaded == [893, 1263]
