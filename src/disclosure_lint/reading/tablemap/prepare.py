"""Source rows made ready for mapping: prose lines read as table text, broken labels joined."""

from __future__ import annotations

from ...core.formats import TableDef
from ..runon import LabelScanner
from .source import CELLS, PROSE, SourceRow, Token, is_value


def prepare_rows(tdef: TableDef, rows: list[SourceRow]) -> list[SourceRow]:
    """Read prose lines that are table text; join row labels broken over cells or lines."""
    scanner = LabelScanner(tdef)
    out: list[SourceRow] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        index += 1
        if row.kind == CELLS:
            out.append(_join_broken_label(scanner, row))
            continue
        if row.kind != PROSE:
            out.append(row)
            continue
        token = row.tokens[0]
        pieces = scanner.scan(token.text)
        if scanner.tabular(pieces):
            tokens: list[Token] = []
            for piece in pieces:
                if piece.key is not None:
                    tokens.append(Token(piece.text.strip(), token.location))
                elif piece.kind == "values":
                    tokens.extend(Token(t, token.location, joined=True) for t in piece.text.split())
            out.append(SourceRow(tokens))
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


def _join_broken_label(scanner: LabelScanner, row: SourceRow) -> SourceRow:
    """Join neighbouring text cells that together make one row label."""
    tokens = row.tokens
    if len(tokens) < 2:
        return row
    joined: list[Token] = []
    i = 0
    while i < len(tokens):
        for end in range(min(len(tokens), i + 3), i + 1, -1):
            part = tokens[i:end]
            if all(not is_value(t.text) for t in part):
                text = "".join(t.text.strip() for t in part)
                if scanner.label_key(text) is not None:
                    joined.append(Token(text, part[0].location))
                    i = end
                    break
        else:
            joined.append(tokens[i])
            i += 1
    return row if len(joined) == len(tokens) else SourceRow(joined, row.kind)
