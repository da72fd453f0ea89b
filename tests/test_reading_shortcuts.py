"""The shortcuts of the shared reading steps (issue 16) give what the definitions they replace
give: each is tested against the definition, kept here as the reference."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.core.formats import ValueKind
from disclosure_lint.core.labels import _normalize, normalize
from disclosure_lint.core.model import Location, SourceLocation
from disclosure_lint.core.plugins import build_environment
from disclosure_lint.core.values import PLACEHOLDERS
from disclosure_lint.reading import grid
from disclosure_lint.reading.grid import GridTooLarge, PlacedCell, SpanCell, place_cells
from disclosure_lint.reading.runon import LabelScanner, scanner, split
from disclosure_lint.reading.structure import Paragraph
from disclosure_lint.reading.tablemap import SourceRow, Token
from disclosure_lint.reading.tablemap.index import table_index
from disclosure_lint.reading.tablemap.prepare import _join_broken_label
from disclosure_lint.reading.tablemap.source import is_value

CORPUS = Path(__file__).parent / "corpus"
FORMATS = build_environment(autoload=False).formats
TABLES = [t for f in ("2019", "2021") for t in FORMATS.get(f).tables]

# -- hand-written __init__ of frozen dataclasses ----------------------------------------------


def _generated(cls: type) -> type:
    """``cls`` as the dataclass with the ``__init__`` that ``dataclasses`` writes."""
    fields = [
        (f.name, f.type, dataclasses.field(default=f.default)) for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True)


def _parameters(function: object) -> list[tuple[str, object, object]]:
    return [(p.name, p.default, p.kind) for p in inspect.signature(function).parameters.values()]


FAST_INIT = [SourceLocation, Location, Token, Paragraph]
_VALUES = st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=3), st.tuples(st.integers()))


@pytest.mark.parametrize("cls", FAST_INIT)
def test_hand_written_init_has_the_generated_signature(cls: type) -> None:
    assert _parameters(cls.__init__) == _parameters(_generated(cls).__init__)
    assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", FAST_INIT)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_hand_written_init_builds_what_the_generated_one_builds(cls: type, data) -> None:
    names = [f.name for f in dataclasses.fields(cls)]
    required = sum(1 for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING)
    count = data.draw(st.integers(required, len(names)))
    values = data.draw(st.lists(_VALUES, min_size=count, max_size=count))
    as_keywords = data.draw(st.booleans())
    reference = _generated(cls)
    if as_keywords:
        keywords = dict(zip(names[:count], values, strict=True))
        made, expected = cls(**keywords), reference(**keywords)
    else:
        made, expected = cls(*values), reference(*values)
    assert dataclasses.astuple(made) == dataclasses.astuple(expected)
    assert made == cls(*dataclasses.astuple(made))
    assert hash(made) == hash(expected)
    assert repr(made) == repr(expected).replace(reference.__qualname__, cls.__qualname__, 1)
    assert pickle.loads(pickle.dumps(made)) == made
    assert dataclasses.replace(made, **{names[0]: "x"}) == cls("x", *dataclasses.astuple(made)[1:])
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, names[0], "y")


# -- the label scanner's normalisation ---------------------------------------------------------


def _with_origin_by_definition(text: str) -> tuple[str, tuple[int, ...]]:
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for out in normalize(char):
            chars.append(out)
            origin.append(index)
    return "".join(chars), tuple(origin)


def test_characters_the_scanner_does_not_look_at_are_their_own_normal_form() -> None:
    unchanged = [*range(0x4E00, 0xA000), *range(0x21, 0x7F)]
    for code in unchanged:
        char = chr(code)
        assert not scanner._MAY_CHANGE.match(char)
        assert _normalize(char) == char, hex(code)
    assert all(scanner._MAY_CHANGE.match(chr(c)) for c in (0x20, 0x7F, 0x4DFF, 0xA000, 0xFF0C))


_ALPHABET = st.sampled_from(
    list("行政许可规章本年新收一二三十（）()，,、。.：:；“”【】［］—－-/／ 　\t")
    + list("\u200b\ufeff\u0301\u00a0０１２ＡＢ㈠⑴½㎡ﬁ①﹁︑…")
    + list("0123456789ab#*|")
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_scanner_normalisation_is_each_character_normalised(text: str) -> None:
    norm, origin = scanner._normalized_with_origin(text)
    assert (norm, tuple(origin)) == _with_origin_by_definition(text)


def test_scanner_normalisation_of_the_corpus() -> None:
    lines = [
        line
        for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert len(lines) > 1000
    for line in lines:
        norm, origin = scanner._normalized_with_origin(line)
        assert (norm, tuple(origin)) == _with_origin_by_definition(line)


def test_ideographs_never_compose() -> None:
    """No canonical decomposition holds a CJK unified ideograph with another character, so
    NFKC never merges one with a neighbour; each is its own normal form (above)."""
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if not decomposition or decomposition.startswith("<"):
            continue
        parts = [chr(int(p, 16)) for p in decomposition.split()]
        if len(parts) > 1:
            assert not any(0x4E00 <= ord(p) <= 0x9FFF for p in parts), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.integers(0, 12))
def test_a_text_with_more_ideographs_is_longer_once_normalised(text: str, count: int) -> None:
    ideographs = sum(1 for c in text if 0x4E00 <= ord(c) <= 0x9FFF)
    matched = scanner._more_ideographs_than(count).match(text) is not None
    assert matched == (ideographs > count)
    if matched:
        assert len(normalize(text).strip("#*|")) > count


@pytest.mark.parametrize("tdef", TABLES, ids=lambda t: t.key)
def test_label_keys_of_long_texts(tdef) -> None:
    """A text longer than any key once normalised is no label (skipped without normalising)."""
    keys = scanner._keys(tdef)
    scan = LabelScanner(tdef)
    labels = [k for k, kind in keys.kinds.items() if kind == scanner.LEAF]
    for label in labels:
        for text in (label, f"{label}{label}", f"{label}\n{label[:3]}", f"# {label}"):
            norm = normalize(text).strip("#*|")
            expected = norm if keys.kinds.get(norm) == scanner.LEAF else None
            assert scan.label_key(text) == expected


# -- broken labels ----------------------------------------------------------------------------


def _join_by_definition(scan: LabelScanner, row: SourceRow) -> SourceRow:
    """``_join_broken_label`` without the shortcut for rows with no two text cells together."""
    tokens = row.tokens
    if len(tokens) < 2:
        return row
    is_text = [not is_value(t.text) for t in tokens]
    joined: list[Token] = []
    i = 0
    while i < len(tokens):
        run_end = i
        while run_end < min(len(tokens), i + 3) and is_text[run_end]:
            run_end += 1
        for end in range(run_end, i + 1, -1):
            part = tokens[i:end]
            text = "".join(t.text.strip() for t in part)
            if scan.label_key(text) is not None:
                joined.append(Token(text, part[0].location))
                i = end
                break
        else:
            joined.append(tokens[i])
            i += 1
    return row if len(joined) == len(tokens) else SourceRow(joined, row.kind)


def _pieces(tdef) -> list[str]:
    """Cell texts of ``tdef``: its labels, cut in two or three, numbers and placeholders."""
    out = ["0", "12", "", " ", "/", "无", "-", "共计"]
    for block in tdef.blocks:
        for leaf in block.leaf_rows:
            for label in leaf.labels[-1:]:
                third = max(1, len(label) // 3)
                out += [label, label[:third], label[third : 2 * third], label[2 * third :]]
    return out


@pytest.mark.parametrize("tdef", TABLES, ids=lambda t: t.key)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_broken_labels_are_joined_as_by_definition(tdef, data) -> None:
    texts = data.draw(st.lists(st.sampled_from(_pieces(tdef)), max_size=9))
    row = SourceRow([Token(t, SourceLocation("f", line=n)) for n, t in enumerate(texts)])
    scan = LabelScanner(tdef)
    got, expected = _join_broken_label(scan, row), _join_by_definition(scan, row)
    assert (got is row) == (expected is row)
    assert got.tokens == expected.tokens and got.kind == expected.kind


# -- the mapper's label sets ------------------------------------------------------------------


@pytest.mark.parametrize("tdef", TABLES, ids=lambda t: t.key)
def test_label_sets_of_the_index(tdef) -> None:
    index = table_index(tdef)
    assert index.opening == set(index.leaves) | set(index.captions)
    assert index.labels == index.opening | index.stops
    assert set(index.row_groups) <= index.stops


# -- cells of a run -------------------------------------------------------------------------


def _admissible_by_definition(text: str, kind: ValueKind) -> bool:
    if text in split._SYMBOL_PLACEHOLDERS:
        return True
    if kind is ValueKind.DELTA:
        return bool(split._DELTA.match(text))
    if kind is ValueKind.AMOUNT:
        return bool(split._AMOUNT.match(text))
    return bool(split._COUNT.match(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("0123456789+-.,万元/—*\\x", min_size=1, max_size=8), min_size=1, max_size=4),
    st.lists(st.sampled_from(list(ValueKind)), min_size=1, max_size=4).map(tuple),
)
def test_cells_of_a_run_are_the_admissible_ones(pieces: list[str], kinds) -> None:
    run = split._Run(pieces, kinds)
    text = run.text
    for i, kind in enumerate(kinds):
        expected: dict[int, list[int]] = {}
        for start in range(len(text)):
            if text[start] == run.SEPARATOR:
                continue
            for end in range(start + 1, len(text) + 1):
                if text[end - 1] == run.SEPARATOR:
                    break
                if _admissible_by_definition(text[start:end], kind):
                    expected.setdefault(start, []).append(end)
        assert run.ends[i] == expected
    assert all(p in PLACEHOLDERS for p in split._SYMBOL_PLACEHOLDERS)


# -- the grid -----------------------------------------------------------------------------------


def _place_by_definition(rows: list[list[SpanCell]]) -> list[list[PlacedCell]]:
    total = len(rows)
    covered: dict[int, set[int]] = {}
    placed: list[list[PlacedCell]] = []
    width = 0
    area = 0
    for r, cells in enumerate(rows):
        taken = covered.pop(r, set())
        col = 0
        out: list[PlacedCell] = []
        for cell in cells:
            while col in taken:
                col += 1
            rowspan = max(1, min(cell.rowspan, total - r))
            colspan = max(1, cell.colspan)
            area += rowspan * colspan
            width = max(width, col + colspan)
            if area > grid.MAX_GRID_CELLS:
                raise GridTooLarge(total, width)
            if rowspan > 1:
                for below in range(r + 1, r + rowspan):
                    covered.setdefault(below, set()).update(range(col, col + colspan))
            out.append(PlacedCell(cell.text, r, col, rowspan, colspan, cell.line))
            col += colspan
        placed.append(out)
    return placed


_SPAN_CELL = st.builds(
    SpanCell,
    st.sampled_from(["a", "1", ""]),
    st.integers(-1, 5),
    st.integers(-1, 5),
    st.one_of(st.none(), st.integers(1, 9)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_SPAN_CELL, max_size=6), max_size=7), st.integers(1, 60))
def test_cells_are_placed_as_by_definition(rows, limit: int) -> None:
    original = grid.MAX_GRID_CELLS
    grid.MAX_GRID_CELLS = limit  # small grids raise too
    try:
        try:
            expected = _place_by_definition(rows)
        except GridTooLarge as error:
            with pytest.raises(GridTooLarge) as raised:
                place_cells(rows)
            assert (raised.value.rows, raised.value.columns) == (error.rows, error.columns)
        else:
            assert place_cells(rows) == expected
    finally:
        grid.MAX_GRID_CELLS = original


# -- values ---------------------------------------------------------------------------------


def test_a_text_with_a_word_is_text_without_parsing_it() -> None:
    """The early answer for a text holding a Chinese character that is no unit gives what the
    whole parse gives: every BMP character in the contexts a number could take it."""
    from disclosure_lint.core import values

    for code in range(0x10000):
        char = chr(code)
        for raw in (
            char,
            f"1{char}",
            f"{char}1",
            f"1{char}元",
            f"１{char}２",
            f"{char}万元",
            f"+{char}",
        ):
            text = values.clean_cell_text(raw)
            if not text or text in PLACEHOLDERS:
                continue
            assert values._parse(raw) == values._parse_cleaned(text), (hex(code), raw)
