"""Numbers as reports write them in prose: Arabic, Chinese numerals, mixed, approximate, percent.

Report narratives write counts as ``749``, ``1,295``, ``１２３``, ``一千二百``, ``两万五``,
``1.2万``, and qualify them: ``约500`` (about), ``1200余`` / ``300多`` (a little more than),
``逾`` / ``超过`` / ``以上`` (at least), ``近`` / ``将近`` (a little less than), ``不足`` /
``不到`` (less than).
Shares are written ``17.46%``, ``百分之十七`` or ``八成``. :func:`parse_quantity` turns such a
fragment into a :class:`Quantity`, which knows the range of true values it admits, so an
approximate claim is compared as an approximation and never as an exact number.

:data:`NUMBER_PATTERN` and :data:`PERCENT_PATTERN` are regular expressions (without groups) that
match what :func:`parse_quantity` reads; rule packs use them through ``{N}`` and ``{P}``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

#: relative tolerance of 约 / 左右 / 近: "约500" admits 450–550
DEFAULT_TOLERANCE = Decimal("0.1")


class Approx(StrEnum):
    """How a written number relates to the true value."""

    EXACT = "exact"
    ABOUT = "about"  # 约, 大约, 大概, 左右, 上下, 许
    MORE = "more"  # 余, 多: a little more, below the next step of the written precision
    AT_LEAST = "at-least"  # 逾, 超, 超过, 多于, 不少于, 以上
    NEARLY = "nearly"  # 近, 将近, 接近: a little less
    BELOW = "below"  # 不足, 不到, 少于, 以下


_PREFIXES: dict[str, Approx] = {
    "大约": Approx.ABOUT,
    "大概": Approx.ABOUT,
    "约": Approx.ABOUT,
    "将近": Approx.NEARLY,
    "接近": Approx.NEARLY,
    "近": Approx.NEARLY,
    "超过": Approx.AT_LEAST,
    "多于": Approx.AT_LEAST,
    "不少于": Approx.AT_LEAST,
    "逾": Approx.AT_LEAST,
    "超": Approx.AT_LEAST,
    "不足": Approx.BELOW,
    "不到": Approx.BELOW,
    "少于": Approx.BELOW,
}
_SUFFIXES: dict[str, Approx] = {
    "以上": Approx.AT_LEAST,
    "以下": Approx.BELOW,
    "左右": Approx.ABOUT,
    "上下": Approx.ABOUT,
    "余": Approx.MORE,
    "多": Approx.MORE,
    "许": Approx.ABOUT,
}

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10**4, "亿": 10**8}
_CN_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PRE = _alternation(list(_PREFIXES))
_POST = _alternation(list(_SUFFIXES))
_ARABIC = (
    r"[0-9０-９]{1,3}(?:[,，][0-9０-９]{3}(?![0-9０-９]))+(?:[.．][0-9０-９]+)?"
    r"|[0-9０-９]+(?:[.．][0-9０-９]+)?"
)
_CORE = rf"(?:(?:{_ARABIC})(?:\s*[万亿千])?|[{_CN_CHARS}]+)"

#: a count as written in prose, with its qualifiers (no capturing groups)
NUMBER_PATTERN = rf"(?:(?:{_PRE})\s*)?{_CORE}(?:\s*(?:{_POST}))?"
#: a lookahead for the first character of a :data:`NUMBER_PATTERN` (a digit, a Chinese
#: numeral, the first character of a qualifier): put before the pattern it changes no match,
#: but a search rejects the other positions of the text at once instead of trying each
#: alternative of the pattern there (claims search every section with such patterns)
NUMBER_START = "(?=[{}])".format(
    "".join(
        re.escape(ch)
        for ch in sorted({word[0] for word in _PREFIXES} | set("0123456789０１２３４５６７８９"))
        + sorted(set(_CN_CHARS))
    )
)
#: a share as written in prose: 17.46%, 百分之十七, 八成 (no capturing groups)
PERCENT_PATTERN = (
    rf"(?:(?:{_PRE})\s*)?(?:(?:{_ARABIC})\s*[%％]|百分之[{_CN_CHARS}0-9０-９.．]+|"
    rf"(?:[0-9０-９]|[一二三四五六七八九])\s*成)(?:\s*(?:{_POST}))?"
)

_NUMBER_RE = re.compile(rf"^{NUMBER_PATTERN}$")
_PERCENT_RE = re.compile(rf"^{PERCENT_PATTERN}$")


@dataclass(frozen=True)
class Quantity:
    """A number read from prose: its value, how approximate it is, and whether it is a share.

    ``value`` of a percentage is in percent (``17.46`` for ``17.46%``; ``80`` for ``八成``).
    """

    value: Decimal
    approx: tuple[Approx, ...] = (Approx.EXACT,)
    percent: bool = False
    text: str = ""

    @property
    def exact(self) -> bool:
        return self.approx == (Approx.EXACT,)

    def bounds(
        self, tolerance: Decimal = DEFAULT_TOLERANCE
    ) -> tuple[Decimal | None, Decimal | None]:
        """The smallest interval (``None``: unbounded) holding every value the text admits."""
        lows: list[Decimal | None] = []
        highs: list[Decimal | None] = []
        v = self.value
        spread = abs(v) * tolerance
        for approx in self.approx:
            if approx is Approx.EXACT:
                lows.append(v)
                highs.append(v)
            elif approx is Approx.ABOUT:
                lows.append(v - spread)
                highs.append(v + spread)
            elif approx is Approx.MORE:
                lows.append(v)
                highs.append(v + precision_step(v))
            elif approx is Approx.AT_LEAST:
                lows.append(v)
                highs.append(None)
            elif approx is Approx.NEARLY:
                lows.append(v - spread)
                highs.append(v)
            else:  # BELOW
                lows.append(None)
                highs.append(v)
        low = None if any(x is None for x in lows) else min(x for x in lows if x is not None)
        high = None if any(x is None for x in highs) else max(x for x in highs if x is not None)
        return low, high

    def admits(self, actual: int | Decimal, tolerance: Decimal = DEFAULT_TOLERANCE) -> bool:
        """Whether ``actual`` is a value this written number can stand for."""
        low, high = self.bounds(tolerance)
        x = Decimal(actual)
        if low is not None and x < low:
            return False
        if high is None:
            return True
        if Approx.MORE in self.approx and high == self.value + precision_step(self.value):
            return x < high  # "1200余" is below 1300
        return x <= high

    def describe(self) -> str:
        """The number in canonical digits, with a short mark of approximation."""
        number = format_decimal(self.value) + ("%" if self.percent else "")
        marks = {
            Approx.ABOUT: "约",
            Approx.MORE: "余",
            Approx.AT_LEAST: "≥",
            Approx.NEARLY: "近",
            Approx.BELOW: "<",
        }
        prefix = "".join(marks[a] for a in self.approx if a in marks and a is not Approx.MORE)
        suffix = "余" if Approx.MORE in self.approx else ""
        return f"{prefix}{number}{suffix}"


def format_decimal(value: int | Decimal) -> str:
    """``Decimal('12000')`` -> ``12000``; ``Decimal('17.460')`` -> ``17.46``."""
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return text


def precision_step(value: Decimal) -> Decimal:
    """The unit of the last significant digit of an integer part: 1200 -> 100, 2000 -> 1000.

    "1200余" means 1200 and a little more, less than the next step of the written precision.
    Numbers below 10, and numbers with a fraction, step by 1 unit of their last digit.
    """
    if value != value.to_integral_value():
        exponent = value.normalize().as_tuple().exponent
        return Decimal(1).scaleb(int(exponent))
    integer = int(value)
    if integer == 0:
        return Decimal(1)
    step = 1
    while integer % (step * 10) == 0:
        step *= 10
    return Decimal(step)


def _normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u00a0\u3000]+", "", folded)


def _parse_small_chinese(text: str) -> int | None:
    """A Chinese numeral below 10 000 (十百千 units), incl. 一千二 = 1200 and 十二 = 12."""
    if not text:
        return None
    value = 0
    digit: int | None = None
    last_unit: int | None = None
    zero_after_unit = False
    for char in text:
        if char in _DIGITS:
            if digit is not None and digit != 0 and _DIGITS[char] != 0:
                return None  # two digits in a row ("二三") without a unit
            digit = _DIGITS[char]
            if digit == 0 and last_unit is not None:
                zero_after_unit = True
        elif char in _UNITS:
            unit = _UNITS[char]
            if last_unit is not None and unit >= last_unit:
                return None
            if digit is None or digit == 0:
                if value != 0 or digit == 0:
                    return None  # "百十", "零十"
                digit = 1  # leading 十: 十二
            value += digit * unit
            digit = None
            last_unit = unit
            zero_after_unit = False
        else:
            return None
    if digit is not None:
        if last_unit is not None and last_unit >= 100 and not zero_after_unit:
            value += digit * (last_unit // 10)  # 一千二 = 1200, 三百五 = 350
        else:
            value += digit
    return value


def parse_chinese_integer(text: str) -> int | None:
    """A Chinese numeral as an integer, or None if it is not one.

    Handles 零/〇, 两, financial digits (壹贰…), 十百千, 万 and 亿, the abbreviated forms
    一千二 / 两万五, and digit-by-digit forms (二〇二四).
    """
    text = _normalize(text)
    if not text or any(c not in _CN_CHARS for c in text):
        return None
    if len(text) > 1 and all(c in _DIGITS for c in text):
        # 二〇二四 is read digit by digit; 二三 is "two or three", not a number
        if len(text) < 4 and not any(_DIGITS[c] == 0 for c in text):
            return None
        return int("".join(str(_DIGITS[c]) for c in text))
    return _parse_with_big_units(text)


def _parse_with_big_units(text: str) -> int | None:
    if "亿" in text:
        head, _, tail = text.partition("亿")
        high = _parse_below_yi(head)
        low = _parse_tail(tail, 10**8)
        if not high or low is None:
            return None
        return high * 10**8 + low
    return _parse_below_yi(text)


def _parse_below_yi(text: str) -> int | None:
    if "万" in text:
        head, _, tail = text.partition("万")
        high = _parse_small_chinese(head)
        low = _parse_tail(tail, 10**4)
        if not high or low is None:
            return None
        return high * 10**4 + low
    return _parse_small_chinese(text)


def _parse_tail(tail: str, big: int) -> int | None:
    """The part after 万 or 亿: empty, an abbreviated digit (两万五), or a number below ``big``."""
    if not tail:
        return 0
    if len(tail) == 1 and tail in _DIGITS and _DIGITS[tail] != 0:
        return _DIGITS[tail] * big // 10  # 两万五 = 25000
    stripped = tail.lstrip("零〇○")
    if not stripped:
        return None
    low = _parse_below_yi(stripped) if big == 10**8 else _parse_small_chinese(stripped)
    if low is None or low >= big:
        return None
    return low


def _parse_arabic(text: str) -> Decimal | None:
    multiplier = 1
    if text and text[-1] in "万亿千":
        multiplier = {"万": 10**4, "亿": 10**8, "千": 1000}[text[-1]]
        text = text[:-1]
    text = text.replace(",", "").replace("，", "")
    if not text or not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None
    return value * multiplier


def _split_qualifiers(text: str) -> tuple[list[Approx], str]:
    marks: list[Approx] = []
    changed = True
    while changed:
        changed = False
        for word in sorted(_PREFIXES, key=len, reverse=True):
            if text.startswith(word) and len(text) > len(word):
                marks.append(_PREFIXES[word])
                text = text[len(word) :]
                changed = True
                break
    for word in sorted(_SUFFIXES, key=len, reverse=True):
        if text.endswith(word) and len(text) > len(word):
            marks.append(_SUFFIXES[word])
            text = text[: -len(word)]
            break
    return marks, text


def _core_value(core: str) -> Decimal | None:
    if not core:
        return None
    if core[0].isdigit():
        return _parse_arabic(core)
    integer = parse_chinese_integer(core)
    return None if integer is None else Decimal(integer)


def parse_quantity(text: str) -> Quantity | None:
    """Read a number or share as written in prose; None when ``text`` is not one.

    >>> parse_quantity("1200余").bounds()
    (Decimal('1200'), Decimal('1300'))
    >>> parse_quantity("1.2万").value
    Decimal('12000.0')
    >>> parse_quantity("百分之十七").percent
    True
    """
    original = text
    text = _normalize(text)
    if not text:
        return None
    marks, core = _split_qualifiers(text)
    percent = False
    value: Decimal | None
    if core.endswith("%"):
        percent = True
        value = _core_value(core[:-1])
    elif core.startswith("百分之"):
        percent = True
        value = _core_value(core[3:])
    elif core.endswith("成") and len(core) == 2:
        percent = True
        tenth = _core_value(core[0])
        value = None if tenth is None else tenth * 10
    else:
        value = _core_value(core)
    if value is None:
        return None
    approx = tuple(dict.fromkeys(marks)) or (Approx.EXACT,)
    return Quantity(value=value, approx=approx, percent=percent, text=original)


def is_number_text(text: str) -> bool:
    """Whether the whole of ``text`` is a number or share that :func:`parse_quantity` reads."""
    text = unicodedata.normalize("NFKC", text).strip()
    return bool(_NUMBER_RE.match(text) or _PERCENT_RE.match(text)) and (
        parse_quantity(text) is not None
    )
