"""The PDF loader on real reports and on broken, scanned and encrypted files.

The real reports are compared cell by cell with hand-typed expected values
(``tests/corpus/expected/*.json``, read off the rendered pages, not produced by the parser).
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from disclosure_lint.core.errors import LoadError
from disclosure_lint.core.inputs import InputSource
from disclosure_lint.core.model import Report
from disclosure_lint.core.runner import Runner
from disclosure_lint.core.values import ValueReason
from disclosure_lint.loaders.pdf import extract as pdf_extract
from disclosure_lint.testing.pdf import PdfLayout, render_pdf

from ..conftest import CORPUS, codes

REAL = ["d01_hongze_2023", "d02_hongze_2024", "d03_huaian_2024"]
EXPECTED = CORPUS / "expected"
#: issues that say a cell was not read (never a silent miss)
NOT_READ = {"DL020", "DL021", "DL022", "DL025", "DL927", "DL928"}


def _expected(name: str) -> list[dict]:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))["cells"]


def _value(cell_value):
    return str(cell_value) if isinstance(cell_value, Decimal) else cell_value


def compare(report: Report, expected: list[dict]) -> tuple[int, list[str], list[str]]:
    """(cells right, misses reported as not assessable, wrong readings)."""
    right = 0
    misses: list[str] = []
    wrong: list[str] = []
    for item in expected:
        table = report.tables[item["table"]]
        cell = table.cells[(item["row"], item["column"])]
        where = f"{item['table']} {item['row']} × {item['column']}"
        if item["value_reason"] == "missing":
            if cell.reason is ValueReason.MISSING and cell.value is None:
                right += 1
            else:
                wrong.append(f"{where}: expected missing, read {cell.raw!r}")
            continue
        if cell.reason is ValueReason.NUMBER:
            if (cell.raw or "").strip() == item["raw"] and _value(cell.value) == item["value"]:
                right += 1
            else:
                wrong.append(f"{where}: expected {item['raw']}, read {cell.raw!r}")
        elif cell.reason is ValueReason.MISSING:
            misses.append(where)
        else:
            wrong.append(f"{where}: expected {item['raw']}, read {cell.reason.value} {cell.raw!r}")
    return right, misses, wrong


@pytest.mark.parametrize("name", REAL)
def test_real_report_cells(load, name: str) -> None:
    report = load(CORPUS / f"{name}.pdf")
    assert report.loader == "pdf"
    assert report.format.used == "2021"
    expected = _expected(name)
    right, misses, wrong = compare(report, expected)
    assert not wrong, wrong
    assert right / len(expected) >= 0.99, (right, len(expected), misses)
    if misses:  # every miss is announced as not read
        assert NOT_READ & set(i.code for i in report.issues)


def test_real_reports_all_cells_right(load) -> None:
    """The goal is 100 %: record it so a regression below 100 % is seen."""
    for name in REAL:
        right, misses, wrong = compare(load(CORPUS / f"{name}.pdf"), _expected(name))
        assert (misses, wrong) == ([], []), name
        assert right == len(_expected(name))


def test_metadata_and_sections(load) -> None:
    report = load(CORPUS / "d01_hongze_2023.pdf")
    assert report.metadata.title == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert report.metadata.body == "洪泽区人民政府"
    assert report.metadata.year == 2023
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    overview = report.section("overview")
    assert overview is not None and overview.location is not None
    assert overview.location.page == 1 and overview.location.bbox is not None
    # prose paragraphs are joined across lines and pages; table text stays out of sections
    assert "始终将政务公开工作摆在重要位置" in overview.text
    assert "信息内容" not in report.section("proactive").text  # type: ignore[union-attr]
    problems = report.section("problems")
    assert problems is not None and "实行政府信息公开工作人员跟班学习制度" in problems.text


def test_cells_carry_page_and_bbox(load) -> None:
    report = load(CORPUS / "d03_huaian_2024.pdf")
    total = report.tables["table4"].cells[("cases", "review.total")]
    assert total.value == 351
    assert total.location is not None and total.location.page == 5
    x0, top, x1, bottom = total.location.bbox  # type: ignore[misc]
    assert 150 < x0 < x1 < 230 and 650 < top < bottom < 700
    # 表三 goes on on page 5 without its header: the continued rows keep their columns
    carry = report.tables["table3"].cells[("carry_forward", "total")]
    assert (carry.value, carry.location.page) == (103, 5)  # type: ignore[union-attr]
    first = report.tables["table3"].cells[("new", "natural")]
    assert (first.value, first.location.page) == (3001, 4)  # type: ignore[union-attr]


def test_real_defect_is_reported(load, check) -> None:
    """d01: 表四 totals are 0 although 维持 10 + 纠正 1 — DL104 must fire (a true finding)."""
    report = load(CORPUS / "d01_hongze_2023.pdf")
    findings = check(report)
    totals = [f for f in findings if f.code == "DL104"]
    assert {f.location.column for f in totals} == {
        "review.total",
        "litigation.after_review.total",
    }
    # the misspelt row label is read by position and reported as such
    variant = [f for f in findings if f.code == "DL926"]
    assert len(variant) == 1 and "2.其他法律行政止公开" in variant[0].message("zh")
    assert report.tables["table3"].cells[("result.withheld.prohibited", "natural")].value == 0


@pytest.mark.parametrize("name", REAL[:2])
def test_2019_single_row_in_a_2021_report_is_named(load, check, name: str) -> None:
    """洪泽 2023 and 2024 print 表三 （六）其他处理 as the one row of the 2019 format: one finding
    names that layout where the row is printed, instead of three missing-row findings."""
    findings = check(load(CORPUS / f"{name}.pdf"))
    assert not [f for f in findings if f.code == "DL021"]
    [finding] = [f for f in findings if f.code == "DL025"]
    assert finding.severity.value == "error"
    assert finding.location.row == "result.other_handling"
    assert finding.location.row_labels == ("三、本年度办理结果", "（六）其他处理")
    assert finding.location.source.page == 4 and finding.location.source.bbox is not None
    message = finding.message("zh")
    assert "0、0、0、0、0、0、0" in message and "国办公开办函〔2019〕60号" in message
    assert "3.其他" in message
    # the numbers are not split over the sub-rows: those cells stay missing
    cells = load(CORPUS / f"{name}.pdf").tables["table3"].cells
    assert cells[("result.other_handling.other", "natural")].reason is ValueReason.MISSING


def test_clean_report_has_no_table_findings(load, check) -> None:
    found = codes(check(load(CORPUS / "d03_huaian_2024.pdf")))
    assert not {c for c in found if c.startswith(("DL02", "DL1", "DL92"))}, found


# ---------------------------------------------------------------------------------------------
# files that cannot be read


def _run(env, engine, data: bytes, name: str = "report.pdf"):
    runner = Runner(env, engine)
    return runner.check_source(InputSource.from_bytes(data, name), _context(env))


def _context(env):
    from disclosure_lint.core.inputs import LoadContext

    return LoadContext(env.formats)


def _scanned_pdf(page_index: int = 2) -> bytes:
    """A real report page rasterised into an image-only PDF (what a scanner produces)."""
    document = pdfium.PdfDocument(str(CORPUS / "d01_hongze_2023.pdf"))
    image = document[page_index].render(scale=1.0).to_pil()
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PDF", resolution=72.0)
    return buffer.getvalue()


def test_scanned_pdf_is_a_clear_finding(env, engine, load) -> None:
    data = _scanned_pdf()
    with pytest.raises(LoadError) as caught:
        load(data, "scan.pdf")
    assert caught.value.code == "DL920"
    result = _run(env, engine, data, "scan.pdf")
    assert codes(result.findings) == ["DL920"]
    message = result.findings[0]
    assert "OCR" in message.message("zh") and "可复制文字" in message.message("zh")
    assert "OCR" in message.message("en")


def test_image_pages_among_text_pages_are_reported(load) -> None:
    writer = PdfWriter()
    for page in PdfReader(CORPUS / "d01_hongze_2023.pdf").pages:
        writer.add_page(page)
    writer.add_page(PdfReader(io.BytesIO(_scanned_pdf(3))).pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    report = load(buffer.getvalue(), "mixed.pdf")
    issue = next(i for i in report.issues if i.code == "DL924")
    assert str(issue.args["pages"]) == "6"
    assert report.tables["table4"].cells[("cases", "review.upheld")].value == 10


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(CORPUS / "d02_hongze_2024.pdf"))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_password_protected_pdf_is_a_clear_finding(env, engine) -> None:
    result = _run(env, engine, _encrypted("open-sesame"), "locked.pdf")
    assert codes(result.findings) == ["DL921"]
    assert "加密" in result.findings[0].message("zh")


def test_pdf_with_only_an_owner_password_is_read(load) -> None:
    report = load(_encrypted(""), "restricted.pdf")
    assert report.tables["table4"].cells[("cases", "litigation.after_review.total")].value == 3


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "DL905"),
        (b"<html><body>not a pdf</body></html>", "DL922"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "DL922"),
        ((CORPUS / "d01_hongze_2023.pdf").read_bytes()[:150_000], "DL922"),
    ],
    ids=["empty", "html-named-pdf", "header-only", "truncated-half"],
)
def test_broken_files_are_findings(env, engine, data: bytes, code: str) -> None:
    result = _run(env, engine, data, "broken.pdf")
    assert codes(result.findings) == [code]


def test_damaged_end_is_reported_when_the_rest_is_readable(load, fmt2021) -> None:
    data = render_pdf(fmt2021, {})
    cut = data[: data.rindex(b"%%EOF")]  # the end marker lost, the document still opens
    report = load(cut, "cut.pdf")
    assert "DL925" in [i.code for i in report.issues]


def test_too_many_pages(env, engine, monkeypatch) -> None:
    monkeypatch.setattr(pdf_extract, "MAX_PAGES", 3)
    result = _run(env, engine, (CORPUS / "d01_hongze_2023.pdf").read_bytes())
    assert codes(result.findings) == ["DL923"]
    assert "5" in result.findings[0].message("zh")


@pytest.fixture(scope="module")
def fmt2021(env):
    return env.formats.get("2021")


# ---------------------------------------------------------------------------------------------
# layouts that must not be misread (generated PDFs: real files, drawn with reportlab)


def _cells(report: Report, table: str) -> dict[tuple[str, str], tuple[str | None, str]]:
    return {k: (c.raw, c.reason.value) for k, c in report.tables[table].cells.items()}


def _values(fmt, raw: str = "7") -> dict:
    return {(t.key, r.key, c.key): raw for t in fmt.tables for _, r, c in t.cell_keys()}


def test_digits_drawn_apart_are_one_number(load, fmt2021) -> None:
    fmt = fmt2021
    values = _values(fmt, "1234")
    data = render_pdf(fmt, values, layout=PdfLayout(char_space=2.5))
    report = load(data, "spaced.pdf")
    assert all(raw == "1234" for raw, _ in _cells(report, "table3").values())
    assert all(raw == "1234" for raw, _ in _cells(report, "table4").values())


def test_pdfium_lost_single_characters_are_recovered(load, fmt2021) -> None:
    """Vertical headers in STSong-Light: one-character strings PDFium cannot decode."""
    fmt = fmt2021
    data = render_pdf(fmt, _values(fmt), layout=PdfLayout(vertical_headers=True))
    text = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "维" not in text  # the PDFium limitation this guards against is real
    report = load(data, "vertical.pdf")
    assert report.tables["table4"].present
    assert {v for v, _ in _cells(report, "table4").values()} == {"7"}


def _overlay(base: bytes, page_index: int, x: float, top: float, text: str) -> bytes:
    """``base`` with ``text`` drawn on one page at (x, top) in top-down coordinates."""
    overlay = io.BytesIO()
    c = canvas.Canvas(overlay, pagesize=(595, 842))
    c.setFont("Helvetica", 10)
    c.drawString(x, 842 - top, text)
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
    writer.pages[page_index].merge_page(PdfReader(io.BytesIO(overlay.getvalue())).pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _cell_position(data: bytes, table: str, key: tuple[str, str]) -> tuple[int, float, float]:
    from disclosure_lint.core.plugins import build_environment
    from disclosure_lint.loaders.pdf import load_pdf

    env = build_environment(autoload=False)
    report = load_pdf(InputSource.from_bytes(data, "x.pdf"), _context(env))
    location = report.tables[table].cells[key].location
    assert location is not None and location.bbox is not None and location.page is not None
    _, _, x1, bottom = location.bbox
    return location.page - 1, x1, bottom - 2


def test_two_values_in_one_cell_are_not_assessable(load, check, fmt2021) -> None:
    values = _values(fmt2021, "3")
    for group in ("review", "litigation.direct", "litigation.after_review"):
        values[("table4", "cases", f"{group}.total")] = "12"  # 3 + 3 + 3 + 3: balanced
    base = render_pdf(fmt2021, values)
    page_index, x, y = _cell_position(base, "table4", ("cases", "review.upheld"))
    # a second number in 表四 行政复议 结果维持, well apart from the first
    report = load(_overlay(base, page_index, x + 4, y, "5"), "two.pdf")
    cell = report.tables["table4"].cells[("cases", "review.upheld")]
    assert cell.reason is ValueReason.MISSING and cell.value is None
    assert any(i.code == "DL927" for i in report.issues)
    # the neighbours are untouched, and no arithmetic finding accuses the report ("35" would)
    assert report.tables["table4"].cells[("cases", "review.corrected")].value == 3
    assert "DL104" not in codes(check(report))
    assert "DL104" not in codes(check(load(base, "balanced.pdf")))


def test_a_space_between_digits_is_not_assessable(load, fmt2021) -> None:
    """ "3 5" in a cell: two numbers or 35? Not guessed."""
    base = render_pdf(fmt2021, _values(fmt2021, "3"))
    page_index, x, y = _cell_position(base, "table4", ("cases", "review.pending"))
    report = load(_overlay(base, page_index, x + 2.8, y, "5"), "space.pdf")
    cell = report.tables["table4"].cells[("cases", "review.pending")]
    assert (cell.raw, cell.reason) == ("35", ValueReason.MISSING)


def test_numbers_between_rows_are_not_given_to_either(load, fmt2021) -> None:
    base = render_pdf(fmt2021, _values(fmt2021, "4"))
    page_index, x, y = _cell_position(base, "table3", ("result.granted", "natural"))
    # a number half a row lower than 予以公开: between two row labels
    report = load(_overlay(base, page_index, x - 14, y + 9, "9"), "between.pdf")
    table = report.tables["table3"]
    readings = {table.cells[(row, "natural")].raw for row in ("result.granted", "result.partial")}
    assert "9" not in "".join(r or "" for r in readings)
    unclear = [i for i in report.issues if i.code == "DL927"]
    assert unclear and all(i.args["column"] == "自然人" for i in unclear)


def test_header_not_found_means_not_assessable(load, fmt2021) -> None:
    """A 表四 whose headers are not the official ones: nothing is read by position alone."""
    values = _values(fmt2021, "2")
    altered = _fmt_without_table4_headers(fmt2021)
    report = load(render_pdf(altered, values, year=2023), "noheader.pdf")
    cells = report.tables["table4"].cells.values()
    assert all(c.reason is ValueReason.MISSING for c in cells)
    assert any(i.code == "DL928" for i in report.issues)


def _fmt_without_table4_headers(fmt):
    """The 2021 format with 表四's outcome labels renamed (as a locally altered table)."""
    import dataclasses

    from disclosure_lint.core.formats import Block, Node

    def rename(node: Node) -> Node:
        label = {"结果维持": "维持", "结果纠正": "纠正"}.get(node.label or "", node.label)
        return dataclasses.replace(
            node, label=label, children=tuple(rename(c) for c in node.children)
        )

    t4 = fmt.table("table4")
    block = t4.blocks[0]
    columns = tuple(rename(c) for c in block.columns)
    leaf_columns = tuple(leaf for node in columns for leaf in node.leaves())
    new_block = Block(
        block.key, block.caption, block.header, columns, block.rows, leaf_columns, block.leaf_rows
    )
    tables = tuple(
        dataclasses.replace(t, blocks=(new_block,)) if t.key == "table4" else t for t in fmt.tables
    )
    return dataclasses.replace(fmt, tables=tables)


