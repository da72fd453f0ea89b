"""Map rows of source cells onto a table of the format, anchored on the official labels.

Every loader reduces a table to :class:`SourceRow` objects (the cells of one physical row, or one
paragraph of a Word text export) and calls :func:`map_table`. Row labels decide which row the
numbers after them belong to; the number of numbers must fit the format exactly. A row whose
count does not fit is reported (``DL022``) and left "missing" rather than guessed, so numbers are
never shifted silently into the wrong cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .formats import Block, Leaf, TableDef
from .labels import match_keys, normalize
from .model import Cell, Issue, Location, SourceLocation, Table
from .values import ValueReason, clean_cell_text, parse_cell

TABLE_MISSING = "DL020"
ROW_MISSING = "DL021"
ROW_CELL_COUNT = "DL022"
DUPLICATE_ROW = "DL023"
UNKNOWN_ROW = "DL024"


@dataclass(frozen=True)
class Token:
    """One source cell: its text as written and where it is."""

    text: str
    location: SourceLocation


@dataclass
class SourceRow:
    tokens: list[Token]


@dataclass
class _Segment:
    block: Block
    leaf: Leaf
    label: Token
    values: list[Token] = field(default_factory=list)


@dataclass(frozen=True)
class _Index:
    leaves: dict[str, tuple[Block, Leaf]]
    captions: dict[str, Block]
    stops: frozenset[str]  # group row labels, column labels, headers, note, title
    column_labels: dict[int, frozenset[str]]  # block position -> its column label keys


@lru_cache(maxsize=64)
def _index(tdef: TableDef) -> _Index:
    leaves: dict[str, tuple[Block, Leaf]] = {}
    captions: dict[str, Block] = {}
    stops: set[str] = set()
    column_labels: dict[int, frozenset[str]] = {}
    stops.update(match_keys(tdef.title))
    stops.update(match_keys(f"{tdef.name}{tdef.title}"))
    if tdef.note:
        stops.update(match_keys(tdef.note))
    for position, block in enumerate(tdef.blocks):
        for key in block.caption_match:
            captions[key] = block
        if block.header:
            stops.update(match_keys(block.header))
        for leaf in block.leaf_rows:
            for key in leaf.match:
                leaves.setdefault(key, (block, leaf))
        labels: set[str] = set()
        for node in block.column_nodes():
            labels.update(node.match)
        column_labels[position] = frozenset(labels)
        stops.update(labels)
        for node in block.row_nodes():
            if node.children:
                stops.update(node.match)
    return _Index(leaves, captions, frozenset(stops), column_labels)


def _is_value(text: str) -> bool:
    return parse_cell(text).reason is not ValueReason.TEXT


def _is_blank(token: Token) -> bool:
    return not clean_cell_text(token.text)


@dataclass
class MappedTable:
    table: Table
    issues: list[Issue]


def map_table(tdef: TableDef, rows: list[SourceRow], file: str) -> MappedTable:
    """Read the cells of ``tdef`` from ``rows``; report what could not be read as issues."""
    index = _index(tdef)
    issues: list[Issue] = []
    segments: dict[str, _Segment] = {}
    single_block = tdef.blocks[0] if len(tdef.blocks) == 1 else None
    current_block = single_block
    current: _Segment | None = None
    unlabeled: dict[int, list[Token]] = {}
    header_hits: dict[int, set[str]] = {}
    first_location: SourceLocation | None = None
    seen_label = False

    def block_pos(block: Block) -> int:
        return tdef.blocks.index(block)

    def close() -> None:
        nonlocal current
        if current is None:
            return
        key = current.leaf.key
        if key in segments:
            issues.append(
                Issue(
                    DUPLICATE_ROW,
                    _row_location(tdef, current),
                    {
                        "table": tdef.name,
                        "row": current.leaf.label,
                        "detail": current.label.location.short() or file,
                    },
                )
            )
        else:
            segments[key] = current
        current = None

    for row in rows:
        norms = [normalize(t.text) for t in row.tokens]
        has_label = any(n in index.leaves or n in index.captions for n in norms)
        if current is not None and has_label:
            close()
        for token, norm in zip(row.tokens, norms, strict=True):
            if norm in index.captions:
                close()
                current_block = index.captions[norm]
                seen_label = True
                first_location = first_location or token.location
                continue
            hit = index.leaves.get(norm)
            if hit is not None:
                close()
                block, leaf = hit
                current_block = block
                current = _Segment(block, leaf, token)
                seen_label = True
                first_location = first_location or token.location
                continue
            if norm in index.stops:
                close()
                if current_block is not None:
                    pos = block_pos(current_block)
                    if norm in index.column_labels[pos]:
                        header_hits.setdefault(pos, set()).add(norm)
                        first_location = first_location or token.location
                continue
            is_value = _is_value(token.text)
            if current is not None:
                expected = len(current.block.leaf_columns)
                filled = len([v for v in current.values if not _is_blank(v)])
                if not is_value and filled >= expected:
                    close()  # text after a full row: a label this format does not know
                else:
                    current.values.append(token)
                    continue
            if not is_value and norm and seen_label and len(norm) >= 2:
                issues.append(
                    Issue(
                        UNKNOWN_ROW,
                        Location(table=tdef.key, table_name=tdef.name, source=token.location),
                        {"table": tdef.name, "label": token.text.strip()},
                    )
                )
        # a row without labels that carries numbers: the single unlabeled row of a block (表四)
        if (
            not has_label
            and current is None
            and current_block is not None
            and len(current_block.leaf_rows) == 1
            and not current_block.leaf_rows[0].labels
        ):
            pos = block_pos(current_block)
            values = [t for t, n in zip(row.tokens, norms, strict=True) if n not in index.stops]
            if (
                values
                and all(_is_value(t.text) for t in values)
                and any(not _is_blank(t) for t in values)
                and len(header_hits.get(pos, ())) >= 1
            ):
                if pos in unlabeled:
                    issues.append(
                        Issue(
                            DUPLICATE_ROW,
                            Location(
                                table=tdef.key, table_name=tdef.name, source=values[0].location
                            ),
                            {
                                "table": tdef.name,
                                "row": tdef.name,
                                "detail": values[0].location.short() or file,
                            },
                        )
                    )
                else:
                    unlabeled[pos] = values
                    seen_label = True
        if current is not None:
            expected = len(current.block.leaf_columns)
            if len(current.values) >= expected:
                close()
    close()

    present = bool(segments) or bool(unlabeled)
    table = Table(
        key=tdef.key, name=tdef.name, title=tdef.title, present=present, location=first_location
    )
    if not present:
        issues.append(
            Issue(
                TABLE_MISSING,
                Location(table=tdef.key, table_name=tdef.name),
                {"table": tdef.name, "label": tdef.title},
            )
        )
    for position, block in enumerate(tdef.blocks):
        for leaf in block.leaf_rows:
            if not leaf.labels:
                values = unlabeled.get(position)
                anchor = values[0].location if values else first_location
                _fill_row(tdef, block, leaf, values, anchor, None, table, issues, present, file)
                continue
            segment = segments.get(leaf.key)
            if segment is None:
                _fill_row(
                    tdef, block, leaf, None, first_location, None, table, issues, present, file
                )
            else:
                _fill_row(
                    tdef,
                    block,
                    leaf,
                    segment.values,
                    segment.label.location,
                    segment,
                    table,
                    issues,
                    present,
                    file,
                )
    return MappedTable(table, issues)


def _row_location(tdef: TableDef, segment: _Segment) -> Location:
    return Location(
        table=tdef.key,
        table_name=tdef.name,
        row=segment.leaf.key,
        row_labels=segment.leaf.labels,
        source=segment.label.location,
    )


def _fit(values: list[Token], expected: int) -> list[Token] | None:
    """Trim blank filler cells (from merged cells) at either end; None if the count won't fit."""
    values = list(values)
    while len(values) > expected and _is_blank(values[-1]):
        values.pop()
    while len(values) > expected and _is_blank(values[0]):
        values.pop(0)
    return values if len(values) == expected else None


