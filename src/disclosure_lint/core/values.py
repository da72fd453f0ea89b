"""Parsing of table cell text into values.

A cell keeps its raw text and gets a parsed value (``int`` or ``Decimal``) or ``None`` with a
reason. Placeholders are never turned into 0: arithmetic over them is "not assessable".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .kept import KeptAnswers
from .labels import nfkc, without_spaces


class ValueReason(StrEnum):
    """Why a cell has (or has not) a numeric value."""

    NUMBER = "number"  # parsed to a number
    BLANK = "blank"  # empty cell
    PLACEHOLDER = "placeholder"  # "/", "-", "—", "无" …
    TEXT = "text"  # non-numeric text
    MISSING = "missing"  # the cell was not found in the source at all


class Irregularity(StrEnum):
    """Ways a number can be written non-canonically. Values parse, but are worth a warning."""

    LEADING_ZERO = "leading-zero"  # "00", "007"
    PLUS_SIGN = "plus-sign"  # "+3"
    THOUSANDS_SEPARATOR = "thousands-separator"  # "1,234"
    FULL_WIDTH_DIGITS = "full-width-digits"  # "１２"
    UNIT_SUFFIX = "unit-suffix"  # "251000元"
    TRAILING_ZERO_DECIMAL = "trailing-zero-decimal"  # "3.0" in a count column


PLACEHOLDERS = frozenset(
    {
        "/",
        "／",
        "\\",
        "-",
        "－",
        "—",
        "——",
        "–",
        "--",
        "---",
        "无",
        "空",
        "暂无",
        "不适用",
        "N/A",
        "n/a",
        "NA",
        "x",
        "X",
        "×",
        "*",
    }
)

_WIDE_DIGIT = re.compile("[０-９]")
_ZERO_WIDTH = re.compile("[\u200b\ufeff]+")
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_UNIT = re.compile(r"(万元|亿元|元|件|条|个|项|次|人次|人)$")
#: a CJK unified ideograph that is not one of the units of :data:`_UNIT`
_WORD = re.compile("(?![万亿元件条个项次人])[\u4e00-\u9fff]")
_NUMBER = re.compile(
    r"""^(?P<sign>[+-])?
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)
        (?:\.(?P<frac>\d+))?$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class ParsedValue:
    value: int | Decimal | None
    reason: ValueReason
    irregularities: tuple[Irregularity, ...] = field(default=())
    unit: str | None = None

    @property
    def is_number(self) -> bool:
        return self.reason is ValueReason.NUMBER


def clean_cell_text(raw: str) -> str:
    """Strip spaces of every width (incl. NBSP, U+3000, zero-width) from a cell's text."""
    return without_spaces(raw, _ZERO_WIDTH)  # what ``_SPACE.sub("", raw)`` does, faster


#: texts up to this long are cell values and labels, parsed again and again (cached); longer
#: ones are lines of prose that a reader tries as a value once: a cache of them held a whole
#: line for each and grew with the batch (about 7 KB a report), for almost no hits
CACHED_CHARS = 64
#: cell texts kept parsed; the cache is emptied when it holds this many
MAX_PARSED = 65536


#: cell texts parsed (:mod:`.kept`): a report's tables ask for hundreds of cells, mostly the
#: same few texts (issue 16); texts up to :data:`CACHED_CHARS` long are kept
_PARSED: KeptAnswers[str | None, ParsedValue] = KeptAnswers(
    lambda raw: _parse(raw), MAX_PARSED, lambda raw: raw is None or len(raw) <= CACHED_CHARS
)

#: :func:`parse_cell` as one look-up (the cache's ``__getitem__``, a call into C): for the
#: readers that parse every cell of every table
parsed_cell = _PARSED.__getitem__


def parse_cell(raw: str | None) -> ParsedValue:
    """Parse the text of one table cell.

    >>> parse_cell(" 00").irregularities
    (<Irregularity.LEADING_ZERO: 'leading-zero'>,)
    >>> parse_cell("/").reason
    <ValueReason.PLACEHOLDER: 'placeholder'>
    """
    return _PARSED[raw]


def _parse(raw: str | None) -> ParsedValue:
    if raw is None:
        return ParsedValue(None, ValueReason.MISSING)
    text = clean_cell_text(raw)
    if not text:
        return ParsedValue(None, ValueReason.BLANK)
    if text in PLACEHOLDERS:
        return ParsedValue(None, ValueReason.PLACEHOLDER)
    if _WORD.search(text):
        # a Chinese character that is no unit stays in the text whatever the normalisation (it
        # is its own NFKC form and never composes), so the number pattern cannot match: most
        # texts tried as a value are words and sentences, NFKC of which is slow (issue 16)
        return ParsedValue(None, ValueReason.TEXT)
    return _parse_cleaned(text)


def _parse_cleaned(text: str) -> ParsedValue:
    """A cell's cleaned text, neither blank nor a placeholder, parsed."""
    irregular: list[Irregularity] = []
    folded = nfkc(text)
    if folded != text and _WIDE_DIGIT.search(text):
        irregular.append(Irregularity.FULL_WIDTH_DIGITS)
    folded = folded.replace("，", ",")
    unit = None
    unit_match = _UNIT.search(folded)
    if unit_match and unit_match.start() > 0:
        unit = unit_match.group(1)
        folded = folded[: unit_match.start()]
        irregular.append(Irregularity.UNIT_SUFFIX)
    match = _NUMBER.match(folded)
    if not match:
        return ParsedValue(None, ValueReason.TEXT)
    sign, integer, frac = match.group("sign"), match.group("int"), match.group("frac")
    if "," in integer:
        irregular.append(Irregularity.THOUSANDS_SEPARATOR)
        integer = integer.replace(",", "")
    if len(integer) > 1 and integer.startswith("0"):
        irregular.append(Irregularity.LEADING_ZERO)
    if sign == "+":
        irregular.append(Irregularity.PLUS_SIGN)
    value: int | Decimal
    if frac is not None:
        try:
            value = Decimal(f"{'-' if sign == '-' else ''}{integer}.{frac}")
        except InvalidOperation:  # pragma: no cover - the regex admits only digits
            return ParsedValue(None, ValueReason.TEXT)
    else:
        value = int(integer) * (-1 if sign == "-" else 1)
    return ParsedValue(value, ValueReason.NUMBER, tuple(irregular), unit)


def is_valueish(raw: str) -> bool:
    """True when a token reads as a cell value (a number, a placeholder or blank)."""
    return parse_cell(raw).reason is not ValueReason.TEXT
