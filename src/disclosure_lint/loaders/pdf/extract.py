"""Open a PDF with PDFium (pypdfium2) and read the position of every character.

PDFium gives per-character boxes about 25 times faster than pdfminer-based word extraction, so
it reads every page. PDFium silently loses text strings of a single character in CID fonts that
use a predefined CMap without an embedded font (``STSong-Light`` with ``UniGB-UCS2-H``, as
written by reportlab and iText): the text object is there, but with no characters and no width.
A page with such objects is read again with pdfplumber (pdfminer), which decodes them.

Every problem with the file itself (not a PDF, damaged, password-protected, no text layer, too
many pages) becomes a :class:`LoadError` or an
:class:`ExtractProblem` with the code of an input rule, never an exception escaping the loader.

Coordinates are converted to the top-left origin used everywhere else in the PDF loader and in
findings: ``x0, top, x1, bottom`` in PDF points, ``top`` growing down the page.
"""

from __future__ import annotations

import ctypes
import functools
import io
import logging
import math
import operator
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...core.errors import LoadError
from ...core.i18n import Text, join
from ...core.labels import normalize

if TYPE_CHECKING:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c


NO_TEXT_LAYER = "DL920"
PASSWORD_PROTECTED = "DL921"
DAMAGED = "DL922"
TOO_MANY_PAGES = "DL923"
PAGES_WITHOUT_TEXT = "DL924"
REPAIRED = "DL925"

#: documents longer than this are not read: an annual report has a few dozen pages at most
MAX_PAGES = 500
#: a page with fewer printable characters than this, but with images, counts as an image page
_MIN_PAGE_CHARS = 10
#: the end-of-file marker must appear in the last bytes of an intact PDF
_EOF_WINDOW = 2048
#: a path at most this wide (points) is a vertical rule; at most this many are kept per page
_RULE_WIDTH = 2.5
_MAX_RULES = 5000

# Punctuation folded together for label matching: reports write "1." "1、" "1，" "（1）" alike,
# and "，"/"、" between clauses. normalize() already folds full-width forms.
_PUNCT_FOLD = str.maketrans({",": ".", ":": ".", ";": "."})


@functools.lru_cache(maxsize=8192)
def match_key(char: str) -> str:
    """Matching form of one character (may be empty or longer than one character)."""
    return normalize(char).translate(_PUNCT_FOLD)


def text_key(text: str) -> str:
    """Matching form of a label."""
    return normalize(text).translate(_PUNCT_FOLD)


@dataclass(frozen=True, slots=True)
class Glyph:
    """One printed character with its box in top-left page coordinates (points)."""

    char: str
    key: str
    page: int  # 0-based page index
    seq: int  # position in the document's extraction order (unique)
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    size: float  # effective font size in points

    #: the em of the glyph: its font size (a C-level getter: read for every glyph comparison)
    em = property(operator.attrgetter("size"))

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def is_word_char(self) -> bool:
        """CJK ideographs, letters and digits: characters that continue a word or label."""
        return self.char.isalnum()


@dataclass
class PageText:
    index: int  # 0-based
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    image_count: int = 0
    image_area: float = 0.0  # points², the part of the page covered by images (capped)
    failed: bool = False  # PDFium could not read the page
    #: vertical ruled lines (x, top, bottom): thin paths and the sides of drawn boxes
    rules: list[tuple[float, float, float]] = field(default_factory=list)
    #: horizontal ruled lines (y, x0, x1): thin paths and the top and bottom of drawn boxes
    hrules: list[tuple[float, float, float]] = field(default_factory=list)
    fallback: bool = False  # characters read with pdfplumber (see the module docstring)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def is_image_only(self) -> bool:
        return len(self.glyphs) < _MIN_PAGE_CHARS and self.image_count > 0


@dataclass
class ExtractProblem:
    code: str
    args: dict[str, object]


@dataclass
class PdfText:
    pages: list[PageText]
    problems: list[ExtractProblem]

    @property
    def glyph_count(self) -> int:
        return sum(len(p.glyphs) for p in self.pages)


