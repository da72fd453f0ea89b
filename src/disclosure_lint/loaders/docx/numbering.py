"""Word's automatic numbering rebuilt from ``numbering.xml``: the "一、" or "（三）" Word shows.

Word does not store the numbers it shows. :class:`Numbering` rebuilds them from the levels,
``lvlText`` (``%1、``, ``（%2）``), start values and ``startOverride`` of ``numbering.xml``, for
``w:numPr`` on a paragraph or on its style (following ``basedOn``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import lxml.etree

from .wordml import qn, to_int, w_val

if TYPE_CHECKING:
    from docx.document import Document

_CN = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int) -> str:
    """一 … 九十九, as Word's chineseCounting writes them (十, 十一, 二十)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += numeral
            n -= value
    return out


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    letter = chr(ord("A") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "ideographLegalTraditional",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "japaneseCounting",
    ):
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """Rebuilds the numbers Word shows for ``w:numPr`` paragraphs, in document order."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> numId, ilvl
    counters: dict[str, list[int]] = field(default_factory=dict)  # abstract id -> counters
    abstract_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document) -> Numbering:
        numbering = cls()
        try:
            numbering_el = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):
            numbering_el = None
        if numbering_el is not None:
            abstracts: dict[str, dict[int, _Level]] = {}
            for abstract in numbering_el.iterchildren(qn("abstractNum")):
                levels: dict[int, _Level] = {}
                for lvl in abstract.iterchildren(qn("lvl")):
                    ilvl = to_int(lvl.get(qn("ilvl")), 0)
                    levels[ilvl] = _Level(
                        fmt=w_val(lvl.find(qn("numFmt")), "decimal") or "decimal",
                        text=w_val(lvl.find(qn("lvlText")), "") or "",
                        start=to_int(w_val(lvl.find(qn("start"))), 1),
                    )
                abstracts[abstract.get(qn("abstractNumId")) or ""] = levels
            for num in numbering_el.iterchildren(qn("num")):
                num_id = num.get(qn("numId")) or ""
                abstract_id = w_val(num.find(qn("abstractNumId"))) or ""
                levels = dict(abstracts.get(abstract_id, {}))
                for override in num.iterchildren(qn("lvlOverride")):
                    ilvl = to_int(override.get(qn("ilvl")), 0)
                    start = override.find(qn("startOverride"))
                    if start is not None and ilvl in levels:
                        base = levels[ilvl]
                        levels[ilvl] = _Level(base.fmt, base.text, to_int(w_val(start), 1))
                numbering.levels[num_id] = levels
                # numbers with a start override restart their own list
                has_override = num.find(qn("lvlOverride")) is not None
                numbering.abstract_of[num_id] = num_id if has_override else abstract_id
        try:
            styles_el = document.styles.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):
            styles_el = None
        if styles_el is not None:
            based: dict[str, str] = {}
            direct: dict[str, tuple[str, int]] = {}
            for style in styles_el.iterchildren(qn("style")):
                style_id = style.get(qn("styleId")) or ""
                parent = w_val(style.find(qn("basedOn")))
                if parent:
                    based[style_id] = parent
                num_pr = style.find(f"{qn('pPr')}/{qn('numPr')}")
                if num_pr is not None:
                    num_id = w_val(num_pr.find(qn("numId")))
                    if num_id is not None:
                        direct[style_id] = (num_id, to_int(w_val(num_pr.find(qn("ilvl"))), 0))
            for style_id in list(based) + list(direct):
                current: str | None = style_id
                for _ in range(8):
                    if current is None:
                        break
                    if current in direct:
                        numbering.style_num[style_id] = direct[current]
                        break
                    current = based.get(current)
        return numbering

    def label(self, p: lxml.etree._Element) -> str:
        """The number shown before paragraph ``p`` ("一、"), or "" when it has none."""
        ppr = p.find(qn("pPr"))
        num_id: str | None = None
        ilvl = 0
        if ppr is not None:
            num_pr = ppr.find(qn("numPr"))
            style_id = w_val(ppr.find(qn("pStyle")))
            if style_id and style_id in self.style_num:
                num_id, ilvl = self.style_num[style_id]
            if num_pr is not None:
                direct_id = w_val(num_pr.find(qn("numId")))
                if direct_id is not None:
                    num_id = direct_id
                ilvl_el = num_pr.find(qn("ilvl"))
                if ilvl_el is not None:
                    ilvl = to_int(w_val(ilvl_el), 0)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        level = levels.get(ilvl)
        if level is None:
            return ""
        key = self.abstract_of.get(num_id, num_id)
        counters = self.counters.setdefault(key, [0] * 10)
        if counters[ilvl] == 0:
            counters[ilvl] = level.start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        text = level.text
        for index in range(9, -1, -1):
            placeholder = f"%{index + 1}"
            if placeholder in text:
                value = counters[index] or (levels[index].start if index in levels else 1)
                fmt = levels[index].fmt if index in levels else "decimal"
                text = text.replace(placeholder, format_number(value, fmt))
        return text
