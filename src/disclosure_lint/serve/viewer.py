"""The right-hand panel of a report's page: the source (by file type) or the rebuilt tables."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from ..api import FileResult, SourceLocation
from .batch import FileEntry, FindingEntry
from .docx_view import read_blocks
from .markup import Markup, tag
from .sources import (
    docx_view,
    paragraph_texts,
    pdf_sizes,
    pdf_view,
    read_view,
    text_view,
)
from .tables import tables_view
from .words import word

TEXT_LOADERS = ("text", "data")


def _note(text: str) -> Markup:
    return tag("p", text, class_="note")


def _located(where: SourceLocation | None) -> bool:
    return where is not None and any(
        v is not None for v in (where.line, where.page, where.paragraph, where.table_index)
    )


def panel(
    entry: FileEntry,
    result: FileResult,
    selected: FindingEntry | None,
    view: str,
    page: int | None,
    lang: str,
) -> Markup:
    pairs = [(i.finding, selected is not None and i.id == selected.id) for i in entry.findings]
    if view == "tables":
        return tables_view(result.report, pairs, lang)
    target = selected.finding.location.source if selected is not None else None
    notes = []
    if selected is not None and not _located(target):
        notes.append(_note(word(lang, "not_located")))
    marks = [
        i.finding.location.source
        for i in entry.findings
        if i.finding.location.source is not None and not i.finding.suppressed
    ]
    report = result.report
    if report is None:
        return tag("div", notes, _note(word(lang, "no_source")))
    loader = result.loader or report.loader
    if loader in TEXT_LOADERS and report.lines is not None:
        view = text_view(report.lines, target, marks, lang)
        return tag("div", notes, view, class_="text-source")
    if loader == "html":
        src = f"/reports/{entry.key}/source.html"
        if selected is not None:
            src += f"?f={quote(selected.id)}#dl-target"
        frame = tag(
            "iframe",
            "",
            src=src,
            sandbox="",
            referrerpolicy="no-referrer",
            title=word(lang, "html_frame"),
            class_="html-source",
            id="html-source",
        )
        return tag("div", notes, frame)
    if loader == "docx":
        try:
            blocks = read_blocks(Path(entry.path))
        except ValueError as exc:
            return tag("div", notes, _note(f"{word(lang, 'source_gone')}: {exc}"))
        texts = paragraph_texts(report)
        return tag("div", notes, docx_view(blocks, target, marks, texts))
    if loader == "pdf":
        return tag("div", notes, _pdf_panel(entry, selected, target, page, lang))
    return tag("div", notes, _note(word(lang, "as_read")), read_view(report, target))


def _pdf_panel(
    entry: FileEntry,
    selected: FindingEntry | None,
    target: SourceLocation | None,
    page: int | None,
    lang: str,
) -> Markup:
    try:
        sizes = pdf_sizes(Path(entry.path))
    except (ValueError, OSError) as exc:
        return _note(f"{word(lang, 'source_gone')}: {exc}")
    if not sizes:
        return _note(word(lang, "no_source"))
    number = page or (target.page if target is not None and target.page else 1)
    number = min(max(1, number), len(sizes))
    boxes: list[tuple[tuple[float, float, float, float], str, str]] = []
    for item in entry.findings:
        src = item.finding.location.source
        if src is None or src.page != number or src.bbox is None or item.finding.suppressed:
            continue
        if selected is not None and item.id == selected.id:
            continue
        boxes.append((src.bbox, f"box mark sev-{item.severity}", item.finding.message(lang)))
    if selected is not None:
        for ref in selected.finding.cells:
            src = ref.location.source
            if src is not None and src.page == number and src.bbox is not None:
                boxes.append((src.bbox, "box operand", ref.location.path()))
        if target is not None and target.page == number and target.bbox is not None:
            boxes.append((target.bbox, "box target", selected.finding.message(lang)))
    query = f"f={quote(selected.id)}&" if selected is not None else ""
    nav = tag(
        "nav",
        tag("a", word(lang, "prev_page"), href=f"?{query}page={number - 1}#viewer", class_="prev")
        if number > 1
        else None,
        " ",
        tag("span", word(lang, "page").format(page=number, pages=len(sizes)), class_="page-no"),
        " ",
        tag("a", word(lang, "next_page"), href=f"?{query}page={number + 1}#viewer", class_="next")
        if number < len(sizes)
        else None,
        class_="pages",
    )
    image = f"/reports/{entry.key}/pages/{number}.png"
    return tag(
        "div",
        nav,
        pdf_view(image, sizes[number - 1], boxes),
        class_="pdf-source",
        data_page=number,
    )
