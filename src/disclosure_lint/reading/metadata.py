"""The title block, the issuing body, the report year and the format of a report.

Shared by every loader (see :mod:`~disclosure_lint.reading.structure`, which finds the sections
and re-exports these functions): from the paragraphs before the first section and the fields a
loader read outside the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..core.formats import FormatDef, FormatRegistry
from ..core.model import FormatInfo, Metadata, Report

if TYPE_CHECKING:
    from .structure import Paragraph

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
