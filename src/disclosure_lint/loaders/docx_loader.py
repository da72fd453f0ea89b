"""Loader for Word documents in Office Open XML (``.docx``, ``.docm``).

The package is checked before anything is decompressed: it must be a ZIP file, hold at most
:data:`MAX_MEMBERS` parts, and expand to at most :data:`MAX_TOTAL_BYTES` (no XML part over
:data:`MAX_XML_BYTES`, no part with a suspicious compression ratio), so a zip bomb is refused
with a finding instead of filling memory. python-docx then opens the package (its XML parser
does not expand entities), and the loader walks the body itself:

- paragraphs and tables in document order, including content controls (``w:sdt``), text boxes
  (``w:txbxContent``, read once even when Word stores a fallback copy) and tracked insertions;
  deleted and hidden (``w:vanish``) text is left out;
- automatic numbering (``w:numPr`` on the paragraph or its style): the number Word shows
  ("一、", "（三）", "1.") is rebuilt from ``numbering.xml`` and put before the text, so a heading
  numbered by Word is recognised like one typed by hand;
- tables: ``gridSpan`` and ``gridBefore`` give each cell its grid column, ``vMerge``
  continuation cells belong to the cell above; a table that contains another table, or has one
  cell, is a layout table whose cells are read as running text;
- images (``w:drawing``, ``w:pict``) are remembered so a table published as a picture can be
  reported (``DL914``).

Locations: paragraphs carry ``paragraph`` (1-based, in reading order); cells carry
``table_index`` (the ``w:tbl`` among all tables of the document, nested ones included, 0-based),
``row_index`` (the ``w:tr``) and ``col_index`` (the grid column).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.etree

from ..core.errors import LoadError
from ..core.inputs import InputSource, LoadContext
from ..core.model import Issue, Location, Report, SourceLocation
from ..reading.assemble import DocumentFlow, assemble_report
from ..reading.grid import PlacedCell, source_rows
from ..reading.structure import Paragraph
from .documents import (
    CONTENT_MISMATCH,
    CORRUPT_DOCUMENT,
    DOCUMENT_TOO_LARGE,
    ENCRYPTED_DOCUMENT,
    OLE_MAGIC,
    ZIP_MAGIC,
    ImageRef,
    looks_like_html,
    report_image_tables,
)

DOCX_EXTENSIONS = (".docx", ".docm")

MAX_MEMBERS = 5000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_XML_BYTES = 32 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for parts over 1 MB

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"


def _q(name: str) -> str:
    return f"{_W}{name}"


def _local(el: lxml.etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _ns(el: lxml.etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].split("}", 1)[0]


def _val(el: lxml.etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(_q("val"), default)


def _on(el: lxml.etree._Element | None) -> bool:
    """A Word boolean property: present and not set to false/0/off."""
    if el is None:
        return False
    return (_val(el) or "true").lower() not in ("false", "0", "off")


# ---------------------------------------------------------------------------------------------
# Package checks


def is_encrypted_ole(data: bytes) -> bool:
    """An OLE compound file holding an encrypted OOXML package (password-protected DOCX)."""
    return data.startswith(OLE_MAGIC) and "EncryptionInfo".encode("utf-16-le") in data


def check_package(data: bytes) -> None:
    """Refuse files that are not a sane ZIP package (raises :class:`LoadError`)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LoadError(CORRUPT_DOCUMENT, f"not a valid ZIP package ({exc})") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise LoadError(
                DOCUMENT_TOO_LARGE, f"{len(members)} parts in the package (limit {MAX_MEMBERS})"
            )
        total = 0
        for member in members:
            total += member.file_size
            if member.filename.lower().endswith((".xml", ".rels")) and (
                member.file_size > MAX_XML_BYTES
            ):
                raise LoadError(
                    DOCUMENT_TOO_LARGE,
                    f"part {member.filename} expands to {member.file_size} bytes "
                    f"(limit {MAX_XML_BYTES})",
                )
            if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
                member.compress_size, 1
            ):
                ratio = member.file_size // max(member.compress_size, 1)
                raise LoadError(
                    DOCUMENT_TOO_LARGE,
                    f"part {member.filename} expands {ratio} times (a zip bomb?)",
                )
        if total > MAX_TOTAL_BYTES:
            raise LoadError(
                DOCUMENT_TOO_LARGE,
                f"the package expands to {total} bytes (limit {MAX_TOTAL_BYTES})",
            )
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names:
            raise LoadError(CORRUPT_DOCUMENT, "no [Content_Types].xml: not a Word document")


