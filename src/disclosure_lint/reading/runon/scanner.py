"""The official labels of one format table found inside a line of running text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...core.formats import TableDef
from ...core.labels import match_keys, normalize
from ...core.values import PLACEHOLDERS

LEAF = "leaf"  # a leaf row label
CAPTION = "caption"  # a 表二 caption (第二十条第（一）项)
COLUMN_GROUP = "column-group"  # a column group label (行政复议, 未经复议直接起诉)
STOP = "stop"  # any other label of the table: column labels, group rows, header, note, title

_IGNORABLE = re.compile(r"^[\s#*|:：,，、.。;；()（）\[\]【】<>《》\-—_~=]*$")
# a unit after a column label: "采购总金额（元）", "（单位：万元）"
_UNIT = re.compile(r"^\s*[（(]\s*(?:单位\s*[:：]\s*)?(?:万?元|件|条|个|项)\s*[)）]\s*$")
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
    lengths: dict[str, tuple[int, ...]]  # first character -> key lengths, longest first
    row_labels: tuple[str, ...]  # normalised row labels (leaf and group), for fragments


@lru_cache(maxsize=64)
def _keys(tdef: TableDef) -> _Keys:
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
    lengths: dict[str, set[int]] = {}
    for key in kinds:
        lengths.setdefault(key[0], set()).add(len(key))
    return _Keys(
        kinds,
        {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()},
        tuple(row_labels),
    )


def _normalized_with_origin(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for out in normalize(ch):
            chars.append(out)
            origin.append(index)
    return "".join(chars), origin


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


class LabelScanner:
    """Finds the labels of one format table in a line of text."""

    def __init__(self, tdef: TableDef) -> None:
        self.tdef = tdef
        self._k = _keys(tdef)

    def scan(self, text: str) -> list[Piece]:
        """The line as labels and the stretches between them, leftmost longest label first."""
        norm, origin = _normalized_with_origin(text)
        pieces: list[Piece] = []
        gap_start = 0  # index in ``text``
        i = 0
        while i < len(norm):
            hit: str | None = None
            for length in self._k.lengths.get(norm[i], ()):
                candidate = norm[i : i + length]
                if len(candidate) == length and candidate in self._k.kinds:
                    hit = candidate
                    break
            if hit is None:
                i += 1
                continue
            start = origin[i]
            end = origin[i + len(hit) - 1] + 1
            if start > gap_start:
                gap = text[gap_start:start]
                pieces.append(Piece(_classify_gap(gap), gap))
            pieces.append(Piece(self._k.kinds[hit], text[start:end], hit))
            gap_start = end
            i += len(hit)
        if gap_start < len(text):
            gap = text[gap_start:]
            pieces.append(Piece(_classify_gap(gap), gap))
        return pieces

    def tabular(self, pieces: list[Piece]) -> bool:
        """A line that is table text: labels and numbers only, and at least one label."""
        has_label = any(p.key is not None for p in pieces)
        return has_label and not any(p.kind == "text" for p in pieces)

    def label_key(self, text: str) -> str | None:
        """The key when ``text`` is exactly one leaf row label (ignoring punctuation around it)."""
        norm = normalize(text).strip("#*|")
        kind = self._k.kinds.get(norm)
        return norm if kind == LEAF else None

    def is_fragment(self, text: str) -> bool:
        """True when ``text`` is a piece of a row label (a label broken over cells or lines)."""
        norm = normalize(text)
        if len(norm) < 3:
            return False
        return any(norm in label for label in self._k.row_labels)
