"""Finding a table's row labels, captions and column headers, and misspelt row labels."""

from __future__ import annotations

import difflib
import math

from ....core.formats import Leaf, TableDef
from ....core.labels import ordinal_of, strip_ordinal
from ....core.model import Issue, Location
from ..extract import Glyph, text_key
from ..finder import LabelFinder
from ..layout import Match
from .cells import touching_runs
from .model import LABEL_VARIANT, VALUE_CHARS, Caption, Header, ReadState, Row, RowKind, header_of

#: least similarity between a misspelt row label and the official one to accept it by position
MIN_SIMILARITY = 0.6

#: a label to search for: its matching key, and what it stands for
Target = tuple[str, object]


def find_rows(state: ReadState) -> tuple[list[Row], list[Match]]:
    """The rows of the table, in reading order, and the 表二 captions.

    Rows are found by their official labels (and variants); a row whose label is misspelt is
    then looked for between its neighbours (see :func:`misspelt_rows`).
    """
    targets = row_targets(state.tdef)
    finder = LabelFinder(state.pages, state.available)
    labels = finder.find(targets)
    for match in labels:
        state.consume(match.glyphs)
    # a label set close to another label found (a group label wrapped beside it, no rule
    # between): found once the other is taken
    found = {m.payload.node.key for m in labels if isinstance(m.payload, RowKind)}
    rest = [t for t in targets if isinstance(t[1], RowKind) and t[1].node.key not in found]
    if rest:
        finder.bounded = True
        more = finder.find(rest)
        for match in more:
            state.consume(match.glyphs)
        labels.extend(more)
    rows = [Row(m, m.payload) for m in labels if isinstance(m.payload, RowKind)]
    captions = [m for m in labels if isinstance(m.payload, Caption)]
    rows.extend(misspelt_rows(state, rows))
    rows.sort(key=lambda r: (r.match.page, r.match.box.top, r.match.box.x0))
    return rows, captions


def find_headers(state: ReadState, rows: list[Row]) -> list[Match]:
    """The headers of leaf columns among the characters the rows left.

    Every header found is taken out of the page (titles and notes too); a header-like text
    between two rows of one block is body text and is not returned.
    """
    finder = LabelFinder(state.pages, state.available)
    headers = finder.find(header_targets(state.tdef), suffix=True, loose=True)
    for match in headers:
        state.consume(match.glyphs)
    headers.extend(misspelt_headers(state, headers))
    return [m for m in headers if header_of(m).leaf and not _inside_block(m, rows)]


def misspelt_headers(state: ReadState, headers: list[Match]) -> list[Match]:
    """Column headers written with a wrong character ("先行有效件数"): the one text similar to a
    block's missing header, on the line of its neighbours' headers, between them (or right of
    the last). Read by position; the header row passes the written text on, so the mapper
    reports the label as it does for HTML and Word tables."""
    added: list[Match] = []
    leaf_headers = [m for m in headers if header_of(m).leaf]
    for block in state.tdef.blocks:
        columns = [leaf for leaf in block.leaf_columns if leaf.label]
        keys = [text_key(leaf.label) for leaf in columns]
        found = _header_matches(leaf_headers, keys)
        if all(found) or not any(found):
            continue
        for index, leaf in enumerate(columns):
            if found[index] is not None:
                continue
            before = found[index - 1] if index > 0 else None
            after = found[index + 1] if index + 1 < len(found) else None
            if before is None or (after is None and index + 1 < len(found)):
                continue
            candidate = _header_between(state, before, after)
            if candidate is None or not _similar(_joined(candidate), leaf.label):
                continue
            header = Header(keys[index], _joined(candidate), True)
            match = Match(keys[index], tuple(candidate), header)
            state.consume(candidate)
            added.append(match)
            found[index] = match
    return added


def _header_matches(headers: list[Match], keys: list[str]) -> list[Match | None]:
    """For each key, the one header found for it (None when none or several)."""
    by_key: dict[str, list[Match]] = {}
    for match in headers:
        by_key.setdefault(header_of(match).key, []).append(match)
    return [by_key[k][0] if len(by_key.get(k, ())) == 1 else None for k in keys]


def _joined(glyphs: list[Glyph]) -> str:
    return "".join(g.char for g in glyphs)


def _header_between(state: ReadState, before: Match, after: Match | None) -> list[Glyph] | None:
    """The one run of free characters on ``before``'s line right of it and left of ``after``."""
    if after is not None and after.page != before.page:
        return None
    box = before.box
    page = state.pages[before.page]
    right = after.box.x0 if after is not None else math.inf
    runs = []
    for line in page.lines:
        if not (line.top < box.bottom and box.top < line.bottom):
            continue
        free = [
            g for g in line.glyphs if g.seq in state.available and box.x1 < g.x0 and g.x1 <= right
        ]
        runs.extend(_split_at_rules(touching_runs(free), page.ruled))
    runs = [run for run in runs if not VALUE_CHARS.match(_joined(run))]
    if after is None and runs:
        runs = runs[:1]  # the nearest text right of the last header found
    return runs[0] if len(runs) == 1 else None


def row_targets(tdef: TableDef) -> list[Target]:
    """Every row label, group label and caption of ``tdef``, with its variants."""
    targets: list[Target] = []
    for position, block in enumerate(tdef.blocks):
        if block.caption:
            for key in block.caption_match:
                targets.append((text_key(key), Caption(position)))
        leaves = {leaf.key: leaf for leaf in block.leaf_rows}
        for node in block.row_nodes():
            if not node.label:
                continue
            kind = RowKind(position, node, leaves.get(node.key) if not node.children else None)
            for key in node.match:
                targets.append((text_key(key), kind))
    return targets