def open_document(data: bytes):  # -> docx.document.Document
    """Open a DOCX with python-docx after the package checks; any failure is a finding."""
    check_package(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError as exc:
        raise LoadError(CORRUPT_DOCUMENT, f"not a Word document ({exc})") from exc
    except (
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        lxml.etree.XMLSyntaxError,
        EOFError,
        NotImplementedError,
        AttributeError,
        TypeError,
    ) as exc:
        detail = str(exc) or type(exc).__name__
        raise LoadError(CORRUPT_DOCUMENT, f"damaged Word document ({detail})") from exc
    except (OSError, zlib.error) as exc:  # a damaged compressed part, a CRC mismatch
        raise LoadError(CORRUPT_DOCUMENT, f"damaged ZIP package ({exc})") from exc
    if "wordprocessingml" not in document.part.content_type:
        raise LoadError(CORRUPT_DOCUMENT, f"not a Word document ({document.part.content_type})")
    return document


# ---------------------------------------------------------------------------------------------
# Automatic numbering

_CN = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int) -> str:
    """一 … 九十九, as Word's chineseCounting writes them (十, 十一, 二十)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += numeral
            n -= value
    return out


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    letter = chr(ord("A") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "ideographLegalTraditional",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "japaneseCounting",
    ):
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """Rebuilds the numbers Word shows for ``w:numPr`` paragraphs, in document order."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> numId, ilvl
    counters: dict[str, list[int]] = field(default_factory=dict)  # abstract id -> counters
    abstract_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> Numbering:
        numbering = cls()
        try:
            numbering_el = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):
            numbering_el = None
        if numbering_el is not None:
            abstracts: dict[str, dict[int, _Level]] = {}
            for abstract in numbering_el.iterchildren(_q("abstractNum")):
                levels: dict[int, _Level] = {}
                for lvl in abstract.iterchildren(_q("lvl")):
                    ilvl = _int(lvl.get(_q("ilvl")), 0)
                    levels[ilvl] = _Level(
                        fmt=_val(lvl.find(_q("numFmt")), "decimal") or "decimal",
                        text=_val(lvl.find(_q("lvlText")), "") or "",
                        start=_int(_val(lvl.find(_q("start"))), 1),
                    )
                abstracts[abstract.get(_q("abstractNumId")) or ""] = levels
            for num in numbering_el.iterchildren(_q("num")):
                num_id = num.get(_q("numId")) or ""
                abstract_id = _val(num.find(_q("abstractNumId"))) or ""
                levels = dict(abstracts.get(abstract_id, {}))
                for override in num.iterchildren(_q("lvlOverride")):
                    ilvl = _int(override.get(_q("ilvl")), 0)
                    start = override.find(_q("startOverride"))
                    if start is not None and ilvl in levels:
                        base = levels[ilvl]
                        levels[ilvl] = _Level(base.fmt, base.text, _int(_val(start), 1))
                numbering.levels[num_id] = levels
                # numbers with a start override restart their own list
                has_override = num.find(_q("lvlOverride")) is not None
                numbering.abstract_of[num_id] = num_id if has_override else abstract_id
        try:
            styles_el = document.styles.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):
            styles_el = None
        if styles_el is not None:
            based: dict[str, str] = {}
            direct: dict[str, tuple[str, int]] = {}
            for style in styles_el.iterchildren(_q("style")):
                style_id = style.get(_q("styleId")) or ""
                parent = _val(style.find(_q("basedOn")))
                if parent:
                    based[style_id] = parent
                num_pr = style.find(f"{_q('pPr')}/{_q('numPr')}")
                if num_pr is not None:
                    num_id = _val(num_pr.find(_q("numId")))
                    if num_id is not None:
                        direct[style_id] = (num_id, _int(_val(num_pr.find(_q("ilvl"))), 0))
            for style_id in list(based) + list(direct):
                current: str | None = style_id
                for _ in range(8):
                    if current is None:
                        break
                    if current in direct:
                        numbering.style_num[style_id] = direct[current]
                        break
                    current = based.get(current)
        return numbering

    def label(self, p: lxml.etree._Element) -> str:
        """The number shown before paragraph ``p`` ("一、"), or "" when it has none."""
        ppr = p.find(_q("pPr"))
        num_id: str | None = None
        ilvl = 0
        if ppr is not None:
            num_pr = ppr.find(_q("numPr"))
            style_id = _val(ppr.find(_q("pStyle")))
            if style_id and style_id in self.style_num:
                num_id, ilvl = self.style_num[style_id]
            if num_pr is not None:
                direct_id = _val(num_pr.find(_q("numId")))
                if direct_id is not None:
                    num_id = direct_id
                ilvl_el = num_pr.find(_q("ilvl"))
                if ilvl_el is not None:
                    ilvl = _int(_val(ilvl_el), 0)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        level = levels.get(ilvl)
        if level is None:
            return ""
        key = self.abstract_of.get(num_id, num_id)
        counters = self.counters.setdefault(key, [0] * 10)
        if counters[ilvl] == 0:
            counters[ilvl] = level.start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        text = level.text
        for index in range(9, -1, -1):
            placeholder = f"%{index + 1}"
            if placeholder in text:
                value = counters[index] or (levels[index].start if index in levels else 1)
                fmt = levels[index].fmt if index in levels else "decimal"
                text = text.replace(placeholder, format_number(value, fmt))
        return text


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


