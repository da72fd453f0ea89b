"""The DOCX body walk: paragraphs, tables, text boxes and images in document order.

- paragraphs and tables in document order, including content controls (``w:sdt``), text boxes
  (``w:txbxContent``, read once even when Word stores a fallback copy) and tracked insertions;
  deleted and hidden (``w:vanish``) text is left out;
- automatic numbering (:mod:`.numbering`) is put before the paragraph text;
- tables: ``gridSpan`` and ``gridBefore`` give each cell its grid column, ``vMerge``
  continuation cells belong to the cell above; a table that contains another table, or has one
  cell, is a layout table whose cells are read as running text;
- images (``w:drawing``, ``w:pict``) are remembered so a table published as a picture can be
  reported (``DL914``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.etree

from ...core.model import SourceLocation
from ...reading.assemble import DocumentFlow
from ...reading.grid import PlacedCell, source_rows
from ...reading.structure import Paragraph
from ..documents import ImageRef
from .numbering import Numbering
from .wordml import MC, W, is_on, local_name, namespace, qn, to_int, w_val

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
    rpr = run.find(qn("rPr"))
    return rpr is not None and is_on(rpr.find(qn("vanish")))


def run_text(el: lxml.etree._Element) -> str:
    """Visible text of a paragraph: runs, tabs and breaks; text boxes, deletions excluded."""
    parts: list[str] = []

    def walk(node: lxml.etree._Element) -> None:
        name = local_name(node)
        if name in _SKIP and namespace(node) in (W, MC):
            return
        if name == "r" and _hidden(node):
            return
        if namespace(node) == W:
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
                char = node.get(qn("char")) or ""
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
    for box in p.iter(qn("txbxContent")):
        outer = False
        for ancestor in box.iterancestors():
            if ancestor is p:
                break
            if local_name(ancestor) == "Fallback" or local_name(ancestor) == "txbxContent":
                outer = True
                break
        if not outer:
            yield box


def _images(p: lxml.etree._Element) -> Iterator[str]:
    """Names of pictures in paragraph ``p`` (drawings that are not text boxes)."""
    for drawing in p.iter(qn("drawing"), qn("pict")):
        if any(True for _ in drawing.iter(qn("txbxContent"))):
            continue
        if any(local_name(a) == "Fallback" for a in drawing.iterancestors()):
            continue
        name = "image"
        for el in drawing.iter():
            if local_name(el) == "docPr":
                name = el.get("descr") or el.get("name") or name
                break
        yield name


# ---------------------------------------------------------------------------------------------
# Body walk


@dataclass
class BodyWalker:
    """Walks a DOCX body in document order into a :class:`DocumentFlow` and a list of images."""

    file: str
    numbering: Numbering
    table_index: dict[lxml.etree._Element, int]
    flow: DocumentFlow = field(default_factory=DocumentFlow)
    images: list[ImageRef] = field(default_factory=list)

    def blocks(self, container: lxml.etree._Element) -> None:
        """Walk a block container: body, cell, text box, content control."""
        for child in container:
            if namespace(child) != W:
                if local_name(child) == "AlternateContent":
                    choice = child.find(f"{{{MC}}}Choice")
                    if choice is not None:
                        self.blocks(choice)
                continue
            name = local_name(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name == "sdt":
                content = child.find(qn("sdtContent"))
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
                name = local_name(child)
                if name == "p":
                    text = self.numbering.label(child) + run_text(child)
                    lines.extend(x.strip() for x in text.split("\n") if x.strip())
                    for box in _text_boxes(child):
                        collect(box)
                elif name == "sdt":
                    content = child.find(qn("sdtContent"))
                    if content is not None:
                        collect(content)
                elif name in ("customXml", "ins", "moveTo"):
                    collect(child)

        collect(tc)
        return "\n".join(lines)

    def table(self, tbl: lxml.etree._Element) -> None:
        rows = list(word_children(tbl, "tr"))
        cells = [list(word_children(tr, "tc")) for tr in rows]
        nested = any(True for _ in tbl.iterdescendants(qn("tbl")))
        if nested or sum(len(c) for c in cells) <= 1:
            for row in cells:
                for tc in row:
                    self.blocks(tc)
            return
        index = self.table_index.get(tbl, 0)
        placed: list[list[PlacedCell]] = []
        for r, (tr, row) in enumerate(zip(rows, cells, strict=True)):
            trpr = tr.find(qn("trPr"))
            col = to_int(w_val(trpr.find(qn("gridBefore"))), 0) if trpr is not None else 0
            out: list[PlacedCell] = []
            for tc in row:
                tcpr = tc.find(qn("tcPr"))
                span = 1
                continued = False
                if tcpr is not None:
                    span = max(1, min(to_int(w_val(tcpr.find(qn("gridSpan"))), 1), 1000))
                    vmerge = tcpr.find(qn("vMerge"))
                    hmerge = tcpr.find(qn("hMerge"))
                    continued = (vmerge is not None and w_val(vmerge, "continue") != "restart") or (
                        hmerge is not None and w_val(hmerge, "continue") != "restart"
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
            for tc in word_children(tr, "tc"):
                for p in tc.iter(qn("p")):
                    for name in _images(p):
                        self.images.append(
                            ImageRef(
                                len(self.flow.paragraphs),
                                name,
                                SourceLocation(self.file, table_index=index),
                            )
                        )


def word_children(el: lxml.etree._Element, name: str) -> Iterator[lxml.etree._Element]:
    """Children named ``w:name``, looking through content controls and custom XML wrappers."""
    for child in el:
        local = local_name(child)
        if local == name and namespace(child) == W:
            yield child
        elif local == "sdt":
            content = child.find(qn("sdtContent"))
            if content is not None:
                yield from word_children(content, name)
        elif local == "customXml":
            yield from word_children(child, name)
