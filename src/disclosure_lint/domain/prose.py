"""Narrative text prepared for pattern matching, with every offset traceable to its source line.

Loaders keep a section's prose as its paragraphs joined by line breaks, but PDF and OCR text
breaks lines in the middle of sentences ("办结 1191 件（含" / "上年结转 189 件）"). A
:class:`Prose` joins such broken lines back into sentences, keeps a line break where a paragraph
really ends (after 。；： or before an enumerator such as 一、 （一） 1. 二是), drops page footers
("— 3 —"), and maps any offset of the joined text back to the line of the original file, so a
finding about a sentence points at that sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..core.model import Report, Section, SourceLocation

_ENDS_PARAGRAPH = tuple("。！？；：:!?;")
_STARTS_PARAGRAPH = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:"
    r"第?[一二三四五六七八九十]{1,3}(?:是|部分|[、.．:：])"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}[、.．](?!\d)"
    r")"
)
#: the characters a stripped line matching :data:`_STARTS_PARAGRAPH` can begin with, besides
#: decimal digits (``\d``: ``str.isdecimal``); checked first, as most lines begin otherwise
_PARAGRAPH_FIRST = frozenset("#第一二三四五六七八九十（(")
_HEADING_LIKE = 30  # a short line that starts with an enumerator is a heading: keep it apart
_PAGE_FOOTER = re.compile(r"^\s*[—\-－–]+\s*\d{1,3}\s*[—\-－–]+\s*$")
#: the characters a stripped line matching :data:`_PAGE_FOOTER` begins with
_FOOTER_FIRST = frozenset("—-－–")
_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]|\[image:[^\]]*\]")
_SENTENCE_END = "。！？!?\n"
_CLAUSE_END = "。！？!?\n；;，,"
#: each set of stops as a pattern finding them all (:meth:`Prose._bounds`)
_STOPS = {stops: re.compile(f"[{re.escape(stops)}]") for stops in (_SENTENCE_END, _CLAUSE_END)}


@dataclass(frozen=True)
class Piece:
    """One paragraph or line of narrative, the source line it came from and, when the loader
    knows it, its whole source location (page and box for PDF, ¶ for DOCX and HTML)."""

    text: str
    line: int | None
    location: SourceLocation | None = None


class Prose:
    """Pieces of narrative joined for matching; offsets map back to source lines."""

    def __init__(self, pieces: Iterable[Piece], file: str) -> None:
        self._join(((piece.text, piece.line, piece.location) for piece in pieces), file)

    @classmethod
    def of_parts(
        cls, parts: Iterable[tuple[str, int | None, SourceLocation | None]], file: str
    ) -> Prose:
        """``Prose([Piece(*part) for part in parts], file)`` without a :class:`Piece` per line
        (the whole document is joined for every report)."""
        joined = cls.__new__(cls)
        joined._join(parts, file)
        return joined

    def _join(
        self, pieces: Iterable[tuple[str, int | None, SourceLocation | None]], file: str
    ) -> None:
        self.file = file
        parts: list[str] = []
        self._starts: list[int] = []
        self._lines: list[int | None] = []
        self._locations: list[SourceLocation | None] = []
        #: the offsets in :attr:`text` of each set of stops (sentence, clause ends), when asked
        self._stops: dict[str, list[int]] = {}
        length = 0
        previous = ""
        for text, line, location in pieces:
            if "[" in text:  # only then can it hold a loader artefact (saves a regex call)
                text = _ARTEFACT.sub("", text)
            text = text.strip()
            if not text or (text[0] in _FOOTER_FIRST and _PAGE_FOOTER.match(text)):
                continue
            if parts:
                separator = "\n" if _breaks(previous, text) else ""
                parts.append(separator)
                length += len(separator)
            self._starts.append(length)
            self._lines.append(line)
            self._locations.append(location)
            parts.append(text)
            length += len(text)
            previous = text
        self.text = "".join(parts)

    def line_at(self, offset: int) -> int | None:
        """The source line of the character at ``offset``."""
        if not self._starts:
            return None
        index = bisect.bisect_right(self._starts, offset) - 1
        return self._lines[max(index, 0)]

    def location_at(self, offset: int) -> SourceLocation:
        """Where the character at ``offset`` is: its paragraph's location, else its line."""
        if self._starts:
            index = max(bisect.bisect_right(self._starts, offset) - 1, 0)
            known = self._locations[index]
            if known is not None:
                return known
        return SourceLocation(self.file, line=self.line_at(offset))

    def sentence(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Bounds of the sentence(s) around ``start``..``end`` (split at 。！？, paragraph ends)."""
        return self._bounds(start, start if end is None else end, _SENTENCE_END)

    def clause(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Bounds of the clause around ``start``..``end`` (also split at ，；)."""
        return self._bounds(start, start if end is None else end, _CLAUSE_END)

    def _bounds(self, start: int, end: int, stops: str) -> tuple[int, int]:
        """:func:`_bounds` over :attr:`text`, from the offsets of its ``stops`` (found once, by
        one regex pass) rather than a character at a time."""
        text = self.text
        size = len(text)
        if not 0 <= start <= size:
            return _bounds(text, start, end, stops)
        found = self._stops.get(stops)
        if found is None:
            found = self._stops[stops] = [m.start() for m in _STOPS[stops].finditer(text)]
        index = bisect.bisect_left(found, start)
        left = found[index - 1] + 1 if index else 0
        right = max(end, start)
        if right < size:
            index = bisect.bisect_left(found, right, index)
            right = found[index] if index < len(found) else size
            if right < size and text[right] != "\n":
                right += 1  # keep the full stop with its sentence
        return left, right

    def excerpt(self, start: int, end: int, limit: int = 60) -> str:
        """The text between ``start`` and ``end``, shortened to ``limit`` characters."""
        text = self.text[start:end].strip().rstrip("，,；;、").replace("\n", " ")
        return text if len(text) <= limit else text[: limit - 1] + "…"


def where_words(location: SourceLocation | None) -> tuple[str, str]:
    """How a message names a place in the file, in Chinese and English: its line (text, HTML),
    else its page (PDF), else its paragraph (DOCX); empty when nothing is known."""
    if location is None:
        return "", ""
    if location.line is not None:
        return f"第{location.line}行", f" line {location.line}"
    if location.page is not None:
        return f"第{location.page}页", f" page {location.page}"
    if location.paragraph is not None:
        return f"第{location.paragraph}段", f" paragraph {location.paragraph}"
    return "", ""


def _breaks(previous: str, following: str) -> bool:
    """Whether a paragraph ends between two stripped, non-empty lines."""
    if previous.endswith(_ENDS_PARAGRAPH):
        return True
    if _starts_paragraph(following):
        return True
    return len(previous) <= _HEADING_LIKE and _starts_paragraph(previous)


def _starts_paragraph(line: str) -> bool:
    """``_STARTS_PARAGRAPH.match(line)`` for a stripped, non-empty line (its first character
    tells most lines apart without the regex)."""
    first = line[0]
    if first not in _PARAGRAPH_FIRST and not first.isdecimal():
        return False
    return _STARTS_PARAGRAPH.match(line) is not None


def _bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    left = start
    while left > 0 and text[left - 1] not in stops:
        left -= 1
    right = max(end, start)
    while right < len(text) and text[right] not in stops:
        right += 1
    if right < len(text) and text[right] != "\n":
        right += 1  # keep the full stop with its sentence
    return left, right


def paragraph_locations(report: Report, section: Section) -> list[SourceLocation | None]:
    """The source location of each paragraph of ``section.text`` (split at line breaks): the
    loader's when it recorded them, else a location with the line of :func:`paragraph_lines`."""
    if section.known_paragraphs is not None:
        return list(section.known_paragraphs)
    return [
        SourceLocation(report.source, line=line) if line is not None else None
        for line in paragraph_lines(report, section)
    ]


def paragraph_lines(report: Report, section: Section) -> list[int | None]:
    """The source line of each paragraph of ``section.text`` (split at line breaks).

    Sections from the loaders know where each paragraph is (:attr:`Section.paragraphs`); for
    others the paragraphs are found again in ``report.lines`` after the heading, in order. Where
    the source has no lines (or a paragraph cannot be found) the heading's line stands in.
    """
    paragraphs = section.text.split("\n")
    location = section.location
    fallback = location.line if location is not None else None
    if section.known_paragraphs is not None:
        return [p.line if p.line is not None else fallback for p in section.known_paragraphs]
    lines = report.lines
    if lines is None or location is None or location.line is None:
        return [fallback] * len(paragraphs)
    last = min(location.end_line or len(lines), len(lines))
    cursor = location.line
    found: list[int | None] = []
    for paragraph in paragraphs:
        # only a paragraph with "[" can hold a loader artefact (saves a regex call)
        key = (_ARTEFACT.sub("", paragraph) if "[" in paragraph else paragraph).strip()[:16]
        hit = None
        if key:
            for number in range(cursor + 1, last + 1):
                if key in lines[number - 1]:
                    hit = number
                    break
        if hit is not None:
            cursor = hit
        found.append(hit if hit is not None else fallback)
    return found


def section_prose(report: Report, section: Section) -> Prose:
    """The prose of one section, each offset mapped to its source line (computed once)."""
    key = ("section_prose", section.key, section.heading, section.text)
    return report.memo(key, lambda: _section_prose(report, section))


def _section_prose(report: Report, section: Section) -> Prose:
    paragraphs = section.text.split("\n")
    lines = paragraph_lines(report, section)
    known = section.known_paragraphs
    if known is None:
        return Prose.of_parts(
            ((text, line, None) for text, line in zip(paragraphs, lines, strict=True)),
            report.source,
        )
    return Prose.of_parts(zip(paragraphs, lines, known, strict=True), report.source)


def document_prose(report: Report) -> Prose:
    """The whole document as prose: its source lines when it has them, else the title, the
    preamble (the text before the first section, with the 统计期限 sentence and the citations)
    and the sections. Computed once per report."""
    key = ("document_prose", tuple((s.key, s.text) for s in report.sections))
    return report.memo(key, lambda: _document_prose(report))


def _document_prose(report: Report) -> Prose:
    if report.lines is not None:
        return Prose.of_parts(
            ((text, number, None) for number, text in enumerate(report.lines, start=1)),
            report.source,
        )
    pieces: list[tuple[str, int | None, SourceLocation | None]] = []
    title = report.metadata.title
    preamble = [text for text in report.preamble.split("\n") if text.strip()]
    if title and not any(title in text for text in preamble):
        pieces.append((title, None, None))
    span = report.preamble_location
    first = span.line if span else None
    # one line number per preamble paragraph when the span has exactly as many lines
    numbered = (
        first is not None
        and span is not None
        and ((span.end_line or first) - first + 1 == len(preamble))
    )
    for index, text in enumerate(preamble):
        if numbered and span is not None and first is not None:
            pieces.append((text, first + index, replace(span, line=first + index, end_line=None)))
        else:
            pieces.append((text, first, span))
    for section in report.sections:
        line = section.location.line if section.location else None
        pieces.append((section.heading, line, section.location))
        for text, where in zip(
            section.text.split("\n"), paragraph_locations(report, section), strict=True
        ):
            pieces.append((text, where.line if where else line, where or section.location))
    return Prose.of_parts(pieces, report.source)


def sections_prose(
    report: Report, keys: Sequence[str] | None = None
) -> list[tuple[Section, Prose]]:
    """``(section, prose)`` for the sections with the given keys (all when ``keys`` is None),
    in document order."""
    return [
        (section, section_prose(report, section))
        for section in report.sections
        if keys is None or section.key in keys
    ]


def title_line(report: Report, limit: int = 40) -> int | None:
    """The source line where the report title starts (found among the first ``limit`` lines)."""
    title = re.sub(r"\s+", "", report.metadata.title or "")
    if not title or report.lines is None:
        return None
    key = title[:8]
    for number, line in enumerate(report.lines[:limit], start=1):
        if key in re.sub(r"\s+", "", line):
            return number
    return None
