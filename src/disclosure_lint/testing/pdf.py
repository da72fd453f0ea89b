"""Render a report of a format definition to PDF with reportlab, the way real reports look.

Used by the round-trip property tests and the PDF benchmark: a table of values is laid out as the
national tables are published (merged group cells, a vertical "三、本年度办理结果", wrapped labels,
narrow column headers wrapped or set one character per line, 表三 continued on a second page with
or without its header repeated), drawn with the CJK font reportlab ships (``STSong-Light``, a
CID font that needs no font file), and read back by the PDF loader.

Requires ``reportlab`` (installed with the ``test`` extra).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ..core.formats import FormatDef, Node, TableDef
from .builders import CellKey

CJK = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0
LEFT, RIGHT, TOP, BOTTOM = 60.0, 535.0, 60.0, 780.0
WIDTH = RIGHT - LEFT

_registered = False


def _fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK))
        _registered = True


@dataclass(frozen=True)
class PdfLayout:
    """How the generated report is laid out."""

    vertical_headers: bool = False  # narrow column headers one character per line
    split_row: int | None = None  # 表三 continues on a new page before this data row (0-based)
    repeat_header: bool = False  # the continued 表三 repeats its column header
    rules: bool = True  # draw the table grid
    align: str = "center"  # numbers "center" or "left" in their cells
    number_font: str = "Helvetica"  # or "STSong-Light"
    char_space: float = 0.0  # extra space between the characters of numbers (split digits)
    table_gap: float = 16.0  # space (points) between a table and the heading after it
    label_width: float = 130.0  # 表二's label column (points): 67.5 is filled by its longest label


@dataclass
class _Flow:
    c: canvas.Canvas
    y: float = TOP  # top-down
    pages: int = 1
    on_break: list = field(default_factory=list)

    def new_page(self) -> None:
        self.c.showPage()
        self.pages += 1
        self.y = TOP

    def need(self, height: float) -> bool:
        """Start a new page if ``height`` does not fit; True if a page was started."""
        if self.y + height > BOTTOM:
            self.new_page()
            return True
        return False


def _width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for char in text:
        if current and _width(current + char, font, size) > width:
            lines.append(current)
            current = char
        else:
            current += char
    if current:
        lines.append(current)
    return lines or [""]


def _text(
    c: canvas.Canvas,
    x: float,
    top: float,
    text: str,
    font: str,
    size: float,
    char_space: float = 0.0,
) -> None:
    """Draw ``text`` with its em box starting at ``top`` (top-down page coordinates)."""
    obj = c.beginText()
    obj.setTextOrigin(x, PAGE_H - (top + 0.86 * size))
    obj.setFont(font, size)
    obj.setCharSpace(char_space)  # the canvas keeps it for later text objects: always set
    obj.textOut(text)
    c.drawText(obj)


@dataclass
class _Cell:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _draw_box(c: canvas.Canvas, cell: _Cell, rules: bool) -> None:
    if rules:
        c.setLineWidth(0.5)
        c.rect(cell.x0, PAGE_H - cell.bottom, cell.width, cell.height, stroke=1, fill=0)


def _lines_for(text: str, width: float, size: float, vertical: bool) -> list[str]:
    if vertical:
        return list(text)
    return _wrap(text, CJK, size, width - 4)


def _label_height(text: str, width: float, size: float, vertical: bool = False) -> float:
    return len(_lines_for(text, width, size, vertical)) * size * 1.25 + 6


def _draw_label(
    c: canvas.Canvas,
    cell: _Cell,
    text: str,
    size: float,
    *,
    vertical: bool = False,
    center: bool = False,
) -> None:
    lines = _lines_for(text, cell.width, size, vertical)
    step = size * 1.25
    top = cell.top + (cell.height - len(lines) * step) / 2 + (step - size) / 2
    for index, line in enumerate(lines):
        width = _width(line, CJK, size)
        x = cell.x0 + (cell.width - width) / 2 if center or vertical else cell.x0 + 2
        _text(c, x, top + index * step, line, CJK, size)


def _draw_value(c: canvas.Canvas, cell: _Cell, text: str, layout: PdfLayout) -> None:
    if not text:
        return
    size = 10.0
    font = layout.number_font
    width = _width(text, font, size) + layout.char_space * max(len(text) - 1, 0)
    x = cell.x0 + 3 if layout.align == "left" else cell.x0 + (cell.width - width) / 2
    _text(c, x, cell.top + (cell.height - size) / 2, text, font, size, layout.char_space)


def _raw(values: Mapping[CellKey, str | int | None], key: CellKey) -> str:
    value = values.get(key)
    return "" if value is None else str(value)


# ---------------------------------------------------------------------------------------------
# tables


def _table2(flow: _Flow, tdef: TableDef, values, layout: PdfLayout) -> None:
    label_w = layout.label_width
    for block in tdef.blocks:
        n = len(block.leaf_columns)
        col_w = (WIDTH - label_w) / n
        caption_h = 20.0
        header_h = max(
            [_label_height(leaf.label, col_w, 9) for leaf in block.leaf_columns] + [20.0]
        )
        flow.need(caption_h + header_h + 20)
        c = flow.c
        cell = _Cell(LEFT, flow.y, RIGHT, flow.y + caption_h)
        _draw_box(c, cell, layout.rules)
        _draw_label(c, cell, block.caption or "", 9, center=True)
        flow.y += caption_h
        head = _Cell(LEFT, flow.y, LEFT + label_w, flow.y + header_h)
        _draw_box(c, head, layout.rules)
        _draw_label(c, head, block.header or "信息内容", 9, center=True)
        for index, leaf in enumerate(block.leaf_columns):
            x0 = LEFT + label_w + index * col_w
            cell = _Cell(x0, flow.y, x0 + col_w, flow.y + header_h)
            _draw_box(c, cell, layout.rules)
            _draw_label(c, cell, leaf.label, 9, center=True)
        flow.y += header_h
        for row in block.leaf_rows:
            height = 20.0
            flow.need(height)
            c = flow.c
            cell = _Cell(LEFT, flow.y, LEFT + label_w, flow.y + height)
            _draw_box(c, cell, layout.rules)
            _draw_label(c, cell, row.label, 9)
            for index, column in enumerate(block.leaf_columns):
                x0 = LEFT + label_w + index * col_w
                cell = _Cell(x0, flow.y, x0 + col_w, flow.y + height)
                _draw_box(c, cell, layout.rules)
                _draw_value(c, cell, _raw(values, (tdef.key, row.key, column.key)), layout)
            flow.y += height
    flow.y += layout.table_gap


_T3_LABEL = (22.0, 58.0, 150.0)  # label columns by depth: vertical group, group, leaf


def _row_items(nodes: Sequence[Node], depth: int = 0) -> list[tuple[int, Node]]:
    out: list[tuple[int, Node]] = []
    for node in nodes:
        out.append((depth, node))
        if node.children:
            out.extend(_row_items(node.children, depth + 1))
    return out


def _t3_header(flow: _Flow, tdef: TableDef, layout: PdfLayout, col_w: float) -> None:
    block = tdef.blocks[0]
    label_w = sum(_T3_LABEL)
    c = flow.c
    vertical = layout.vertical_headers
    children = next(n for n in block.columns if n.children).children
    r1, r2 = 18.0, 18.0
    r3 = max(_label_height(n.label or "", col_w, 9, vertical) for n in children)
    total = r1 + r2 + r3
    flow.need(total + 20)
    c = flow.c
    top = flow.y
    note = _Cell(LEFT, top, LEFT + label_w, top + total)
    _draw_box(c, note, layout.rules)
    _draw_label(c, note, tdef.note or "", 9)
    x = LEFT + label_w
    cell = _Cell(x, top, RIGHT, top + r1)
    _draw_box(c, cell, layout.rules)
    _draw_label(c, cell, block.header or "申请人情况", 9, center=True)
    index = 0
    for node in block.columns:
        if node.children:
            span = len(node.children)
            group = _Cell(x + index * col_w, top + r1, x + (index + span) * col_w, top + r1 + r2)
            _draw_box(c, group, layout.rules)
            _draw_label(c, group, node.label or "", 9, center=True)
            for offset, child in enumerate(node.children):
                x0 = x + (index + offset) * col_w
                cell = _Cell(x0, top + r1 + r2, x0 + col_w, top + total)
                _draw_box(c, cell, layout.rules)
                _draw_label(c, cell, child.label or "", 9, vertical=vertical, center=True)
            index += span
        else:
            cell = _Cell(x + index * col_w, top + r1, x + (index + 1) * col_w, top + total)
            _draw_box(c, cell, layout.rules)
            _draw_label(c, cell, node.label or "", 9, vertical=vertical, center=True)
            index += 1
    flow.y += total


def _table3(flow: _Flow, tdef: TableDef, values, layout: PdfLayout) -> None:
    block = tdef.blocks[0]
    columns = block.leaf_columns
    label_w = sum(_T3_LABEL)
    col_w = (WIDTH - label_w) / len(columns)
    _t3_header(flow, tdef, layout, col_w)
    items = _row_items(block.rows)
    leaves_seen = 0
    # depth -> (group node, top, page, whether its text is drawn: not on a continued page)
    open_groups: dict[int, tuple[Node, float, int, bool]] = {}

    def close_group(depth: int) -> bool:
        """Draw the group's cell on this page; True if its label still has to be drawn."""
        node, top, page, with_text = open_groups.pop(depth)
        if page != flow.pages or flow.y <= top:
            return with_text
        x0 = LEFT + sum(_T3_LABEL[:depth])
        cell = _Cell(x0, top, x0 + _T3_LABEL[depth], flow.y)
        _draw_box(flow.c, cell, layout.rules)
        label = node.label or ""
        fits = _label_height(label, cell.width, 9, depth == 0) <= cell.height
        if with_text and (fits or not continued.get(depth)):
            _draw_label(flow.c, cell, label, 9, vertical=depth == 0, center=True)
            return False
        return with_text

    continued: dict[int, bool] = {}  # depth -> the group goes on after this page segment

    for position, (depth, node) in enumerate(items):
        for open_depth in sorted([d for d in open_groups if d >= depth], reverse=True):
            close_group(open_depth)
        if node.children:
            open_groups[depth] = (node, flow.y, flow.pages, True)
            continue
        x0 = LEFT + sum(_T3_LABEL[:depth])
        height = max(_label_height(node.label or "", RIGHT - x0 - len(columns) * col_w, 9), 18)
        forced = layout.split_row is not None and leaves_seen == layout.split_row
        if forced or flow.y + height > BOTTOM:
            pending: dict[int, bool] = {}
            for open_depth in sorted(open_groups, reverse=True):
                continued[open_depth] = True
                pending[open_depth] = close_group(open_depth)
                continued[open_depth] = False
            flow.new_page()
            if layout.repeat_header:
                _t3_header(flow, tdef, layout, col_w)
            for d, group in _ancestors(items, position).items():
                # a label too tall for the part of its cell on the previous page is drawn here
                open_groups[d] = (group, flow.y, flow.pages, pending.get(d, False))
        c = flow.c
        cell = _Cell(x0, flow.y, LEFT + label_w, flow.y + height)
        _draw_box(c, cell, layout.rules)
        _draw_label(c, cell, node.label or "", 9)
        for index, column in enumerate(columns):
            vx = LEFT + label_w + index * col_w
            vcell = _Cell(vx, flow.y, vx + col_w, flow.y + height)
            _draw_box(c, vcell, layout.rules)
            _draw_value(c, vcell, _raw(values, (tdef.key, node.key, column.key)), layout)
        flow.y += height
        leaves_seen += 1
    for open_depth in sorted(open_groups, reverse=True):
        close_group(open_depth)
    flow.y += layout.table_gap