def _open(data: bytes) -> pdfium.PdfDocument:
    # PDFium is imported with the first PDF opened: most runs read none, and it slows start-up
    global pdfium, pdfium_c
    if not data.strip():
        raise LoadError("DL905", Text("空文件", "empty"))
    if b"%PDF-" not in data[:1024]:
        raise LoadError(
            DAMAGED, Text("不是 PDF 文件（没有 %PDF- 文件头）", "not a PDF file (no %PDF- header)")
        )
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise LoadError(PASSWORD_PROTECTED, Text("需要密码", "password required")) from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise LoadError(
                PASSWORD_PROTECTED, Text("不支持的加密方式", "unsupported security handler")
            ) from exc
        if code == pdfium_c.FPDF_ERR_FORMAT:
            damaged = Text("文件结构已损坏", "the file structure is damaged")
            raise LoadError(DAMAGED, damaged) from exc
        if code == pdfium_c.FPDF_ERR_SUCCESS:
            raise LoadError(DAMAGED, Text("文档没有页面", "the document has no pages")) from exc
        raise LoadError(DAMAGED, Text("PDF 库无法打开此文件", str(exc))) from exc


def extract(data: bytes) -> PdfText:
    """Read every page's characters; raise :class:`LoadError` for unreadable documents."""
    doc = _open(data)
    try:
        count = len(doc)
        if count > MAX_PAGES:
            raise LoadError(
                TOO_MANY_PAGES,
                Text(f"{count} 页", f"{count} pages"),
                pages=count,
                limit=MAX_PAGES,
            )
        problems: list[ExtractProblem] = []
        if b"%%EOF" not in data[-_EOF_WINDOW:]:
            problems.append(
                ExtractProblem(
                    REPAIRED,
                    {"detail": Text("文件末尾没有 %%EOF 结束标记", "no %%EOF marker at the end")},
                )
            )
        pages: list[PageText] = []
        seq = 0
        fallback = _Fallback(data)
        try:
            for index in range(count):
                page_text, seq = _read_page(doc, index, seq, fallback)
                pages.append(page_text)
        finally:
            fallback.close()
        if all(p.failed for p in pages):
            raise LoadError(DAMAGED, Text("没有一页能够读取", "no page could be read"))
        if sum(len(p.glyphs) for p in pages) < _MIN_PAGE_CHARS:
            images = sum(p.image_count for p in pages)
            raise LoadError(
                NO_TEXT_LAYER,
                Text(
                    f"共 {count} 页、{images} 张图片，没有文字",
                    f"{count} pages, {images} images, no text",
                ),
                pages=count,
            )
        failed = [p.number for p in pages if p.failed]
        image_pages = [p.number for p in pages if p.is_image_only and not p.failed]
        if failed or image_pages:
            detail: list[Text] = []
            if image_pages:
                detail.append(
                    Text("只有图片：第 {p} 页", "image only: {p}").format(p=_page_list(image_pages))
                )
            if failed:
                detail.append(
                    Text("无法读取：第 {p} 页", "unreadable: {p}").format(p=_page_list(failed))
                )
            problems.append(
                ExtractProblem(
                    PAGES_WITHOUT_TEXT,
                    {
                        "pages": _page_list(sorted(image_pages + failed)),
                        "detail": join(detail, "；", "; "),
                    },
                )
            )
        return PdfText(pages, problems)
    finally:
        doc.close()


def _page_list(numbers: list[int]) -> Text:
    return join([str(n) for n in numbers])


def _read_page(
    doc: pdfium.PdfDocument, index: int, seq: int, fallback: _Fallback
) -> tuple[PageText, int]:
    try:
        page = doc[index]
    except pdfium.PdfiumError:
        return PageText(index, 0.0, 0.0, failed=True), seq
    try:
        width, height = page.get_size()
        result = PageText(index, width, height)
        lost = _scan_objects(page, result)
        textpage = page.get_textpage()
        try:
            if lost:
                textobjects = _lost_text(page, textpage)
                if textobjects:
                    replaced = fallback.read(index, result, seq)
                    if replaced is not None:
                        return result, replaced
            seq = _read_chars(textpage, result, height, seq)
        finally:
            textpage.close()
        return result, seq
    except pdfium.PdfiumError:
        return PageText(index, 0.0, 0.0, failed=True), seq
    finally:
        page.close()


