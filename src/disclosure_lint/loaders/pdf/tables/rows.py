"""Giving each line of values to the row whose label it is level with; values level with none."""

from __future__ import annotations

import math

from ....core.i18n import Text
from ..extract import Glyph
from ..layout import FOOT, HEAD, RUN_GAP, Box, Line, Match, gap, group_lines
from .cells import WRAP_GAP
from .model import VALUE_CHARS, ReadState, Row

#: a value line must be level with a row label: its middle within the label's lines ± this (ems)
ROW_SLACK = 0.5
#: the longest word a cell may hold instead of a number ("不适用")
MAX_WORD = 4
#: a value line just outside every label is still given to the nearest one if that one is within
#: this distance (ems) and every other label is at least ROW_CLEAR ems away
ROW_NEAR, ROW_CLEAR = 1.0, 2.0


def assign_values(state: ReadState, rows: list[Row]) -> None:
    """Give every line of values to the row whose label it is level with, page by page (a row
    whose label a page break splits is level with lines on both pages; the values a page break
    carries to the top of the next page stay with the row of the page before)."""
    pages = sorted({page for r in rows for page in r.match.boxes})
    last: Placed | None = None
    for page in pages:
        placed = [(r, r.match.boxes[page]) for r in rows if page in r.match.boxes]
        last = _assign_page(state, page, placed, last)


#: a row on one page, with the box of its label there
Placed = tuple[Row, Box]


def _assign_page(
    state: ReadState, page: int, page_rows: list[Placed], before: Placed | None
) -> Placed | None:
    """Give every line of values on ``page`` to the row whose label it is level with; ``before``
    is the last row of the page before. Returns this page's last row."""
    leaves = [(r, b) for r, b in page_rows if r.kind.leaf is not None]
    label_right = max((b.x1 for _, b in leaves), default=None)
    lines = group_lines(_value_zone(state, page, page_rows, leaves, before is not None))
    if before is not None and before[1].page == page - 1 and leaves:
        lines = _carried_over(state, lines, before, leaves)
    for line in lines:
        if (
            label_right is not None
            and not _level_with_label(line, leaves)
            and _runs_in_from_the_left(state, line, label_right)
        ):
            continue  # a heading or paragraph after the table, not a line of values
        target = _row_in_band(state, line, leaves) or row_for_line(line, page_rows)
        if target is None:
            _orphan(state, line, leaves)
            continue
        target.values.extend(line.glyphs)
        target.lines.append(line.glyphs)
        state.consume(line.glyphs)
    ends = [(r, b) for r, b in page_rows if page + 1 not in r.match.boxes]
    return max(ends, key=lambda item: item[1].bottom) if ends else None


def _carried_over(
    state: ReadState, lines: list[Line], before: Placed, leaves: list[Placed]
) -> list[Line]:
    """Lines of values above the first row of a page that continues the table, in a ruled band
    of no row: the rest of the last row of the page before when that row reaches the foot of
    its page (a number a page break wrapped); in doubt (no rules, the row ends higher), values
    of no known row that put both rows' columns in doubt. Returns the other lines."""
    row, box = before
    first_row, first = min(leaves, key=lambda item: item[1].top)
    above = [ln for ln in lines if (ln.top + ln.bottom) / 2 < first.top - ROW_SLACK * ln.em]
    chain: list[Line] = []
    ruled = True
    for line in reversed(above):  # upwards from the first row, while lines of values follow
        inside = _band_rows(state, line, leaves)
        if inside or (inside is None and row_for_line(line, leaves) is not None):
            break
        if not _short_runs(line) or not any(g.char.isdigit() for g in line.glyphs):
            break
        if chain and chain[0].top - line.bottom > WRAP_GAP * line.em:
            break
        ruled = ruled and inside is not None
        chain.insert(0, line)
    rest = [ln for ln in lines if ln not in chain and ln.bottom >= first.top - 2 * ln.em]
    previous = state.pages[box.page]
    on_page = [ln for ln in row.lines if ln and ln[0].page == box.page]
    reach = max([box.bottom, *(max(g.bottom for g in ln) for ln in on_page)])
    carried = ruled and row.kind.leaf is not None and reach >= FOOT * previous.height > 0
    for line in chain:
        if carried:
            row.values.extend(line.glyphs)
            row.lines.append(line.glyphs)
        else:
            text = "".join(g.char for g in line.glyphs)
            for target in (row, first_row):
                target.orphans.extend((glyph, text) for glyph in line.glyphs)
        state.consume(line.glyphs)
    return rest


