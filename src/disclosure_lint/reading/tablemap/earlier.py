"""Group rows printed as the single row an earlier format had in their place (DL025)."""

from __future__ import annotations

from collections.abc import Sequence

from ...core.formats import FormatDef, TableDef
from ...core.model import Issue
from .found import GroupRow, Segment
from .issues import ROW_MISSING, group_as_one_row
from .source import fit


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
