"""The issues table mapping reports (DL020–DL025, DL930–DL934, DL936), built in one place."""

from __future__ import annotations

from collections.abc import Sequence

from ...core.formats import FormatDef, Leaf, TableDef
from ...core.i18n import Text, join
from ...core.model import Issue, Location, SourceLocation
from .found import GroupRow, Orphan, Segment
from .source import Token, shown

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
RUN_SPLIT_BY_TABLE = "DL936"

#: rows a table's DL930 names before "等"
_ROWS_NAMED = 3


def row_location(tdef: TableDef, leaf: Leaf, source: SourceLocation | None) -> Location:
    """Where a row of the format is: its key and labels, and the source text it was read from."""
    return Location(
        table=tdef.key,
        table_name=tdef.name,
        row=leaf.key,
        row_labels=leaf.labels,
        source=source,
    )


def row_path(tdef: TableDef, leaf: Leaf) -> str:
    """A row's labels from the top of the table; the table's name for its single unlabeled row."""
    return " › ".join(leaf.labels) or leaf.label or tdef.name


def table_missing(tdef: TableDef) -> Issue:
    return Issue(
        TABLE_MISSING,
        Location(table=tdef.key, table_name=tdef.name),
        {"table": tdef.name, "label": tdef.title},
    )


def row_missing(tdef: TableDef, leaf: Leaf, location: Location) -> Issue:
    return Issue(ROW_MISSING, location, {"table": tdef.name, "row": row_path(tdef, leaf)})


def cell_count(
    tdef: TableDef, leaf: Leaf, location: Location, expected: int, values: list[Token]
) -> Issue:
    """A row whose number of cells does not fit the format."""
    return Issue(
        ROW_CELL_COUNT,
        location,
        {
            "table": tdef.name,
            "row": row_path(tdef, leaf),
            "expected": expected,
            "found": len(values),
            "detail": shown(values) if values else Text("无", "none"),
        },
    )


def group_cell_count(
    tdef: TableDef, leaf: Leaf, anchor: SourceLocation, expected: int, tokens: list[Token]
) -> Issue:
    """An unlabeled row read group by group with some column group not found (表四)."""
    return Issue(
        ROW_CELL_COUNT,
        Location(table=tdef.key, table_name=tdef.name, row=leaf.key, source=anchor),
        {
            "table": tdef.name,
            "row": tdef.name,
            "expected": expected,
            "found": len(tokens),
            "detail": shown(tokens),
        },
    )


def duplicate_row(tdef: TableDef, segment: Segment, file: str) -> Issue:
    return Issue(
        DUPLICATE_ROW,
        row_location(tdef, segment.leaf, segment.label.location),
        {
            "table": tdef.name,
            "row": segment.leaf.label,
            "detail": segment.label.location.short() or file,
        },
    )


def duplicate_unlabeled(tdef: TableDef, values: list[Token], file: str) -> Issue:
    return Issue(
        DUPLICATE_ROW,
        Location(table=tdef.key, table_name=tdef.name, source=values[0].location),
        {"table": tdef.name, "row": tdef.name, "detail": values[0].location.short() or file},
    )


def unknown_row(tdef: TableDef, token: Token) -> Issue:
    return Issue(
        UNKNOWN_ROW,
        Location(table=tdef.key, table_name=tdef.name, source=token.location),
        {"table": tdef.name, "label": token.text.strip()},
    )


def row_by_position(
    tdef: TableDef,
    leaf: Leaf,
    anchor: Token,
    orphan: Orphan,
    before: Leaf | None,
    after: Leaf | None,
) -> Issue:
    """Numbers without a label read as the one row missing between the rows found around them
    (the table's start or end where no row was found before or after)."""
    return Issue(
        ROW_BY_POSITION,
        row_location(tdef, leaf, anchor.location),
        {
            "table": tdef.name,
            "row": " › ".join(leaf.labels),
            "found": "".join(t.text.strip() for t in orphan.fragments) or "—",
            "label": before.label if before is not None else f"{tdef.name}开头",
            "detail": after.label if after is not None else f"{tdef.name}结尾",
        },
    )


def row_without_label(tdef: TableDef, orphan: Orphan) -> Issue:
    return Issue(
        ROW_WITHOUT_LABEL,
        Location(table=tdef.key, table_name=tdef.name, source=orphan.values[0].location),
        {
            "table": tdef.name,
            "found": shown(orphan.values),
            "label": "".join(t.text.strip() for t in orphan.fragments) or "—",
        },
    )


def runs_split_by_count(tdef: TableDef, rows: Sequence[tuple[Leaf, Location, str, str]]) -> Issue:
    """The rows of a table whose numbers written together split one way only, in one issue
    (the rows named, the first ones with their split)."""
    leaf, location, _, _ = rows[0]
    named = [f"{row.label or tdef.name}“{text}” → {split}" for row, _, text, split in rows]
    detail = "；".join(named[:_ROWS_NAMED])
    if len(named) > _ROWS_NAMED:
        detail += "；" + "、".join(row.label or tdef.name for row, *_ in rows[_ROWS_NAMED:])
    if len(rows) > 1:
        location = Location(table=tdef.key, table_name=tdef.name, source=location.source)
    args = {"table": tdef.name, "row": row_path(tdef, leaf), "found": len(rows), "detail": detail}
    return Issue(RUN_SPLIT_BY_COUNT, location, args)


def run_issue(
    code: str,
    tdef: TableDef,
    leaf: Leaf,
    location: Location,
    written: str,
    cells: str,
    unread: Text | None = None,
) -> Issue:
    """How a row's numbers written together were split (DL930, DL931), or which cells could not
    be (DL932, with the ``unread`` column labels)."""
    args = {
        "table": tdef.name,
        "row": " › ".join(leaf.labels) or tdef.name,
        "found": written,
        "detail": cells,
    }
    if unread is not None:
        args["column"] = unread
    return Issue(code, location, args)


def group_as_one_row(
    tdef: TableDef,
    group: GroupRow,
    labels: tuple[str, ...],
    values: list[Token],
    leaves: Sequence[Leaf],
    layout: FormatDef,
) -> Issue:
    """A group row printed as the single row of an earlier format's layout."""
    return Issue(
        GROUP_AS_ONE_ROW,
        Location(
            table=tdef.key,
            table_name=tdef.name,
            row=group.node.key,
            row_labels=labels,
            source=group.label.location,
        ),
        {
            "table": tdef.name,
            "row": " › ".join(labels),
            "found": shown(values),
            "detail": join([leaf.label for leaf in leaves], "；", "; "),
            "format": layout.id,
            "label": layout.document,
        },
    )