def _scan_objects(page: pdfium.PdfPage, result: PageText) -> bool:
    """Count images and collect ruled lines; True if the page has text objects without any
    width (possibly lost)."""
    state = {"area": 0.0, "lost": False}
    left, bottom = ctypes.c_float(), ctypes.c_float()
    right, top = ctypes.c_float(), ctypes.c_float()
    height = result.height

    def visit(handles: list, depth: int) -> None:
        for handle in handles:
            kind = pdfium_c.FPDFPageObj_GetType(handle)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
                count = pdfium_c.FPDFFormObj_CountObjects(handle)
                visit([pdfium_c.FPDFFormObj_GetObject(handle, i) for i in range(count)], depth + 1)
                continue
            if kind not in (
                pdfium_c.FPDF_PAGEOBJ_PATH,
                pdfium_c.FPDF_PAGEOBJ_IMAGE,
                pdfium_c.FPDF_PAGEOBJ_TEXT,
            ):
                continue
            if not pdfium_c.FPDFPageObj_GetBounds(handle, left, bottom, right, top):
                continue
            width, tall = right.value - left.value, top.value - bottom.value
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if len(result.rules) + len(result.hrules) >= _MAX_RULES:
                    continue
                y0, y1 = height - top.value, height - bottom.value
                if tall <= _RULE_WIDTH and width >= 3:
                    result.hrules.append(((y0 + y1) / 2, left.value, right.value))
                    continue
                if tall < 3:
                    continue
                if width <= _RULE_WIDTH:
                    result.rules.append(((left.value + right.value) / 2, y0, y1))
                elif width > 3 * _RULE_WIDTH:  # a drawn box: its four sides
                    result.rules.append((left.value, y0, y1))
                    result.rules.append((right.value, y0, y1))
                    result.hrules.append((y0, left.value, right.value))
                    result.hrules.append((y1, left.value, right.value))
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                result.image_count += 1
                state["area"] += max(0.0, width) * max(0.0, tall)
            elif width < 0.01 and tall < 0.01:
                state["lost"] = True

    raw = page.raw
    visit(
        [pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))], 0
    )
    result.image_area = min(state["area"], result.width * result.height)
    return bool(state["lost"])


