"""Giving each line of values to the row whose label it is level with; values level with none."""

from __future__ import annotations

import math

from ....core.i18n import Text
from ..extract import Glyph
from ..layout import Line, Match, group_lines
from .cells import WRAP_GAP
from .model import VALUE_CHARS, ReadState, Row

#: a value line must be level with a row label: its middle within the label's lines ± this (ems)
ROW_SLACK = 0.5
#: a value line just outside every label is still given to the nearest one if that one is within
#: this distance (ems) and every other label is at least ROW_CLEAR ems away
ROW_NEAR, ROW_CLEAR = 1.0, 2.0


def assign_values(state: ReadState, rows: list[Row]) -> None:
    """Give every line of values to the row whose label it is level with, page by page."""
    for page in sorted({r.match.page for r in rows}):
        _assign_page(state, page, [r for r in rows if r.match.page == page])


def _assign_page(state: ReadState, page: int, page_rows: list[Row]) -> None:
    """Give every line of values on ``page`` to the row whose label it is level with."""
    leaves = [r for r in page_rows if r.kind.leaf is not None]
    for line in group_lines(_value_zone(state, page, page_rows, leaves)):
        target = row_for_line(line, page_rows)
        if target is None:
            _orphan(state, line, leaves)
            continue
        target.values.extend(line.glyphs)
        target.lines.append(line.glyphs)
        state.consume(line.glyphs)


def _value_zone(
    state: ReadState, page: int, page_rows: list[Row], leaves: list[Row]
) -> list[Glyph]:
    """The free glyphs right of the row labels, from the first row to the last (± 2 ems)."""
    edges = [r.match.box.x1 for r in leaves] or [r.match.box.x1 for r in page_rows]
    left_edge = min(edges)
    first_top = min(r.match.box.top for r in page_rows)
    last_bottom = max(r.match.box.bottom for r in page_rows)
    zone = []
    for seq in state.available:
        glyph = state.glyphs[seq]
        if (
            glyph.page == page
            and glyph.cx > left_edge
            and first_top - 2 * glyph.em <= glyph.cy <= last_bottom + 2 * glyph.em
        ):
            zone.append(glyph)
    return zone


def row_for_line(line: Line, rows: list[Row]) -> Row | None:
    """The row whose label ``line`` is level with; None when none or several could be."""
    middle = (line.top + line.bottom) / 2
    em = line.em
    hits = [
        r
        for r in rows
        if r.match.box.top - ROW_SLACK * em <= middle <= r.match.box.bottom + ROW_SLACK * em
    ]
    leaf_hits = [r for r in hits if r.kind.leaf is not None]
    if len(leaf_hits) == 1:
        return leaf_hits[0]
    if len(leaf_hits) > 1:
        ranked = sorted(leaf_hits, key=lambda r: abs(r.match.box.cy - middle))
        first, second = (abs(r.match.box.cy - middle) for r in ranked[:2])
        return ranked[0] if second >= 2 * first + 0.5 * em else None
    if hits:
        small = [r for r in hits if r.match.box.bottom - r.match.box.top <= 3 * em]
        return small[0] if len(small) == 1 else None
    return _nearest_row(rows, middle, em)


def _nearest_row(rows: list[Row], middle: float, em: float) -> Row | None:
    """A line level with no label: the nearest row, when it is near and the others are clear."""
    distances = sorted(
        (
            (min(abs(middle - r.match.box.top), abs(middle - r.match.box.bottom)), i)
            for i, r in enumerate(rows)
            if r.kind.leaf is not None
        ),
    )
    if not distances:
        return None
    nearest, index = distances[0]
    runner_up = distances[1][0] if len(distances) > 1 else math.inf
    if nearest <= ROW_NEAR * em and runner_up >= ROW_CLEAR * em:
        return rows[index]
    return None


def _orphan(state: ReadState, line: Line, leaves: list[Row]) -> None:
    """Values level with no row label: the rows on either side may be missing them."""
    middle = (line.top + line.bottom) / 2
    above = [r for r in leaves if r.match.box.bottom < middle]
    below = [r for r in leaves if r.match.box.top > middle]
    if not above or not below:
        return  # above the first row (headers) or below the last row (after the table)
    text = "".join(g.char for g in line.glyphs)
    if not any(g.char.isdigit() for g in line.glyphs) and not VALUE_CHARS.match(text):
        return
    neighbours = [
        max(above, key=lambda r: r.match.box.bottom),
        min(below, key=lambda r: r.match.box.top),
    ]
    for row in neighbours:
        row.orphans.extend((glyph, text) for glyph in line.glyphs)
    state.consume(line.glyphs)


def resolve_orphans(row: Row) -> None:
    """The columns of ``row`` where values level with no row were seen are in doubt."""
    for glyph, text in row.orphans:
        column = row.columns.index(glyph.cx) if row.columns is not None else None
        if column is not None:
            row.unclear_columns.setdefault(
                column,
                Text(
                    f"p{glyph.page + 1} 有未能归入任何一行的数字“{text}”",
                    f"p{glyph.page + 1} has a number '{text}' that belongs to no row",
                ),
            )


def value_lines_under(state: ReadState, header: list[Match]) -> list[Line]:
    """表四's one row of numbers under its header group (no row label): the first line below the
    headers, if it holds a number, and the lines of digits that wrap on from it."""
    page = max(m.page for m in header)
    header_bottom = max(m.box.bottom for m in header if m.page == page)
    zone = [
        state.glyphs[s]
        for s in state.available
        if state.glyphs[s].page == page and state.glyphs[s].top >= header_bottom - 1
    ]
    lines = group_lines(zone)
    if not lines:
        return []
    first = lines[0]
    if not any(VALUE_CHARS.match(g.char) or g.char.isdigit() for g in first.glyphs):
        return []
    picked = [first]
    for line in lines[1:]:
        if line.baseline - picked[-1].baseline > WRAP_GAP * line.em:
            break
        if not all(g.char.isdigit() for g in line.glyphs):
            break
        picked.append(line)
    return picked
