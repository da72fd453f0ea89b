"""The text loader on the seed report (Word export, one cell per tab-indented line)."""

from __future__ import annotations

import codecs

import pytest

from disclosure_lint.core.labels import normalize
from disclosure_lint.core.values import ValueReason

from .conftest import SEED


def _oracle(seed_text: str, env) -> dict[tuple[str, str, str], tuple[int, str]]:
    """Where each cell of the seed is, derived from the file independently of the loader:
    a row's cells are the N lines right after the line holding its official label (N = number
    of columns); 表四's 15 cells are the 15 lines after its last header line."""
    lines = seed_text.split("\n")
    fmt = env.formats.get("2019")
    expected: dict[tuple[str, str, str], tuple[int, str]] = {}
    for tdef in fmt.tables:
        for block, leaf in tdef.leaf_rows():
            columns = block.leaf_columns
            if leaf.labels:
                hits = [
                    i for i, line in enumerate(lines) if normalize(line) == normalize(leaf.label)
                ]
                assert len(hits) == 1, leaf.label
                start = hits[0] + 1
            else:  # 表四: after the header line "总计" that ends the third header row (line 384)
                start = max(i for i, line in enumerate(lines) if line.strip() == "总计") + 2
            for offset, column in enumerate(columns):
                number = start + offset
                expected[(tdef.key, leaf.key, column.key)] = (number + 1, lines[number][1:])
    return expected


def test_every_cell_of_the_seed_with_line_raw_and_value(load, env, seed_text) -> None:
    report = load(SEED)
    oracle = _oracle(seed_text, env)
    assert len(oracle) == 22 + 161 + 15
    got = {
        (key, c.row, c.column): c
        for key, table in report.tables.items()
        for c in table.cells.values()
    }
    assert set(got) == set(oracle)
    for key, (line, raw) in oracle.items():
        cell = got[key]
        assert cell.location.line == line, key
        assert cell.raw == raw, key
        assert cell.reason is ValueReason.NUMBER, key
        assert cell.value == 0, key
    counts = {k: len(t.cells) for k, t in report.tables.items()}
    assert counts == {"table2": 22, "table3": 161, "table4": 15}


def test_label_paths_of_seed_cells(load) -> None:
    report = load(SEED)
    t3 = report.tables["table3"]
    cell = t3.cell("result.withheld.state_secret", "org.business")
    assert cell.row_labels == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    assert cell.column_labels == ("法人或其他组织", "商业企业")
    t2 = report.tables["table2"]
    cell = t2.cell("procurement", "amount")
    assert cell.row_labels == ("政府集中采购",)
    assert cell.column_labels == ("采购总金额",)
    assert cell.location.line == 87
    t4 = report.tables["table4"]
    cell = t4.cell("cases", "litigation.after_review.total")
    assert cell.row_labels == ()
    assert cell.column_labels == ("行政诉讼", "复议后起诉", "总计")
    assert cell.location.line == 400


def test_the_double_zero_cell(load) -> None:
    cell = load(SEED).tables["table3"].cell("result.withheld.prohibited", "natural")
    assert cell.raw == "\xa000"
    assert cell.location.line == 161
    assert cell.value == 0


def test_seed_metadata_sections_and_format(load) -> None:
    report = load(SEED)
    meta = report.metadata
    # the title is broken over lines 2-3 in the export
    assert meta.title == "银州区工人街道2019年度政府信息工作年度报告"
    assert meta.body == "银州区工人街道"
    assert meta.year == 2019 and meta.year_source == "title"
    assert report.format.detected == "2019"
    assert report.format.expected == "2019"
    assert "本年新制作数量" in report.format.evidence  # written "本年新\n制作数量" in the file
    sections = [(s.key, s.heading, s.location.line) for s in report.sections]
    assert sections == [
        ("overview", "一、总体情况", 5),
        ("proactive", "二、主动公开政府信息情况", 15),
        ("requests", "三、收到和处理政府信息公开申请情况", 91),
        ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况", 358),
        ("problems", "五、存在的主要问题及改进情况", 404),
        ("other", "六、其他需要报告的事项", 407),
    ]
    problems = report.section("problems")
    assert "[bookmark" not in problems.text  # Word artefact dropped
    assert problems.text.startswith("从总体来看")
    assert report.section("other").text == "无"
    assert report.issues == []


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-16"])
def test_seed_in_other_encodings_reads_the_same(load, seed_text, encoding) -> None:
    base = load(SEED)
    text = seed_text
    if encoding == "gbk":  # GBK has no NBSP; a GBK export writes plain spaces there
        text = seed_text.replace("\xa0", " ")
    if encoding == "utf-16":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    other = load(data, "seed.txt")
    assert other.metadata.title == base.metadata.title
    assert not [i for i in other.issues if i.code == "DL904"]  # decoded without guessing
    for key, table in base.tables.items():
        for cell_key, cell in table.cells.items():
            twin = other.tables[key].cells[cell_key]
            expected_raw = cell.raw.replace("\xa0", " ") if encoding == "gbk" else cell.raw
            assert twin.raw == expected_raw
            assert (twin.value, twin.location.line) == (cell.value, cell.location.line)


def test_crlf_line_endings(load, seed_text) -> None:
    report = load(seed_text.replace("\n", "\r\n").encode("utf-8"), "seed.txt")
    assert (
        report.tables["table3"].cell("result.withheld.prohibited", "natural").location.line == 161
    )
    assert len(report.sections) == 6


def test_tab_separated_rows_read_the_same(load, seed_text, env) -> None:
    """Rows written on one line ("规章\\t0\\t0\\t0") instead of one cell per line."""
    report = load(SEED)
    lines = ["银州区工人街道2019年政府信息公开工作年度报告"]
    fmt = env.formats.get("2019")
    for section in report.sections:
        lines.append(section.heading)
        for tdef in fmt.tables:
            if tdef.section != section.key:
                continue
            for block in tdef.blocks:
                if block.caption:
                    lines.append(block.caption)
                lines.append("\t".join(leaf.label for leaf in block.leaf_columns))
                for leaf in block.leaf_rows:
                    table = report.tables[tdef.key]
                    values = [table.cell(leaf.key, c.key).raw.strip() for c in block.leaf_columns]
                    lines.append(
                        "\t".join([leaf.label or "", *values]).lstrip("\t")
                        if leaf.label
                        else "\t".join(values)
                    )
        lines.append(section.text)
    other = load("\n".join(lines), "rows.txt")
    for key, table in report.tables.items():
        for cell_key, cell in table.cells.items():
            assert other.tables[key].cells[cell_key].value == cell.value, (key, cell_key)
    assert not [i for i in other.issues if i.code in ("DL021", "DL022")]