def _ancestors(items: list[tuple[int, Node]], position: int) -> dict[int, Node]:
    depth = items[position][0]
    out: dict[int, Node] = {}
    for index in range(position - 1, -1, -1):
        d, node = items[index]
        if d < depth and node.children and d not in out:
            out[d] = node
            depth = d
    return out


def _table4(flow: _Flow, tdef: TableDef, values, layout: PdfLayout) -> None:
    block = tdef.blocks[0]
    columns = block.leaf_columns
    col_w = WIDTH / len(columns)
    vertical = layout.vertical_headers
    r1, r2 = 18.0, 18.0
    r3 = max(_label_height(leaf.label, col_w, 9, vertical) for leaf in columns)
    flow.need(r1 + r2 + r3 + 22)
    c = flow.c
    top = flow.y
    index = 0
    for node in block.columns:  # 行政复议 (children are leaves), 行政诉讼 (two groups)
        span = len(list(node.leaves()))
        group = _Cell(LEFT + index * col_w, top, LEFT + (index + span) * col_w, top + r1)
        _draw_box(c, group, layout.rules)
        _draw_label(c, group, node.label or "", 9, center=True)
        inner = index
        for child in node.children:
            if child.children:
                width = len(child.children)
                sub = _Cell(
                    LEFT + inner * col_w, top + r1, LEFT + (inner + width) * col_w, top + r1 + r2
                )
                _draw_box(c, sub, layout.rules)
                _draw_label(c, sub, child.label or "", 9, center=True)
                for offset, leaf in enumerate(child.children):
                    x0 = LEFT + (inner + offset) * col_w
                    cell = _Cell(x0, top + r1 + r2, x0 + col_w, top + r1 + r2 + r3)
                    _draw_box(c, cell, layout.rules)
                    _draw_label(c, cell, leaf.label or "", 9, vertical=vertical, center=True)
                inner += width
            else:
                x0 = LEFT + inner * col_w
                cell = _Cell(x0, top + r1, x0 + col_w, top + r1 + r2 + r3)
                _draw_box(c, cell, layout.rules)
                _draw_label(c, cell, child.label or "", 9, vertical=vertical, center=True)
                inner += 1
        index += span
    flow.y += r1 + r2 + r3
    height = 22.0
    for position, leaf in enumerate(columns):
        x0 = LEFT + position * col_w
        cell = _Cell(x0, flow.y, x0 + col_w, flow.y + height)
        _draw_box(c, cell, layout.rules)
        _draw_value(c, cell, _raw(values, (tdef.key, "cases", leaf.key)), layout)
    flow.y += height + layout.table_gap