def header_targets(tdef: TableDef) -> list[Target]:
    """Every column label of ``tdef`` with its variants, and the title, notes and block headers
    (found so that they are not read as values)."""
    targets: list[Target] = []
    seen: set[tuple[str, bool]] = set()
    extra: list[str] = [tdef.title, f"{tdef.name}{tdef.title}"]
    if tdef.note:
        extra.append(tdef.note)
    for block in tdef.blocks:
        if block.header:
            extra.append(block.header)
        for node in block.column_nodes():
            if not node.label:
                continue
            for key in sorted(node.match):
                tkey = text_key(key)
                if (tkey, not node.children) in seen:
                    continue
                seen.add((tkey, not node.children))
                targets.append((tkey, Header(text_key(node.label), node.label, not node.children)))
    for text in extra:
        targets.append((text_key(text), Header(text_key(text), text, False)))
    return targets


def _inside_block(match: Match, rows: list[Row]) -> bool:
    """A header-like text between two rows of one block is body text, not a header."""
    box = match.box
    for block in {r.kind.block for r in rows}:
        same = [r for r in rows if r.kind.block == block and r.match.page == match.page]
        above = any(r.match.box.bottom <= box.top + 0.1 for r in same)
        below = any(r.match.box.top >= box.bottom - 0.1 for r in same)
        if above and below:
            return True
    return False


# -- misspelt labels --------------------------------------------------------------------------


def misspelt_rows(state: ReadState, rows: list[Row]) -> list[Row]:
    """Rows whose label differs from the official wording ("2.其他法律行政止公开").

    Accepted when the label sits between the rows before and after it in the format, in
    the label column, carries the same ordinal, and is similar enough to the official label.
    Each is reported (DL926).
    """
    found = {r.kind.leaf.key: r for r in rows if r.kind.leaf is not None}
    order: list[tuple[int, Leaf]] = [
        (position, leaf)
        for position, block in enumerate(state.tdef.blocks)
        for leaf in block.leaf_rows
        if leaf.labels
    ]
    added: list[Row] = []
    for index, (position, leaf) in enumerate(order):
        if leaf.key in found:
            continue
        before = found.get(order[index - 1][1].key) if index > 0 else None
        after = found.get(order[index + 1][1].key) if index + 1 < len(order) else None
        if before is None or after is None or before.match.page != after.match.page:
            continue
        row = _misspelt_row(state, position, leaf, before.match, after.match)
        if row is not None:
            added.append(row)
            found[leaf.key] = row
    return added


def _misspelt_row(
    state: ReadState, position: int, leaf: Leaf, before: Match, after: Match
) -> Row | None:
    """The row of ``leaf`` from a label between ``before`` and ``after`` similar to its own."""
    candidate = _label_between(state, before, after)
    if candidate is None:
        return None
    written = "".join(g.char for g in candidate)
    official = leaf.label
    if not _similar(written, official):
        return None
    block = state.tdef.blocks[position]
    node = next(n for n in block.row_nodes() if n.key == leaf.key)
    row = Row(
        Match(text_key(official), tuple(candidate), None),
        RowKind(position, node, leaf),
        written=written,
    )
    state.consume(candidate)
    state.issues.append(
        Issue(
            LABEL_VARIANT,
            Location(
                table=state.tdef.key,
                table_name=state.tdef.name,
                row=leaf.key,
                row_labels=leaf.labels,
                source=state.loc(candidate),
            ),
            {"table": state.tdef.name, "row": official, "label": written},
        )
    )
    return row


def _label_between(state: ReadState, before: Match, after: Match) -> list[Glyph] | None:
    """The one text (on one line, or wrapped over two) between two row labels, starting where
    they start: the label of the row between them."""
    page = state.pages[before.page]
    top, bottom = before.box.bottom, after.box.top
    x_starts = (before.box.x0, after.box.x0)
    em = max(before.em, after.em)
    chosen: list[list[Glyph]] = []
    for line in page.lines:
        if not (top < line.baseline - 0.3 * em and line.baseline < bottom + 0.3 * em):
            continue
        free = [g for g in line.glyphs if g.seq in state.available]
        if not free:
            continue
        for run in _split_at_rules(touching_runs(free), page.ruled):
            if not any(abs(run[0].x0 - x) <= 2 * em for x in x_starts):
                continue
            text = "".join(g.char for g in run)
            if VALUE_CHARS.match(text):
                continue
            chosen.append(run)
    if len(chosen) == 1:
        return chosen[0]
    if len(chosen) == 2:  # a label wrapped over two lines
        first, second = chosen
        if 0 < second[0].baseline - first[0].baseline <= 2.6 * em:
            return first + second
    return None


def _split_at_rules(runs: list[list[Glyph]], ruled: set[int]) -> list[list[Glyph]]:
    """Runs of characters cut where a ruled line separates two of them (different cells)."""
    out: list[list[Glyph]] = []
    for run in runs:
        out.append([])
        for glyph in run:
            out[-1].append(glyph)
            if glyph.seq in ruled and glyph is not run[-1]:
                out.append([])
    return out


def _core(text: str) -> str:
    """The matching key of a label without its ordinal."""
    key = text_key(text)
    return strip_ordinal(key.replace(".", ",", 1)) if ordinal_of(key.replace(".", ",", 1)) else key


def _similar(written: str, official: str) -> bool:
    """Same ordinal, and the rest similar enough."""
    a, b = text_key(written), text_key(official)
    ord_a = ordinal_of(a.replace(".", ",", 1)) if a else None
    ord_b = ordinal_of(b.replace(".", ",", 1)) if b else None
    if (ord_a or ord_b) and (ord_a or "").rstrip(",.") != (ord_b or "").rstrip(",."):
        return False
    ratio = difflib.SequenceMatcher(None, _core(written), _core(official)).ratio()
    return ratio >= MIN_SIMILARITY
