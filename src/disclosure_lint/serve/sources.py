"""The original of a report beside its findings: text lines, a Word document as text, a PDF page
as an image with the finding's box, or (for other loaders) the report as it was read."""

from __future__ import annotations

import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..api import Report, SourceLocation
from .docx_view import DocBlock
from .markup import Markup, tag
from .words import word

#: rendering a PDF page: points to pixels (1.5 = 108 dpi)
PDF_SCALE = 1.5
#: a text source longer than this is shown around the highlighted line only
MAX_LINES = 3000

_pdfium_lock = threading.Lock()  # PDFium is not thread-safe
_png_cache: OrderedDict[tuple[str, int, int, float], bytes] = OrderedDict()


def _squash(text: str) -> str:
    return "".join(text.split())


def paragraph_texts(report: Report) -> dict[int, str]:
    """The text of each paragraph (¶ number) the loader located: headings and section lines."""
    out: dict[int, str] = {}
    for section in report.sections:
        if section.location is not None and section.location.paragraph is not None:
            out.setdefault(section.location.paragraph, section.heading)
        known = section.known_paragraphs
        if known is None:
            continue
        for line, where in zip(section.text.split("\n"), known, strict=True):
            if where.paragraph is not None and line.strip():
                out.setdefault(where.paragraph, line)
    return out


def _line_span(where: SourceLocation | None) -> range:
    if where is None or where.line is None:
        return range(0)
    return range(where.line, (where.end_line or where.line) + 1)


def text_view(
    lines: list[str], target: SourceLocation | None, marks: Iterable[SourceLocation], lang: str
) -> Markup:
    """Numbered source lines; the target's lines highlighted, other findings' lines marked (a
    long source only around the target, with a note)."""
    hot = set(_line_span(target))
    marked = {n for where in marks for n in _line_span(where)}
    first, last = 1, len(lines)
    if len(lines) > MAX_LINES:
        centre = min(hot) if hot else 1
        first = max(1, centre - MAX_LINES // 2)
        last = min(len(lines), first + MAX_LINES - 1)
    rows = []
    for number in range(first, last + 1):
        classes = ["line"]
        if number in hot:
            classes.append("hl-target")
        elif number in marked:
            classes.append("hl-mark")
        rows.append(
            tag(
                "tr",
                tag("td", str(number), class_="ln"),
                tag("td", lines[number - 1].replace("\t", "    "), class_="code"),
                id=f"L{number}",
                class_=" ".join(classes),
            )
        )
    table = tag("table", tag("tbody", rows), class_="source-lines")
    if first == 1 and last == len(lines):
        return table
    note = tag("p", word(lang, "lines_cut").format(first=first, last=last), class_="note")
    return tag("div", note, table)


def _paragraph_classes(number: int | None, hot: set[int], marked: set[int]) -> str:
    if number is not None and number in hot:
        return "para hl-target"
    if number is not None and number in marked:
        return "para hl-mark"
    return "para"


def _resolve_paragraph(
    blocks: list[DocBlock], where: SourceLocation, texts: dict[int, str]
) -> int | None:
    """The ¶ of our rendering that holds the located paragraph: the same number when its text
    matches what the loader read there, else the paragraph with that text; None when unsure."""
    wanted = _squash(texts.get(where.paragraph or 0, ""))
    numbered = {b.number: b.text for b in blocks if b.number is not None and not b.rows}
    if where.paragraph in numbered and (not wanted or _squash(numbered[where.paragraph]) == wanted):
        return where.paragraph
    if wanted:
        for number, text in numbered.items():
            if _squash(text) == wanted:
                return number
        for number, text in numbered.items():
            if wanted in _squash(text):
                return number
    return None


def _cell_hit(
    where: SourceLocation | None, table_index: int | None, row: int, first: int, after: int
) -> bool:
    """Whether ``where`` is the cell of grid columns ``first``..``after - 1`` of a table row."""
    return (
        where is not None
        and where.table_index is not None
        and where.table_index == table_index
        and where.row_index == row
        and where.col_index is not None
        and first <= where.col_index < after
    )


def docx_view(
    blocks: list[DocBlock],
    target: SourceLocation | None,
    marks: Iterable[SourceLocation],
    texts: dict[int, str],
) -> Markup:
    """A Word document as paragraphs and tables, the target paragraph or cell highlighted."""
    marks = list(marks)

    def paragraphs(where: SourceLocation | None) -> set[int]:
        if where is None or where.paragraph is None or where.table_index is not None:
            return set()
        found = _resolve_paragraph(blocks, where, texts)
        return {found} if found is not None else set()

    hot = paragraphs(target)
    marked = {n for where in marks for n in paragraphs(where)}
    out = []
    for block in blocks:
        if not block.rows:
            out.append(
                tag(
                    "p",
                    tag("span", f"¶{block.number}", class_="ln"),
                    block.text,
                    class_=_paragraph_classes(block.number, hot, marked),
                    id=f"P{block.number}",
                )
            )
            continue
        rows = []
        for r, row in enumerate(block.rows):
            cells = []
            for i, cell in enumerate(row.cells):
                after = row.cells[i + 1].col if i + 1 < len(row.cells) else cell.col + cell.span
                place = (block.table_index, r, cell.col, after)
                classes = "cell"
                if _cell_hit(target, *place):
                    classes += " hl-target"
                elif any(_cell_hit(m, *place) for m in marks):
                    classes += " hl-mark"
                span = cell.span if cell.span > 1 else None
                cells.append(tag("td", cell.text, class_=classes, colspan=span))
            rows.append(tag("tr", tag("td", f"¶{row.number or ''}", class_="ln"), cells))
        out.append(tag("table", tag("tbody", rows), class_="docx-table"))
    return tag("div", out, class_="docx-text")


def read_view(report: Report, target: SourceLocation | None) -> Markup:
    """The report as it was read (title block and sections), for files shown no other way."""
    hot = target.paragraph if target is not None else None
    out = []
    if report.preamble.strip():
        out.append(tag("pre", report.preamble, class_="preamble"))
    for section in report.sections:
        out.append(tag("h3", section.heading))
        known = section.known_paragraphs or ()
        lines = section.text.split("\n")
        for index, line in enumerate(lines):
            number = known[index].paragraph if index < len(known) else None
            classes = "para hl-target" if hot is not None and number == hot else "para"
            out.append(tag("p", line, class_=classes))
    return tag("div", out, class_="as-read")


def pdf_sizes(path: Path) -> list[tuple[float, float]]:
    """Width and height in points of each page; ValueError when the PDF cannot be opened."""
    import pypdfium2

    with _pdfium_lock:
        try:
            pdf = pypdfium2.PdfDocument(str(path))
        except (pypdfium2.PdfiumError, OSError) as exc:
            raise ValueError(f"cannot open the PDF: {exc}") from exc
        try:
            return [tuple(pdf[i].get_size()) for i in range(len(pdf))]  # type: ignore[misc]
        finally:
            pdf.close()


def png(pixels: np.ndarray) -> bytes:
    """An RGB image (height × width × 3, uint8) as PNG ("up" filter, zlib)."""
    height, width, _ = pixels.shape
    rows = pixels.reshape(height, width * 3)
    up = rows.copy()
    up[1:] = rows[1:] - rows[:-1]  # wraps modulo 256, as PNG's filter type 2 expects
    raw = np.empty((height, width * 3 + 1), dtype=np.uint8)
    raw[:, 0] = 2
    raw[0, 0] = 0
    raw[0, 1:] = rows[0]
    raw[1:, 1:] = up[1:]

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw.tobytes(), 6))
        + chunk(b"IEND", b"")
    )