def _value_zone(
    state: ReadState, page: int, page_rows: list[Placed], leaves: list[Placed], continues: bool
) -> list[Glyph]:
    """The free glyphs right of the row labels, from the first row to the last (± 2 ems; from
    the head of a page that continues the table)."""
    edges = [b.x1 for _, b in leaves] or [b.x1 for _, b in page_rows]
    left_edge = min(edges)
    first_top = min(b.top for _, b in page_rows)
    if continues:
        first_top = min(first_top, HEAD * state.pages[page].height)
    last_bottom = max(b.bottom for _, b in page_rows)
    floor = _ruled_bottom(state, page, left_edge, last_bottom)
    zone = []
    for seq in state.available:
        glyph = state.glyphs[seq]
        if (
            glyph.page == page
            and glyph.cx > left_edge
            and first_top - 2 * glyph.em <= glyph.cy <= last_bottom + 2 * glyph.em
            and (floor is None or glyph.cy <= floor)
        ):
            zone.append(glyph)
    return zone


def _ruled_bottom(
    state: ReadState, page: int, left_edge: float, last_bottom: float
) -> float | None:
    """Where the ruled lines right of the labels end below the last row: the bottom of a ruled
    table. Text below it is outside the table. None when the table has no ruled lines."""
    bottoms = [
        bottom
        for x, top, bottom in state.rules.get(page, ())
        if x >= left_edge - 1 and top < last_bottom <= bottom + 1
    ]
    return max(bottoms) + 1 if bottoms else None


def _level_with_label(line: Line, leaves: list[Placed]) -> bool:
    """The line is level with a row label (a line of that row, not text under the table)."""
    middle = (line.top + line.bottom) / 2
    slack = ROW_SLACK * line.em
    return any(b.top - slack <= middle <= b.bottom + slack for _, b in leaves)


def _runs_in_from_the_left(state: ReadState, line: Line, label_right: float) -> bool:
    """The line's text starts left of the values, at or before the right edge of the row labels
    (free text, not a label): a heading or a paragraph set under the table, not its values."""
    lines = state.pages[line.glyphs[0].page]
    first = line.glyphs[0]
    while True:
        left = lines.left(first)
        if left is None or left.seq not in state.available or gap(left, first) > RUN_GAP:
            break
        first = left
    return first.x0 < label_right - 0.5


def _row_in_band(state: ReadState, line: Line, leaves: list[Placed]) -> Row | None:
    """In a table ruled across: the one row whose label lies in the ruled band of ``line`` (a
    number wrapped onto a second line of its cell stays in its row)."""
    inside = _band_rows(state, line, leaves)
    return inside[0] if inside is not None and len(inside) == 1 else None


def _band_rows(state: ReadState, line: Line, leaves: list[Placed]) -> list[Row] | None:
    """The rows whose labels lie in the ruled band of ``line``; None when it is in no band."""
    glyphs = line.glyphs
    band = state.pages[glyphs[0].page].band(
        line.top, line.bottom, min(g.x0 for g in glyphs), max(g.x1 for g in glyphs)
    )
    if band is None:
        return None
    top, bottom = band
    return [r for r, b in leaves if top - 1 <= b.cy <= bottom + 1]


def row_for_line(line: Line, rows: list[Placed]) -> Row | None:
    """The row whose label ``line`` is level with; None when none or several could be."""
    middle = (line.top + line.bottom) / 2
    em = line.em
    hits = [
        (r, b) for r, b in rows if b.top - ROW_SLACK * em <= middle <= b.bottom + ROW_SLACK * em
    ]
    leaf_hits = [(r, b) for r, b in hits if r.kind.leaf is not None]
    if len(leaf_hits) == 1:
        return leaf_hits[0][0]
    if len(leaf_hits) > 1:
        ranked = sorted(leaf_hits, key=lambda item: abs(item[1].cy - middle))
        first, second = (abs(b.cy - middle) for _, b in ranked[:2])
        return ranked[0][0] if second >= 2 * first + 0.5 * em else None
    if hits:
        small = [r for r, b in hits if b.bottom - b.top <= 3 * em]
        return small[0] if len(small) == 1 else None
    return _nearest_row(rows, middle, em)


def _nearest_row(rows: list[Placed], middle: float, em: float) -> Row | None:
    """A line level with no label: the nearest row, when it is near and the others are clear."""
    distances = sorted(
        (
            (min(abs(middle - b.top), abs(middle - b.bottom)), i)
            for i, (r, b) in enumerate(rows)
            if r.kind.leaf is not None
        ),
    )
    if not distances:
        return None
    nearest, index = distances[0]
    runner_up = distances[1][0] if len(distances) > 1 else math.inf
    if nearest <= ROW_NEAR * em and runner_up >= ROW_CLEAR * em:
        return rows[index][0]
    return None