# ---------------------------------------------------------------------------------------------
# Text of paragraphs

_SKIP = frozenset(
    {
        "txbxContent",
        "Fallback",
        "delText",
        "del",
        "moveFrom",
        "instrText",
        "rPr",
        "pPr",
        "fldData",
        "footnoteReference",
        "endnoteReference",
    }
)


def _hidden(run: lxml.etree._Element) -> bool:
    rpr = run.find(_q("rPr"))
    return rpr is not None and _on(rpr.find(_q("vanish")))


def run_text(el: lxml.etree._Element) -> str:
    """Visible text of a paragraph: runs, tabs and breaks; text boxes, deletions excluded."""
    parts: list[str] = []

    def walk(node: lxml.etree._Element) -> None:
        name = _local(node)
        if name in _SKIP and _ns(node) in (W, MC):
            return
        if name == "r" and _hidden(node):
            return
        if _ns(node) == W:
            if name == "t":
                parts.append(node.text or "")
                return
            if name == "tab":
                parts.append("\t")
                return
            if name in ("br", "cr"):
                parts.append("\n")
                return
            if name == "noBreakHyphen":
                parts.append("-")
                return
            if name == "sym":
                char = node.get(_q("char")) or ""
                try:
                    code = int(char, 16)
                except ValueError:
                    return
                if not 0xE000 <= code <= 0xF8FF and code != 0:
                    parts.append(chr(code))
                return
        for child in node:
            walk(child)

    for child in el:
        walk(child)
    return "".join(parts)


def _text_boxes(p: lxml.etree._Element) -> Iterator[lxml.etree._Element]:
    """The text boxes anchored in paragraph ``p`` (not their ``mc:Fallback`` copies)."""
    for box in p.iter(_q("txbxContent")):
        outer = False
        for ancestor in box.iterancestors():
            if ancestor is p:
                break
            if _local(ancestor) == "Fallback" or _local(ancestor) == "txbxContent":
                outer = True
                break
        if not outer:
            yield box