# ---------------------------------------------------------------------------------------------
# the document


def _paragraph(flow: _Flow, text: str, size: float = 12.0, indent: bool = True) -> None:
    lines = _wrap(("\u3000\u3000" if indent else "") + text, CJK, size, WIDTH)
    for line in lines:
        flow.need(size * 1.6)
        _text(flow.c, LEFT, flow.y, line, CJK, size)
        flow.y += size * 1.6


def render_pdf(
    fmt: FormatDef,
    values: Mapping[CellKey, str | int | None],
    *,
    body: str = "淮安市洪泽区人民政府",
    year: int = 2023,
    layout: PdfLayout | None = None,
    prose: Sequence[str] = (),
) -> bytes:
    """A PDF report of ``fmt`` with the given cell ``values`` (raw text; missing cells blank)."""
    _fonts()
    layout = layout or PdfLayout()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=True)
    flow = _Flow(c)
    for line in (body, f"{year}年政府信息公开工作年度报告"):
        size = 18.0
        _text(c, (PAGE_W - _width(line, CJK, size)) / 2, flow.y, line, CJK, size)
        flow.y += size * 1.5
    flow.y += 10
    tables = {t.section: t for t in fmt.tables}
    for index, section in enumerate(fmt.sections):
        flow.need(40)
        _text(flow.c, LEFT + 24, flow.y, section.label, CJK, 12.0)
        flow.y += 20
        if prose:
            _paragraph(flow, prose[index % len(prose)])
        tdef = tables.get(section.key)
        if tdef is None:
            continue
        if tdef.key == "table2":
            _table2(flow, tdef, values, layout)
        elif tdef.key == "table3":
            _table3(flow, tdef, values, layout)
        elif tdef.key == "table4":
            _table4(flow, tdef, values, layout)
    flow.c.showPage()
    flow.c.save()
    return buffer.getvalue()
