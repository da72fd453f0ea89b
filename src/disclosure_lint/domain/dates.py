"""Dates as reports and pages write them, and the dates a report carries.

Pages give a publication date in metadata ("发布时间: 2021-03-05 08:58"); the report itself is
dated below its title ("（2026年1月23日）") or under the signature at its end ("2024年1月17日",
also "二〇二四年一月十七日"). :func:`parse_date` reads all of these; :func:`document_dates` finds
the lines of a report that hold nothing but a date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..core.model import Report
from .numbers import parse_chinese_integer

_CN_NUM = "零〇○一二两三四五六七八九十"
_DATE = re.compile(
    rf"(?P<y>[0-9]{{4}}|[{_CN_NUM}]{{4}})\s*(?:年|[-/.])\s*"
    rf"(?P<m>[0-9]{{1,2}}|[{_CN_NUM}]{{1,3}})\s*(?:月|[-/.])\s*"
    rf"(?P<d>[0-9]{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日?"
)
_ONLY_DATE = re.compile(rf"^[（(【\[]?\s*(?:{_DATE.pattern})\s*[)）】\]]?\s*$")


def _int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return parse_chinese_integer(text)


def parse_date(value: object) -> dt.date | None:
    """A date from a string (ISO, 2021/3/5, 2026年1月23日, 二〇二四年一月十七日, with a time
    after it) or a ``date``/``datetime``; None when it holds no valid date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value)
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (_int(match.group(g)) for g in ("y", "m", "d"))
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def impossible_date(value: str) -> bool:
    """True when ``value`` is written as a date that does not exist (2025-02-30, 2025年13月1日)."""
    match = _DATE.search(unicodedata.normalize("NFKC", value))
    if not match:
        return False
    year, month, day = (_int(match.group(g)) for g in ("y", "m", "d"))
    if year is None or month is None or day is None:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return True
    return False


def document_dates(report: Report) -> list[tuple[dt.date, int]]:
    """Dates standing alone on a line of the report (under the title or the signature), with
    their line numbers, in document order. Empty when the report has no source lines."""
    found: list[tuple[dt.date, int]] = []
    for number, line in enumerate(report.lines or [], start=1):
        text = unicodedata.normalize("NFKC", line).strip()
        if not text or len(text) > 24 or not _ONLY_DATE.match(text):
            continue
        date = parse_date(text)
        if date is not None:
            found.append((date, number))
    return found
