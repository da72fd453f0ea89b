"""The official labels of one format table found inside a line of running text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from ...core.formats import TableDef
from ...core.labels import match_keys, normalize
from ...core.values import PLACEHOLDERS
from ..derived import derived

LEAF = "leaf"  # a leaf row label
CAPTION = "caption"  # a 表二 caption (第二十条第（一）项)
COLUMN_GROUP = "column-group"  # a column group label (行政复议, 未经复议直接起诉)
STOP = "stop"  # any other label of the table: column labels, group rows, header, note, title

_IGNORABLE = re.compile(r"^[\s#*|:：,，、.。;；()（）\[\]【】<>《》\-—_~=]*$")
# a unit after a column label: "采购总金额（元）", "（单位：万元）"
_UNIT = re.compile(r"^\s*[（(]\s*(?:单位\s*[:：]\s*)?(?:万?元|件|条|个|项)\s*[)）]\s*$")
#: the CJK unified ideographs (a character class's range)
_IDEOGRAPHS = "\u4e00-\u9fff"
_RUN_PIECE = re.compile(r"^[+\-]?(?:\d[\d.,]*)(?:[+\-]\d[\d.,]*)*(?:万元|元)?$")


@dataclass(frozen=True)
class Piece:
    """A stretch of a scanned line: a label of the table, or the text between two labels."""

    kind: str  # LEAF, CAPTION, COLUMN_GROUP, STOP, "values", "ignorable" or "text"
    text: str  # as written
    key: str | None = None  # normalised label key for labels


@dataclass(frozen=True)
class _Keys:
    kinds: dict[str, str]
    #: every key, longest first: at a position of the line the first alternative that matches is
    #: the longest key there
    pattern: re.Pattern[str]
    row_labels: tuple[str, ...]  # normalised row labels (leaf and group), for fragments
    longest: int  # characters of the longest key
    #: matches the start of a text holding more CJK ideographs than :attr:`longest`
    too_long: re.Pattern[str]


def _keys(tdef: TableDef) -> _Keys:
    return derived(tdef, "scanner-keys", lambda: _derive_keys(tdef))


def _derive_keys(tdef: TableDef) -> _Keys:
    kinds: dict[str, str] = {}

    def add(keys: frozenset[str], kind: str) -> None:
        for key in keys:
            # a leaf label wins over a stop with the same text; otherwise the first one stays
            if key not in kinds or (kind == LEAF and kinds[key] == STOP):
                kinds[key] = kind

    add(match_keys(tdef.title), STOP)
    add(match_keys(f"{tdef.name}{tdef.title}"), STOP)
    if tdef.note:
        add(match_keys(tdef.note), STOP)
    row_labels: list[str] = []
    for block in tdef.blocks:
        add(block.caption_match, CAPTION)
        if block.header:
            add(match_keys(block.header), STOP)
        for node in block.row_nodes():
            if node.label:
                row_labels.append(normalize(node.label))
                row_labels.extend(normalize(v) for v in node.variants)
            add(node.match, LEAF if not node.children else STOP)
        for node in block.column_nodes():
            add(node.match, COLUMN_GROUP if node.children else STOP)
    longest_first = sorted(kinds, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(key) for key in longest_first) or "(?!)")
    longest = max(map(len, kinds), default=0)
    return _Keys(kinds, pattern, tuple(row_labels), longest, _more_ideographs_than(longest))


def _more_ideographs_than(count: int) -> re.Pattern[str]:
    """A pattern matching the start of a text that holds more than ``count`` CJK unified
    ideographs. Each one is its own normal form and never composes with a neighbour (tested),
    so the normal form of such a text is longer than ``count`` characters."""
    return re.compile(f"(?:[^{_IDEOGRAPHS}]*+[{_IDEOGRAPHS}]){{{count + 1}}}")


class _ByChar(dict[str, str]):
    """``normalize`` of single characters, computed once for each character met."""

    def __missing__(self, char: str) -> str:
        if len(self) >= _MAX_CHARS:
            self.clear()
        out = self[char] = normalize(char)
        return out


#: characters kept by :data:`_BY_CHAR` (a Chinese report uses a few thousand)
_MAX_CHARS = 65536
_BY_CHAR = _ByChar()

#: the characters that may normalise to something else than themselves: all but the CJK unified
#: ideographs and printable ASCII other than the space, which are their own normal form (tested)
_MAY_CHANGE = re.compile(f"[^{_IDEOGRAPHS}\x21-\x7e]")
#: never matched by :data:`_MAY_CHANGE`: stands for the characters already listed
_LISTED = "!"
#: lines up to this long are mapped a character at a time (no pattern to search)
_SHORT = 32


def _normalized_with_origin(text: str) -> tuple[str, Sequence[int]]:
    """The normalised text and, for each of its characters, the index it came from.

    Each character is normalised alone (see :func:`_by_character`). A longer line (a paragraph,
    a table written on one line) is normalised by replacing the few distinct characters that
    change, when none becomes more than one character (issue 16).
    """
    if len(text) <= _SHORT:
        return _by_character(text)
    changed: dict[str, str] = {}
    work = text
    found = _MAY_CHANGE.search(work)
    while found is not None:
        char = found.group()
        out = _BY_CHAR[char]
        if out != char:
            changed[char] = out
        work = work.replace(char, _LISTED)
        found = _MAY_CHANGE.search(work, found.start() + 1)
    outs = changed.values()
    # replacing one character after another is replacing them all at once when no character
    # replaced comes out of another's replacement
    if any(len(out) > 1 or out in changed for out in outs):
        return _by_character(text)
    norm = text
    for char, out in changed.items():
        norm = norm.replace(char, out)
    dropped = "".join(char for char, out in changed.items() if not out)
    if not dropped:
        return norm, range(len(text))
    origin: list[int] = []
    start = 0
    for gap in re.finditer(f"[{re.escape(dropped)}]+", text):
        origin.extend(range(start, gap.start()))
        start = gap.end()
    origin.extend(range(start, len(text)))
    return norm, tuple(origin)


def _by_character(text: str) -> tuple[str, Sequence[int]]:
    """:func:`_normalized_with_origin` by its definition: each character normalised alone
    (looked up in :data:`_BY_CHAR`), the pieces joined; a character normalised to nothing
    (space) has no index, one normalised to several has its index for each."""
    mapped = list(map(_BY_CHAR.__getitem__, text))
    lengths = set(map(len, mapped))
    if lengths <= {1}:
        return "".join(mapped), range(len(text))
    if lengths <= {0, 1}:
        return "".join(mapped), tuple(compress(range(len(text)), mapped))
    chars: list[str] = []
    origin: list[int] = []
    for index, outs in enumerate(mapped):
        for out in outs:
            chars.append(out)
            origin.append(index)
    return "".join(chars), tuple(origin)


def is_value_run(text: str) -> bool:
    """True for text made only of numbers written with or without spaces (``200 000121``)."""
    pieces = text.split()
    if not pieces:
        return False
    return all(_RUN_PIECE.match(p) or p in PLACEHOLDERS for p in pieces)


def _classify_gap(text: str) -> str:
    if not text.strip() or _IGNORABLE.match(text) or _UNIT.match(text):
        return "ignorable"
    if is_value_run(text):
        return "values"
    return "text"


def _scan(keys: _Keys, text: str) -> tuple[Piece, ...]:
    """The labels of ``keys`` in ``text`` and the stretches between them (see LabelScanner)."""
    norm, origin = _normalized_with_origin(text)
    pieces: list[Piece] = []
    gap_start = 0  # index in ``text``
    for match in keys.pattern.finditer(norm):
        hit = match.group()
        start = origin[match.start()]
        end = origin[match.end() - 1] + 1
        if start > gap_start:
            gap = text[gap_start:start]
            pieces.append(Piece(_classify_gap(gap), gap))
        pieces.append(Piece(keys.kinds[hit], text[start:end], hit))
        gap_start = end
    if gap_start < len(text):
        gap = text[gap_start:]
        pieces.append(Piece(_classify_gap(gap), gap))
    return tuple(pieces)


#: lines up to this long are kept scanned with the format table, at most :data:`_MAX_SHARED`
#: of them (emptied when full); longer ones (paragraphs) only for one report
_SHARED_CHARS = 256
_MAX_SHARED = 2048


def _scans(tdef: TableDef) -> dict[str, tuple[Piece, ...]]:
    """The short lines scanned for ``tdef`` (line -> its pieces), shared by its scanners."""
    return derived(tdef, "scanned-lines", dict)


class LabelScanner:
    """Finds the labels of one format table in a line of text.

    A scanner keeps the lines it scanned: one scanner per table of a report serves both the
    section text (prose told from table text) and the table's mapping, which scan the same
    lines. Short lines are kept with the format table instead (a scan depends on nothing else),
    for every report: the reports of a batch share many (a template, table text written the
    same way).
    """

    def __init__(self, tdef: TableDef) -> None:
        self.tdef = tdef
        self._k = _keys(tdef)
        self._scanned: dict[str, tuple[Piece, ...]] = {}
        self._shared = _scans(tdef)

    def scan(self, text: str) -> list[Piece]:
        """The line as labels and the stretches between them, leftmost longest label first."""
        kept = self._shared if len(text) <= _SHARED_CHARS else self._scanned
        pieces = kept.get(text)
        if pieces is None:
            if len(kept) >= _MAX_SHARED:
                kept.clear()
            pieces = kept[text] = _scan(self._k, text)
        return list(pieces)

    def tabular(self, pieces: list[Piece]) -> bool:
        """A line that is table text: labels and numbers only, and at least one label."""
        has_label = any(p.key is not None for p in pieces)
        return has_label and not any(p.kind == "text" for p in pieces)

    def label_key(self, text: str) -> str | None:
        """The key when ``text`` is exactly one leaf row label (ignoring punctuation around it)."""
        if len(text) > self._k.longest and self._k.too_long.match(text):
            return None  # longer than any key once normalised (prose lines joined, issue 16)
        norm = normalize(text).strip("#*|")
        kind = self._k.kinds.get(norm)
        return norm if kind == LEAF else None

    def is_fragment(self, text: str) -> bool:
        """True when ``text`` is a piece of a row label (a label broken over cells or lines)."""
        norm = normalize(text)
        if len(norm) < 3:
            return False
        return any(norm in label for label in self._k.row_labels)
