"""The review's outputs: dismissed findings as a suppressions file that validates against the
published schema and that ``disclosure-lint check`` honours, and confirmed findings per body as
XLSX and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from disclosure_lint.core.schemas import validator_for

from .clitools import run
from .servekit import client_for, file_of, make_batch_folder, review_batch

FORMULA = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture(scope="module")
def reviewed(env, tmp_path_factory):
    """The batch with three findings dismissed and three confirmed, and its client."""
    folder = make_batch_folder(tmp_path_factory.mktemp("exports") / "batch")
    batch = review_batch(env, folder)
    db = folder.parent / "review.sqlite3"
    with client_for(batch, db) as client:
        data = client.get("/api/results").json()

        def pick(name: str, code: str, **where: str) -> dict:
            return next(
                f
                for f in file_of(data, name)["findings"]
                if f["code"] == code and all(f["location"].get(k) == v for k, v in where.items())
            )

        dismissed = [
            pick("yinzhou-gongren-2019.txt", "DL205"),  # a table cell
            pick("r013.html", "DL350"),  # a section
            pick("d01_hongze_2023.pdf", "DL104", column="review.total"),  # a 表四 cell
        ]
        confirmed = [
            pick("yinzhou-gongren-2019.txt", "DL301"),
            pick("planted/script-2019.txt", "DL301"),
            pick("d01_hongze_2023.pdf", "DL352"),
        ]
        for item in dismissed:
            answer = client.post(
                f"/api/findings/{item['id']}/review",
                json={"status": "dismissed", "reason": "经核实原件如此", "reviewer": "王审核"},
            )
            assert answer.status_code == 200
        for item in confirmed:
            answer = client.post(
                f"/api/findings/{item['id']}/review",
                json={"status": "confirmed", "reason": "请报送单位更正", "reviewer": FORMULA},
            )
            assert answer.status_code == 200
        yield folder, client, dismissed, confirmed


def test_suppressions_export_is_valid_and_check_accepts_it(reviewed) -> None:
    folder, client, _, _ = reviewed
    response = client.get("/export/suppressions.yaml")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    document = yaml.safe_load(response.text)
    assert list(validator_for("suppressions").iter_errors(document)) == []
    entries = document["suppressions"]
    assert sorted(e["code"] for e in entries) == ["DL104", "DL205", "DL350"]
    by_code = {e["code"]: e for e in entries}
    assert by_code["DL205"] == {
        "code": "DL205",
        "files": "yinzhou-gongren-2019.txt",
        "table": "table3",
        "row": "result.withheld.prohibited",
        "column": "natural",
        "reason": "经核实原件如此",
        "approved-by": "王审核",
    }
    assert by_code["DL350"]["section"] == "problems" and "table" not in by_code["DL350"]

    (folder / ".disclosure-lint-suppressions.yaml").write_text(response.text, encoding="utf-8")
    done = run("check", ".", "--format", "json", cwd=folder, env={"DISCLOSURE_LINT_NO_CACHE": "1"})
    assert done.returncode in (0, 1), done.stderr.decode()
    output = json.loads(done.stdout)
    accepted = {
        (Path(f["path"]).as_posix().removeprefix("./"), finding["code"])
        for f in output["files"]
        for finding in f["findings"]
        if finding.get("suppressed")
    }
    assert accepted == {
        ("yinzhou-gongren-2019.txt", "DL205"),
        ("r013.html", "DL350"),
        ("d01_hongze_2023.pdf", "DL104"),
    }
    codes = {finding["code"] for f in output["files"] for finding in f["findings"]}
    assert "DL950" not in codes and "DL951" not in codes  # every suppression was used
    # the same finding in another report (the planted copy) is not covered
    planted = next(f for f in output["files"] if f["path"].endswith("script-2019.txt"))
    assert not next(x for x in planted["findings"] if x["code"] == "DL205").get("suppressed")


def test_confirmed_findings_per_body_as_xlsx(reviewed) -> None:
    _, client, _, confirmed = reviewed
    response = client.get("/export/confirmed.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    summary = workbook["汇总"]
    bodies = {row[0]: (row[1], row[2]) for row in summary.iter_rows(min_row=2, values_only=True)}
    assert set(bodies) == {
        "洪泽区人民政府",
        "银州区工人街道",
        "银州区工人街道<script>top.__dlPwned=1</script>",
    }
    assert all(count == 1 for count, _ in bodies.values())
    sheet = workbook[bodies["洪泽区人民政府"][1]]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["代码"] == "DL352" and row["审核意见"] == "请报送单位更正"
    assert row["编号"] == confirmed[2]["id"] and row["文件"] == "d01_hongze_2023.pdf"
    reviewer = sheet.cell(row=2, column=header.index("审核人") + 1)
    assert reviewer.value == FORMULA and reviewer.data_type == "s"  # text, never a formula
    # a body name with characters a sheet name cannot hold gets a cleaned name
    odd = bodies["银州区工人街道<script>top.__dlPwned=1</script>"][1]
    assert "/" not in odd and len(odd) <= 31


def test_confirmed_findings_as_csv(reviewed) -> None:
    _, client, _, _ = reviewed
    text = client.get("/export/confirmed.csv").text
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert sorted(r["代码"] for r in rows) == ["DL301", "DL301", "DL352"]
    assert all(r["审核人"] == "'" + FORMULA for r in rows)  # neutralised for spreadsheets
    one = client.get("/export/confirmed.csv", params={"body": "银州区工人街道"})
    assert (
        "银州区工人街道" in one.headers["content-disposition"]
        or "filename*" in one.headers["content-disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(one.text[1:])))
    assert [(r["机关"], r["文件"], r["代码"]) for r in rows] == [
        ("银州区工人街道", "yinzhou-gongren-2019.txt", "DL301")
    ]
