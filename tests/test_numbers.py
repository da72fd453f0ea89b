"""The number parser (domain/numbers.py): Arabic, Chinese numerals, mixed, approximations, shares.

Property tests render numbers with a renderer written here (independent of the parser) and read
them back; example tests use numbers as real reports in tests/corpus write them.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_lint.domain.numbers import (
    NUMBER_PATTERN,
    NUMBER_START,
    PERCENT_PATTERN,
    Approx,
    parse_chinese_integer,
    parse_quantity,
    precision_step,
)

DIGITS = "零一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def render_below_10000(n: int) -> str:
    """Standard reading of 1 <= n < 10000: 一千零五, 一百一十二, 二十."""
    out = ""
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += "零"
            pending_zero = False
        out += DIGITS[digit] + unit
    return out


def render_chinese(n: int) -> str:
    """Standard Chinese numeral for 0 <= n < 10**12 (一亿零五万, 三千零二十)."""
    if n == 0:
        return "零"
    yi, rest = divmod(n, 10**8)
    wan, low = divmod(rest, 10**4)
    out = ""
    if yi:
        out += render_chinese(yi) + "亿"
    if wan:
        if yi and wan < 1000:
            out += "零"
        out += render_below_10000(wan) + "万"
    if low:
        if (yi or wan) and low < 1000 and not out.endswith("零"):
            out += "零"
        out += render_below_10000(low)
    return out


def short_ten(text: str) -> str:
    """The everyday form of a leading 一十: 十二 for 一十二."""
    return text[1:] if text.startswith("一十") else text


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_numerals_read_back(n: int) -> None:
    written = render_chinese(n)
    assert parse_chinese_integer(written) == n, written
    assert parse_chinese_integer(short_ten(written)) == n
    quantity = parse_quantity(written)
    assert quantity is not None and quantity.value == n and quantity.exact
    assert re.fullmatch(NUMBER_PATTERN, written)


@given(st.integers(min_value=0, max_value=10**12), st.booleans(), st.booleans())
def test_arabic_numbers_read_back(n: int, separators: bool, full_width: bool) -> None:
    written = f"{n:,}" if separators else str(n)
    if full_width:
        written = written.translate(FULL_WIDTH)
    quantity = parse_quantity(written)
    assert quantity is not None and quantity.value == n and quantity.exact
    assert re.fullmatch(NUMBER_PATTERN, written)
    # inside a sentence, the pattern takes the whole number
    match = re.search(rf"申请\s*(?P<n>{NUMBER_PATTERN})\s*件", f"共受理申请 {written} 件，")
    assert match is not None and parse_quantity(match.group("n")).value == n


@given(
    st.integers(min_value=1, max_value=99999),
    st.integers(min_value=0, max_value=3),
    st.sampled_from([("万", 10**4), ("亿", 10**8)]),
)
def test_mixed_numbers_read_back(mantissa: int, places: int, unit: tuple[str, int]) -> None:
    value = Decimal(mantissa).scaleb(-places)
    written = f"{value}{unit[0]}"
    quantity = parse_quantity(written)
    assert quantity is not None and quantity.value == value * unit[1]
    assert re.fullmatch(NUMBER_PATTERN, written)


@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=0, max_value=2 * 10**7))
def test_about_admits_ten_percent(v: int, x: int) -> None:
    for written in (f"约{v}", f"{v}左右", f"大约{render_chinese(v)}"):
        quantity = parse_quantity(written)
        assert quantity is not None and quantity.approx == (Approx.ABOUT,)
        assert quantity.admits(x) == (abs(x - v) * 10 <= v), (written, x)
        assert re.fullmatch(NUMBER_PATTERN, written)


@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=0, max_value=2 * 10**7))
def test_more_admits_up_to_the_next_step(v: int, x: int) -> None:
    step = int(precision_step(Decimal(v)))
    for written in (f"{v}余", f"{v}多", f"{render_chinese(v)}余"):
        quantity = parse_quantity(written)
        assert quantity is not None and quantity.approx == (Approx.MORE,)
        assert quantity.admits(x) == (v <= x < v + step), (written, x, step)


@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=0, max_value=2 * 10**7))
def test_bounded_on_one_side(v: int, x: int) -> None:
    at_least = parse_quantity(f"超过{v}")
    below = parse_quantity(f"不足{v}")
    nearly = parse_quantity(f"近{v}")
    assert at_least is not None and at_least.admits(x) == (x >= v)
    assert below is not None and below.admits(x) == (x <= v)
    assert nearly is not None and nearly.admits(x) == (v - Decimal(v) / 10 <= x <= v)


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_percent_read_back(share: Decimal) -> None:
    for written in (f"{share}%", f"{share}％"):
        quantity = parse_quantity(written)
        assert quantity is not None and quantity.percent and quantity.value == share
        assert re.fullmatch(PERCENT_PATTERN, written)


@given(st.integers(min_value=0, max_value=100))
def test_chinese_percent_read_back(share: int) -> None:
    quantity = parse_quantity(f"百分之{render_chinese(share)}")
    assert quantity is not None and quantity.percent and quantity.value == share


@pytest.mark.parametrize(
    ("written", "value", "approx", "percent"),
    [
        # yinzhou-gongren-2019.txt L9
        ("约1200余", 1200, (Approx.ABOUT, Approx.MORE), False),
        ("约500", 500, (Approx.ABOUT,), False),
        ("2000余", 2000, (Approx.MORE,), False),
        # r003.md
        ("1295", 1295, (Approx.EXACT,), False),
        ("近 300", 300, (Approx.NEARLY,), False),
        ("近 45.9 万", 459000, (Approx.NEARLY,), False),
        ("超 3170 万", 31700000, (Approx.AT_LEAST,), False),
        ("17.46%", Decimal("17.46"), (Approx.EXACT,), True),
        # r004.txt
        ("4068.208", Decimal("4068.208"), (Approx.EXACT,), False),
        ("超八成", 80, (Approx.AT_LEAST,), True),
        # Chinese numerals and colloquial forms
        ("一千二百", 1200, (Approx.EXACT,), False),
        ("一千二", 1200, (Approx.EXACT,), False),
        ("两万五", 25000, (Approx.EXACT,), False),
        ("三百五", 350, (Approx.EXACT,), False),
        ("二〇二四", 2024, (Approx.EXACT,), False),
        ("壹佰贰拾", 120, (Approx.EXACT,), False),
        ("3成", 30, (Approx.EXACT,), True),
    ],
)
def test_numbers_as_reports_write_them(written, value, approx, percent) -> None:
    quantity = parse_quantity(written)
    assert quantity is not None
    assert quantity.value == value and quantity.approx == approx and quantity.percent is percent


@pytest.mark.parametrize("written", ["", "件", "二三", "百十", "一是", "万", "零十", "1.2.3"])
def test_not_numbers(written: str) -> None:
    assert parse_quantity(written) is None


def test_seed_approximations_compare_as_ranges() -> None:
    # "此次活动共接访群众约1200余人，现场咨询解答人数约500人" (yinzhou-gongren-2019.txt L9)
    about_1200 = parse_quantity("约1200余")
    about_500 = parse_quantity("约500")
    assert about_1200.admits(1250) and about_1200.admits(1100) and not about_1200.admits(1400)
    assert about_500.admits(460) and about_500.admits(550) and not about_500.admits(551)
    assert not parse_quantity("500").admits(460)


_NUMBERISH = (
    "0123456789０１２３４５６７８９零一二三四五六七八九十百千万亿两〇"
    "余多约近超逾不足到少于以上下左右件个，。、 %.．,"
)


@given(st.text(alphabet=_NUMBERISH + "申请公开办结年度的其他abc", max_size=40))
def test_number_start_lets_through_every_number(text: str) -> None:
    # The lookahead put before number patterns (claims, counts) must change no match.
    with_start = re.compile(NUMBER_START + NUMBER_PATTERN)
    for position in range(len(text)):
        if re.match(NUMBER_PATTERN, text[position:]):
            assert with_start.match(text, position)
    assert [m.span() for m in re.finditer(NUMBER_PATTERN, text)] == [
        m.span() for m in with_start.finditer(text)
    ]
