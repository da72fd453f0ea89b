"""Label normalisation and matching.

Published reports write the official labels with full- or half-width punctuation, line breaks and
spaces inside cells, different quotation marks and "、" or "，" between clauses. Matching always
happens on a normalised form; the label *as written* is kept separately for display.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .kept import KeptAnswers

# Characters that are removed entirely before matching: all whitespace (incl. full-width space,
# NBSP, zero-width characters) and the typographic marks that differ between copies.
_DROP = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000]+")

# Punctuation folded onto one representative. NFKC already folds full-width ASCII (（）：，０-９);
# the remaining mappings are Chinese-specific.
_FOLD = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "、": ",",
        "，": ",",
        "；": ";",
        "。": ".",
        "．": ".",
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "［": "[",
        "］": "]",
        "—": "-",
        "–": "-",
        "－": "-",
        "／": "/",
        "＼": "\\",
    }
)

# A leading ordinal's separator: "1、" "1，" "1：" become "1.", "一." "一：" become "一," (the
# official labels write "1." and "一、"). Not before a digit: "1,000" and "2019、2020年" stay.
_DIGIT_ORDINAL = re.compile(r"^(\d{1,2})[,:](?!\d)")
_CN_ORDINAL_CHARS = frozenset("一二三四五六七八九十")
_CN_ORDINAL = re.compile(r"^([一二三四五六七八九十]{1,3})[.:](?!\d)")

_ORDINAL = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十]+[,.:]"  # 一、 (、 folded to ,)
    r"|\([一二三四五六七八九十]+\)"  # （一）
    r"|\(?\d{1,2}\)"  # (1) or 1)
    r"|\d{1,2}[,.:](?!\d)"  # 1. 1、
    r")"
)


# Speed (issue 16): NFKC and ``str.translate`` walk a long text of Chinese a character at a time
# in slow paths (a report's whole text costs milliseconds). Both steps are done here by replacing
# only the characters present, which gives the same result:
# - full-width ASCII forms (U+FF01-U+FF5E) and the ideographic space are replaced by their NFKC
#   form (one ASCII character, their whole compatibility decomposition) before NFKC, so NFKC
#   usually finds the text already normalised; NFKC of the result is NFKC of the original because
#   NFKC decomposes every character first;
# - the folding replaces each character of ``_FOLD`` present; its replacements are ASCII, never
#   a key, so replacing one character after another is the same as translating them all at once.
_WIDE = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_WIDE_CHARS = re.compile("[\uff01-\uff5e\u3000]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_FOLD_BY_CHAR = {chr(code): target for code, target in _FOLD.items()}
_FOLD_CHARS = re.compile("[" + re.escape("".join(_FOLD_BY_CHAR)) + "]")


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster on long text of Chinese (see above)."""
    return unicodedata.normalize("NFKC", _replace_each(text, _WIDE_CHARS, _WIDE))


def _replace_each(text: str, chars: re.Pattern[str], replacement: dict[str, str]) -> str:
    """``text`` with every character ``chars`` matches replaced by its one-character
    ``replacement``, which ``chars`` does not match: one search for each character replaced,
    from where the last one was found (the text before it holds none any more, and the
    replacements keep every position), and one ``str.replace`` for all its occurrences. A long
    text writes "，" hundreds of times: listing every occurrence (``findall``) cost more than
    the replacing."""
    found = chars.search(text)
    while found is not None:
        char = found.group()
        text = text.replace(char, replacement[char])
        found = chars.search(text, found.start() + 1)
    return text


def _drop(text: str) -> str:
    """``_DROP.sub("", text)``."""
    return without_spaces(text, _ZERO_WIDTH)


#: every character a ``zero_width`` pattern of :func:`without_spaces` may match
ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff"


