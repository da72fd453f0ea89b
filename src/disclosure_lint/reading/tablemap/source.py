"""The source rows a loader hands to the mapper, and how the mapper reads their cell texts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from ...core.i18n import Text, join
from ...core.kept import KeptAnswers
from ...core.model import SourceLocation
from ...core.values import (
    CACHED_CHARS,
    MAX_PARSED,
    ValueReason,
    clean_cell_text,
    parse_cell,
    parsed_cell,
)

#: :attr:`SourceRow.kind` values
CELLS = "cells"  # the cells of one table row (or one paragraph of a Word text export)
HEADER = "header"  # a header row (Markdown: the row above ``|---|``) without any number
PROSE = "prose"  # a line of text outside any table: one token, read only if it is table text


@dataclass(frozen=True)
class Token:
    """One source cell: its text as written and where it is.

    ``joined`` marks numbers taken from running text, where a row's cells may be written
    together ("6000017"); only such tokens are ever split into several cells.

    ``trailing`` marks an empty line after the last number of a row written one cell per line
    (LibreOffice's text export): an empty cell of the row, or a merged label cell of the next
    row; a row that needs such a line to fill its columns is not read (see :func:`fit`).
    """

    text: str
    location: SourceLocation
    joined: bool = False
    trailing: bool = False

    def __init__(
        self, text: str, location: SourceLocation, joined: bool = False, trailing: bool = False
    ) -> None:
        # the dataclass's ``__init__`` without ``object.__setattr__`` (see SourceLocation)
        values = self.__dict__
        values["text"] = text
        values["location"] = location
        values["joined"] = joined
        values["trailing"] = trailing


@dataclass
class SourceRow:
    """The cells of one source row; :attr:`kind` is CELLS, HEADER or PROSE.

    ``lines`` marks a row written one cell per line (LibreOffice's text export): its labels, then
    its numbers. Such a row has one row label; with two, the labels were set apart from their
    numbers (a text extraction of a PDF) and the numbers are placed like numbers after a label
    that stood alone.
    """

    tokens: list[Token]
    kind: str = CELLS
    lines: bool = False


def is_header_row(texts: list[str]) -> bool:
    """A header row: some text and no number or placeholder (a label row that carries numbers
    in a Markdown header position is a data row)."""
    reasons = [parse_cell(t).reason for t in texts]
    return ValueReason.TEXT in reasons and all(
        r in (ValueReason.TEXT, ValueReason.BLANK) for r in reasons
    )


#: ``is_value(text)``: a cell that is not text (a number, a placeholder or blank); a look-up of
#: kept answers (:mod:`...core.kept`: the mapper asks for every cell of every table, twice)
is_value: Callable[[str], bool] = KeptAnswers(
    lambda text: parse_cell(text).reason is not ValueReason.TEXT,
    MAX_PARSED,
    lambda text: len(text) <= CACHED_CHARS,
).__getitem__


def is_number(text: str) -> bool:
    return parsed_cell(text).reason is ValueReason.NUMBER


def is_blank(token: Token) -> bool:
    # parse_cell is cached and reads BLANK exactly when the cleaned text is empty
    return parsed_cell(token.text).reason is ValueReason.BLANK


def shown(tokens: list[Token]) -> Text:
    """Cell texts as an issue quotes them: cleaned, 空/blank for a blank cell, joined with 、 (in
    English with commas)."""
    return join([clean_cell_text(t.text) or BLANK for t in tokens])


#: how an issue shows a blank cell
BLANK = Text("空", "blank")


_TRAILING = attrgetter("trailing")


def fit(values: list[Token], expected: int) -> list[Token] | None:
    """Trim blank filler cells (from merged cells) at either end; None if the count won't fit.

    Nor does a row fit whose numbers come before a ``trailing`` empty line it needs to fill its
    columns: with cells merged across columns the row has fewer cells than the format, and the
    empty lines that follow may be the next row's merged label cells, so its numbers could stand
    in the wrong columns.
    """
    values = list(values)
    while len(values) > expected and is_blank(values[-1]):
        values.pop()
    while len(values) > expected and is_blank(values[0]):
        values.pop(0)
    if len(values) != expected:
        return None
    if any(map(_TRAILING, values)) and not all(is_blank(v) for v in values):
        return None
    return values
