"""``disclosure-lint serve``'s app through Starlette's TestClient: the pages name every file,
``/api/results`` gives every finding an id, decisions are validated and kept in SQLite, bad
requests get a 4xx with a message, and nothing from a report is served as markup."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pytest

from disclosure_lint.serve import DecisionStore
from disclosure_lint.serve.ids import ID_PATTERN

from .conftest import SEED
from .servekit import (
    IMG,
    SCRIPT,
    client_for,
    file_of,
    make_batch_folder,
    review_batch,
)

FILES = (
    "d01_hongze_2023.pdf",
    "planted/script-2019.txt",
    "planted/script-r013.html",
    "r013.docx",
    "r013.html",
    "yinzhou-gongren-2019.txt",
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_batch_folder(tmp_path_factory.mktemp("serve") / "batch")


@pytest.fixture(scope="module")
def batch(env, folder):
    return review_batch(env, folder)


@pytest.fixture
def client(batch, tmp_path):
    with client_for(batch, tmp_path / "review.sqlite3") as client:
        yield client


def results(client) -> dict:
    response = client.get("/api/results")
    assert response.status_code == 200
    return response.json()


def finding(results: dict, name: str, code: str) -> dict:
    return next(f for f in file_of(results, name)["findings"] if f["code"] == code)


def test_overview_names_every_file(client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for name in FILES:
        assert f">{name}</a>" in page.text, name
    assert "政府信息公开工作年度报告审核" in page.text  # Chinese by default
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp


def test_results_list_every_file_with_finding_ids(client) -> None:
    data = results(client)
    assert sorted(f["file"] for f in data["files"]) == sorted(FILES)
    ids = [f["id"] for file in data["files"] for f in file["findings"]]
    assert ids and len(ids) == len(set(ids))
    assert all(re.fullmatch(ID_PATTERN, i) for i in ids)
    seed = file_of(data, "yinzhou-gongren-2019.txt")
    dl205 = finding(data, "yinzhou-gongren-2019.txt", "DL205")
    assert dl205["review"] == {"status": "open", "reason": None, "reviewer": None}
    assert dl205["location"]["source"]["line"] == 161
    assert seed["body"] == "银州区工人街道" and seed["year"] == 2019 and seed["verdict"] == "failed"
    pdf = file_of(data, "d01_hongze_2023.pdf")
    assert {f["code"] for f in pdf["findings"]} >= {"DL104", "DL352"}


def test_a_decision_is_recorded_validated_and_kept(client, batch, tmp_path) -> None:
    item = finding(results(client), "yinzhou-gongren-2019.txt", "DL205")
    url = f"/api/findings/{item['id']}/review"
    answer = client.post(
        url,
        json={"status": "dismissed", "reason": "原件如此，已电话核实为 0", "reviewer": "王审核"},
    )
    assert answer.status_code == 200
    assert answer.json()["review"]["status"] == "dismissed"
    again = finding(results(client), "yinzhou-gongren-2019.txt", "DL205")["review"]
    assert again["status"] == "dismissed" and again["reason"] == "原件如此，已电话核实为 0"
    assert again["reviewer"] == "王审核" and again["decided"]
    # the database alone holds it: a new store, and a new app on a new check of the batch
    assert DecisionStore(tmp_path / "review.sqlite3").get(item["id"]).status == "dismissed"
    with client_for(batch, tmp_path / "review.sqlite3") as fresh:
        kept = finding(results(fresh), "yinzhou-gongren-2019.txt", "DL205")["review"]
        assert kept["status"] == "dismissed"
    # confirming replaces it, withdrawing reopens it; the history keeps each step
    client.post(url, json={"status": "confirmed", "reason": "", "reviewer": "李"})
    client.request("DELETE", url, json={"reviewer": "李"})
    detail = client.get(f"/api/findings/{item['id']}").json()
    assert detail["review"]["status"] == "open"
    assert [h["status"] for h in detail["history"]] == ["dismissed", "confirmed", "open"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"status": "dismissed", "reason": "", "reviewer": "王"}, 422, "reason"),
        ({"status": "dismissed", "reason": " x ", "reviewer": "王"}, 422, "reason"),
        ({"status": "dismissed", "reason": "理由充分", "reviewer": " "}, 422, "reviewer"),
        ({"status": "accepted", "reason": "理由充分", "reviewer": "王"}, 422, "status"),
        ({"status": "confirmed", "reason": 5, "reviewer": "王"}, 422, "reason"),
        ({"status": "confirmed", "reason": "x" * 2001, "reviewer": "王"}, 422, "longer"),
        (["confirmed"], 400, "JSON object"),
    ],
)
def test_bad_decisions_get_a_4xx_with_a_message(client, body, status, words) -> None:
    item = finding(results(client), "r013.html", "DL350")
    answer = client.post(f"/api/findings/{item['id']}/review", json=body)
    assert answer.status_code == status
    assert words in answer.json()["error"]
    assert finding(results(client), "r013.html", "DL350")["review"]["status"] == "open"


def test_bad_requests_never_get_a_500(client) -> None:
    data = results(client)
    item = finding(data, "r013.html", "DL350")
    key = file_of(data, "r013.html")["key"]
    url = f"/api/findings/{item['id']}/review"
    cases = [
        (client.post(url, content=b"{not json", headers={"content-type": "application/json"}), 400),
        (
            client.post(
                url, content=b'{"status": "confirmed"}', headers={"content-type": "text/plain"}
            ),
            415,
        ),
        (
            client.post(
                url,
                json={"status": "confirmed", "reviewer": "x"},
                headers={"origin": "http://evil.example"},
            ),
            403,
        ),
        (client.post("/api/findings/dl101-0000000000000000/review", json={}), 404),
        (client.post("/api/findings/..%2F..%2Fetc/review", json={}), 404),
        (client.get(url), 405),
        (client.get("/api/findings/nonsense"), 404),
        (client.get("/reports/nonsense"), 404),
        (client.get(f"/reports/{key}?view=bogus"), 400),
        (client.get(f"/reports/{key}?page=abc"), 400),
        (client.get(f"/reports/{key}?f=dl101-0000000000000000"), 404),
        (client.get(f"/reports/{key}/pages/1.png"), 404),  # not a PDF
        (client.get("/export/confirmed.csv?body=nobody"), 404),
        (client.get("/nowhere"), 404),
    ]
    for response, status in cases:
        assert response.status_code == status, (response.request.url, response.text)
        assert "Traceback" not in response.text
        if response.request.url.path.startswith("/api/"):
            assert response.json()["error"]
        else:
            assert "error-message" in response.text


def test_report_text_is_never_markup(client) -> None:
    data = results(client)
    for name in ("planted/script-2019.txt", "planted/script-r013.html"):
        assert "<script>top.__dlPwned=1</script>" in (file_of(data, name)["title"] or "")
    pages = [client.get("/")] + [
        client.get(f"/reports/{file_of(data, name)['key']}" + suffix)
        for name in ("planted/script-2019.txt", "planted/script-r013.html")
        for suffix in ("", "?view=tables")
    ]
    for page in pages:
        assert page.status_code == 200
        assert "__dlPwned" not in re.sub(
            r"&lt;script&gt;top\.__dlPwned=\d&lt;/script&gt;",
            "",
            page.text.replace(html_escape(IMG), ""),
        ), page.url
        assert page.text.count("<script") == 1  # our own script element only
    text_page = pages[1].text
    assert html_escape(SCRIPT) in text_page and html_escape(IMG) in text_page


def html_escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_html_source_is_served_inert_and_sandboxed(client) -> None:
    data = results(client)
    entry = file_of(data, "planted/script-r013.html")
    item = finding(data, "planted/script-r013.html", "DL403")
    page = client.get(f"/reports/{entry['key']}")
    assert 'sandbox=""' in page.text and "source.html" in page.text
    source = client.get(f"/reports/{entry['key']}/source.html?f={item['id']}")
    assert source.status_code == 200
    csp = source.headers["content-security-policy"]
    assert csp.startswith("sandbox;") and "script-src" not in csp and "default-src 'none'" in csp
    lowered = source.text.lower()
    assert "<script" not in lowered and "onerror" not in lowered
    assert (
        "javascript:" not in lowered
        and "http-equiv" not in lowered
        and "evil.example" not in lowered
    )
    assert "链接" in source.text  # a link keeps its text
    assert "&lt;script&gt;top.__dlpwned=1&lt;/script&gt;" in lowered  # the title, as text
    assert 'id="dl-target"' in source.text and "dl-hl" in source.text


def test_html_cell_is_highlighted_where_the_loader_read_it(client) -> None:
    from lxml import html as lxml_html

    data = results(client)
    entry = file_of(data, "r013.html")
    cell = next(
        f for f in entry["findings"] if f["code"] == "DL103" and f["location"].get("row") == "new"
    )
    source = client.get(f"/reports/{entry['key']}/source.html?f={cell['id']}")
    root = lxml_html.fromstring(source.content)
    (target,) = root.xpath("//*[@id='dl-target']")
    assert target.tag == "td" and "dl-hl" in target.get("class")
    row = target.getparent()
    assert "一、本年新收政府信息公开申请数量" in row.text_content()
    assert target.sourceline is not None


def test_text_source_highlights_the_line(client) -> None:
    data = results(client)
    entry = file_of(data, "yinzhou-gongren-2019.txt")
    item = finding(data, "yinzhou-gongren-2019.txt", "DL205")
    page = parse(client.get(f"/reports/{entry['key']}?f={item['id']}").text)
    (line,) = page.xpath("//tr[contains(@class, 'hl-target')]")
    assert (
        line.get("id") == "L161"
        and line.xpath("td[@class='code']")[0].text_content().strip() == "00"
    )
    tables = parse(client.get(f"/reports/{entry['key']}?f={item['id']}&view=tables").text)
    (cell,) = tables.xpath("//td[contains(@class, 'hl-target')]")
    assert (cell.get("data-table"), cell.get("data-row"), cell.get("data-column")) == (
        "table3",
        "result.withheld.prohibited",
        "natural",
    )
    assert cell.text_content() == "00" and "hl-warning" in cell.get("class")
    assert "DL205" in cell.get("data-codes")


def parse(text: str):
    from lxml import html as lxml_html

    return lxml_html.fromstring(text)


def test_docx_source_shows_paragraph_and_cell(client) -> None:
    data = results(client)
    entry = file_of(data, "r013.docx")
    dl403 = finding(data, "r013.docx", "DL403")
    assert dl403["location"]["source"]["paragraph"] == 65
    page = client.get(f"/reports/{entry['key']}?f={dl403['id']}").text
    match = re.search(
        r'<p class="para hl-target" id="P(\d+)"><span class="ln">¶\d+</span>([^<]*)</p>', page
    )
    assert match and match.group(1) == "65" and match.group(2).startswith("（二）整改措施")
    # a blank cell of 表三 (DL204): the fifth grid column of the 本年新收 row
    blank = next(
        f for f in entry["findings"] if f["code"] == "DL204" and f["location"]["row"] == "new"
    )
    page = client.get(f"/reports/{entry['key']}?f={blank['id']}").text
    row = next(r for r in re.findall(r"<tr>.*?</tr>", page) if "hl-target" in r)
    assert "一、本年新收政府信息公开申请数量" in row


def test_pdf_page_is_rendered_with_the_box(client) -> None:
    from io import BytesIO

    from PIL import Image

    data = results(client)
    entry = file_of(data, "d01_hongze_2023.pdf")
    item = next(f for f in entry["findings"] if f["code"] == "DL104")
    source = item["location"]["source"]
    page = client.get(f"/reports/{entry['key']}?f={item['id']}").text
    assert f'src="/reports/{entry["key"]}/pages/{source["page"]}.png"' not in page  # SVG <image>
    assert f'href="/reports/{entry["key"]}/pages/{source["page"]}.png"' in page
    x0, top, x1, bottom = source["bbox"]
    (box,) = parse(page).xpath("//*[local-name()='rect'][contains(@class, 'target')]")
    assert [box.get(k) for k in ("x", "y", "width", "height")] == [
        f"{x0:.1f}",
        f"{top:.1f}",
        f"{x1 - x0:.1f}",
        f"{bottom - top:.1f}",
    ]
    png = client.get(f"/reports/{entry['key']}/pages/{source['page']}.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    image = Image.open(BytesIO(png.content))
    assert image.size == (math.ceil(595 * 1.5), math.ceil(842 * 1.5))  # A4 at 108 dpi
    low, high = image.convert("L").getextrema()
    assert low < 64 and high > 240  # text on paper, not a blank page
    assert client.get(f"/reports/{entry['key']}/pages/99.png").status_code == 404


def test_ids_survive_a_recheck_after_lines_move(env, tmp_path) -> None:
    folder = tmp_path / "moving"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    before = review_batch(env, folder)
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[10:10] = ["", ""]  # two blank lines inside section 一: everything below moves
    (folder / SEED.name).write_text("\n".join(lines), encoding="utf-8")
    after = review_batch(env, folder)
    old = {i.code: i for i in before.files[0].findings}
    new = {i.code: i for i in after.files[0].findings}
    assert old["DL205"].finding.location.source.line == 161
    assert new["DL205"].finding.location.source.line == 163
    assert {i.id for i in old.values()} == {i.id for i in new.values()}


def test_local_server_refuses_other_host_names(batch, tmp_path) -> None:
    from starlette.testclient import TestClient

    from disclosure_lint.serve import create_app

    app = create_app(batch, DecisionStore(tmp_path / "db.sqlite3"), allowed_hosts=["127.0.0.1"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        assert local.get("/api/results").status_code == 200
        assert local.get("/", headers={"host": "evil.example:8000"}).status_code == 400


def test_english(batch, tmp_path) -> None:
    with client_for(batch, tmp_path / "en.sqlite3", lang="en") as client:
        page = client.get("/").text
        assert "Disclosure annual report review" in page and "审核" not in page
        item = finding(results(client), "yinzhou-gongren-2019.txt", "DL205")
        assert "leading zero" in item["message"]


def test_every_page_of_the_corpus_answers(env, tmp_path) -> None:
    """Every report of tests/corpus and of the r013 conversions (GBK pages, DOC via LibreOffice,
    a LibreOffice PDF), every finding selected in turn, both views, every PDF page: no 5xx."""
    from .conftest import CORPUS, FIXTURES

    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    shutil.copytree(FIXTURES / "converted", folder / "converted")
    batch = review_batch(env, folder)
    assert {f.loader for f in batch.files} >= {"text", "html", "pdf", "docx", "legacy-word"}
    with client_for(batch, tmp_path / "db.sqlite3") as client:
        assert client.get("/").status_code == 200
        for entry in batch.files:
            base = f"/reports/{entry.key}"
            for suffix in ("", "?view=tables"):
                assert client.get(base + suffix).status_code == 200, entry.rel
            for item in entry.findings:
                page = client.get(f"{base}?f={item.id}")
                assert page.status_code == 200, (entry.rel, item.code)
                assert f'class="finding selected" id="finding-{item.id}"' in page.text
                if entry.loader == "html":
                    source = client.get(f"{base}/source.html?f={item.id}")
                    assert source.status_code == 200, (entry.rel, item.code)
            if entry.loader == "pdf":
                pages = len(parse(client.get(base).text).xpath("//nav[@class='pages']"))
                assert pages == 1
                number = 1
                while (png := client.get(f"{base}/pages/{number}.png")).status_code == 200:
                    number += 1
                assert number > 1 and png.status_code == 404, entry.rel
