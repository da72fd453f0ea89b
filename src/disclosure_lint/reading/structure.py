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
from ..core.model import FormatInfo, Metadata, Report, Section, SourceLocation
from .derived import derived


@dataclass(frozen=True)
class Paragraph:
    text: str
    location: SourceLocation


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


# ---------------------------------------------------------------------------------------------
# Title, issuing body and year

_TITLE_END = re.compile(r"(年度报告|工作报告|年报|报告)\s*$")
_YEAR_IN_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?")
_PERIOD = re.compile(
    r"统计(?:期限|时限|时间|区间|周期|时段)[^。；\n]{0,30}?(?P<year>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
)
_BODY_FIELDS = ("报送单位", "发布机构", "发布单位", "编制单位", "来源", "信息来源")
_DATE_FIELDS = ("发布日期", "发布时间", "成文日期", "印发日期")


def _clean_title(text: str) -> str:
    text = re.sub(r"^(?:附件\s*\d*\s*[：:]?|标题\s*[：:])\s*", "", text.strip())
    return re.sub(r"\s+", "", text.lstrip("#").strip())


#: a title ends with the report's name, perhaps with a short note in brackets ("（全文）")
_TITLE_SHAPE = re.compile(r"(?:报告|年报)(?:[（(][^（）()]{0,12}[）)])?$")
_TITLE_SUBJECT = re.compile(r"政府信息|信息公开|政务公开")
#: how many paragraphs before the first section are searched for a title (site chrome of a saved
#: page, printed or converted, can fill dozens of lines before it)
_TITLE_WINDOW = 200


def _title_rank(text: str) -> int:
    """2 for a full report title (year, subject, ends with 报告), 1 for a report name that may
    be broken over lines, 0 for anything else: sentences, menus, links to other pages."""
    if not text or len(text) > 60 or any(mark in text for mark in "。；？！"):
        return 0
    if not _TITLE_SHAPE.search(text):
        return 0
    return 2 if _YEAR_IN_TITLE.search(text) and _TITLE_SUBJECT.search(text) else 1


def find_title(paragraphs: Sequence[Paragraph], limit: int = 12) -> tuple[str | None, int | None]:
    """The report title from the first paragraphs, joining a title broken over lines.

    A full title (year, 政府信息公开, ending in 报告) is preferred wherever it stands among
    them, so navigation, breadcrumbs and menus of a saved page (which name 政府工作报告 or
    政府信息公开年报 but not the report) never become the title. Returns the title and the
    index of its last paragraph.
    """
    window = [_clean_title(p.text) for p in paragraphs[:limit]]
    for index, text in enumerate(window):
        if _title_rank(text) == 2:
            return text, index
    for index, text in enumerate(window):
        if _title_rank(text) == 1:
            title = text
            # join a title broken over two or three lines ("…2019年度政府信息工作" + "年度报告")
            back = index - 1
            while back >= max(0, index - 2) and (
                len(title) <= 8 or not _YEAR_IN_TITLE.search(title)
            ):
                previous = window[back]
                if not previous or previous.endswith(("：", ":", "。")) or len(previous) > 50:
                    break
                title = previous + title
                back -= 1
            return title, index
        # a title line followed by a continuation line ending in 报告
        if (
            index + 1 < len(window)
            and len(text) <= 60
            and _YEAR_IN_TITLE.search(text)
            and _TITLE_SUBJECT.search(text)
            and "。" not in text
        ):
            following = window[index + 1]
            if following and len(following) <= 12 and _title_rank(following):
                return text + following, index + 1
    return None, None


def _with_body_line(
    head: Sequence[Paragraph], at: int | None, title: str | None, text: str
) -> str | None:
    """A title that starts with the year, set under a line of its own naming the body
    ("平潭综合实验区海坛片区管理局" / "2023年度政府信息公开工作年度报告"): the two lines, when
    the opening sentence names the report with that same body."""
    if not title or not at or _clean_title(head[at].text) != title:
        return title
    if not _YEAR_IN_TITLE.match(title):
        return title
    above = _clean_title(head[at - 1].text)
    return above + title if above and above == body_from_opening(text) else title


