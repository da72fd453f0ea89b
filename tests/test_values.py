"""Cell value parsing, on raw cell texts as they occur in real reports."""

from decimal import Decimal

import pytest

from disclosure_lint.core.values import Irregularity, ValueReason, parse_cell


@pytest.mark.parametrize(
    "raw",
    # the seed writes zeros with NBSP, U+3000 and ASCII spaces around them (lines 26-28, 110)
    ["  0", "\xa00", "\u30000", "0 ", "0\xa0", "0"],
)
def test_zero_with_any_space_is_zero(raw: str) -> None:
    parsed = parse_cell(raw)
    assert parsed.value == 0
    assert parsed.reason is ValueReason.NUMBER
    assert parsed.irregularities == ()


def test_double_zero_from_the_seed_is_irregular() -> None:
    parsed = parse_cell("\xa000")  # 表三 （三）2 × 自然人, seed line 161
    assert parsed.value == 0
    assert parsed.irregularities == (Irregularity.LEADING_ZERO,)


@pytest.mark.parametrize("raw", ["", "   ", "\xa0", "\u3000"])
def test_blank(raw: str) -> None:
    assert parse_cell(raw).reason is ValueReason.BLANK
    assert parse_cell(raw).value is None


@pytest.mark.parametrize("raw", ["/", "-", "—", "——", "无", "／", "不适用"])
def test_placeholders_are_not_zero(raw: str) -> None:
    parsed = parse_cell(raw)
    assert parsed.reason is ValueReason.PLACEHOLDER
    assert parsed.value is None


def test_missing_cell() -> None:
    assert parse_cell(None).reason is ValueReason.MISSING


@pytest.mark.parametrize(
    ("raw", "value", "irregular"),
    [
        ("+3", 3, (Irregularity.PLUS_SIGN,)),  # 北京通州 S11
        ("-8", -8, ()),  # 湖北 "减用负值表示，如-8"
        ("1,234", 1234, (Irregularity.THOUSANDS_SEPARATOR,)),
        ("１２", 12, (Irregularity.FULL_WIDTH_DIGITS,)),
        ("4068.208", Decimal("4068.208"), ()),  # 沭阳县 2025 fee in 万元
        ("103.3879万元", Decimal("103.3879"), (Irregularity.UNIT_SUFFIX,)),  # S11
        ("251000元", 251000, (Irregularity.UNIT_SUFFIX,)),  # 上海 2019 S13
        ("517645", 517645, ()),
    ],
)
def test_numbers(raw: str, value, irregular) -> None:
    parsed = parse_cell(raw)
    assert parsed.reason is ValueReason.NUMBER
    assert parsed.value == value
    assert type(parsed.value) is type(value)
    assert parsed.irregularities == irregular


def test_unit_is_kept() -> None:
    assert parse_cell("103.3879万元").unit == "万元"
    assert parse_cell("251000元").unit == "元"


@pytest.mark.parametrize("raw", ["--253", "见说明", "1.2.3", "约5", "五"])
def test_text(raw: str) -> None:
    parsed = parse_cell(raw)
    assert parsed.reason is ValueReason.TEXT
    assert parsed.value is None


def test_cleaning_a_cell_removes_what_the_space_pattern_matches() -> None:
    """clean_cell_text's shortcut (``str.split``, then the zero-width characters) removes what
    ``_SPACE`` matches: every character of the BMP, alone and between digits."""
    from disclosure_lint.core.values import _SPACE, clean_cell_text

    for code in range(0x10000):
        char = chr(code)
        for raw in (char, f"1{char}2", f" {char}{char}\u200b"):
            assert clean_cell_text(raw) == _SPACE.sub("", raw), hex(code)


# a line of prose from tests/corpus/n03_pingtan_jiaotongjianshe_2020.txt (line 10)
_PROSE = (
    "2020年，我局主动公开政府信息141条，公开类别主要涉及政策规范性文件信息2条、行政许可类信息3条、"
    "重大建设项目信息9条、为民办实事类信息9条、民政扶贫救灾社会保障就业类信息5条"
)


def test_long_texts_are_parsed_but_not_cached() -> None:
    from disclosure_lint.core import values

    assert len(_PROSE) > values.CACHED_CHARS
    before = len(values._PARSED)
    parsed = parse_cell(_PROSE)
    assert parsed.reason is ValueReason.TEXT
    assert parsed.value is None
    # a whole line of prose must not stay in the process-wide cache (it grew with the batch)
    assert len(values._PARSED) == before
    # a number as long as the limit is still a value, and cached
    long_number = "1" * values.CACHED_CHARS
    assert parse_cell(long_number).value == int(long_number)
    assert len(values._PARSED) == before + 1
    # one character more: the same result, uncached
    assert parse_cell(long_number + "2").value == int(long_number + "2")
    assert len(values._PARSED) == before + 1