def test_loader_is_registered_for_pdf(env) -> None:
    assert ".pdf" in env.extensions


def test_every_pdf_code_is_an_input_rule(env) -> None:
    rules = {r.code: r for r in env.rules}
    for code in ("DL920", "DL921", "DL922", "DL923", "DL924", "DL925", "DL926", "DL927", "DL928"):
        assert rules[code].kind == "input", code


def test_corpus_expected_files_are_complete(env) -> None:
    fmt = env.formats.get("2021")
    keys = {(t.key, r.key, c.key) for t in fmt.tables for _, r, c in t.cell_keys()}
    for name in REAL:
        listed = {(c["table"], c["row"], c["column"]) for c in _expected(name)}
        assert listed == keys, name


def test_expected_files_are_not_parser_dumps() -> None:
    """The expected files record how they were made, and d01's real defect is in them."""
    data = json.loads((EXPECTED / "d01_hongze_2023.json").read_text(encoding="utf-8"))
    assert "by hand" in data["how_made"]
    t4 = {c["column"]: c["value"] for c in data["cells"] if c["table"] == "table4"}
    assert (t4["review.upheld"], t4["review.corrected"], t4["review.total"]) == (10, 1, 0)


def test_path_input(env, engine) -> None:
    runner = Runner(env, engine)
    result = runner.check_source(
        InputSource.from_path(Path(CORPUS / "d02_hongze_2024.pdf")), _context(env)
    )
    assert result.report is not None and result.report.loader == "pdf"


