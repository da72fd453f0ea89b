"""The report data format (YAML/JSON): valid data loads, invalid data names key and line."""

from __future__ import annotations

import json

import yaml

from .conftest import SHUYANG_DATA, codes


def shuyang() -> dict:
    return yaml.safe_load(SHUYANG_DATA.read_text(encoding="utf-8"))


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_real_report_data_loads_every_cell(load) -> None:
    report = load(SHUYANG_DATA)
    assert report.format.used == "2021" and report.format.detected == "2021"
    assert {k: len(t.cells) for k, t in report.tables.items()} == {
        "table2": 10,
        "table3": 175,
        "table4": 15,
    }
    cell = report.tables["table3"].cell("new", "natural")
    assert cell.value == 705 and cell.row_labels == ("一、本年新收政府信息公开申请数量",)
    assert cell.location.line is not None
    lines = SHUYANG_DATA.read_text(encoding="utf-8").split("\n")
    assert "705" in lines[cell.location.line - 1]
    assert [s.key for s in report.sections] == [
        "overview",
        "proactive",
        "requests",
        "review_litigation",
        "problems",
        "other",
    ]
    assert report.issues == []


def test_json_data_reads_the_same(load) -> None:
    yaml_report = load(SHUYANG_DATA)
    json_report = load(json.dumps(shuyang(), ensure_ascii=False), "shuyang.json")
    for key, table in yaml_report.tables.items():
        for cell_key, cell in table.cells.items():
            assert json_report.tables[key].cells[cell_key].value == cell.value


def test_unknown_row_key_is_named_with_its_line(load, check) -> None:
    data = shuyang()
    data["tables"]["table3"]["result.witheld.inquiry"] = {"natural": 1}
    text = dump(data)
    report = load(text, "typo.yaml")
    (issue,) = [i for i in report.issues if i.code == "DL906"]
    assert issue.args["key"] == "tables.table3.result.witheld.inquiry"
    line = issue.args["line"]
    assert "result.witheld.inquiry" in text.split("\n")[line - 1]
    finding = next(f for f in check(report) if f.code == "DL906")
    assert "result.witheld.inquiry" in finding.message()


def test_unknown_column_and_table(load) -> None:
    data = shuyang()
    data["tables"]["table3"]["new"]["org.company"] = 3
    data["tables"]["table5"] = {"x": {"y": 1}}
    report = load(dump(data), "bad.yaml")
    keys = sorted(i.args["key"] for i in report.issues if i.code == "DL906")
    assert keys == ["tables.table3.new.org.company", "tables.table5"]


def test_wrong_value_type_is_a_schema_error(load) -> None:
    data = shuyang()
    data["tables"]["table4"]["cases"]["review.total"] = [61]
    report = load(dump(data), "type.yaml")
    (issue,) = [i for i in report.issues if i.code == "DL906"]
    assert issue.args["key"] == "tables.table4.cases.review.total"


def test_missing_rows_and_tables(load, check) -> None:
    data = shuyang()
    del data["tables"]["table3"]["carry_forward"]
    del data["tables"]["table4"]
    findings = check(load(dump(data), "partial.yaml"))
    assert "DL021" in codes(findings) and "DL020" in codes(findings)
    # R1 needs carry_forward: not computed, and not reported as a failure
    assert not [f for f in findings if f.code == "DL101" and f.outcome.value == "fail"]


def test_placeholders_and_blanks_in_data(load, check) -> None:
    data = shuyang()
    data["tables"]["table3"]["new"]["org.research"] = "/"
    data["tables"]["table3"]["new"]["org.nonprofit"] = None
    findings = check(load(dump(data), "blank.yaml"))
    (blank,) = [f for f in findings if f.code == "DL204"]
    assert not [f for f in findings if f.outcome.value == "not-assessable"]
    # R1 and R4 cannot be computed; nor can the text's "法人或其他组织申请 8 件" (DL321), which is
    # compared with the 法人或其他组织 columns of 一、本年新收 — never with "/" read as 0 (the
    # columns print their zeros). They are recorded on the blank-cell finding.
    assert set(blank.data["blocks"]) == {"DL101", "DL103", "DL321"}


def test_declared_format_must_exist(load) -> None:
    data = shuyang()
    data["format"] = "2030"
    report = load(dump(data), "fmt.yaml")
    assert [i.args["key"] for i in report.issues] == ["format"]


def test_declared_2019_format_for_2025_is_outdated(load, check) -> None:
    report = load(
        (SHUYANG_DATA.parent / "shuyang-county-2025.yaml")
        .read_text(encoding="utf-8")
        .replace("year: 2025", "year: 2025\nformat: '2019'"),
        "old.yaml",
    )
    assert "DL012" in codes(check(report))


def test_broken_yaml_names_the_line(load, check) -> None:
    report_or_error = None
    from disclosure_lint.core.errors import LoadError

    try:
        report_or_error = load("schema: disclosure-lint/report-data/1\ntables: {a: [\n", "x.yaml")
    except LoadError as exc:
        report_or_error = exc
    assert isinstance(report_or_error, LoadError)
    assert report_or_error.code == "DL906"
    assert report_or_error.args_dict["line"] == 3


def test_other_yaml_is_not_claimed(env) -> None:
    from disclosure_lint.core.inputs import InputSource, LoadContext

    source = InputSource.from_bytes(b"pack: x\nrules: []\n", "pack.yaml")
    assert env.load_report(source, LoadContext(env.formats)) is None