def _lost_text(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> int:
    """Number of zero-width text objects whose text PDFium cannot decode."""
    count = 0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if right - left >= 0.01 or top - bottom >= 0.01:
            continue
        if pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0) <= 2:
            count += 1  # the length includes the terminating NUL: nothing decoded
    return count


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs every oddity of a damaged file as a warning; the loader reports the file's
    state itself, so those messages are kept off the user's terminal."""
    loggers = [logging.getLogger(name) for name in ("pdfminer", "pdfplumber")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class _Fallback:
    """Reads single pages with pdfplumber, opening the document only when first needed."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.document = None
        self.failed = False

    def close(self) -> None:
        if self.document is not None:
            try:
                with _quiet_pdfminer():
                    self.document.close()
            except Exception:  # pdfplumber touches every page when closing, even broken ones
                pass
            self.document = None

    def read(self, index: int, result: PageText, seq: int) -> int | None:
        """Fill ``result.glyphs`` from pdfminer; None when pdfplumber cannot read the page."""
        if self.failed:
            return None
        try:
            with _quiet_pdfminer():
                if self.document is None:
                    import pdfplumber  # imported here: most documents never need it

                    self.document = pdfplumber.open(io.BytesIO(self.data))
                page = self.document.pages[index]
                chars = page.chars
                height = float(page.height)
        except Exception:  # pdfminer raises many kinds of errors on odd files
            self.failed = True
            return None
        glyphs: list[Glyph] = []
        for char in chars:
            text = char.get("text") or ""
            if len(text) != 1 or text.isspace():
                continue
            key = match_key(text)
            if not key:
                continue
            matrix = char.get("matrix") or (1, 0, 0, 1, char["x0"], height - char["bottom"])
            size = float(char.get("size") or (char["bottom"] - char["top"]) or 1.0)
            baseline = height - float(matrix[5])
            x0, x1 = float(char["x0"]), float(char["x1"])
            top, bottom = baseline - 0.88 * size, baseline + 0.12 * size
            glyphs.append(Glyph(text, key, index, seq, x0, top, x1, bottom, baseline, size))
            seq += 1
        result.glyphs = _drop_overprint(glyphs)
        result.fallback = True
        return seq


def _read_chars(textpage: pdfium.PdfTextPage, result: PageText, height: float, seq: int) -> int:
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    loose = pdfium_c.FS_RECTF()
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    glyphs: list[Glyph] = []
    paired = -1  # index of a low surrogate already combined with the code before it
    for i in range(count):
        if i == paired:
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code == 0 or code == 0xFFFE or code == 0xFFFF:
            continue
        if 0xD800 <= code <= 0xDFFF:
            # PDFium gives UTF-16 units: a character outside the BMP is a high surrogate and the
            # low one after it; a lone surrogate (a damaged file) is no character at all
            low = pdfium_c.FPDFText_GetUnicode(raw, i + 1) if i + 1 < count else 0
            if code > 0xDBFF or not 0xDC00 <= low <= 0xDFFF:
                continue
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            paired = i + 1
        try:
            char = chr(code)
        except ValueError:
            continue
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs"):
            continue
        key = match_key(char)
        if not key:
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, loose):
            continue
        pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
        pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
        x0, x1 = loose.left, loose.right
        y_top, y_bottom = height - loose.top, height - loose.bottom
        baseline = height - oy.value
        size = 0.0
        if pdfium_c.FPDFText_GetMatrix(raw, i, matrix):
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            size = pdfium_c.FPDFText_GetFontSize(raw, i) * scale
        if not 0.5 <= size <= 500:
            size = max(y_bottom - y_top, right.value - left.value, 1.0)
        # Some fonts (vertical CJK fonts in particular) report absurd loose boxes; fall back on
        # a character cell of the font size around the origin.
        if (y_bottom - y_top) > 2.5 * size or (x1 - x0) > 2.5 * size:
            x0 = min(ox.value, left.value)
            x1 = max(right.value, x0 + size * (0.5 if char.isascii() else 1.0))
            y_top, y_bottom = baseline - 0.88 * size, baseline + 0.12 * size
        if x1 < x0:
            x0, x1 = x1, x0
        if y_bottom < y_top:
            y_top, y_bottom = y_bottom, y_top
        glyphs.append(Glyph(char, key, result.index, seq, x0, y_top, x1, y_bottom, baseline, size))
        seq += 1
    result.glyphs = _drop_overprint(glyphs)
    return seq


def _drop_overprint(glyphs: list[Glyph]) -> list[Glyph]:
    """Remove characters printed twice at (almost) the same place ("fake bold")."""
    if len(glyphs) < 2:
        return glyphs
    by_char: dict[str, list[Glyph]] = {}
    for glyph in glyphs:
        by_char.setdefault(glyph.char, []).append(glyph)
    dropped: set[int] = set()
    for group in by_char.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda g: (g.baseline, g.x0))
        kept: list[Glyph] = []
        for glyph in group:
            tol = 0.25 * glyph.em
            duplicate = False
            for other in reversed(kept):
                if glyph.baseline - other.baseline > tol:
                    break
                if abs(other.x0 - glyph.x0) <= tol:
                    duplicate = True
                    break
            if duplicate:
                dropped.add(glyph.seq)
            else:
                kept.append(glyph)
    if not dropped:
        return glyphs
    return [g for g in glyphs if g.seq not in dropped]