def test_fake_bold_overprint_is_read_once(load, fmt2021) -> None:
    """Text printed twice, shifted a fraction of a point ("fake bold"), is one text."""
    values = _values(fmt2021, "1100")
    base = render_pdf(fmt2021, values)
    page_index, x, y = _cell_position(base, "table4", ("cases", "review.total"))
    # print the same number again 0.4 pt to the right, over the first one
    report = load(_overlay(base, page_index, x - 22.24 + 0.4, y, "1100"), "bold.pdf")
    cell = report.tables["table4"].cells[("cases", "review.total")]
    assert (cell.raw, cell.value) == ("1100", 1100)


def test_corrupted_bytes_never_crash_or_print(env, engine, capfd) -> None:
    """Random byte damage: every file gives a result (a report or a finding), quietly."""
    import random

    base = (CORPUS / "d01_hongze_2023.pdf").read_bytes()
    rnd = random.Random(20261128)
    runner = Runner(env, engine)
    for _ in range(10):
        data = bytearray(base)
        for _ in range(rnd.randint(1, 50)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        result = runner.check_source(
            InputSource.from_bytes(bytes(data), "damaged.pdf"), _context(env)
        )
        assert "DL999" not in codes(result.findings)
    captured = capfd.readouterr()
    assert captured.err == ""


def test_parse_output_of_a_pdf_follows_the_schema(load) -> None:
    from jsonschema import Draft202012Validator

    from disclosure_lint.core.codec import report_to_parse_output
    from disclosure_lint.core.schemas import load_schema, registry

    data = report_to_parse_output(load(CORPUS / "d03_huaian_2024.pdf"))
    validator = Draft202012Validator(load_schema("parse-output"), registry=registry())
    assert not list(validator.iter_errors(json.loads(json.dumps(data, default=str))))
    cell = next(c for t in data["tables"] for c in t["cells"] if c["value"] == 3119)
    assert cell["location"]["page"] == 4 and len(cell["location"]["bbox"]) == 4
