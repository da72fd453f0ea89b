"""Group rows printed as the single row an earlier format had in their place (DL025)."""

from __future__ import annotations

from collections.abc import Sequence

from ...core.formats import Block, FormatDef, TableDef
from ...core.model import Issue
from ...core.values import clean_cell_text
from ..runon import is_value_run, split_run
from .found import GroupRow, Segment
from .issues import ROW_MISSING, group_as_one_row
from .source import Token, fit, is_blank


def group_rows_of_earlier_layouts(
    tdef: TableDef,
    group_rows: dict[str, GroupRow],
    segments: dict[str, Segment],
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
        values = fit(group.values, len(group.block.leaf_columns))
        if values is None:
            values = _written_together(group.values, group.block)
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
        found.append(group_as_one_row(tdef, group, labels, values, leaves, layout))
        replaced.update(leaf.key for leaf in leaves)
    if not found:
        return issues
    kept = [i for i in issues if not (i.code == ROW_MISSING and i.location.row in replaced)]
    return kept + found


def _single_row_in(fmt: FormatDef, table_key: str, row_key: str) -> bool:
    table = fmt.table(table_key)
    return table is not None and any(leaf.key == row_key for _, leaf in table.leaf_rows())


def _written_together(values: list[Token], block: Block) -> list[Token] | None:
    """The numbers of a group row from running text, written together ("（六）其他处理0000000"):
    the row's cells when the digits can be cut into them in one way only, the run as written when
    in several; None when they are not such a run or cannot be cut into the row's cells at all."""
    pieces = [v for v in values if not is_blank(v)]
    if not pieces or not all(v.joined and is_value_run(v.text) for v in pieces):
        return None
    kinds = tuple(column.value for column in block.leaf_columns)
    split = split_run([clean_cell_text(v.text) for v in pieces], kinds)
    if split is None or split.candidates == 0:
        return None
    if not split.complete:
        return pieces
    anchor = pieces[0].location
    return [Token(cell, anchor, joined=True) for cell in split.cells if cell is not None]
