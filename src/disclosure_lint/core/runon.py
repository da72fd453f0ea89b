"""Tables written as running text, and numbers written together.

Crawlers and PDF-to-text tools often lose a table's cell boundaries: a row comes out as
``（一）予以公开6000017`` (a label followed by its seven cells without separators), a whole table as
one line (``规章007规范性文件7777166第二十条第（五）项…``), or a row label as a line of its own.
Two things are needed to read such text without guessing:

- :class:`LabelScanner` finds the official labels of one format table inside a line of text
  (labels, captions, column labels, group labels, the header note) and says what lies between
  them: numbers, punctuation, or other words. Only a line made of labels and numbers is read as
  table text, so a sentence that mentions 行政许可 is never taken for a row.
- :func:`split_run` splits numbers written together into the cells of a row. It lists every way
  to cut the digits into the row's cells (whitespace, where present, always separates cells; each
  cell must read as a value of its column), keeps only the cuts in which each 总计 column equals
  the sum of its sibling columns when more than one cut is possible, and reads a cell only when
  every remaining cut gives it the same text. Other cells stay not assessable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import product

from .formats import Block, Leaf, Node, TableDef, ValueKind
from .labels import match_keys, normalize
from .values import PLACEHOLDERS, ValueReason, parse_cell

# ---------------------------------------------------------------------------------------------
# Labels inside running text

LEAF = "leaf"  # a leaf row label
CAPTION = "caption"  # a 表二 caption (第二十条第（一）项)
COLUMN_GROUP = "column-group"  # a column group label (行政复议, 未经复议直接起诉)
STOP = "stop"  # any other label of the table: column labels, group rows, header, note, title

_IGNORABLE = re.compile(r"^[\s#*|:：,，、.。;；()（）\[\]【】<>《》\-—_~=]*$")
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
    if not text.strip() or _IGNORABLE.match(text):
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


# ---------------------------------------------------------------------------------------------
# Row totals


@dataclass(frozen=True)
class Relation:
    """A 总计 column that equals the sum of other columns of the same block (by position)."""

    total: int
    parts: tuple[int, ...]

    def keys(self, columns: tuple[Leaf, ...]) -> frozenset[str]:
        return frozenset(columns[i].key for i in (self.total, *self.parts))


_TOTAL_LABELS = frozenset({"总计", "合计"})


def total_relations(block: Block) -> tuple[Relation, ...]:
    """The row totals of a block, from the format's column tree.

    A leaf column labelled 总计 (or 合计) is the sum of every other leaf under the same parent:
    表三's 总计 = 自然人 + the five 法人或其他组织 columns; each 表四 group's 总计 = its four
    outcome columns.
    """
    position = {leaf.key: i for i, leaf in enumerate(block.leaf_columns)}
    relations: list[Relation] = []

    def leaves(node: Node) -> list[str]:
        return [leaf.key for leaf in node.leaves()]

    def visit(siblings: tuple[Node, ...]) -> None:
        for node in siblings:
            if not node.children and node.label and normalize(node.label) in _TOTAL_LABELS:
                parts = [
                    position[key]
                    for other in siblings
                    if other is not node
                    for key in leaves(other)
                ]
                if parts and node.key in position:
                    relations.append(Relation(position[node.key], tuple(sorted(parts))))
            if node.children:
                visit(node.children)

    visit(block.columns)
    return tuple(relations)


# ---------------------------------------------------------------------------------------------
# Splitting numbers written together

_MAX_CANDIDATES = 20000

_COUNT = re.compile(r"^\d+$")
_DELTA = re.compile(r"^[+\-]?\d+$")
_AMOUNT = re.compile(r"^\d+(?:\.\d+)?(?:万元|元)?$")
_SYMBOL_PLACEHOLDERS = frozenset(p for p in PLACEHOLDERS if not any(c.isalnum() for c in p))


def _admissible(text: str, kind: ValueKind) -> bool:
    if text in _SYMBOL_PLACEHOLDERS:
        return True
    if kind is ValueKind.DELTA:
        return bool(_DELTA.match(text))
    if kind is ValueKind.AMOUNT:
        return bool(_AMOUNT.match(text))
    return bool(_COUNT.match(text))


def _cuts(piece: str, count: int, kinds: tuple[ValueKind, ...]) -> list[tuple[str, ...]]:
    """Every way to cut ``piece`` into ``count`` admissible cells of the given kinds."""
    if count == 0:
        return [()] if not piece else []
    if len(piece) < count:
        return []
    out: list[tuple[str, ...]] = []
    for end in range(1, len(piece) - count + 2):
        head = piece[:end]
        if not _admissible(head, kinds[0]):
            continue
        for rest in _cuts(piece[end:], count - 1, kinds[1:]):
            out.append((head, *rest))
            if len(out) > _MAX_CANDIDATES:
                return out
    return out


def _distributions(lengths: list[int], total: int) -> list[tuple[int, ...]]:
    """Ways to give each piece at least one cell, ``total`` cells in all, at most its length."""
    if not lengths:
        return [()] if total == 0 else []
    out: list[tuple[int, ...]] = []
    rest_min = len(lengths) - 1
    for first in range(1, min(lengths[0], total - rest_min) + 1):
        for tail in _distributions(lengths[1:], total - first):
            out.append((first, *tail))
    return out


@dataclass(frozen=True)
class Split:
    """The outcome of splitting a run: one text per cell, None where the cuts disagree."""

    cells: tuple[str | None, ...]
    candidates: int  # admissible cuts before any row total was used
    kept: int  # cuts that remained
    used_totals: bool  # a row total was needed to decide

    @property
    def complete(self) -> bool:
        return all(c is not None for c in self.cells)

    @property
    def any(self) -> bool:
        return any(c is not None for c in self.cells)


def _number(text: str) -> Decimal | None:
    parsed = parse_cell(text)
    if parsed.reason is not ValueReason.NUMBER or parsed.value is None:
        return None
    return Decimal(parsed.value)


def _holds(cells: tuple[str, ...], relations: tuple[Relation, ...]) -> bool:
    for relation in relations:
        total = _number(cells[relation.total])
        parts = [_number(cells[i]) for i in relation.parts]
        if total is None or any(p is None for p in parts):
            continue  # a placeholder: the relation says nothing about this cut
        if sum(parts, Decimal(0)) != total:  # type: ignore[arg-type]
            return False
    return True


def _enumerate(pieces: list[str], kinds: tuple[ValueKind, ...]) -> list[tuple[str, ...]] | None:
    """Every admissible cut of the pieces into ``len(kinds)`` cells; None if too many."""
    out: list[tuple[str, ...]] = []
    for distribution in _distributions([len(p) for p in pieces], len(kinds)):
        per_piece: list[list[tuple[str, ...]]] = []
        offset = 0
        for piece, cells in zip(pieces, distribution, strict=True):
            cuts = _cuts(piece, cells, kinds[offset : offset + cells])
            if not cuts or len(cuts) > _MAX_CANDIDATES:
                break
            per_piece.append(cuts)
            offset += cells
        else:
            for combination in product(*per_piece):
                out.append(tuple(c for part in combination for c in part))
                if len(out) > _MAX_CANDIDATES:
                    return None
    return out


def _agreed(candidates: list[tuple[str, ...]], count: int) -> tuple[str | None, ...]:
    if not candidates:
        return tuple([None] * count)
    first = candidates[0]
    return tuple(
        first[i] if all(c[i] == first[i] for c in candidates) else None for i in range(count)
    )


def split_run(
    pieces: list[str], kinds: tuple[ValueKind, ...], relations: tuple[Relation, ...] = ()
) -> Split | None:
    """Split numbers written together into ``len(kinds)`` cells; None when there are too many
    ways to try. ``pieces`` are the run's whitespace-separated parts, each one cell or more."""
    count = len(kinds)
    candidates = _enumerate(pieces, kinds)
    if candidates is None:
        return None
    alone = _agreed(candidates, count)
    if len(candidates) <= 1 or not relations:
        return Split(alone, len(candidates), len(candidates), False)
    kept = [c for c in candidates if _holds(c, relations)]
    cells = _agreed(kept, count)
    used = any(cells[i] is not None and alone[i] is None for i in range(count))
    return Split(cells, len(candidates), len(kept), used)