def _orphan(state: ReadState, line: Line, leaves: list[Placed]) -> None:
    """Values level with no row label: the rows on either side may be missing them."""
    middle = (line.top + line.bottom) / 2
    above = [(r, b) for r, b in leaves if b.bottom < middle]
    below = [(r, b) for r, b in leaves if b.top > middle]
    if not above or not below:
        return  # above the first row (headers) or below the last row (after the table)
    text = "".join(g.char for g in line.glyphs)
    if not any(g.char.isdigit() for g in line.glyphs) and not VALUE_CHARS.match(text):
        return
    neighbours = [
        max(above, key=lambda item: item[1].bottom)[0],
        min(below, key=lambda item: item[1].top)[0],
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
    """表四's one row of numbers under its header group (no row label).

    In a ruled table: every line between the headers and the bottom of the ruled lines (a cell
    whose text wraps is centred, so its first line can sit above the others). Without rules:
    the first line below the headers, if it holds a number, and the lines just below it made
    of short runs (wrapped numbers, units), up to a gap or running text. Headers at the foot of
    a page have their row at the top of the next; a row that a page break splits goes on there.
    """
    page = max(m.page for m in header)
    on_page = [m for m in header if m.page == page]
    header_bottom = max(m.box.bottom for m in on_page)
    left = min(m.box.x0 for m in on_page)
    right = max(m.box.x1 for m in on_page)
    picked = _row_lines(state, page, header_bottom, left, right)
    lines = state.pages[page]
    if picked is None and lines.height > 0 and header_bottom >= FOOT * lines.height:
        following = state.pages.get(page + 1)
        if following is not None:
            page += 1
            picked = _row_lines(state, page, 0.0, left, right, HEAD * following.height)
    if not picked:
        return []
    floor = _header_floor(state, page, left, right, picked[0].top - 1)
    return picked + _continued(state, page, left, right, picked[-1], floor)


def _row_lines(
    state: ReadState,
    page: int,
    below: float,
    left: float,
    right: float,
    start_within: float | None = None,
) -> list[Line] | None:
    """The lines of the value row under ``below`` on ``page`` (see :func:`value_lines_under`);
    None when the first line there holds no value (or starts lower than ``start_within``)."""
    zone = [
        state.glyphs[s]
        for s in state.available
        if state.glyphs[s].page == page and state.glyphs[s].top >= below - 1
    ]
    lines = group_lines(zone)
    if not lines:
        return None
    first = lines[0]
    em = first.em
    if start_within is not None and (
        first.top > start_within or not left - em <= first.glyphs[0].cx <= right + em
    ):
        return None
    if not any(VALUE_CHARS.match(g.char) or g.char.isdigit() for g in first.glyphs):
        return None
    floor = _header_floor(
        state, page, left, right, below if start_within is None else first.top - 1
    )
    picked = [first]
    for line in lines[1:]:
        if floor is not None:
            if line.bottom > floor:
                break
        elif line.baseline - picked[-1].baseline > WRAP_GAP * line.em or not _short_runs(line):
            break
        picked.append(line)
    return picked


def _continued(
    state: ReadState, page: int, left: float, right: float, last: Line, floor: float | None
) -> list[Line]:
    """Lines of the row that a page break carried to the top of the next page: the row reaches
    the foot of its page and the next page starts with short runs of values under the same
    columns (before any running text or heading)."""
    lines = state.pages[page]
    following = state.pages.get(page + 1)
    if following is None or lines.height <= 0:
        return []
    bottom = floor if floor is not None else last.bottom
    if bottom < FOOT * lines.height:
        return []
    em = last.em
    zone = [
        state.glyphs[s]
        for s in state.available
        if state.glyphs[s].page == page + 1
        and state.glyphs[s].top < HEAD * following.height
        and left - em <= state.glyphs[s].cx <= right + em
    ]
    out: list[Line] = []
    for line in group_lines(zone):
        if out and line.baseline - out[-1].baseline > WRAP_GAP * line.em:
            break
        if not _short_runs(line) or not any(g.char.isdigit() for g in line.glyphs):
            break
        out.append(line)
    return out


def _header_floor(
    state: ReadState, page: int, left: float, right: float, header_bottom: float
) -> float | None:
    """The bottom of the ruled lines that run down from the headers: the table's last row ends
    there. None when the headers stand in no ruled cells."""
    bottoms = [
        bottom
        for x, top, bottom in state.rules.get(page, ())
        if left - 2 <= x <= right + 2 and top <= header_bottom + 1 and header_bottom < bottom
    ]
    return max(bottoms) + 1 if bottoms else None


def _short_runs(line: Line) -> bool:
    """A line of cell values: every run of touching characters is a number (digits at least half
    of it, "75394432.52元") or a short word ("无", "不适用"); running text is neither."""
    runs: list[list[Glyph]] = []
    for glyph in line.glyphs:
        if runs and gap(runs[-1][-1], glyph) <= RUN_GAP:
            runs[-1].append(glyph)
        else:
            runs.append([glyph])
    for run in runs:
        numeric = sum(1 for g in run if g.char.isdigit() or VALUE_CHARS.match(g.char))
        if len(run) > MAX_WORD and 2 * numeric < len(run):
            return False
    return True