def _images(p: lxml.etree._Element) -> Iterator[str]:
    """Names of pictures in paragraph ``p`` (drawings that are not text boxes)."""
    for drawing in p.iter(_q("drawing"), _q("pict")):
        if any(True for _ in drawing.iter(_q("txbxContent"))):
            continue
        if any(_local(a) == "Fallback" for a in drawing.iterancestors()):
            continue
        name = "image"
        for el in drawing.iter():
            if _local(el) == "docPr":
                name = el.get("descr") or el.get("name") or name
                break
        yield name


# ---------------------------------------------------------------------------------------------
# Body walk


@dataclass
class _Walker:
    file: str
    numbering: Numbering
    table_index: dict[lxml.etree._Element, int]
    flow: DocumentFlow = field(default_factory=DocumentFlow)
    images: list[ImageRef] = field(default_factory=list)

    def blocks(self, container: lxml.etree._Element) -> None:
        """Walk a block container: body, cell, text box, content control."""
        for child in container:
            if _ns(child) != W:
                if _local(child) == "AlternateContent":
                    choice = child.find(f"{{{MC}}}Choice")
                    if choice is not None:
                        self.blocks(choice)
                continue
            name = _local(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name == "sdt":
                content = child.find(_q("sdtContent"))
                if content is not None:
                    self.blocks(content)
            elif name in ("customXml", "ins", "moveTo", "smartTag"):
                self.blocks(child)

    def _emit(self, text: str, narrative: bool = True) -> None:
        order = len(self.flow.paragraphs)
        location = SourceLocation(self.file, paragraph=order + 1)
        self.flow.add_paragraph(Paragraph(text, location), order, narrative)

    def paragraph(self, p: lxml.etree._Element) -> None:
        text = self.numbering.label(p) + run_text(p)
        for line in text.split("\n"):
            line = line.strip()
            if line:
                self._emit(line)
        for name in _images(p):
            order = len(self.flow.paragraphs)
            self.images.append(
                ImageRef(order, name, SourceLocation(self.file, paragraph=max(order, 1)))
            )
        for box in _text_boxes(p):
            self.blocks(box)

    def cell_text(self, tc: lxml.etree._Element) -> str:
        lines: list[str] = []

        def collect(container: lxml.etree._Element) -> None:
            for child in container:
                name = _local(child)
                if name == "p":
                    text = self.numbering.label(child) + run_text(child)
                    lines.extend(x.strip() for x in text.split("\n") if x.strip())
                    for box in _text_boxes(child):
                        collect(box)
                elif name == "sdt":
                    content = child.find(_q("sdtContent"))
                    if content is not None:
                        collect(content)
                elif name in ("customXml", "ins", "moveTo"):
                    collect(child)

        collect(tc)
        return "\n".join(lines)

    def table(self, tbl: lxml.etree._Element) -> None:
        rows = list(_children(tbl, "tr"))
        cells = [list(_children(tr, "tc")) for tr in rows]
        nested = any(True for _ in tbl.iterdescendants(_q("tbl")))
        if nested or sum(len(c) for c in cells) <= 1:
            for row in cells:
                for tc in row:
                    self.blocks(tc)
            return
        index = self.table_index.get(tbl, 0)
        placed: list[list[PlacedCell]] = []
        for r, (tr, row) in enumerate(zip(rows, cells, strict=True)):
            trpr = tr.find(_q("trPr"))
            col = _int(_val(trpr.find(_q("gridBefore"))), 0) if trpr is not None else 0
            out: list[PlacedCell] = []
            for tc in row:
                tcpr = tc.find(_q("tcPr"))
                span = 1
                continued = False
                if tcpr is not None:
                    span = max(1, min(_int(_val(tcpr.find(_q("gridSpan"))), 1), 1000))
                    vmerge = tcpr.find(_q("vMerge"))
                    hmerge = tcpr.find(_q("hMerge"))
                    continued = (vmerge is not None and _val(vmerge, "continue") != "restart") or (
                        hmerge is not None and _val(hmerge, "continue") != "restart"
                    )
                if not continued:
                    out.append(PlacedCell(self.cell_text(tc), r, col, 1, span))
                col += span
            placed.append(out)

        def locate(cell: PlacedCell) -> SourceLocation:
            return SourceLocation(
                self.file, table_index=index, row_index=cell.row, col_index=cell.col
            )

        for _, row in source_rows(placed, locate):
            order = len(self.flow.paragraphs)
            text = "\t".join(t.text.replace("\n", " ") for t in row.tokens)
            self.flow.add_paragraph(Paragraph(text, row.tokens[0].location), order, False)
            self.flow.rows.append((order, row))
        for tr in rows:
            for tc in _children(tr, "tc"):
                for p in tc.iter(_q("p")):
                    for name in _images(p):
                        self.images.append(
                            ImageRef(
                                len(self.flow.paragraphs),
                                name,
                                SourceLocation(self.file, table_index=index),
                            )
                        )


def _children(el: lxml.etree._Element, name: str) -> Iterator[lxml.etree._Element]:
    """Children named ``w:name``, looking through content controls and custom XML wrappers."""
    for child in el:
        local = _local(child)
        if local == name and _ns(child) == W:
            yield child
        elif local == "sdt":
            content = child.find(_q("sdtContent"))
            if content is not None:
                yield from _children(content, name)
        elif local == "customXml":
            yield from _children(child, name)


# ---------------------------------------------------------------------------------------------
# Loader


def _title_fallback(document) -> dict[str, str]:
    try:
        title = (document.core_properties.title or "").strip()
    except (KeyError, ValueError, AttributeError, lxml.etree.XMLSyntaxError):
        return {}
    if title and "报告" in title and any(ch.isdigit() for ch in title):
        return {"标题": title}
    return {}


def load_docx_bytes(
    data: bytes, source: InputSource, context: LoadContext, loader: str = "docx"
) -> Report:
    """Read a DOCX given as bytes; ``source`` names it in findings."""
    if is_encrypted_ole(data):
        raise LoadError(ENCRYPTED_DOCUMENT, "an encrypted Office package")
    document = open_document(data)
    report = Report(source=source.name, loader=loader)
    body = document.element.body
    try:
        numbering = Numbering.of(document)
    except (lxml.etree.XMLSyntaxError, KeyError, ValueError) as exc:
        raise LoadError(CORRUPT_DOCUMENT, f"damaged numbering or styles part ({exc})") from exc
    table_index = {t: i for i, t in enumerate(body.iter(_q("tbl")))}
    walker = _Walker(source.name, numbering, table_index)
    walker.blocks(body)
    flow = walker.flow
    result = assemble_report(
        report,
        context.formats,
        flow,
        {},
        flow.text(),
        source.name,
        lambda _index, found: SourceLocation(source.name, table_index=found.table_index),
        fallback_fields=_title_fallback(document),
    )
    report_image_tables(report, result, walker.images, flow)
    return report


def load_docx(source: InputSource, context: LoadContext) -> Report:
    data = source.read_bytes()
    if not data.strip():
        raise LoadError("DL905", "empty")
    if data.startswith(OLE_MAGIC) and not is_encrypted_ole(data):
        from .legacy_word import load_legacy_bytes

        report = load_legacy_bytes(data, source, context)
        report.issues.insert(
            0, _mismatch(source, "legacy Word/WPS (OLE)", "the file is not a DOCX")
        )
        return report
    if not data.startswith(ZIP_MAGIC) and not is_encrypted_ole(data) and looks_like_html(data):
        from .html_loader import load_html

        report = load_html(source, context)
        report.issues.insert(0, _mismatch(source, "HTML", "a web page saved with a Word name"))
        return report
    return load_docx_bytes(data, source, context)


def _mismatch(source: InputSource, kind: str, detail: str) -> Issue:
    return Issue(
        CONTENT_MISMATCH,
        Location(source=SourceLocation(source.name)),
        {"format": kind, "detail": detail},
    )
