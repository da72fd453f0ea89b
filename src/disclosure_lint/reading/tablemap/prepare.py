"""Source rows made ready for mapping: prose lines read as table text, broken labels joined."""

from __future__ import annotations

import operator
import re

from ...core.formats import TableDef
from ..derived import derived
from ..runon import LabelScanner, Piece
from .source import CELLS, PROSE, SourceRow, Token, is_value

#: labels a stretch of table text inside a paragraph has at least (a caption, its header, a row)
_MIN_STRETCH_LABELS = 3
#: numbers at the start of a paragraph's words, ended by a space: the last cells of a table
_NUMBER = r"[+\-]?\d[\d.,]*(?:万元|元)?"
_LEADING_VALUES = re.compile(rf"^\s*((?:{_NUMBER}\s+)*{_NUMBER})\s")


def prepare_rows(
    tdef: TableDef, rows: list[SourceRow], scanner: LabelScanner | None = None
) -> list[SourceRow]:
    """Read prose lines that are table text; join row labels broken over cells or lines."""
    scanner = scanner or LabelScanner(tdef)
    out: list[SourceRow] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        index += 1
        if row.kind == CELLS:
            joined = _join_broken_label(scanner, row)
            if row.lines and sum(scanner.label_key(t.text) is not None for t in joined.tokens) > 1:
                # labels apart from their numbers: the numbers are a row of their own
                cut = max(i for i, t in enumerate(joined.tokens) if not is_value(t.text)) + 1
                out.extend((SourceRow(joined.tokens[:cut]), SourceRow(joined.tokens[cut:])))
            else:
                out.append(joined)
            continue
        if row.kind != PROSE:
            out.append(row)
            continue
        token = row.tokens[0]
        pieces = scanner.scan(token.text)
        if scanner.tabular(pieces):
            out.append(_table_text(pieces, token))
            continue
        stretches = _table_stretches(pieces)
        if stretches:
            # a table inside a paragraph: "…信息49条。第二十条第（一）项信息内容…规章000…"
            out.extend(_table_text(stretch, token) for stretch in stretches)
            continue
        # a row label broken over two or three lines ("（二）部分公开（区分…这一情" / "形，…）")
        for span in (2, 3):
            following = rows[index - 1 : index - 1 + span]
            if len(following) < span or any(r.kind != PROSE for r in following):
                break
            text = "".join(r.tokens[0].text.strip() for r in following)
            if scanner.label_key(text) is not None:
                out.append(SourceRow([Token(text, token.location)]))
                index += span - 1
                break
    return out


def _table_text(pieces: list[Piece], token: Token) -> SourceRow:
    """Table text as cells: each label one cell, each number run one joined cell."""
    tokens: list[Token] = []
    for piece in pieces:
        if piece.key is not None:
            tokens.append(Token(piece.text.strip(), token.location))
        elif piece.kind == "values":
            tokens.extend(Token(t, token.location, joined=True) for t in piece.text.split())
    return SourceRow(tokens)


def _table_stretches(pieces: list[Piece]) -> list[list[Piece]]:
    """The stretches of a line between words that are not the table's: labels and numbers only,
    with at least :data:`_MIN_STRETCH_LABELS` labels and a number, so that a sentence naming a row
    ("行政许可类信息3条") is never read as table text."""
    stretches: list[list[Piece]] = []
    current: list[Piece] = []
    for piece in [*pieces, Piece("text", "")]:
        if piece.kind != "text":
            current.append(piece)
            continue
        lead = _LEADING_VALUES.match(piece.text)
        if current and current[-1].key is not None and lead:
            current.append(Piece("values", lead.group(1)))  # "行政事业性收费9116.36 (二)主动…"
        labels = sum(1 for p in current if p.key is not None)
        if labels >= _MIN_STRETCH_LABELS and any(p.kind == "values" for p in current):
            stretches.append(current)
        current = []
    return stretches


_TEXT = operator.attrgetter("text")


def _join_broken_label(scanner: LabelScanner, row: SourceRow) -> SourceRow:
    """Join neighbouring text cells that together make one row label."""
    tokens = row.tokens
    if len(tokens) < 2:
        return row
    values = list(map(is_value, map(_TEXT, tokens)))
    if all(map(operator.or_, values, values[1:])):
        return row  # no two text cells side by side: nothing to join
    joined: list[Token] = []
    joins = _joins(scanner)
    count = len(tokens)
    i = 0
    while i < count:
        if values[i] or i + 1 == count or values[i + 1]:
            # not two text cells from here: kept (what the search below finds, without it)
            joined.append(tokens[i])
            i += 1
            continue
        # the text cells from i on (at most 3): a label is looked for in the longest stretch
        # of two or three of them first
        run_end = i
        while run_end < min(count, i + 3) and not values[run_end]:
            run_end += 1
        run = tuple(t.text for t in tokens[i:run_end])
        kept = joins.get(run)
        if kept is None:
            kept = _joined_label(scanner, run)
            if sum(map(len, run)) <= _JOINS_CHARS:
                if len(joins) >= _MAX_JOINS:
                    joins.clear()
                joins[run] = kept
        cells, text = kept
        if cells:
            joined.append(Token(text, tokens[i].location))
            i += cells
        else:
            joined.append(tokens[i])
            i += 1
    return row if len(joined) == len(tokens) else SourceRow(joined, row.kind)


#: stretches of text cells (up to this many characters) kept with the answer of their search,
#: for each format table (a batch's tables break the same labels the same way), at most
#: :data:`_MAX_JOINS` of them (emptied when full)
_JOINS_CHARS = 200
_MAX_JOINS = 2048


def _joins(scanner: LabelScanner) -> dict[tuple[str, ...], tuple[int, str]]:
    return derived(scanner.tdef, "joined-labels", dict)


def _joined_label(scanner: LabelScanner, texts: tuple[str, ...]) -> tuple[int, str]:
    """(how many of ``texts`` from the first make one row label joined, the label as joined),
    the longest first, at least two; (0, "") when none do."""
    for end in range(len(texts), 1, -1):
        text = "".join(t.strip() for t in texts[:end])
        if scanner.label_key(text) is not None:
            return end, text
    return 0, ""
