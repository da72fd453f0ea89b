"""The DOCX loader on the Word document made from r013.html, on documents built with python-docx
(numbering, text boxes, nested tables, tracked changes), and on damaged or hostile files."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml import parse_xml

from disclosure_lint.core.inputs import InputSource, LoadContext
from disclosure_lint.core.results import FileStatus
from disclosure_lint.core.runner import Runner
from disclosure_lint.core.values import ValueReason
from disclosure_lint.loaders.docx.numbering import chinese_number, format_number
from disclosure_lint.loaders.docx.package import MAX_XML_BYTES

from ..conftest import CORPUS
from .expected import CONVERTED, cell_mismatches, expected_cells
from .render import Layout, docx_table, table_grid

R013_DOCX = CONVERTED / "r013.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def run(env, engine, data: bytes, name: str):
    return Runner(env, engine).check_source(
        InputSource.from_bytes(data, name), LoadContext(env.formats)
    )


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_document(env, format_id: str = "2021", values=None, title: str | None = None):
    """A python-docx document holding a whole report of ``format_id`` (all cells "1")."""
    fmt = env.formats.get(format_id)
    values = values or {(t.key, r.key, c.key): "1" for t in fmt.tables for _, r, c in t.cell_keys()}
    document = docx.Document()
    document.add_paragraph(
        title or f"某某局{2022 if format_id == '2021' else 2020}年政府信息公开工作年度报告"
    )
    tables = {t.section: t for t in fmt.tables}
    for sdef in fmt.sections:
        document.add_paragraph(sdef.label)
        document.add_paragraph("正文。")
        if sdef.key in tables:
            docx_table(document, table_grid(tables[sdef.key], values, Layout()))
    return fmt, values, document


# ---------------------------------------------------------------------------------------------
# r013 as a Word document


def test_every_cell_of_r013_docx_matches_the_expected_file(load) -> None:
    report = load(R013_DOCX)
    assert report.loader == "docx"
    assert cell_mismatches(report, expected_cells("r013")) == []
    assert report.issues == []


def test_r013_docx_locations(load) -> None:
    report = load(R013_DOCX)
    new = report.tables["table3"].cell("new", "natural").location
    assert (new.table_index, new.row_index, new.col_index) == (1, 3, 3)
    assert new.line is None and new.short() == "t1 r3 c3"
    licensing = report.tables["table2"].cell("licensing", "decisions").location
    assert (licensing.table_index, licensing.row_index, licensing.col_index) == (0, 6, 1)
    pending = report.tables["table4"].cell("cases", "review.pending").location
    assert (pending.table_index, pending.row_index, pending.col_index) == (2, 3, 3)
    problems = report.section("problems")
    assert problems.heading == "五、存在的主要问题及整改措施"
    assert problems.location.paragraph == 63 and problems.location.short() == "¶63"


def test_r013_docx_reads_like_the_html(load) -> None:
    html, word = load(CORPUS / "r013.html"), load(R013_DOCX)
    assert [(s.key, s.heading, s.text) for s in word.sections] == [
        (s.key, s.heading, s.text) for s in html.sections
    ]
    assert word.metadata.year == html.metadata.year == 2023


# ---------------------------------------------------------------------------------------------
# Word features


def _add_numbering(
    document,
    abstract_id: int,
    num_id: int,
    levels: list[tuple[str, str]],
    start_override: int | None = None,
) -> None:
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {NSDECL} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    )
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
        if start_override is not None
        else ""
    )
    num = parse_xml(
        f'<w:num {NSDECL} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f"{override}</w:num>"
    )
    first_num = numbering.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def _number(paragraph, num_id: int, ilvl: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {NSDECL}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def test_headings_numbered_by_word_are_recognised(env, load) -> None:
    fmt = env.formats.get("2021")
    document = docx.Document()
    _add_numbering(document, 90, 90, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
    document.add_paragraph("某某局2022年政府信息公开工作年度报告")
    for sdef in fmt.sections:
        heading = document.add_paragraph(sdef.label.split("、", 1)[1])  # "总体情况", no ordinal
        _number(heading, 90, 0)
        if sdef.key == "overview":
            for topic in ("主动公开", "依申请公开"):
                _number(document.add_paragraph(topic), 90, 1)
    report = load(saved(document), "numbered.docx")
    assert [s.heading for s in report.sections] == [s.label for s in fmt.sections]
    assert report.section("overview").text == "（一）主动公开\n（二）依申请公开"


def test_numbering_from_a_paragraph_style(env, load) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    _add_numbering(document, 91, 91, [("chineseCounting", "%1、")])
    style = document.styles.add_style("ReportHeading", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {NSDECL}><w:numId w:val="91"/></w:numPr>')
    )
    child = document.styles.add_style("ReportHeading2", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = style
    document.add_paragraph("某某局2022年政府信息公开工作年度报告")
    for index, sdef in enumerate(env.formats.get("2021").sections):
        document.add_paragraph(
            sdef.label.split("、", 1)[1], style="ReportHeading" if index % 2 else "ReportHeading2"
        )
    report = load(saved(document), "styled.docx")
    assert [s.heading[:2] for s in report.sections] == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
        "六、",
    ]


def test_auto_numbered_row_labels_in_table_cells(env, load) -> None:
    """ "3.其他" under （六）其他处理 only matches with its number; Word may number it itself."""
    _, _, document = report_document(env)
    _add_numbering(document, 92, 92, [("decimal", "%1.")], start_override=1)
    table3 = document.tables[1]
    labels = {
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    }
    done = 0
    for tc in table3._tbl.iter(f"{{{W_NS}}}tc"):
        paragraph = docx.text.paragraph.Paragraph(tc.p_lst[0], None)
        if paragraph.text in labels:  # "3.其他" -> "其他" numbered by Word
            text = paragraph.text.split(".", 1)[1]
            for run in paragraph.runs[1:]:
                run._r.getparent().remove(run._r)
            paragraph.runs[0].text = text
            _number(paragraph, 92)
            done += 1
    assert done == 3
    report = load(saved(document), "numbered-cells.docx")
    assert [i for i in report.issues if i.code.startswith("DL02")] == []
    assert report.tables["table3"].cell("result.other_handling.other", "natural").value == 1


def test_number_formats() -> None:
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 21, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
    ]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(2, "lowerLetter") == "b"
    assert format_number(12, "decimalFullWidth") == "１２"
    assert format_number(3, "ideographTraditional") == "丙"


def _text_box_paragraph(text: str) -> str:
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f'<w:p {NSDECL}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor><wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )


def test_text_in_text_boxes_is_read_once(env, load) -> None:
    _, _, document = report_document(env, title="2022年政府信息公开工作年度报告")
    body = document.element.body
    body.insert(1, parse_xml(_text_box_paragraph("报送单位：某某局办公室")))
    anchor = document.add_paragraph("附：")
    anchor._p.addnext(
        parse_xml(_text_box_paragraph("本报告所列数据的统计期限为2022年1月1日至12月31日。"))
    )
    report = load(saved(document), "textbox.docx")
    other = report.section("other").text
    assert other.count("统计期限为2022年") == 1
    assert report.metadata.body == "某某局办公室"  # from the text box before section 一


def test_report_table_nested_in_a_layout_table(env, load) -> None:
    fmt = env.formats.get("2021")
    values = {
        (t.key, r.key, c.key): str(i)
        for i, (t, (_, r, c)) in enumerate((t, k) for t in fmt.tables for k in t.cell_keys())
    }
    document = docx.Document()
    document.add_paragraph("某某局2022年政府信息公开工作年度报告")
    outer = document.add_table(rows=len(fmt.sections), cols=1)
    tables = {t.section: t for t in fmt.tables}
    for row, sdef in zip(outer.rows, fmt.sections, strict=True):
        cell = row.cells[0]
        cell.text = sdef.label
        if sdef.key in tables:
            docx_table(cell, table_grid(tables[sdef.key], values, Layout(merged_labels=False)))
    report = load(saved(document), "nested.docx")
    assert len(report.sections) == 6
    got = {
        (t.key, c.row, c.column): c.raw for t in report.tables.values() for c in t.cells.values()
    }
    assert got == values
    # nested tables are numbered after their container: the container is table 0
    assert report.tables["table2"].cell("regulations", "issued").location.table_index == 1


def test_tracked_changes_and_hidden_text(env, load) -> None:
    _, _, document = report_document(env)
    table2 = document.tables[0]
    cell = table2.cell(2, 1)  # 规章 × 本年制发件数
    cell._tc.remove(cell.paragraphs[0]._p)
    cell._tc.append(
        parse_xml(
            f"<w:p {NSDECL}><w:del><w:r><w:delText>99</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t>5</w:t></w:r></w:ins>"
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>8</w:t></w:r></w:p>"
        )
    )
    report = load(saved(document), "changes.docx")
    regulations = report.tables["table2"].cell("regulations", "issued")
    assert regulations.raw == "5" and regulations.value == 5


def test_number_merged_over_two_rows_is_not_copied(env, load) -> None:
    _, _, document = report_document(env)
    table3 = document.tables[1]
    assert table3.cell(3, 0).text.startswith("一、") and table3.cell(4, 0).text.startswith("二、")
    merged = table3.cell(3, 3).merge(table3.cell(4, 3))  # 自然人 of rows 一 and 二 (vMerge)
    merged.text = "7"
    report = load(saved(document), "vmerge.docx")
    table = report.tables["table3"]
    assert table.cell("new", "natural").value == 7
    assert table.cell("carried_over", "natural").reason is ValueReason.MISSING
    assert [i.args["row"] for i in report.issues if i.code == "DL022"] == [
        "二、上年结转政府信息公开申请数量"
    ]


def test_blank_and_placeholder_cells(env, load) -> None:
    fmt = env.formats.get("2021")
    values = {(t.key, r.key, c.key): "0" for t in fmt.tables for _, r, c in t.cell_keys()}
    values[("table3", "new", "org.legal")] = ""
    values[("table3", "new", "org.other")] = "/"
    _, _, document = report_document(env, values=values)
    report = load(saved(document), "blank.docx")
    table3 = report.tables["table3"]
    assert table3.cell("new", "org.legal").reason is ValueReason.BLANK
    assert table3.cell("new", "org.other").reason is ValueReason.PLACEHOLDER
    assert table3.cell("new", "total").value == 0


def test_core_property_title_is_a_fallback(env, load) -> None:
    _, _, document = report_document(env, title="政府信息公开")
    document.core_properties.title = "某某局2022年政府信息公开工作年度报告"
    report = load(saved(document), "props.docx")
    assert report.metadata.title == "某某局2022年政府信息公开工作年度报告"
    assert report.metadata.body == "某某局"


def test_picture_where_a_table_should_be(env, engine) -> None:
    fmt = env.formats.get("2021")
    document = docx.Document()
    document.add_paragraph("某某局2022年政府信息公开工作年度报告")
    png = CONVERTED.parent.parent / "corpus" / "r013.html"  # any file: only the name is read
    assert png.exists()
    for sdef in fmt.sections:
        document.add_paragraph(sdef.label)
        if sdef.key == "requests":
            paragraph = document.add_paragraph()
            paragraph._p.append(
                parse_xml(
                    f'<w:r {NSDECL}><w:drawing><wp:inline><wp:docPr id="5" name="表三.png"/>'
                    "</wp:inline></w:drawing></w:r>"
                )
            )
    result = run(env, engine, saved(document), "picture.docx")
    images = [f for f in result.findings if f.code == "DL914"]
    assert [f.location.table for f in images] == ["table3"]
    assert "表三.png" in images[0].message("zh")


# ---------------------------------------------------------------------------------------------
# Damaged and hostile files: one clear finding each


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _unreadable(env, engine, data: bytes, name: str = "report.docx"):
    result = run(env, engine, data, name)
    assert result.status is FileStatus.UNREADABLE
    assert result.report is None
    assert len(result.findings) == 1
    return result.findings[0]


def test_random_bytes(env, engine) -> None:
    finding = _unreadable(env, engine, bytes(range(256)) * 8)
    assert finding.code == "DL911" and "ZIP" in finding.message("en")


def test_truncated_docx(env, engine) -> None:
    data = R013_DOCX.read_bytes()
    finding = _unreadable(env, engine, data[: len(data) // 2])
    assert finding.code == "DL911"


def test_zip_that_is_not_a_word_document(env, engine) -> None:
    finding = _unreadable(env, engine, _zip({"hello.txt": b"hello"}))
    assert finding.code == "DL911" and "Content_Types" in finding.message("en")


def test_word_package_with_broken_xml(env, engine) -> None:
    with zipfile.ZipFile(R013_DOCX) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:5000]
    finding = _unreadable(env, engine, _zip(members))
    assert finding.code == "DL911"


def test_word_package_with_a_damaged_compressed_part(env, engine) -> None:
    # r013.docx with 40 bytes of the deflated word/document.xml inverted: the ZIP directory is
    # intact, inflating the part fails (zlib.error, which is not an OSError)
    data = bytearray(R013_DOCX.read_bytes())
    with zipfile.ZipFile(R013_DOCX) as archive:
        offset = archive.getinfo("word/document.xml").header_offset
    start = offset + 30 + int.from_bytes(data[offset + 26 : offset + 28], "little")
    start += int.from_bytes(data[offset + 28 : offset + 30], "little")
    for index in range(start + 20, start + 60):
        data[index] ^= 0xFF
    finding = _unreadable(env, engine, bytes(data))
    assert finding.code == "DL911" and "damaged ZIP package" in finding.message("en")


def test_spreadsheet_named_docx(env, engine) -> None:
    content_types = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        b'vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"'
        b"/></Types>"
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    data = _zip(
        {"[Content_Types].xml": content_types, "_rels/.rels": rels, "xl/workbook.xml": workbook}
    )
    finding = _unreadable(env, engine, data)
    assert finding.code == "DL911"


def test_zip_bomb_is_refused_before_decompression(env, engine) -> None:
    with zipfile.ZipFile(R013_DOCX) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/media/padding.bin"] = b"\0" * (40 * 1024 * 1024)
    data = _zip(members)
    assert len(data) < 200_000
    finding = _unreadable(env, engine, data)
    assert finding.code == "DL912" and "zip bomb" in finding.message("en")


def test_huge_xml_part_is_refused(env, engine) -> None:
    with zipfile.ZipFile(R013_DOCX) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/document.xml"] = b" " * (MAX_XML_BYTES + 1)
    finding = _unreadable(env, engine, _zip(members, zipfile.ZIP_STORED))
    assert finding.code == "DL912"


def test_password_protected_docx(env, engine) -> None:
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + b"\0" * 512
    )
    finding = _unreadable(env, engine, data)
    assert finding.code == "DL913"


def test_empty_docx(env, engine) -> None:
    assert _unreadable(env, engine, b"").code == "DL905"


def test_web_page_saved_with_a_docx_name(load) -> None:
    report = load((CORPUS / "r013.html").read_bytes(), "report.docx")
    assert report.loader == "html"
    assert [i.code for i in report.issues] == ["DL919"]
    assert cell_mismatches(report, expected_cells("r013")) == []


def test_docx_extensions_are_claimed(env) -> None:
    assert ".docx" in env.extensions
