"""Shared structure recognition for every loader: sections, title, issuing body, year, format.

Loaders turn their files into paragraphs (text with a source location) and table rows; the
functions here find the six section headings, the title block and the report year the same way
for every input format, so a heading variant learnt once works for text, HTML, DOCX and PDF.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..core.formats import FormatDef, FormatRegistry, SectionDef
from ..core.labels import chinese_ordinal_value, normalize
from ..core.model import Section, SourceLocation
from .derived import derived
from .metadata import body_from_opening as body_from_opening
from .metadata import body_from_title as body_from_title
from .metadata import extract_metadata as extract_metadata
from .metadata import find_title as find_title
from .metadata import find_year as find_year
from .metadata import resolve_format as resolve_format


@dataclass(frozen=True)
class Paragraph:
    text: str
    location: SourceLocation

    def __init__(self, text: str, location: SourceLocation) -> None:
        # the dataclass's ``__init__`` without ``object.__setattr__`` (see SourceLocation): a
        # paragraph is made for every line of a text file and every paragraph of a page
        values = self.__dict__
        values["text"] = text
        values["location"] = location


_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:第)?(?P<ord>[一二三四五六七八九十]{1,2})(?:部分)?\s*[、，,.．:：]\s*"
    r"(?P<text>\S.*?)\s*$"
)
_MAX_HEADING_CHARS = 40


def section_defs(formats: FormatRegistry, fmt: FormatDef | None) -> tuple[SectionDef, ...]:
    """Section definitions to look for: the report's format, else the newest checkable one; the
    format's sections first, then the extra sections reports add (信息处理费收取情况)."""
    if fmt is None or not fmt.sections:
        checkable = [f for f in formats.formats.values() if f.checkable and f.sections]
        checkable.sort(key=lambda f: f.first_year or 0)
        fmt = checkable[-1] if checkable else None
    return (*fmt.sections, *fmt.extra_sections) if fmt is not None else ()


def heading_ordinal(text: str) -> int | None:
    """The ordinal a heading line starts with (一、 → 1), or None."""
    match = _HEADING.match(text)
    return chinese_ordinal_value(match.group("ord")) if match else None


def match_heading(
    text: str, defs: Sequence[SectionDef], exclude: frozenset[str] = frozenset()
) -> SectionDef | None:
    """The section a heading line introduces, or None.

    A heading starts with a Chinese ordinal (一、 … 六、, optionally after Markdown ``#``), is
    short, and carries one of the section's keyword sets. ``exclude`` holds normalised table row
    labels ("一、本年新收政府信息公开申请数量") that look like headings but are not.
    """
    match = _HEADING.match(text)
    if not match:
        return None
    if len(text) > _KEPT_HEADING_CHARS:
        return _heading(match, text, defs, exclude)
    # (the definitions by identity: the entry keeps them, so that no id is reused while it lasts)
    key = (text, exclude, *map(id, defs))
    kept = _HEADINGS.get(key)
    if kept is None:
        if len(_HEADINGS) >= _MAX_HEADINGS:
            _HEADINGS.clear()
        kept = _HEADINGS[key] = (tuple(defs), _heading(match, text, defs, exclude))
    return kept[1]


#: :func:`match_heading`'s answers for the lines that start like a heading, up to this long, by
#: text, exclusions and definitions: a report's headings are tried again and again (with every
#: format's definitions, then its own) and a batch's reports share them; emptied when full
_KEPT_HEADING_CHARS = 200
_MAX_HEADINGS = 4096
_HEADINGS: dict[tuple[object, ...], tuple[tuple[SectionDef, ...], SectionDef | None]] = {}


def _heading(
    match: re.Match[str], text: str, defs: Sequence[SectionDef], exclude: frozenset[str]
) -> SectionDef | None:
    """:func:`match_heading` of a line that starts like a heading (``match``)."""
    body = match.group("text")
    if len(normalize(body)) > _MAX_HEADING_CHARS or body.endswith(("。", "；")):
        return None
    if normalize(text.lstrip("# ")) in exclude or normalize(body) in exclude:
        return None
    ordinal = chinese_ordinal_value(match.group("ord"))
    candidates = [d for d in defs if d.matches(body)]
    if not candidates:
        return None
    for candidate in candidates:
        if candidate.number == ordinal and not candidate.extra:
            return candidate
    return candidates[0]


