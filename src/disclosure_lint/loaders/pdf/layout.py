"""Lines of characters on a page, their neighbours across ruled lines, and label matches."""

from __future__ import annotations

import bisect
import itertools
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
        self._hrules = hrules
        self.baselines = [line.baseline for line in lines]
        self.where: dict[int, tuple[int, int]] = {}
        for li, line in enumerate(lines):
            for gi, glyph in enumerate(line.glyphs):
                self.where[glyph.seq] = (li, gi)
        self.rules = sorted(rules)
        self._rule_xs = [x for x, _, _ in self.rules]

    @cached_property
    def hrules(self) -> list[tuple[float, float, float]]:
        """Horizontal ruled lines (y, x0, x1), top to bottom, the strokes of one line joined."""
        return _joined(self._hrules)

    @cached_property
    def ruled(self) -> set[int]:
        """The glyphs with a ruled line between them and their right neighbour (worked out for
        the pages a table is searched on)."""
        return _ruled_pairs(self.lines, self.rules) if self.rules else set()

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

    def cell_start(self, glyph: Glyph, x: float) -> bool:
        """``glyph`` starts a ruled cell that reaches right to ``x``: a ruled line just left of
        it, none between it and ``x`` (a first line indented, the next ones from the cell's left
        edge)."""
        if not self.rules:
            return False
        y = glyph.cy
        low = bisect.bisect_left(self._rule_xs, glyph.x0 - 1.5 * glyph.em)
        high = bisect.bisect_right(self._rule_xs, glyph.x0 + RULE_SLACK)
        walled = any(top - 1 <= y <= bottom + 1 for _, top, bottom in self.rules[low:high])
        inner = bisect.bisect_left(self._rule_xs, x - RULE_SLACK)
        crossed = any(top - 1 <= y <= bottom + 1 for _, top, bottom in self.rules[high:inner])
        return walled and not crossed

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
