"""A Word document (DOCX) shown as text: its paragraphs and tables in document order, numbered
as the DOCX loader numbers them (¶, one per non-empty line and per table row), so a finding's
paragraph or cell can be highlighted."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import lxml.etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_XML_BYTES = 32 * 1024 * 1024  # as the loader: a larger document part is refused


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


def _local(el: lxml.etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass
class DocCell:
    text: str
    col: int  # grid column of the cell's left edge
    span: int


@dataclass
class DocRow:
    number: int | None  # ¶ of the row (None: a row with no cell of its own)
    cells: list[DocCell]


@dataclass
class DocBlock:
    """A paragraph line (``text``) or a table (``rows``), with its ¶ number(s)."""

    number: int | None = None
    text: str = ""
    table_index: int | None = None
    rows: list[DocRow] = field(default_factory=list)


def _text(p: lxml.etree._Element) -> str:
    parts: list[str] = []
    for node in p.iter():
        name = _local(node)
        if node.tag == _q("t"):
            parts.append(node.text or "")
        elif node.tag == _q("tab"):
            parts.append("\t")
        elif node.tag in (_q("br"), _q("cr")):
            parts.append("\n")
        elif name == "delText":
            continue
    return "".join(parts)


def _children(el: lxml.etree._Element, name: str) -> list[lxml.etree._Element]:
    out: list[lxml.etree._Element] = []
    for child in el:
        local = _local(child)
        if child.tag == _q(name):
            out.append(child)
        elif local == "sdt":
            content = child.find(_q("sdtContent"))
            if content is not None:
                out.extend(_children(content, name))
        elif local == "customXml":
            out.extend(_children(child, name))
    return out


class _Walker:
    def __init__(self, tables: dict[lxml.etree._Element, int]) -> None:
        self.tables = tables
        self.blocks: list[DocBlock] = []
        self.count = 0

    def next_number(self) -> int:
        self.count += 1
        return self.count

    def walk(self, container: lxml.etree._Element) -> None:
        for child in container:
            name = _local(child)
            if child.tag == _q("p"):
                for line in _text(child).split("\n"):
                    if line.strip():
                        self.blocks.append(DocBlock(self.next_number(), line.strip()))
            elif child.tag == _q("tbl"):
                self.table(child)
            elif name == "sdt":
                content = child.find(_q("sdtContent"))
                if content is not None:
                    self.walk(content)
            elif name in ("customXml", "ins", "moveTo", "smartTag"):
                self.walk(child)

    def table(self, tbl: lxml.etree._Element) -> None:
        rows = _children(tbl, "tr")
        cells = [_children(tr, "tc") for tr in rows]
        nested = any(True for _ in tbl.iterdescendants(_q("tbl")))
        if nested or sum(len(c) for c in cells) <= 1:
            for row in cells:
                for tc in row:
                    self.walk(tc)
            return
        block = DocBlock(table_index=self.tables.get(tbl, 0))
        for tr, row in zip(rows, cells, strict=True):
            trpr = tr.find(_q("trPr"))
            before = trpr.find(_q("gridBefore")) if trpr is not None else None
            col = _int(before.get(_q("val")) if before is not None else None, 0)
            out: list[DocCell] = []
            own = False
            for tc in row:
                tcpr = tc.find(_q("tcPr"))
                span, continued = 1, False
                if tcpr is not None:
                    grid = tcpr.find(_q("gridSpan"))
                    value = grid.get(_q("val")) if grid is not None else None
                    span = max(1, min(_int(value, 1), 1000))
                    for merge in (tcpr.find(_q("vMerge")), tcpr.find(_q("hMerge"))):
                        if merge is not None and merge.get(_q("val"), "continue") != "restart":
                            continued = True
                lines = [_text(p).strip() for p in tc.iter(_q("p"))]
                out.append(DocCell("\n".join(x for x in lines if x), col, span))
                own = own or not continued
                col += span
            block.rows.append(DocRow(self.next_number() if own else None, out))
        self.blocks.append(block)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def read_blocks(path: Path) -> list[DocBlock]:
    """The document's blocks; raises ValueError when it cannot be read."""
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise ValueError("the document part is too large to show")
            data = package.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError) as exc:
        raise ValueError(f"cannot open the document: {exc}") from exc
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise ValueError(f"cannot read the document: {exc}") from exc
    body = root.find(_q("body"))
    if body is None:
        raise ValueError("the document has no body")
    tables = {t: i for i, t in enumerate(body.iter(_q("tbl")))}
    walker = _Walker(tables)
    walker.walk(body)
    return walker.blocks