_INLINE_ORDINAL = re.compile(r"(?<!第)[一二三四五六七八九十]{1,2}[、，,.．]")
_INLINE_HEADING_END = re.compile(r"情况|事项|措施|概述|计划")


def split_inline_headings(
    text: str, defs: Sequence[SectionDef], exclude: frozenset[str] = frozenset()
) -> list[str]:
    """A line cut before and after each section heading written inside it.

    Crawled pages and PDF extractions sometimes lose every line break: "…联系。一、总体情况2020年，
    我区…". A heading inside a line is an ordinal (一、 … 六、) whose text, up to the first
    情况/事项/措施/概述/计划, is a heading of the section with that number, or of another section or
    an extra one (信息处理费收取情况) when its ordinal continues the headings cut before it (a
    report that inserts a section and numbers the rest one higher); anything else (an ordinal in a
    sentence, a table row label such as 三、本年度办理结果) is left alone. When a second ordinal
    stands between an ordinal and the heading's end ("四、结转下年度继续办理0000000四、政府信息公开
    行政复议、行政诉讼情况", a table's last row run into the next heading), the heading starts at
    the second. Returns ``[text]`` when there is nothing to cut.
    """
    if _INLINE_HEADING_END.search(text) is None or _INLINE_ORDINAL.search(text) is None:
        return [text]  # no ordinal or no heading's end: nothing to cut (most lines; issue 16)
    return _split_inline(text, defs, exclude)


def _split_inline(text: str, defs: Sequence[SectionDef], exclude: frozenset[str]) -> list[str]:
    """:func:`split_inline_headings` without the look for an ordinal and an end word first."""
    cuts: list[tuple[int, int]] = []
    last: int | None = None  # the ordinal of the heading cut last
    for match in _INLINE_ORDINAL.finditer(text):
        if cuts and match.start() < cuts[-1][1]:
            continue
        end = _INLINE_HEADING_END.search(text, match.end(), match.end() + _MAX_HEADING_CHARS)
        if end is None or _later_heading(text, match.end(), end.end(), defs, exclude):
            continue
        heading = text[match.start() : end.end()]
        definition = match_heading(heading, defs, exclude)
        ordinal = chinese_ordinal_value(match.group()[:-1])
        if definition is None or (
            definition.number != ordinal and (last is None or ordinal != last + 1)
        ):
            continue
        last = ordinal
        if not text[: match.start()].strip("#*　 \t") and not text[end.end() :].strip():
            return [text]  # a heading line as it should be
        cuts.append((match.start(), end.end()))
    if not cuts:
        return [text]
    pieces: list[str] = []
    position = 0
    for start, end in cuts:
        if text[position:start].strip("#*　 \t"):
            pieces.append(text[position:start])
            position = start
        pieces.append(text[position:end])  # Markdown marks stay with their heading
        position = end
    pieces.append(text[position:])
    return [p for p in pieces if p.strip()]


def _later_heading(
    text: str, start: int, end: int, defs: Sequence[SectionDef], exclude: frozenset[str]
) -> bool:
    """True when an ordinal between ``start`` and ``end`` starts a heading ending at ``end``."""
    for inner in _INLINE_ORDINAL.finditer(text, start, end):
        if match_heading(text[inner.start() : end], defs, exclude) is not None:
            return True
    return False


def table_row_labels(fmt: FormatDef | None) -> frozenset[str]:
    if fmt is None:
        return frozenset()
    return derived(fmt, "row-labels", lambda: _row_labels(fmt))


def _row_labels(fmt: FormatDef) -> frozenset[str]:
    labels: set[str] = set()
    for table in fmt.tables:
        for block in table.blocks:
            for node in block.row_nodes():
                labels.update(node.match)
    return frozenset(labels)


@dataclass
class SectionSpan:
    definition: SectionDef
    heading: Paragraph
    start: int  # index of the heading paragraph
    end: int  # index one past the last paragraph of the section


