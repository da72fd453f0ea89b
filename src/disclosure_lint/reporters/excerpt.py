"""The part of a long source line a finding is about: a window around what it quotes.

A crawler text holds a whole report on one line; its first characters say nothing about a
finding in 表三. The window is placed on the text the finding names — the phrases its message
quotes, its row and column labels, its section heading, its cells as written — where most of
them occur close together (on the row label for a table finding, the rarest name otherwise),
and is cut with "…" on the sides that continue.
"""

from __future__ import annotations

import re

from ..core.findings import Finding

#: characters shown of a line; longer lines are cut to a window of this size
WIDTH = 60
#: characters of context kept before the anchor
BEFORE = 16
#: distance within which other names of the finding count as "close together"
NEAR = 80

_QUOTED = re.compile(r"[“「\"']([^”」\"']{2,40})[”」\"']")


def anchors(finding: Finding) -> list[str]:
    """What the finding names, to look for in its source line (longest first)."""
    found: list[str] = []
    for text in _QUOTED.findall(finding.message("zh")):
        found.extend(part for part in text.split(" › ") if part)
    loc = finding.location
    found.extend(loc.row_labels[-1:])
    found.extend(loc.column_labels[-1:])
    if loc.section_label:
        found.append(loc.section_label)
    for cell in finding.cells:
        raw = (cell.raw or "").strip()
        if len(raw) >= 2:
            found.append(raw)
    unique = {a.strip() for a in found if len(a.strip()) >= 2}
    return sorted(unique, key=lambda a: (-len(a), a))


def window(line: str, finding: Finding, width: int = WIDTH) -> str:
    """``line`` when it is short, else the ``width`` characters around what ``finding`` names
    (the start of the line when it names nothing found there), with "…" where it is cut."""
    if len(line) <= width:
        return line
    names = anchors(finding)
    places = {name: [m.start() for m in re.finditer(re.escape(name), line)] for name in names}
    # a table finding is about its row: its label is the anchor when the line has it
    row = finding.location.row_labels[-1:] if finding.location.table else ()
    chosen = {name: places[name] for name in row if places.get(name)} or places
    # most other names nearby, then the rarest name (a body's name is everywhere), the longest
    best: tuple[int, int, int, int] | None = None
    for name, starts in chosen.items():
        for start in starts:
            near = sum(
                1
                for other, positions in places.items()
                if other != name and any(abs(p - start) <= NEAR for p in positions)
            )
            key = (-near, len(starts), -len(name), start)
            if best is None or key < best:
                best = key
    start = 0 if best is None else max(0, best[3] - BEFORE)
    start = min(start, len(line) - width)
    end = start + width
    return ("…" if start > 0 else "") + line[start:end] + ("…" if end < len(line) else "")
