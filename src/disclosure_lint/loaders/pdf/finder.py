"""A search for label text laid out in table cells.

A label in a PDF table cell can be set on one line, wrapped over several lines
("（二）部分公开（区分处理的，只计这一情" / "形，不计其他情形）"), letter-spaced ("总 计") or set
vertically, one character per line ("结" / "果" / "维" / "持").

:class:`LabelFinder` finds an official label as a chain of characters that reads like text
inside one cell: each next character follows on the same line with at most a small gap, or
starts a line just below, inside the horizontal extent of the text so far. The label must stand
alone in its cell: no character touches it on the left or right.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .extract import Glyph
from .layout import (
    CONTINUE_GAP,
    FOOT,
    HEAD,
    RUN_GAP,
    SPREAD_GAP,
    TOUCH_GAP,
    Match,
    PageLines,
    gap,
)

#: how far below (baseline to baseline, in ems) the next line of a wrapped label may start; a
#: line with text under the label so far blocks any line further down
WRAP_MIN, WRAP_MAX = 0.5, 4.0
#: most characters a parenthesised suffix after a label may hold ("（单位：万元）")
_MAX_SUFFIX = 40


class LabelFinder:
    """Find label texts among the ``available`` glyphs of some pages."""

    def __init__(
        self, pages: dict[int, PageLines], available: set[int], bounded: bool = False
    ) -> None:
        self.pages = pages
        self.available = available
        self.loose = False
        #: a character taken by a label found before bounds a label (set close to it, apart)
        self.bounded = bounded
        self.by_key: dict[str, list[Glyph]] = {}
        for lines in pages.values():
            for line in lines.lines:
                for glyph in line.glyphs:
                    if glyph.seq in available:
                        self.by_key.setdefault(glyph.key[:1], []).append(glyph)

    # -- boundaries ---------------------------------------------------------------------------

    def _free(self, glyph: Glyph | None) -> bool:
        return glyph is not None and glyph.seq in self.available

    def starts_run(self, glyph: Glyph) -> bool:
        """No character continues into ``glyph`` from the left: a cell's text starts here.

        Strict (row labels): nothing touches it, and no letter, digit or ideograph is closer than
        a run gap. Loose (column headers, which sit in narrow cells only half an em apart):
        nothing touches it.
        """
        left = self.pages[glyph.page].left(glyph)
        if left is None:
            return True
        distance = gap(left, glyph)
        if distance <= TOUCH_GAP:
            return False
        taken = self.bounded and not self._free(left)
        return self.loose or taken or not (distance <= RUN_GAP and left.is_word_char)

    def ends_run(self, glyph: Glyph) -> bool:
        """No character continues ``glyph`` on the right: a cell's text ends here. A number set
        apart after the label (an unruled cell filled by its label) is the next cell."""
        right = self.pages[glyph.page].right(glyph)
        if right is None:
            return True
        distance = gap(glyph, right)
        if distance <= TOUCH_GAP:
            return False
        taken = self.bounded and not self._free(right)
        number = right.char.isdigit() and not glyph.char.isdigit()
        return self.loose or taken or number or not (distance <= RUN_GAP and right.is_word_char)

    # -- search -------------------------------------------------------------------------------

    def find(
        self, targets: Iterable[tuple[str, object]], suffix: bool = False, loose: bool = False
    ) -> list[Match]:
        """Every place where one of ``targets`` (matching key, payload) is laid out as a label.

        ``suffix`` accepts a parenthesised note after the label; ``loose`` relaxes the
        boundaries for column headers (see :meth:`starts_run`). Overlapping candidates are
        resolved longest first; the glyphs of accepted matches stay in ``available`` (the caller
        decides).
        """
        self.loose = loose
        candidates: list[Match] = []
        for target, payload in targets:
            if not target:
                continue
            for start in self.by_key.get(target[:1], ()):
                if start.seq not in self.available or not self.starts_run(start):
                    continue
                found = self._match(start, target, suffix)
                if found is not None:
                    candidates.append(Match(target, found, payload))
        candidates.sort(key=lambda m: (-len(m.target), m.glyphs[0].page, m.glyphs[0].seq))
        taken: set[int] = set()
        accepted: list[Match] = []
        for match in candidates:
            seqs = {g.seq for g in match.glyphs}
            if seqs & taken:
                continue
            taken |= seqs
            accepted.append(match)
        accepted.sort(key=lambda m: (m.page, m.box.top, m.box.x0))
        return accepted

    def _match(self, start: Glyph, target: str, suffix: bool) -> tuple[Glyph, ...] | None:
        if not target.startswith(start.key):
            return None
        chain = [start]
        if self._extend(chain, target, len(start.key), start.x0, start.x1, 0, suffix):
            return tuple(chain)
        return None

    def _next_glyphs(self, last: Glyph, x0: float, x1: float) -> list[Glyph]:
        """Glyphs that can follow ``last`` in the same cell: right neighbour, then line starts
        below within the text's horizontal extent."""
        lines = self.pages[last.page]
        out: list[Glyph] = []
        right = lines.right(last)
        wrap_allowed = True
        if right is not None:
            distance = gap(last, right)
            if self._free(right) and (
                distance <= CONTINUE_GAP or (distance <= SPREAD_GAP and lines.enclosed(last, right))
            ):
                out.append(right)
            if distance <= TOUCH_GAP and right.is_word_char:
                wrap_allowed = False  # the text goes on in this line
        if wrap_allowed:
            em = last.em
            below: list[tuple[float, float, Glyph]] = []
            for line in lines.lines_below(last, WRAP_MIN, WRAP_MAX):
                blocked = False
                for glyph in line.glyphs:
                    if glyph.x0 > x1 + 0.5 * em:
                        break
                    if glyph.x1 > x0 and glyph.x0 < x1:
                        blocked = True
                    if glyph.x0 < x0 - 2.0 * em and (
                        glyph.x0 < x0 - 4.0 * em or not lines.cell_start(glyph, x0)
                    ):
                        continue
                    if glyph.seq not in self.available:
                        continue
                    if not self.starts_run(glyph):
                        continue
                    below.append((line.baseline - last.baseline, abs(glyph.x0 - x0), glyph))
                if blocked:
                    break
            below.sort(key=lambda item: (item[0], item[1]))
            out.extend(item[2] for item in below)
            if not below and self._at_page_foot(last, x0, x1):
                out.extend(self._next_page_starts(last, x0, x1))
        return out

    def _at_page_foot(self, last: Glyph, x0: float, x1: float) -> bool:
        """Nothing follows ``last`` in its column on its page but the bottom margin: a cell
        split by a page break goes on at the top of the next page."""
        lines = self.pages[last.page]
        if last.page + 1 not in self.pages or lines.height <= 0:
            return False
        em = last.em
        for line in lines.lines_below(last, WRAP_MIN, math.inf):
            if line.top > FOOT * lines.height:
                break
            if any(g.x1 > x0 - 0.5 * em and g.x0 < x1 + 0.5 * em for g in line.glyphs):
                return False
        return True

    def _next_page_starts(self, last: Glyph, x0: float, x1: float) -> list[Glyph]:
        """Where the text of ``last``'s cell goes on after a page break: the first line at the top
        of the next page with text in the same column, if it starts a run there."""
        lines = self.pages[last.page + 1]
        em = last.em
        for line in lines.lines:
            inside = [g for g in line.glyphs if g.x1 > x0 - 0.5 * em and g.x0 < x1 + 0.5 * em]
            if not inside:
                continue
            if lines.height > 0 and line.top > HEAD * lines.height:
                return []
            first = inside[0]
            if abs(first.x0 - x0) <= 2.0 * em and self._free(first) and self.starts_run(first):
                return [first]
            return []
        return []

    def _extend(
        self,
        chain: list[Glyph],
        target: str,
        pos: int,
        x0: float,
        x1: float,
        depth: int,
        suffix: bool,
    ) -> bool:
        last = chain[-1]
        if pos == len(target):
            if self.ends_run(last):
                return True
            if suffix:
                return self._suffix(chain, x0, x1)
            return False
        if depth > 4 * len(target) + 8:
            return False
        for glyph in self._next_glyphs(last, x0, x1):
            key = glyph.key
            if not target.startswith(key, pos):
                continue
            chain.append(glyph)
            if self._extend(
                chain,
                target,
                pos + len(key),
                min(x0, glyph.x0),
                max(x1, glyph.x1),
                depth + 1,
                suffix,
            ):
                return True
            chain.pop()
        return False

    def _suffix(self, chain: list[Glyph], x0: float, x1: float) -> bool:
        """Accept a parenthesised note right after a label: "本年收费金额（单位：万元）"."""
        lines = self.pages[chain[-1].page]
        right = lines.right(chain[-1])
        if right is None or right.key != "(" or gap(chain[-1], right) > CONTINUE_GAP:
            return False
        added: list[Glyph] = []
        current = chain[-1]
        nxt: Glyph | None = right
        while nxt is not None and len(added) < _MAX_SUFFIX:
            added.append(nxt)
            current = nxt
            if nxt.key == ")":
                if self.ends_run(current):
                    chain.extend(added)
                    return True
                return False
            options = self._next_glyphs(current, x0, x1)
            nxt = options[0] if options else None
        return False