def pdf_page_png(path: Path, page: int, scale: float = PDF_SCALE) -> bytes:
    """Page ``page`` (1-based) rendered as PNG; ValueError when it cannot be rendered."""
    import pypdfium2

    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, page, scale)
    with _pdfium_lock:
        if key in _png_cache:
            _png_cache.move_to_end(key)
            return _png_cache[key]
        try:
            pdf = pypdfium2.PdfDocument(str(path))
        except (pypdfium2.PdfiumError, OSError) as exc:
            raise ValueError(f"cannot open the PDF: {exc}") from exc
        try:
            if not 1 <= page <= len(pdf):
                raise ValueError(f"the PDF has no page {page}")
            bitmap = pdf[page - 1].render(scale=scale, rev_byteorder=True)
            pixels = bitmap.to_numpy()[:, :, :3]
        finally:
            pdf.close()
        data = png(np.ascontiguousarray(pixels))
        _png_cache[key] = data
        while len(_png_cache) > 16:
            _png_cache.popitem(last=False)
        return data


def pdf_view(
    image_url: str,
    size: tuple[float, float],
    boxes: list[tuple[tuple[float, float, float, float], str, str]],
) -> Markup:
    """A page image with boxes drawn over it (SVG; coordinates in points from the top left).

    ``boxes``: (bbox, CSS class, tooltip) — the tooltip is report text and is escaped."""
    width, height = size
    shapes = [
        tag(
            "rect",
            tag("title", tip),
            x=f"{x0:.1f}",
            y=f"{top:.1f}",
            width=f"{max(x1 - x0, 2):.1f}",
            height=f"{max(bottom - top, 2):.1f}",
            class_=cls,
        )
        for (x0, top, x1, bottom), cls, tip in boxes
    ]
    return tag(
        "svg",
        tag("image", href=image_url, x="0", y="0", width=f"{width:.1f}", height=f"{height:.1f}"),
        shapes,
        viewBox=f"0 0 {width:.1f} {height:.1f}",
        class_="pdf-page",
        xmlns="http://www.w3.org/2000/svg",
        role="img",
    )