def _fill_row(
    tdef: TableDef,
    block: Block,
    leaf: Leaf,
    values: list[Token] | None,
    anchor: SourceLocation | None,
    segment: _Segment | None,
    table: Table,
    issues: list[Issue],
    present: bool,
    file: str,
) -> None:
    expected = len(block.leaf_columns)
    fitted = _fit(values, expected) if values is not None else None
    row_name = leaf.label or tdef.name
    if present and values is None:
        issues.append(
            Issue(
                ROW_MISSING,
                Location(
                    table=tdef.key,
                    table_name=tdef.name,
                    row=leaf.key,
                    row_labels=leaf.labels,
                    source=anchor,
                ),
                {"table": tdef.name, "row": " › ".join(leaf.labels) or row_name},
            )
        )
    elif values is not None and fitted is None:
        shown = "、".join((clean_cell_text(v.text) or "空") for v in values) or "无"
        issues.append(
            Issue(
                ROW_CELL_COUNT,
                Location(
                    table=tdef.key,
                    table_name=tdef.name,
                    row=leaf.key,
                    row_labels=leaf.labels,
                    source=anchor,
                ),
                {
                    "table": tdef.name,
                    "row": " › ".join(leaf.labels) or row_name,
                    "expected": expected,
                    "found": len(values),
                    "detail": shown,
                },
            )
        )
    for position, column in enumerate(block.leaf_columns):
        token = fitted[position] if fitted is not None else None
        table.cells[(leaf.key, column.key)] = Cell.from_raw(
            tdef.key,
            leaf.key,
            column.key,
            leaf.labels,
            column.labels,
            token.text if token is not None else None,
            token.location if token is not None else anchor,
        )
