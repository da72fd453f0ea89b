"""Lines of characters on a page, and a search for label text laid out in table cells.

A label in a PDF table cell can be set on one line, wrapped over several lines
("（二）部分公开（区分处理的，只计这一情" / "形，不计其他情形）"), letter-spaced ("总 计") or set
vertically, one character per line ("结" / "果" / "维" / "持").

:class:`LabelFinder` finds an official label as a chain of characters that reads like text
inside one cell: each next character follows on the same line with at most a small gap, or
starts a line just below, inside the horizontal extent of the text so far. The label must stand
alone in its cell: no character touches it on the left or right.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from .extract import Glyph

#: same-line gap (in ems) that still continues a word or label ("总 计" is about 0.5)
CONTINUE_GAP = 1.0
#: inside one ruled cell a line of a label can be spread to the cell's width (a justified line
#: before a line break: "本  年  新" / "制作数量"); its characters may be this far apart (ems)
SPREAD_GAP = 8.0
#: a gap wider than this (in ems) separates runs: different cells, or words set apart
RUN_GAP = 0.6
#: glyphs closer than this (in ems) touch: text that continues, not a cell boundary
TOUCH_GAP = 0.15
#: how far below (baseline to baseline, in ems) the next line of a wrapped label may start; a
#: line with text under the label so far blocks any line further down
WRAP_MIN, WRAP_MAX = 0.5, 4.0
#: most characters a parenthesised suffix after a label may hold ("（单位：万元）")
_MAX_SUFFIX = 40
#: a ruled line this close (points) to the facing edges of two characters still runs between them
RULE_SLACK = 0.5
#: below this share of the page height is the bottom margin (page numbers); above HEAD of the next
#: page is where a cell split by a page break goes on
FOOT, HEAD = 0.88, 0.3


@dataclass
class Line:
    """Glyphs on one baseline, left to right."""

    page: int
    baseline: float
    glyphs: list[Glyph]

    @property
    def em(self) -> float:
        return max(g.em for g in self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)


def group_lines(glyphs: Iterable[Glyph]) -> list[Line]:
    """Group glyphs of one page into lines by baseline, each sorted left to right."""
    ordered = sorted(glyphs, key=lambda g: (g.baseline, g.x0))
    lines: list[Line] = []
    for glyph in ordered:
        if lines:
            last = lines[-1]
            tolerance = 0.2 * min(glyph.em, last.glyphs[-1].em)
            if abs(glyph.baseline - last.baseline) <= tolerance:
                last.glyphs.append(glyph)
                continue
        lines.append(Line(glyph.page, glyph.baseline, [glyph]))
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
    return lines


def runs(line: Line, gap: float = RUN_GAP) -> list[list[Glyph]]:
    """Split a line into runs separated by gaps wider than ``gap`` ems."""
    out: list[list[Glyph]] = []
    for glyph in line.glyphs:
        if out:
            previous = out[-1][-1]
            if glyph.x0 - previous.x1 <= gap * max(glyph.em, previous.em):
                out[-1].append(glyph)
                continue
        out.append([glyph])
    return out


def run_text(glyphs: Sequence[Glyph], gap: float = 1.5) -> str:
    """Text of glyphs on one line; a space where the gap is wider than ``gap`` ems."""
    parts: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None and glyph.x0 - previous.x1 > gap * max(glyph.em, previous.em):
            parts.append(" ")
        parts.append(glyph.char)
        previous = glyph
    return "".join(parts)


@dataclass(frozen=True)
class Box:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    @classmethod
    def of(cls, glyphs: Sequence[Glyph]) -> Box:
        return cls(
            glyphs[0].page,
            min(g.x0 for g in glyphs),
            min(g.top for g in glyphs),
            max(g.x1 for g in glyphs),
            max(g.bottom for g in glyphs),
        )

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Match:
    """A label found in the page: which text, the glyphs that spell it, their box."""

    target: str  # the matching key that was found
    glyphs: tuple[Glyph, ...]
    payload: object = None

    @cached_property
    def box(self) -> Box:
        """The box of the label on the page where it starts."""
        return self.boxes[self.page]

    @cached_property
    def boxes(self) -> dict[int, Box]:
        """The box of the label on each page it is on: a label in a cell that a page break
        splits goes on at the top of the next page."""
        by_page: dict[int, list[Glyph]] = {}
        for glyph in self.glyphs:
            by_page.setdefault(glyph.page, []).append(glyph)
        return {page: Box.of(glyphs) for page, glyphs in by_page.items()}

    @property
    def page(self) -> int:
        return self.glyphs[0].page

    @property
    def em(self) -> float:
        return max(g.em for g in self.glyphs)


class PageLines:
    """The lines of one page, with neighbour look-ups that stop at ruled lines.

    ``rules`` are the page's vertical ruled lines ``(x, top, bottom)``: two characters on one
    line with a rule between them are in different cells, however close they are set (a label
    that fills its cell and the number flush against the next cell's border).
    """

    def __init__(
        self,
        lines: list[Line],
        rules: Sequence[tuple[float, float, float]] = (),
        height: float = 0.0,
        hrules: Sequence[tuple[float, float, float]] = (),
    ) -> None:
        self.lines = lines
        self.height = height
        #: horizontal ruled lines (y, x0, x1), top to bottom, the strokes of one line joined
        self.hrules = _joined(hrules)
        self.baselines = [line.baseline for line in lines]
        self.where: dict[int, tuple[int, int]] = {}
        for li, line in enumerate(lines):
            for gi, glyph in enumerate(line.glyphs):
                self.where[glyph.seq] = (li, gi)
        #: glyphs with a ruled line between them and their right neighbour
        self.ruled: set[int] = _ruled_pairs(lines, rules) if rules else set()
        self.rules = sorted(rules)
        self._rule_xs = [x for x, _, _ in self.rules]

    def right(self, glyph: Glyph) -> Glyph | None:
        """The next glyph on the line, unless a ruled line separates them."""
        if glyph.seq in self.ruled:
            return None
        li, gi = self.where[glyph.seq]
        line = self.lines[li].glyphs
        return line[gi + 1] if gi + 1 < len(line) else None

    def left(self, glyph: Glyph) -> Glyph | None:
        """The previous glyph on the line, unless a ruled line separates them."""
        li, gi = self.where[glyph.seq]
        if gi == 0:
            return None
        previous = self.lines[li].glyphs[gi - 1]
        return None if previous.seq in self.ruled else previous

    def enclosed(self, a: Glyph, b: Glyph) -> bool:
        """``a`` and ``b``, neighbours on one line, sit in one ruled cell: ruled lines run left
        of ``a`` and right of ``b`` at their height, and none between them."""
        if a.seq in self.ruled or not self.rules:
            return False
        y = (min(a.top, b.top) + max(a.bottom, b.bottom)) / 2
        high = bisect.bisect_right(self._rule_xs, a.x0 + RULE_SLACK)
        left = any(top - 1 <= y <= bottom + 1 for _, top, bottom in self.rules[:high])
        low = bisect.bisect_left(self._rule_xs, b.x1 - RULE_SLACK)
        right = any(top - 1 <= y <= bottom + 1 for _, top, bottom in self.rules[low:])
        return left and right

    def band(self, top: float, bottom: float, x0: float, x1: float) -> tuple[float, float] | None:
        """The ruled band (between two horizontal rules) holding the text from ``top`` to
        ``bottom`` and ``x0`` to ``x1``: the nearest rules above and below that run over it.
        None when the page has no such rules on both sides."""
        if not self.hrules:
            return None
        above = [y for y, a, b in self.hrules if y <= top + 1 and a <= x0 + 1 and b >= x1 - 1]
        below = [y for y, a, b in self.hrules if y >= bottom - 1 and a <= x0 + 1 and b >= x1 - 1]
        if not above or not below:
            return None
        return max(above), min(below)

    def lines_below(self, glyph: Glyph, low: float, high: float) -> list[Line]:
        start = bisect.bisect_right(self.baselines, glyph.baseline + low * glyph.em)
        stop = bisect.bisect_right(self.baselines, glyph.baseline + high * glyph.em)
        return self.lines[start:stop]


def _joined(hrules: Sequence[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Horizontal strokes at one height that touch, joined into one line (cell borders are
    often drawn cell by cell)."""
    out: list[tuple[float, float, float]] = []
    for y, x0, x1 in sorted(hrules, key=lambda r: (round(r[0]), r[1])):
        if out and abs(out[-1][0] - y) <= 0.5 and x0 <= out[-1][2] + 2:
            last = out[-1]
            out[-1] = (last[0], last[1], max(last[2], x1))
        else:
            out.append((y, x0, x1))
    return sorted(out)


def _ruled_pairs(lines: list[Line], rules: Sequence[tuple[float, float, float]]) -> set[int]:
    """The glyphs followed on their line by a ruled line before the next glyph."""
    ordered = sorted(rules)
    xs = [x for x, _, _ in ordered]
    out: set[int] = set()
    for line in lines:
        for a, b in itertools.pairwise(line.glyphs):
            low = bisect.bisect_left(xs, a.x1 - RULE_SLACK)
            high = bisect.bisect_right(xs, b.x0 + RULE_SLACK)
            if low >= high:
                continue
            y = (min(a.top, b.top) + max(a.bottom, b.bottom)) / 2
            if any(top - 1 <= y <= bottom + 1 for _, top, bottom in ordered[low:high]):
                out.add(a.seq)
    return out


def gap(a: Glyph, b: Glyph) -> float:
    """Horizontal gap from ``a`` to ``b`` on one line, in ems."""
    return (b.x0 - a.x1) / max(a.em, b.em)


class LabelFinder:
    """Find label texts among the ``available`` glyphs of some pages."""

    def __init__(self, pages: dict[int, PageLines], available: set[int]) -> None:
        self.pages = pages
        self.available = available
        self.loose = False
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
        return self.loose or not (distance <= RUN_GAP and left.is_word_char)

    def ends_run(self, glyph: Glyph) -> bool:
        right = self.pages[glyph.page].right(glyph)
        if right is None:
            return True
        distance = gap(glyph, right)
        if distance <= TOUCH_GAP:
            return False
        return self.loose or not (distance <= RUN_GAP and right.is_word_char)

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
                    if glyph.x0 < x0 - 2.0 * em or not self._free(glyph):
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