def body_from_title(title: str | None) -> str | None:
    """The issuing body named in the title: before the year, or between the year and 政府信息."""
    if not title:
        return None
    match = _YEAR_IN_TITLE.search(title)
    if not match:
        return None
    before = title[: match.start()].strip('《》“”" ')
    if before and before not in ("关于",):
        return before
    after = title[match.end() :]
    cut = re.search(r"(政府信息|政务信息|信息公开)", after)
    if cut and cut.start() > 0:
        return after[: cut.start()]
    return None


# The customary opening sentence names the report: "…现向社会公布沭阳县发展和改革局2023年度政府
# 信息公开年度报告。" (domain-spec §7.2)
_OPENING_NAMES = re.compile(
    r"(?:公布|发布|编制)了?(?P<name>[^，。；、《》“”\s]{2,30}?(?:19|20)\d{2}\s*年度?"
    r"(?:政府信息公开|政务公开)[^，。；]{0,8}?报告)"
)


def body_from_opening(text: str) -> str | None:
    """The issuing body named in the opening sentence, when the document has no title: the
    words between 公布 and the year of "…公布{机关}{YYYY}年度政府信息公开工作年度报告"."""
    match = _OPENING_NAMES.search(text)
    if match is None:
        return None
    body = body_from_title(match.group("name"))
    return body if body and not body.startswith(("本", "我")) else None


def find_year(title: str | None, text: str) -> tuple[int | None, str | None]:
    """The report year: from the title, else from the 统计期限 sentence."""
    if title:
        match = _YEAR_IN_TITLE.search(title)
        if match:
            return int(match.group("year")), "title"
    match = _PERIOD.search(text)
    if match:
        return int(match.group("year")), "period"
    return None, None


def extract_metadata(
    paragraphs: Sequence[Paragraph], first_section: int | None, fields: dict[str, str]
) -> Metadata:
    """Title, body, year and publication date from the paragraphs before the first section.

    ``fields`` are key/value pairs the loader found in page metadata or a header block
    ("标题", "发布机构", "发布时间"...).
    """
    head = list(paragraphs[: first_section if first_section is not None else 12])
    title = _clean_title(fields["标题"]) if fields.get("标题") else None
    text = "\n".join(p.text for p in paragraphs[: (first_section or 0) + 40])
    if not title:
        title, at = find_title(head, _TITLE_WINDOW)
        title = _with_body_line(head, at, title, text)
    if not title and first_section is None:
        title, _ = find_title(paragraphs)
    year, year_source = find_year(title, text)
    body = body_from_title(title)
    if not body:
        for key in _BODY_FIELDS:
            if fields.get(key):
                body = fields[key].strip()
                break
        else:
            for paragraph in head:
                match = re.match(
                    r"^\s*(报送单位|发布机构|编制单位)\s*[：:]\s*(\S+)", paragraph.text
                )
                if match:
                    body = match.group(2)
                    break
            else:
                body = body_from_opening(text)
    published = next((fields[k].strip() for k in _DATE_FIELDS if fields.get(k)), None)
    extra = {k: v for k, v in fields.items() if v and v.strip()}
    return Metadata(
        title=title,
        body=body,
        year=year,
        year_source=year_source,
        published=published,
        extra=extra,
    )


def resolve_format(report: Report, formats: FormatRegistry, text: str) -> FormatDef | None:
    """Detect the format from ``text``, cross-reference the year, and set ``report.format``.

    Returns the format the tables should be read with: the detected one when it is checkable,
    else the one expected for the report year (when the labels were not found at all).
    """
    detected, evidence = formats.detect(text)
    expected = formats.expected_for_year(report.metadata.year)
    used: FormatDef | None
    if detected is not None:
        used = detected if detected.checkable else None
    else:
        used = expected if expected is not None and expected.checkable else None
    report.format = FormatInfo(
        detected=detected.id if detected else None,
        evidence=evidence,
        expected=expected.id if expected else None,
        used=used.id if used else None,
    )
    return used
