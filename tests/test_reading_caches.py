"""The caches and early answers of the reading steps (issue 16, sixth pass) give what the
definitions they stand for give: each is tested against the definition."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.core import labels, values
from disclosure_lint.core.model import Cell, SourceLocation, Table
from disclosure_lint.core.plugins import build_environment
from disclosure_lint.core.values import ValueReason
from disclosure_lint.reading import decoding, structure
from disclosure_lint.reading.runon import LabelScanner, scanner, split, total_relations
from disclosure_lint.reading.tablemap import Token
from disclosure_lint.reading.tablemap import source as tablemap_source
from disclosure_lint.reading.tablemap.filling import TableFiller

CORPUS = Path(__file__).parent / "corpus"
FORMATS = build_environment(autoload=False).formats
TABLES = [t for f in ("2019", "2021") for t in FORMATS.get(f).tables]

#: characters cell texts and labels are made of: digits (both widths), signs, units, spaces of
#: every width, punctuation the normalisation folds, ordinals and words
_CELL_CHARS = st.sampled_from(
    list("0123456789０１２,.+-/—元万件条 \u3000\u00a0\u200b\t、，（）()一二三四五六七八九十第部分")
    + list("总体情况主动公开政府信息行政许可其他规章本年新收申请数量予以。；#")
)
_CELL_TEXT = st.lists(_CELL_CHARS, max_size=12).map("".join)


def _corpus_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
        lines.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
    return lines


LINES = _corpus_lines()


# -- cell parses, label normalisations and is_value as dict look-ups ---------------------------


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.none(), _CELL_TEXT))
def test_parsed_cells_are_the_parse(raw: str | None) -> None:
    assert values.parse_cell(raw) == values._parse(raw)
    assert values.parsed_cell(raw) == values._parse(raw)
    if raw is not None:
        expected = values._parse(raw).reason is not ValueReason.TEXT
        assert tablemap_source.is_value(raw) is expected


@settings(max_examples=400, deadline=None)
@given(_CELL_TEXT)
def test_normalized_labels_are_the_normalisation(text: str) -> None:
    assert labels.normalize(text) == labels._normalize(text)
    assert labels.normalized(text) == labels._normalize(text)


def test_long_texts_are_answered_but_not_kept() -> None:
    prose = "二〇二〇年，我局主动公开政府信息一百四十一条，" * 20
    assert len(prose) > max(values.CACHED_CHARS, labels._LABEL_CHARS)
    assert labels.normalize(prose) == labels._normalize(prose)
    assert prose not in labels._NORMALIZED
    assert tablemap_source.is_value(prose) is False
    assert values.parse_cell(prose).reason is ValueReason.TEXT
    assert prose not in values._PARSED


def test_the_caches_are_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(values._PARSED, "size", 3)
    monkeypatch.setattr(labels._NORMALIZED, "size", 3)
    values._PARSED.clear()
    labels._NORMALIZED.clear()
    for n in range(10):
        assert values.parse_cell(str(n)).value == n
        assert labels.normalize(f"（{n}）") == f"({n})"
        assert len(values._PARSED) <= 3 and len(labels._NORMALIZED) <= 3


# -- numbers written together: splits kept --------------------------------------------------


_RUNS = [["6000017"], ["0", "0", "0", "0", "0", "00"], ["0000000"], ["111000012"], ["7777166"]]
_RUNS += [["200", "000121"], ["1", "0", "0", "0", "0", "01"], ["2648-18538"], ["12", "3"]]


@pytest.mark.parametrize("pieces", _RUNS)
def test_a_kept_split_is_the_split(pieces: list[str]) -> None:
    block = max((t for t in TABLES), key=lambda t: len(t.blocks[0].leaf_columns)).blocks[0]
    kinds = tuple(column.value for column in block.leaf_columns)
    relations = total_relations(block)
    for args in ((kinds, (), 0), (kinds, relations, 0), (kinds, relations, 256)):
        computed = split._split_run.__wrapped__(tuple(pieces), *args)
        assert split.split_run(pieces, *args) == computed
        assert split.split_run(list(pieces), *args) == computed  # kept: the same again
    got = split.split_run(pieces, kinds, relations, 256)
    if got is not None:  # shared between rows: nothing in it may change
        assert isinstance(got.cells, tuple)
        assert got.cuts is None or all(isinstance(c, tuple) for c in got.cuts)


# -- scanned lines kept with the format table -----------------------------------------------


@pytest.mark.parametrize("tdef", TABLES, ids=lambda t: t.key)
def test_kept_scans_are_the_scan(tdef) -> None:
    keys = scanner._keys(tdef)
    first, second = LabelScanner(tdef), LabelScanner(tdef)
    long_line = "".join(LINES)[: scanner._SHARED_CHARS + 50]
    for line in [*LINES[:400], long_line, ""]:
        expected = list(scanner._scan(keys, line))
        assert first.scan(line) == expected
        assert second.scan(line) == expected  # the short ones from the table's cache
    assert long_line not in scanner._scans(tdef)  # a long line is kept by its scanner only
    assert long_line in first._scanned and long_line in second._scanned


# -- headings ---------------------------------------------------------------------------------


def _heading_lines() -> list[str]:
    out = [line.strip() for line in LINES if structure._HEADING.match(line)]
    out += [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "六、其他需要报告的事项",
        "# 三、收到和处理",
    ]
    out += ["七、信息处理费收取情况", "一、本年新收政府信息公开申请数量", "五、存在的主要问题。"]
    return out


def test_kept_headings_are_the_headings() -> None:
    newest = structure.section_defs(FORMATS, None)
    sets = [(newest, frozenset())]
    for fid in ("2019", "2021"):
        fmt = FORMATS.get(fid)
        sets.append((structure.section_defs(FORMATS, fmt), structure.table_row_labels(fmt)))
        sets.append((list(structure.section_defs(FORMATS, fmt)), frozenset()))
    for _ in range(2):  # computed, then kept
        for defs, exclude in sets:
            for line in _heading_lines():
                match = structure._HEADING.match(line)
                assert match is not None
                expected = structure._heading(match, line, defs, exclude)
                assert structure.match_heading(line, defs, exclude) is expected


@settings(max_examples=400, deadline=None)
@given(st.lists(_CELL_CHARS, max_size=60).map("".join))
def test_inline_headings_without_an_ordinal_or_an_end_are_not_cut(text: str) -> None:
    defs = structure.section_defs(FORMATS, None)
    for line in (text, f"联系。一、总体情况{text}", f"{text}二、主动公开政府信息情况"):
        assert structure.split_inline_headings(line, defs) == structure._split_inline(
            line, defs, frozenset()
        )


def test_inline_headings_of_the_corpus() -> None:
    defs = structure.section_defs(FORMATS, None)
    for line in LINES:
        expected = structure._split_inline(line.strip(), defs, frozenset())
        assert structure.split_inline_headings(line.strip(), defs) == expected


# -- decoding ---------------------------------------------------------------------------------

_BYTES = st.lists(
    st.one_of(
        st.sampled_from([b"\x00", b"\x01", b"\x08", b"\x0b", b"\x0c", b"\x1f", b"\x7f", b"\t"]),
        st.sampled_from([b"\n", b"\r", b" ", b"a", b"1", b"\x80", b"\xff"]),
        st.sampled_from(["政府", "信息", "公开", "，", "\u3000"]).map(
            lambda c: c.encode("gb18030")
        ),
        st.sampled_from(["政府", "信息", "€", "\u2028"]).map(lambda c: c.encode("utf-8")),
    ),
    max_size=60,
).map(b"".join)


@settings(max_examples=500, deadline=None)
@given(data=_BYTES, sample=st.integers(1, 40))
def test_binary_content_is_told_as_by_definition(data: bytes, sample: int) -> None:
    original = decoding._SAMPLE
    decoding._SAMPLE = sample  # a sample shorter than the text too
    try:
        for encoding in ("utf-8", "gb18030"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            prefix = text[:sample]
            expected = bool(text) and len(decoding._CONTROL.findall(prefix)) > max(
                8, len(prefix) // 200
            )
            assert decoding._looks_binary(text, data) is expected
            assert decoding._looks_binary(text) is expected
    finally:
        decoding._SAMPLE = original


@settings(max_examples=300, deadline=None)
@given(_BYTES)
def test_blank_content_is_told_as_by_definition(data: bytes) -> None:
    assert (not data or data.isspace()) is (not data.strip())
    text = data.decode("utf-8", errors="replace")
    assert (not text or text.isspace()) is (not text.strip())


# -- cells of a row -----------------------------------------------------------------------------


@pytest.mark.parametrize("tdef", TABLES, ids=lambda t: t.key)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_cells_of_a_row_are_the_cells_from_raw(tdef, data) -> None:
    block = tdef.blocks[0]
    leaf = data.draw(st.sampled_from(block.leaf_rows))
    count = len(block.leaf_columns)
    texts = data.draw(
        st.one_of(
            st.none(),
            st.lists(
                st.sampled_from(["0", "12", "", "/", "无", "1,234"]), min_size=count, max_size=count
            ),
        )
    )
    anchor = SourceLocation("f", line=1)
    tokens = (
        None
        if texts is None
        else [Token(t, SourceLocation("f", line=n)) for n, t in enumerate(texts)]
    )
    table = Table(tdef.key, tdef.name, tdef.title, True)
    TableFiller(tdef, table, [], True).fill_row(block, leaf, tokens, anchor)
    for position, column in enumerate(block.leaf_columns):
        token = tokens[position] if tokens is not None else None
        expected = Cell.from_raw(
            tdef.key,
            leaf.key,
            column.key,
            leaf.labels,
            column.labels,
            token.text if token is not None else None,
            token.location if token is not None else anchor,
        )
        assert table.cells[(leaf.key, column.key)] == expected