def find_sections(
    paragraphs: Sequence[Paragraph],
    defs: Sequence[SectionDef],
    fmt: FormatDef | None,
    narrative: Sequence[bool] | None = None,
) -> list[SectionSpan]:
    """Section spans over ``paragraphs``; only prose paragraphs (``narrative``) can be headings."""
    exclude = table_row_labels(fmt)
    spans: list[SectionSpan] = []
    for index, paragraph in enumerate(paragraphs):
        if narrative is not None and not narrative[index]:
            continue
        definition = match_heading(paragraph.text, defs, exclude)
        if definition is None:
            continue
        if definition.extra and not _continues(spans, paragraph.text):
            continue  # "一、信息处理费…" inside a section is a sub-heading, not an extra section
        if spans:
            spans[-1].end = index
        spans.append(SectionSpan(definition, paragraph, index, len(paragraphs)))
    return _headless_sections(paragraphs, defs, spans, narrative)


_SUB_HEADING = re.compile(r"^\s*[（(]一[)）]\s*(?P<text>\S.*?)\s*$")


def _headless_sections(
    paragraphs: Sequence[Paragraph],
    defs: Sequence[SectionDef],
    spans: list[SectionSpan],
    narrative: Sequence[bool] | None,
) -> list[SectionSpan]:
    """Sections whose heading is lost, found by their first sub-heading.

    A PDF extraction can drop a heading and keep the sub-headings under it ("（一）主要问题"
    right after 表四): when a section of the format was not found, the first paragraph between
    the sections around it that is a （一） sub-heading carrying the section's keywords starts it.
    """
    found = {span.definition.key for span in spans}
    for definition in defs:
        if definition.extra or definition.key in found or not spans:
            continue
        before = [
            s for s in spans if not s.definition.extra and s.definition.number < definition.number
        ]
        after = [
            s for s in spans if not s.definition.extra and s.definition.number > definition.number
        ]
        if not before:
            continue
        start = before[-1].start + 1
        end = after[0].start if after else len(paragraphs)
        for index in range(start, end):
            if narrative is not None and not narrative[index]:
                continue
            match = _SUB_HEADING.match(paragraphs[index].text)
            text = match.group("text") if match else ""
            if (
                match
                and len(normalize(text)) <= _MAX_HEADING_CHARS
                and not text.endswith(("。", "；"))
                and definition.matches(text)
                and not any(s.start == index for s in spans)
            ):
                spans.append(SectionSpan(definition, paragraphs[index], index, end))
                break
    spans.sort(key=lambda s: s.start)
    for position, span in enumerate(spans[:-1]):
        span.end = spans[position + 1].start
    return spans


def _continues(spans: list[SectionSpan], heading: str) -> bool:
    """True when ``heading``'s ordinal comes after that of the section heading before it."""
    ordinal = heading_ordinal(heading)
    previous = heading_ordinal(spans[-1].heading.text) if spans else None
    return ordinal is not None and previous is not None and ordinal > previous


def build_sections(
    paragraphs: Sequence[Paragraph], spans: Sequence[SectionSpan], narrative: Sequence[bool]
) -> list[Section]:
    """Sections from spans; ``narrative[i]`` says whether paragraph i is prose (not a table)."""
    sections: list[Section] = []
    for span in spans:
        body: list[str] = []
        where: list[SourceLocation] = []
        for i in range(span.start + 1, span.end):
            if narrative[i] and paragraphs[i].text.strip():
                body.append(paragraphs[i].text)
                # a paragraph with line breaks inside counts once per line of the section text
                where.extend([paragraphs[i].location] * (paragraphs[i].text.count("\n") + 1))
        last = paragraphs[span.end - 1].location if span.end > span.start else span.heading.location
        location = replace(
            span.heading.location,
            end_line=last.end_line or last.line if last.line is not None else None,
        )
        number = span.definition.number
        if span.definition.extra:  # an extra section keeps the number it was given
            number = heading_ordinal(span.heading.text) or 1
        sections.append(
            Section(
                key=span.definition.key,
                number=number,
                heading=span.heading.text.strip().lstrip("#").strip(),
                text="\n".join(body),
                location=location,
                paragraphs=tuple(where),
            )
        )
    return sections
