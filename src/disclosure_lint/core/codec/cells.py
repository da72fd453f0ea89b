"""The cells of a finding in the cache record: a compact, columnar form, and back.

A blank-cell finding keeps dozens of cells, all in one table, over a few rows and columns of
one file, mostly blank; a warm check decodes every one of them (about a hundred thousand a
thousand files). So the record of a finding's cells names each distinct part once, refers to it
by index, and keeps the cells by column:

``{"count": n, "heads": [[section, section_label, table, table_name], ...],
"axes": [[key, [label, ...]], ...], "files": [file, ...], "columns": [...]}``

The fifteen columns are: head, row axis, column axis (indexes in ``heads`` and ``axes``), raw,
value, value_reason, then the cell's source: file (its index in ``files``; None: no source),
line, end_line, page, table_index, row_index, col_index, bbox, paragraph. A column is the list
of its ``n`` values, or that value alone when every cell has it and it is not a list.

A cell comes back as :func:`.parts.encode_location` and :func:`.parts.decode_location` bring
back a location (what they drop, this drops: an empty key reads as None, labels are kept with
their key, a section's or a table's name with it; a box is rounded to 0.01 pt), with its raw
text, its value (a Decimal written as its string) and the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import repeat
from typing import Any

from ..findings import CellRef
from ..model import Location, SourceLocation
from ..values import ValueReason
from .parts import PlainData

_REASONS = {reason.value: reason for reason in ValueReason}
_REASON_VALUES = {reason: reason.value for reason in ValueReason}
#: the columns of a record: head, row, column, raw, value, value_reason, and the source's nine
_COLUMNS = 15
_NO_SOURCE = (None,) * 9
_NO_AXIS: tuple[None, tuple[str, ...]] = (None, ())


def encode_cell_records(cells: Sequence[CellRef]) -> PlainData:
    """The cache record of a finding's cells (see the module's description)."""
    heads: dict[tuple[str | None, ...], int] = {}
    axes: dict[tuple[str | None, tuple[str, ...]], int] = {}
    files: dict[str, int] = {}
    reasons = _REASON_VALUES
    rows = []
    for ref in cells:
        loc = ref.location
        head = (
            loc.section or None,
            (loc.section_label or None) if loc.section else None,
            loc.table or None,
            (loc.table_name or None) if loc.table else None,
        )
        row = (loc.row, tuple(loc.row_labels)) if loc.row else _NO_AXIS
        column = (loc.column, tuple(loc.column_labels)) if loc.column else _NO_AXIS
        value = ref.value
        where = (
            heads.setdefault(head, len(heads)),
            axes.setdefault(row, len(axes)),
            axes.setdefault(column, len(axes)),
            ref.raw,
            str(value) if isinstance(value, Decimal) else value,  # as encode_value writes it
            reasons[ref.reason],
        )
        src = loc.source
        if src is None:
            rows.append((*where, *_NO_SOURCE))
            continue
        box = src.bbox
        rows.append(
            (
                *where,
                files.setdefault(src.file, len(files)),
                src.line,
                src.end_line,
                src.page,
                src.table_index,
                src.row_index,
                src.col_index,
                None if box is None else [round(v, 2) for v in box],  # as encode_source
                src.paragraph,
            )
        )
    columns = [_shared(list(c)) for c in zip(*rows, strict=True)] if rows else [None] * _COLUMNS
    return {
        "count": len(rows),
        "heads": [list(head) for head in heads],
        "axes": [[key, list(labels)] for key, labels in axes],
        "files": list(files),
        "columns": columns,
    }


def _shared(column: list[Any]) -> Any:
    """``column``, or its one value when every cell has that value (of the same type) and it
    is not a list."""
    first = column[0]
    if (
        first.__class__ is not list
        and column.count(first) == len(column)
        and len(set(map(type, column))) == 1
    ):
        return first
    return column


def decode_cell_records(data: Mapping[str, Any]) -> tuple[CellRef, ...]:
    """The cells of :func:`encode_cell_records`' record; those of one finding share their
    label tuples and file names.

    A warm check decodes about a hundred thousand cells a thousand files, each three frozen
    dataclasses (the cell, its location and its source). Their generated ``__init__`` sets each
    field through ``object.__setattr__``; here each is made as unpickling makes it (a new
    instance whose dictionary gets every field, in the class's order), at a third of the cost.
    The classes have no ``__post_init__``; tests compare the result with the constructors'.
    """
    count = data["count"]
    heads = [tuple(head) for head in data["heads"]]
    axes = [(key, tuple(labels)) for key, labels in data["axes"]]
    files = data["files"]
    reasons = _REASONS
    new = object.__new__
    columns = [c if c.__class__ is list else repeat(c, count) for c in data["columns"]]
    cells = []
    for (
        head,
        row,
        column,
        raw,
        value,
        reason,
        file,
        line,
        end_line,
        page,
        table_index,
        row_index,
        col_index,
        box,
        paragraph,
    ) in zip(*columns, strict=True):
        if file is None:
            source = None
        else:
            source = new(SourceLocation)
            fields = source.__dict__
            fields["file"] = files[file]
            fields["line"] = line
            fields["end_line"] = end_line
            fields["page"] = page
            fields["table_index"] = table_index
            fields["row_index"] = row_index
            fields["col_index"] = col_index
            fields["bbox"] = (box[0], box[1], box[2], box[3]) if box else None
            fields["paragraph"] = paragraph
        location = new(Location)
        fields = location.__dict__
        (
            fields["section"],
            fields["section_label"],
            fields["table"],
            fields["table_name"],
        ) = heads[head]
        fields["row"], fields["row_labels"] = axes[row]
        fields["column"], fields["column_labels"] = axes[column]
        fields["source"] = source
        cell = new(CellRef)
        fields = cell.__dict__
        fields["location"] = location
        fields["raw"] = raw
        fields["value"] = Decimal(value) if value.__class__ is str else value
        fields["reason"] = reasons[reason]
        cells.append(cell)
    return tuple(cells)
