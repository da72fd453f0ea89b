"""Map rows of source cells onto a table of the format, anchored on the official labels.

Every loader reduces a table to :class:`SourceRow` objects (the cells of one physical row, or one
paragraph of a Word text export) and calls :func:`map_table`. Row labels decide which row the
numbers after them belong to; the number of numbers must fit the format exactly. A row whose
count does not fit is reported (``DL022``) and left "missing" rather than guessed, so numbers are
never shifted silently into the wrong cells.

Text sources add three kinds of rows (:attr:`SourceRow.kind`): Markdown header rows (column
labels, never row labels), prose lines (read as table text only when they are made of labels and
numbers, see :mod:`~disclosure_lint.reading.runon`), and cells from running text, which may hold
numbers written together (:attr:`Token.joined`). Rows of numbers whose label was lost are read
by position only between two rows that were found, when exactly as many rows of the format are
missing there as such rows were found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..core.formats import Block, FormatDef, Leaf, Node, TableDef
from ..core.labels import match_keys, normalize
from ..core.model import Cell, Issue, Location, SourceLocation, Table
from ..core.values import ValueReason, clean_cell_text, parse_cell
from .runon import LabelScanner, is_value_run, split_run, total_relations

TABLE_MISSING = "DL020"
ROW_MISSING = "DL021"
ROW_CELL_COUNT = "DL022"
DUPLICATE_ROW = "DL023"
UNKNOWN_ROW = "DL024"
GROUP_AS_ONE_ROW = "DL025"
RUN_SPLIT_BY_COUNT = "DL930"
RUN_SPLIT_BY_TOTAL = "DL931"
RUN_NOT_SPLIT = "DL932"
ROW_BY_POSITION = "DL933"
ROW_WITHOUT_LABEL = "DL934"

#: :attr:`SourceRow.kind` values
CELLS = "cells"  # the cells of one table row (or one paragraph of a Word text export)
HEADER = "header"  # a header row (Markdown: the row above ``|---|``) without any number
PROSE = "prose"  # a line of text outside any table: one token, read only if it is table text


@dataclass(frozen=True)
class Token:
    """One source cell: its text as written and where it is.

    ``joined`` marks numbers taken from running text, where a row's cells may be written
    together ("6000017"); only such tokens are ever split into several cells.
    """

    text: str
    location: SourceLocation
    joined: bool = False


@dataclass
class SourceRow:
    tokens: list[Token]
    kind: str = CELLS


@dataclass
class _Segment:
    block: Block
    leaf: Leaf
    label: Token
    values: list[Token] = field(default_factory=list)


@dataclass
class _GroupRow:
    """Numbers printed on the line of a group row label (a row the format splits into sub-rows)."""

    block: Block
    node: Node
    label: Token
    values: list[Token] = field(default_factory=list)


@dataclass
class _Orphan:
    """A row of numbers without a row label, met when no row was open."""

    block: Block
    values: list[Token]
    fragments: list[Token]


@dataclass(frozen=True)
class _Index:
    leaves: dict[str, tuple[Block, Leaf]]
    captions: dict[str, Block]
    stops: frozenset[str]  # group row labels, column labels, headers, note, title
    column_labels: dict[int, frozenset[str]]  # block position -> its column label keys
    column_groups: dict[int, dict[str, Node]]  # block position -> group label key -> group
    row_groups: dict[str, tuple[Block, Node]]  # group row label key -> (block, group)


@lru_cache(maxsize=64)
def _index(tdef: TableDef) -> _Index:
    leaves: dict[str, tuple[Block, Leaf]] = {}
    captions: dict[str, Block] = {}
    stops: set[str] = set()
    column_labels: dict[int, frozenset[str]] = {}
    column_groups: dict[int, dict[str, Node]] = {}
    row_groups: dict[str, tuple[Block, Node]] = {}
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
        groups: dict[str, Node] = {}
        for node in block.column_nodes():
            labels.update(node.match)
            if node.children:
                groups.update(dict.fromkeys(node.match, node))
        column_labels[position] = frozenset(labels)
        column_groups[position] = groups
        stops.update(labels)
        for node in block.row_nodes():
            if node.children:
                stops.update(node.match)
                for key in node.match:
                    row_groups.setdefault(key, (block, node))
    return _Index(leaves, captions, frozenset(stops), column_labels, column_groups, row_groups)


def _is_value(text: str) -> bool:
    return parse_cell(text).reason is not ValueReason.TEXT


def _is_blank(token: Token) -> bool:
    return not clean_cell_text(token.text)


@dataclass
class MappedTable:
    table: Table
    issues: list[Issue]


def _is_number(text: str) -> bool:
    return parse_cell(text).reason is ValueReason.NUMBER


def is_header_row(texts: list[str]) -> bool:
    """A header row: some text and no number or placeholder (a label row that carries numbers
    in a Markdown header position is a data row)."""
    reasons = [parse_cell(t).reason for t in texts]
    return ValueReason.TEXT in reasons and all(
        r in (ValueReason.TEXT, ValueReason.BLANK) for r in reasons
    )


def _prepare(tdef: TableDef, rows: list[SourceRow]) -> list[SourceRow]:
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
            if all(not _is_value(t.text) for t in part):
                text = "".join(t.text.strip() for t in part)
                if scanner.label_key(text) is not None:
                    joined.append(Token(text, part[0].location))
                    i = end
                    break
        else:
            joined.append(tokens[i])
            i += 1
    return row if len(joined) == len(tokens) else SourceRow(joined, row.kind)


def map_table(
    tdef: TableDef, rows: list[SourceRow], file: str, earlier: Sequence[FormatDef] = ()
) -> MappedTable:
    """Read the cells of ``tdef`` from ``rows``; report what could not be read as issues.

    ``earlier`` are the formats that preceded the report's: a group row printed as one row of
    numbers, without the sub-rows the format asks for, is named as the earlier format's layout
    when one of them has that row as a single row (表三 （六）其他处理 in the 2019 format).
    """
    index = _index(tdef)
    scanner = LabelScanner(tdef)
    issues: list[Issue] = []
    segments: dict[str, _Segment] = {}
    single_block = tdef.blocks[0] if len(tdef.blocks) == 1 else None
    current_block = single_block
    current: _Segment | None = None
    current_group: Node | None = None  # the column group a group heading announced (表四)
    unlabeled: dict[int, list[Token]] = {}
    unlabeled_groups: dict[int, dict[str, tuple[Node, list[Token]]]] = {}
    header_hits: dict[int, set[str]] = {}
    first_location: SourceLocation | None = None
    seen_label = False
    events: list[tuple[str, object]] = []  # ("row", leaf key) and ("orphan", _Orphan) in order
    group_row: _GroupRow | None = None  # a group row label met on the current line
    group_rows: dict[str, _GroupRow] = {}  # group key -> the first such line with numbers

    def block_pos(block: Block) -> int:
        return tdef.blocks.index(block)

    def close() -> None:
        nonlocal current
        if current is None:
            return
        key = current.leaf.key
        if not current.values:
            pass  # a label with no numbers after it (a heading, a label line): nothing to read
        elif key in segments:
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
            events.append(("row", key))
        current = None

    def end_group() -> None:
        nonlocal group_row
        if group_row is not None and any(_is_number(v.text) for v in group_row.values):
            group_rows.setdefault(group_row.node.key, group_row)
        group_row = None

    def note_column_label(norm: str, token: Token) -> None:
        nonlocal first_location, current_group
        if current_block is None:
            return
        pos = block_pos(current_block)
        if norm in index.column_labels[pos]:
            header_hits.setdefault(pos, set()).add(norm)
            first_location = first_location or token.location
        group = index.column_groups[pos].get(norm)
        if group is not None:
            current_group = group

    for row in _prepare(tdef, rows):
        norms = [normalize(t.text) for t in row.tokens]
        if row.kind == HEADER:
            # column headers: never row labels ("予以公开" heading a column is not the row)
            close()
            end_group()
            for token, norm in zip(row.tokens, norms, strict=True):
                if norm in index.captions:  # a table whose header is its caption
                    current_block = index.captions[norm]
                    current_group = None
                    seen_label = True
                    first_location = first_location or token.location
                elif norm in index.stops:
                    note_column_label(norm, token)
            continue
        has_label = any(n in index.leaves or n in index.captions for n in norms)
        if current is not None and has_label:
            close()
        if (
            not has_label
            and current is None
            and current_block is not None
            and not _unlabeled_block(current_block)
        ):
            orphan = _orphan(current_block, row, norms, index, scanner)
            if orphan is not None:
                events.append(("orphan", orphan))
                continue
        for token, norm in zip(row.tokens, norms, strict=True):
            if norm in index.captions:
                close()
                end_group()
                current_block = index.captions[norm]
                current_group = None
                seen_label = True
                first_location = first_location or token.location
                continue
            hit = index.leaves.get(norm)
            if hit is not None:
                close()
                end_group()
                block, leaf = hit
                current_block = block
                current = _Segment(block, leaf, token)
                seen_label = True
                first_location = first_location or token.location
                continue
            if norm in index.stops:
                close()
                end_group()
                if norm in index.row_groups:
                    block, node = index.row_groups[norm]
                    group_row = _GroupRow(block, node, token)
                note_column_label(norm, token)
                continue
            is_value = _is_value(token.text)
            if current is None and group_row is not None:
                if is_value:
                    group_row.values.append(token)
                    continue
                end_group()
            if current is not None:
                expected = len(current.block.leaf_columns)
                filled = len([v for v in current.values if not _is_blank(v)])
                if not is_value and filled >= expected:
                    close()  # text after a full row: a label this format does not know
                else:
                    current.values.append(token)
                    continue
            if (
                not is_value
                and norm
                and seen_label
                and len(norm) >= 2
                and not scanner.is_fragment(token.text)
            ):
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
            and _unlabeled_block(current_block)
        ):
            pos = block_pos(current_block)
            values = [t for t, n in zip(row.tokens, norms, strict=True) if n not in index.stops]
            if (
                values
                and all(_is_value(t.text) for t in values)
                and any(not _is_blank(t) for t in values)
                and len(header_hits.get(pos, ())) >= 1
            ):
                group = current_group
                whole = len(current_block.leaf_columns)
                if (
                    group is not None
                    and _fit(values, whole) is None
                    and not any(t.joined for t in values)
                    and _fit(values, len(list(group.leaves()))) is not None
                ):
                    # one column group's cells, under a heading naming the group
                    taken = unlabeled_groups.setdefault(pos, {})
                    if group.key in taken or pos in unlabeled:
                        issues.append(_duplicate_unlabeled(tdef, values, file))
                    else:
                        taken[group.key] = (group, values)
                        seen_label = True
                elif pos in unlabeled or pos in unlabeled_groups:
                    issues.append(_duplicate_unlabeled(tdef, values, file))
                else:
                    unlabeled[pos] = values
                    seen_label = True
        end_group()
        if current is not None:
            expected = len(current.block.leaf_columns)
            if len(current.values) >= expected:
                close()
    close()

    by_position = _fill_gaps(tdef, events, segments, issues)
    for event, orphan in events:
        if event == "orphan" and id(orphan) not in by_position:
            assert isinstance(orphan, _Orphan)
            issues.append(_orphan_issue(tdef, orphan))

    present = bool(segments) or bool(unlabeled) or bool(unlabeled_groups)
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
                if values is None and position in unlabeled_groups:
                    _fill_groups(tdef, block, leaf, unlabeled_groups[position], table, issues, file)
                    continue
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
    if present and group_rows and earlier:
        issues = _group_rows_of_earlier_layouts(tdef, group_rows, segments, earlier, issues)
    return MappedTable(table, issues)


def _group_rows_of_earlier_layouts(
    tdef: TableDef,
    group_rows: dict[str, _GroupRow],
    segments: dict[str, _Segment],
    earlier: Sequence[FormatDef],
    issues: list[Issue],
) -> list[Issue]:
    """One issue for each group row printed as a single row of an earlier format, in place of the
    missing-row issues of its sub-rows (whose cells stay missing: the numbers are not split)."""
    replaced: set[str] = set()
    found: list[Issue] = []
    for key, group in group_rows.items():
        leaves = list(group.node.leaves())
        if any(leaf.key in segments for leaf in leaves):
            continue  # the sub-rows are there: the numbers beside the group label are a subtotal
        values = _fit(group.values, len(group.block.leaf_columns))
        if values is None:
            continue
        layout = next(
            (fmt for fmt in earlier if _single_row_in(fmt, tdef.key, key)),
            None,
        )
        if layout is None:
            continue
        # the group's label path from the top of the table (node.leaves() starts at the group)
        path = next(leaf.labels for _, leaf in tdef.leaf_rows() if leaf.key == leaves[0].key)
        labels = path[: len(path) - len(leaves[0].labels) + 1]
        found.append(
            Issue(
                GROUP_AS_ONE_ROW,
                Location(
                    table=tdef.key,
                    table_name=tdef.name,
                    row=key,
                    row_labels=labels,
                    source=group.label.location,
                ),
                {
                    "table": tdef.name,
                    "row": " › ".join(labels),
                    "found": "、".join((clean_cell_text(v.text) or "空") for v in values),
                    "detail": "；".join(leaf.label for leaf in leaves),
                    "format": layout.id,
                    "label": layout.document,
                },
            )
        )
        replaced.update(leaf.key for leaf in leaves)
    if not found:
        return issues
    kept = [i for i in issues if not (i.code == ROW_MISSING and i.location.row in replaced)]
    return kept + found


def _single_row_in(fmt: FormatDef, table_key: str, row_key: str) -> bool:
    table = fmt.table(table_key)
    return table is not None and any(leaf.key == row_key for _, leaf in table.leaf_rows())


def _unlabeled_block(block: Block) -> bool:
    return len(block.leaf_rows) == 1 and not block.leaf_rows[0].labels


def _duplicate_unlabeled(tdef: TableDef, values: list[Token], file: str) -> Issue:
    return Issue(
        DUPLICATE_ROW,
        Location(table=tdef.key, table_name=tdef.name, source=values[0].location),
        {"table": tdef.name, "row": tdef.name, "detail": values[0].location.short() or file},
    )


def _orphan(
    block: Block, row: SourceRow, norms: list[str], index: _Index, scanner: LabelScanner
) -> _Orphan | None:
    """A row of numbers with no label (at most pieces of one), or None."""
    values: list[Token] = []
    fragments: list[Token] = []
    for token, norm in zip(row.tokens, norms, strict=True):
        if norm in index.stops:
            return None
        if _is_value(token.text):
            values.append(token)
        elif scanner.is_fragment(token.text):
            fragments.append(token)
        else:
            return None
    if not any(_is_number(v.text) for v in values):
        return None
    return _Orphan(block, values, fragments)


def _fill_gaps(
    tdef: TableDef,
    events: list[tuple[str, object]],
    segments: dict[str, _Segment],
    issues: list[Issue],
) -> set[int]:
    """Give rows of numbers without a label to the rows of the format missing between the two
    rows found around them, when the counts match exactly; returns the ids of orphans used."""
    order = [leaf.key for _, leaf in tdef.leaf_rows()]
    place = {key: i for i, key in enumerate(order)}
    leaves = {leaf.key: (block, leaf) for block, leaf in tdef.leaf_rows()}
    used: set[int] = set()
    i = 0
    while i < len(events):
        if events[i][0] != "orphan":
            i += 1
            continue
        j = i
        while j < len(events) and events[j][0] == "orphan":
            j += 1
        run = [e[1] for e in events[i:j]]
        before = events[i - 1][1] if i > 0 else None
        after = events[j][1] if j < len(events) else None
        i = j
        if not isinstance(before, str) or not isinstance(after, str):
            continue
        start, end = place[before], place[after]
        gap = order[start + 1 : end]
        if end <= start or len(gap) != len(run) or any(key in segments for key in gap):
            continue
        plan: list[tuple[_Orphan, Block, Leaf]] = []
        for orphan, key in zip(run, gap, strict=True):
            assert isinstance(orphan, _Orphan)
            block, leaf = leaves[key]
            label = "".join(normalize(t.text) for t in orphan.fragments)
            if (
                block is not orphan.block
                or _fit(orphan.values, len(block.leaf_columns)) is None
                or (label and label not in normalize("".join(leaf.labels[-1:])))
            ):
                break
            plan.append((orphan, block, leaf))
        else:
            for orphan, block, leaf in plan:
                anchor = (orphan.fragments or orphan.values)[0]
                segments[leaf.key] = _Segment(block, leaf, anchor, orphan.values)
                used.add(id(orphan))
                issues.append(
                    Issue(
                        ROW_BY_POSITION,
                        Location(
                            table=tdef.key,
                            table_name=tdef.name,
                            row=leaf.key,
                            row_labels=leaf.labels,
                            source=anchor.location,
                        ),
                        {
                            "table": tdef.name,
                            "row": " › ".join(leaf.labels),
                            "found": "".join(t.text.strip() for t in orphan.fragments) or "—",
                            "label": leaves[before][1].label,
                            "detail": leaves[after][1].label,
                        },
                    )
                )
    return used


def _orphan_issue(tdef: TableDef, orphan: _Orphan) -> Issue:
    shown = "、".join((clean_cell_text(v.text) or "空") for v in orphan.values)
    return Issue(
        ROW_WITHOUT_LABEL,
        Location(table=tdef.key, table_name=tdef.name, source=orphan.values[0].location),
        {
            "table": tdef.name,
            "found": shown,
            "label": "".join(t.text.strip() for t in orphan.fragments) or "—",
        },
    )


def _fill_groups(
    tdef: TableDef,
    block: Block,
    leaf: Leaf,
    groups: dict[str, tuple[Node, list[Token]]],
    table: Table,
    issues: list[Issue],
    file: str,
) -> None:
    """The unlabeled row read group by group (表四 as one small table per column group)."""
    tokens: dict[str, Token] = {}
    for group, values in groups.values():
        fitted = _fit(values, len(list(group.leaves())))
        assert fitted is not None  # checked when the values were taken
        for column, token in zip(group.leaves(), fitted, strict=True):
            tokens[column.key] = token
    anchor = next(iter(tokens.values())).location
    missing = [c for c in block.leaf_columns if c.key not in tokens]
    if missing:
        issues.append(
            Issue(
                ROW_CELL_COUNT,
                Location(table=tdef.key, table_name=tdef.name, row=leaf.key, source=anchor),
                {
                    "table": tdef.name,
                    "row": tdef.name,
                    "expected": len(block.leaf_columns),
                    "found": len(tokens),
                    "detail": "、".join(clean_cell_text(t.text) or "空" for t in tokens.values()),
                },
            )
        )
    for column in block.leaf_columns:
        _put(table, tdef, leaf, column, tokens.get(column.key), anchor)


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
    fitted: list[Token | None] | None = None
    if values is not None:
        fitted = list(_fit(values, expected) or []) or None
    row_name = leaf.label or tdef.name
    location = Location(
        table=tdef.key,
        table_name=tdef.name,
        row=leaf.key,
        row_labels=leaf.labels,
        source=anchor,
    )
    if present and values is None:
        issues.append(
            Issue(
                ROW_MISSING,
                location,
                {"table": tdef.name, "row": " › ".join(leaf.labels) or row_name},
            )
        )
    elif values is not None and fitted is None and _run_together(values, expected):
        fitted = _split_row(tdef, block, leaf, values, location, table, issues)
    elif values is not None and fitted is None:
        shown = "、".join((clean_cell_text(v.text) or "空") for v in values) or "无"
        issues.append(
            Issue(
                ROW_CELL_COUNT,
                location,
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
        _put(table, tdef, leaf, column, token, anchor)


def _put(
    table: Table,
    tdef: TableDef,
    leaf: Leaf,
    column: Leaf,
    token: Token | None,
    anchor: SourceLocation | None,
) -> None:
    table.cells[(leaf.key, column.key)] = Cell.from_raw(
        tdef.key,
        leaf.key,
        column.key,
        leaf.labels,
        column.labels,
        token.text if token is not None else None,
        token.location if token is not None else anchor,
    )


def _run_together(values: list[Token], expected: int) -> bool:
    """Numbers from running text, fewer pieces than cells: cells may be written together."""
    pieces = [v for v in values if not _is_blank(v)]
    return (
        bool(pieces)
        and len(pieces) < expected
        and all(v.joined for v in pieces)
        and all(is_value_run(v.text) for v in pieces)
    )


def _split_row(
    tdef: TableDef,
    block: Block,
    leaf: Leaf,
    values: list[Token],
    location: Location,
    table: Table,
    issues: list[Issue],
) -> list[Token | None] | None:
    """Split a row's numbers written together into its cells; report how (DL930–DL932)."""
    pieces = [v for v in values if not _is_blank(v)]
    kinds = tuple(column.value for column in block.leaf_columns)
    relations = total_relations(block)
    split = split_run([clean_cell_text(v.text) for v in pieces], kinds, relations)
    written = " ".join(v.text.strip() for v in pieces)
    args = {"table": tdef.name, "row": " › ".join(leaf.labels) or tdef.name, "found": written}
    cells = split.cells if split is not None else tuple([None] * len(kinds))
    shown = " | ".join(c if c is not None else "?" for c in cells)
    if split is not None and split.any:
        code = RUN_SPLIT_BY_TOTAL if split.used_totals else RUN_SPLIT_BY_COUNT
        issues.append(Issue(code, location, {**args, "detail": shown}))
        if split.used_totals:
            used = [r.keys(block.leaf_columns) for r in relations]
            table.assumed_relations.setdefault(leaf.key, []).extend(used)
    if split is None or not split.complete:
        unread = [
            column.label for column, cell in zip(block.leaf_columns, cells, strict=True) if not cell
        ]
        issues.append(
            Issue(
                RUN_NOT_SPLIT,
                location,
                {**args, "detail": shown, "column": "、".join(unread)},
            )
        )
    if split is None or not split.any:
        return None
    anchor = pieces[0].location
    return [Token(c, anchor, joined=True) if c is not None else None for c in cells]
