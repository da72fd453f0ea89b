"""Column headers grouped and matched to a block's columns, and the bands that place a value."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from ....core.formats import Block
from ..extract import text_key
from ..layout import Match
from .cells import tokens
from .model import Header, Place, Row, Rules, header_of, place_of

#: where each column's values are, left to right: (x0, x1) per column
Spans = list[tuple[float, float]]


@dataclass
class Columns:
    """The leaf columns of a block as found in the page, and how a value is placed in one."""

    headers: list[Match]  # one per leaf column, left to right
    bounds: list[float]  # len(headers) + 1 boundaries; bounds[0] may be -inf
    template: Spans | None = None  # where full rows put each column
    #: ruled lines at the n + 1 cell edges, where the page has exactly one there (else None)
    hard: list[float | None] | None = None

    def index(self, x: float) -> int | None:
        """The column whose band holds ``x``."""
        for i in range(len(self.headers)):
            if self.bounds[i] <= x < self.bounds[i + 1]:
                return i
        return None

    def _between_rules(self, x0: float, x1: float) -> tuple[int | None, set[int]] | None:
        """Placement by the ruled lines: inside one cell's rules, or across a rule (in doubt).
        None when the rules around the value are not known."""
        hard = self.hard
        assert hard is not None
        for k in range(len(self.headers)):
            low, high = hard[k], hard[k + 1]
            if low is not None and high is not None and low - 0.5 <= x0 and x1 <= high + 0.5:
                return k, set()
        for k in range(1, len(self.headers)):
            edge = hard[k]
            if edge is not None and x0 < edge - 0.5 and x1 > edge + 0.5:
                return k - 1, {k - 1, k}
        return None

    def spans(self) -> Spans:
        """Where each column's values are: learnt from full rows, else under its header."""
        if self.template is not None:
            return self.template
        return [(h.box.x0, h.box.x1) for h in self.headers]

    def place(self, x0: float, x1: float) -> tuple[int | None, set[int]]:
        """The column of a value spanning x0..x1, and the columns it leaves in doubt.

        A value belongs to the one column whose span (its header, or where full rows put that
        column's numbers) it overlaps. Left of the first span it can only be in the first column
        and right of the last only in the last. Overlapping two spans, or lying in the gap
        between two, it could be either: set flush right in one cell or flush left in the next.
        """
        if x1 <= self.bounds[0]:
            return None, set()
        if self.hard is not None:
            ruled = self._between_rules(x0, x1)
            if ruled is not None:
                return ruled
        spans = self.spans()
        hits = [i for i, (a, b) in enumerate(spans) if x1 > a and x0 < b]
        if len(hits) == 1:
            return hits[0], set()
        if len(hits) > 1:
            return hits[0], set(hits)
        if x1 <= spans[0][0]:
            return 0, set()
        if x0 >= spans[-1][1]:
            return len(spans) - 1, set()
        for i in range(len(spans) - 1):
            if spans[i][1] <= x0 and x1 <= spans[i + 1][0]:
                nearest = self.index((x0 + x1) / 2)
                return (i if nearest is None else nearest), {i, i + 1}
        return self.index((x0 + x1) / 2), set()


def layout_key(headers: list[Match]) -> tuple[tuple[str, int, int], ...]:
    """Headers with the same labels at the same places: the same column layout."""
    return tuple((m.target, round(m.box.x0), round(m.box.x1)) for m in headers)


# -- header groups ----------------------------------------------------------------------------


def header_groups(
    captions: list[Match], rows: list[Row], headers: list[Match]
) -> list[list[Match]]:
    """Consecutive headers in reading order, as groups; each row learns the last group before it
    (:attr:`Row.group`). Captions and rows break a group."""
    events: list[tuple[Place, Match | Row]] = [(place_of(m), m) for m in captions]
    events.extend((place_of(r.match), r) for r in rows)
    events.extend((place_of(m), m) for m in headers)
    events.sort(key=lambda event: event[0])

    def is_header(event: tuple[Place, Match | Row]) -> bool:
        item = event[1]
        return isinstance(item, Match) and isinstance(item.payload, Header)

    groups: list[list[Match]] = []
    for header_run, run in itertools.groupby(events, key=is_header):
        items = [item for _, item in run]
        if header_run:
            groups.append([m for m in items if isinstance(m, Match)])
            continue
        for item in items:
            if isinstance(item, Row):
                item.group = len(groups) - 1
    return groups


def headers_for(block: Block, groups: list[list[Match]], group_index: int) -> list[Match] | None:
    """The headers of ``block``'s columns, left to right, from the last header group at
    or before ``group_index`` that has any of them; None unless all are there in order."""
    wanted = [text_key(leaf.label) for leaf in block.leaf_columns]
    variants = [
        {text_key(k) for k in leaf.match} | {text_key(leaf.label)} for leaf in block.leaf_columns
    ]
    accept = set().union(*variants)
    for index in range(group_index, -1, -1):
        group = [m for m in groups[index] if header_of(m).key in accept or m.target in accept]
        if not group:
            continue
        group.sort(key=lambda m: m.box.cx)
        if len(group) != len(wanted):
            return None
        for match, options in zip(group, variants, strict=True):
            if match.target not in options and header_of(match).key not in options:
                return None
        return group
    return None


