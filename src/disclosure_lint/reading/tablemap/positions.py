"""Rows of numbers whose label was lost, read by position between two rows that were found."""

from __future__ import annotations

from ...core.formats import Block, Leaf, TableDef
from ...core.labels import normalize
from ...core.model import Issue
from ..runon import LabelScanner
from .found import Event, Orphan, Segment
from .index import TableIndex
from .issues import row_by_position
from .source import SourceRow, Token, fit, is_number, is_value


def read_orphan(
    block: Block,
    row: SourceRow,
    norms: list[str],
    index: TableIndex,
    scanner: LabelScanner,
    hint: Leaf | None = None,
) -> Orphan | None:
    """A row of numbers with no label (at most pieces of one), or None."""
    values: list[Token] = []
    fragments: list[Token] = []
    for token, norm in zip(row.tokens, norms, strict=True):
        if norm in index.stops:
            return None
        if is_value(token.text):
            values.append(token)
        elif scanner.is_fragment(token.text):
            fragments.append(token)
        else:
            return None
    if not any(is_number(v.text) for v in values):
        return None
    return Orphan(block, values, fragments, hint)


def fill_gaps(
    tdef: TableDef, events: list[Event], segments: dict[str, Segment], issues: list[Issue]
) -> set[int]:
    """Give rows of numbers without a label to the rows of the format missing between the two
    rows found around them, when the counts match exactly; returns the ids of orphans used.

    Before the first row found or after the last, the table's start or end bounds the gap, and
    each row of numbers must also follow a label naming the row its position gives it (a table
    whose every label stands apart from its numbers, in order).
    """
    order = [leaf.key for _, leaf in tdef.leaf_rows()]
    place = {key: i for i, key in enumerate(order)}
    leaves = {leaf.key: (block, leaf) for block, leaf in tdef.leaf_rows()}
    used: set[int] = set()
    i = 0
    while i < len(events):
        if not isinstance(events[i], Orphan):
            i += 1
            continue
        j = i
        while j < len(events) and isinstance(events[j], Orphan):
            j += 1
        run = [e for e in events[i:j] if isinstance(e, Orphan)]
        before = events[i - 1] if i > 0 else None
        after = events[j] if j < len(events) else None
        i = j
        start = place[before] if isinstance(before, str) else -1
        end = place[after] if isinstance(after, str) else len(order)
        gap = order[start + 1 : end]
        if end <= start or len(gap) != len(run) or any(key in segments for key in gap):
            continue
        bounded = isinstance(before, str) and isinstance(after, str)
        hinted = all(
            o.hint is not None and o.hint.key == key for o, key in zip(run, gap, strict=True)
        )
        if not bounded and not hinted:
            continue
        plan = _plan(run, [leaves[key] for key in gap])
        if plan is None:
            continue
        first = leaves[before][1] if isinstance(before, str) else None
        last = leaves[after][1] if isinstance(after, str) else None
        for orphan, block, leaf in plan:
            anchor = (orphan.fragments or orphan.values)[0]
            segments[leaf.key] = Segment(block, leaf, anchor, orphan.values)
            used.add(id(orphan))
            issues.append(row_by_position(tdef, leaf, anchor, orphan, first, last))
    return used


def _plan(
    run: list[Orphan], gap: list[tuple[Block, Leaf]]
) -> list[tuple[Orphan, Block, Leaf]] | None:
    """Each orphan of a run as the missing row in its place, or None when one does not fit:
    another block, another number of cells, or label pieces that are not of that row's label."""
    plan: list[tuple[Orphan, Block, Leaf]] = []
    for orphan, (block, leaf) in zip(run, gap, strict=True):
        label = "".join(normalize(t.text) for t in orphan.fragments)
        if (
            block != orphan.block  # equal, not identical: formats may be loaded twice
            or fit(orphan.values, len(block.leaf_columns)) is None
            or (label and label not in normalize("".join(leaf.labels[-1:])))
        ):
            return None
        plan.append((orphan, block, leaf))
    return plan