def without_spaces(text: str, zero_width: re.Pattern[str]) -> str:
    """``text`` without white space and without the characters ``zero_width`` matches:
    ``str.split`` removes the white space a pattern's ``\\s`` matches (``str.isspace``) ten
    times faster than the pattern; the zero-width characters go after. (Those of
    :data:`ZERO_WIDTH_CHARS` are looked for with ``in`` first, which is faster than a search
    with the pattern on a long text; ``zero_width`` matches no other character.)"""
    text = "".join(text.split())
    for char in ZERO_WIDTH_CHARS:
        if char in text:
            return zero_width.sub("", text)
    return text


def _fold(text: str) -> str:
    """``text.translate(_FOLD)``, replacing only the characters present."""
    return _replace_each(text, _FOLD_CHARS, _FOLD_BY_CHAR)


#: texts up to this long are labels and fragments, normalised again and again (cached); longer
#: ones are whole texts (format detection), kept in a small cache only: a large cache of them
#: held thousands of report texts and grew with the batch
_LABEL_CHARS = 200
#: labels kept normalised; the cache is emptied when it holds this many
_MAX_LABELS = 8192


#: labels normalised (:mod:`.kept`): the table reader normalises every cell of every table,
#: mostly the same few labels and numbers (issue 16); texts up to :data:`_LABEL_CHARS` kept
_NORMALIZED: KeptAnswers[str, str] = KeptAnswers(
    lambda text: _normalize(text) if len(text) <= _LABEL_CHARS else _normalize_text(text),
    _MAX_LABELS,
    lambda text: len(text) <= _LABEL_CHARS,
)

#: :func:`normalize` as one look-up (the cache's ``__getitem__``, a call into C): for the
#: readers that normalise every cell of every table
normalized = _NORMALIZED.__getitem__


def normalize(text: str) -> str:
    """Return the matching form of a label or text fragment.

    >>> normalize("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    '(二)部分公开(区分处理的,只计这一情形,不计其他情形)'
    >>> normalize("本年新\\n制作数量")
    '本年新制作数量'

    A leading ordinal's separator is folded too: ``3、其他``, ``3，其他`` and ``3.其他`` are one
    label, as are ``三、`` and ``三.``.
    """
    return _NORMALIZED[text]


@lru_cache(maxsize=16)
def _normalize_text(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    folded = _drop(_fold(nfkc(text)))
    if folded[:1].isdigit():
        return _DIGIT_ORDINAL.sub(r"\1.", folded, count=1)
    if folded[:1] in _CN_ORDINAL_CHARS:
        return _CN_ORDINAL.sub(r"\1,", folded, count=1)
    return folded


def strip_ordinal(normalized: str) -> str:
    """Remove a leading ordinal such as ``一、``, ``（三）`` or ``1.`` from a normalised label."""
    return _ORDINAL.sub("", normalized, count=1)


def ordinal_of(normalized: str) -> str | None:
    """The leading ordinal of a normalised label, if any (``"(三)"``, ``"1."``, ``"一,"``)."""
    match = _ORDINAL.match(normalized)
    return match.group(0) if match else None


def match_keys(label: str, variants: tuple[str, ...] = ()) -> frozenset[str]:
    """All normalised forms under which a defined label is recognised.

    The label itself and each variant match in full. When the official label starts with an
    ordinal and the rest is specific enough (four characters or more), the form without the
    ordinal matches too: reports write ``1. 属于国家秘密``, ``（1）属于国家秘密`` or drop the
    number altogether. Short cores such as ``其他`` are never matched without their ordinal,
    because they collide with column labels.
    """
    keys: set[str] = set()
    for text in (label, *variants):
        norm = normalize(text)
        if not norm:
            continue
        keys.add(norm)
        core = strip_ordinal(norm)
        if core != norm and len(core) >= 4:
            keys.add(core)
    return frozenset(keys)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS.update({"七": 7, "八": 8, "九": 9})


def chinese_ordinal_value(text: str) -> int | None:
    """Value of a small Chinese ordinal (一 … 九十九); None if ``text`` is not one."""
    if not text:
        return None
    if text == "十":
        return 10
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _CN_DIGITS.get(head) if head else 1
        ones = _CN_DIGITS.get(tail) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    return None