# -- where the values of each column are ------------------------------------------------------


def templates(rows: list[Row]) -> dict[tuple[tuple[str, int, int], ...], Spans]:
    """Where each column's numbers actually are, learnt from fully filled rows.

    Headers are often centred over numbers set flush left or right; the gap between two
    headers then says little about where one cell ends. A row whose line holds exactly one
    separate number per column shows it: the template of a column is the span of its numbers
    in such rows. It is used only when all full rows agree (spans in header order, not
    overlapping, each number nearer its own header than the neighbours' centres allow).
    Blocks with the same headers at the same places (表二 （五） and （六） of 2019) learn
    together.
    """
    by_headers: dict[tuple[tuple[str, int, int], ...], list[Row]] = {}
    for row in rows:
        if row.headers is not None and row.kind.leaf is not None:
            by_headers.setdefault(layout_key(row.headers), []).append(row)
    found: dict[tuple[tuple[str, int, int], ...], Spans] = {}
    for key, group in by_headers.items():
        headers = group[0].headers
        assert headers is not None
        if len(headers) < 2:
            continue
        template = _template(group, headers)
        if template is not None:
            found[key] = template
    return found


def _template(rows: list[Row], headers: list[Match]) -> Spans | None:
    """The spans of the columns in the rows that fill every column on one line, if they agree."""
    n = len(headers)
    spans: list[Spans] = [[] for _ in range(n)]
    for row in rows:
        if len(row.lines) != 1:
            continue
        written = tokens(row.lines[0])
        if len(written) != n:
            continue
        for k, token in enumerate(written):
            x0, x1 = token[0].x0, token[-1].x1
            centre = (x0 + x1) / 2
            low = headers[k - 1].box.cx if k > 0 else -math.inf
            high = headers[k + 1].box.cx if k + 1 < n else math.inf
            if not low < centre < high:
                return None
            spans[k].append((x0, x1))
    if not all(spans):
        return None
    merged = [(min(a for a, _ in col), max(b for _, b in col)) for col in spans]
    if all(merged[k][1] < merged[k + 1][0] for k in range(n - 1)):
        return merged
    return None


def bands(headers: list[Match], row: Row | None, template: Spans | None, rules: Rules) -> Columns:
    """The columns of ``row`` under ``headers``: a boundary in the middle of each gap between
    headers (or between the template's spans), the first starting after the row label."""
    bounds: list[float] = []
    for index, (left, right) in enumerate(itertools.pairwise(headers)):
        if template is not None:
            bounds.append((template[index][1] + template[index + 1][0]) / 2)
        elif left.box.x1 <= right.box.x0:
            bounds.append((left.box.x1 + right.box.x0) / 2)
        else:
            bounds.append((left.box.cx + right.box.cx) / 2)
    first = headers[0].box
    if row is None or not row.match.target:  # 表四: no row label on the left
        start = -math.inf
    elif bounds:
        pad = bounds[0] - first.x1
        start = first.x0 - pad
        if template is not None:
            start = min(start, template[0][0] - 0.5)
        start = max(row.match.box.x1, start)
    else:
        start = row.match.box.x1
    hard = _hard_edges(headers, row, rules)
    return Columns(headers, [start, *bounds, math.inf], template, hard)


def _hard_edges(headers: list[Match], row: Row | None, rules: Rules) -> list[float | None] | None:
    """The ruled lines between, left of and right of the columns, at the row's height."""
    height = _row_height(row)
    if row is None or height is None:
        return None
    page, y = height
    xs = sorted(x for x, top, bottom in rules.get(page, ()) if top - 1 <= y <= bottom + 1)
    if not xs:
        return None
    edges: list[float | None] = []
    label_edge = row.match.box.x1 - 1 if row.kind.leaf is not None and row.match.target else None
    first = headers[0].box
    left = [x for x in xs if x < first.x0 + 0.5 and (label_edge is None or x > label_edge)]
    if label_edge is not None:
        edges.append(left[0] if left else None)  # the label cell's right side
    else:
        edges.append(left[-1] if left else None)
    for a, b in itertools.pairwise(headers):
        edges.append(_one_rule(xs, a.box.x1 - 0.5, b.box.x0 + 0.5) if a.box.x1 < b.box.x0 else None)
    right = [x for x in xs if x > headers[-1].box.x1 - 0.5]
    edges.append(right[0] if right else None)
    return edges


def _row_height(row: Row | None) -> tuple[int, float] | None:
    """The page and the height at which to look for the rules of a row: its values' middle, or
    its label's."""
    if row is not None and row.values:
        page = row.values[0].page
        return page, (min(g.top for g in row.values) + max(g.bottom for g in row.values)) / 2
    if row is not None and row.match.glyphs:
        return row.match.page, row.match.box.cy
    return None


def _one_rule(xs: list[float], low: float, high: float) -> float | None:
    """The ruled line between ``low`` and ``high``: the lines there, if they are one (drawn as
    close strokes); None if there is none or several."""
    inside = [x for x in xs if low < x < high]
    if inside and inside[-1] - inside[0] <= 1.5:
        return (inside[0] + inside[-1]) / 2
    return None
