"""Render generated reports as HTML pages and DOCX files, with the layouts real reports use.

Tables are laid out from the format definitions (``rules/formats/*.yaml``): 表二 as blocks with a
caption row and a header row, 表三 and 表四 with a column header built from the column tree. A
:class:`Layout` chooses between the variants seen in real reports: group row labels merged over
their rows (``rowspan``, as in r013) or written on rows of their own; single-value rows widened
with ``colspan`` or padded with empty cells; labels broken over two lines; blank cells written
as nothing, ``&nbsp;`` or ``<o:p>&nbsp;</o:p>``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

from disclosure_lint.core.formats import Block, FormatDef, Node, TableDef

CellKey = tuple[str, str, str]


@dataclass(frozen=True)
class Layout:
    merged_labels: bool = True  # group row labels span their rows (rowspan / vMerge)
    span_values: bool = True  # a block narrower than the table widens its cells (colspan)
    break_labels: bool = False  # long labels broken over two lines
    blank: str = ""  # how an empty cell is written in HTML ("", "&nbsp;", "<o:p>&nbsp;</o:p>")
    chrome: tuple[str, ...] = ()  # page chrome to add (keys of CHROME)
    whole_page: bool = True  # <html><head>…; False: a fragment
    charset: str = "utf-8"  # encoding of the bytes
    declare: bool = True  # declare the charset in a meta tag
    layout_wrapper: bool = False  # put the article in a one-cell layout table


@dataclass
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    key: CellKey | None = None  # the format cell a value cell holds


@dataclass
class Grid:
    """A table as rows of origin cells, the model both renderers write."""

    rows: list[list[GridCell]] = field(default_factory=list)
    width: int = 0


def _leaf_count(node: Node) -> int:
    return 1 if not node.children else sum(_leaf_count(c) for c in node.children)


def _depth(nodes: tuple[Node, ...]) -> int:
    return max((1 + _depth(n.children) if n.children else 1) for n in nodes) if nodes else 0


def _label(text: str, layout: Layout) -> str:
    if layout.break_labels and len(text) >= 4:
        middle = len(text) // 2
        return text[:middle] + "\n" + text[middle:]
    return text


def _header_rows(columns: tuple[Node, ...], layout: Layout) -> list[list[GridCell]]:
    depth = _depth(columns)
    rows: list[list[GridCell]] = [[] for _ in range(depth)]

    def place(node: Node, level: int) -> None:
        span_down = 1 if node.children else depth - level
        rows[level].append(
            GridCell(_label(node.label or "", layout), rowspan=span_down, colspan=_leaf_count(node))
        )
        for child in node.children:
            place(child, level + 1)

    for node in columns:
        place(node, 0)
    return rows


def _row_label_cells(
    block: Block, layout: Layout, label_columns: int
) -> list[tuple[list[GridCell], tuple[str, ...]]]:
    """For each leaf row: its label cells (merged layout) and the leaf labels."""
    out: list[tuple[list[GridCell], tuple[str, ...]]] = []

    def visit(node: Node, level: int, first_of: list[tuple[Node, int]]) -> None:
        if node.children:
            for index, child in enumerate(node.children):
                visit(child, level + 1, [*first_of, (node, level)] if index == 0 else [])
            return
        cells = [
            GridCell(_label(group.label or "", layout), rowspan=_leaf_count(group))
            for group, _ in first_of
        ]
        cells.append(GridCell(_label(node.label or "", layout), colspan=label_columns - level))
        out.append((cells, ()))

    for node in block.rows:
        visit(node, 0, [])
    return out


def table_grid(tdef: TableDef, values: Mapping[CellKey, str], layout: Layout) -> Grid:
    """The grid of one table of the format, filled with ``values`` (raw cell texts)."""
    grid = Grid()
    label_columns = max(
        (_depth(b.rows) for b in tdef.blocks if any(leaf.labels for leaf in b.leaf_rows)),
        default=0,
    )
    if not layout.merged_labels and label_columns:
        label_columns = 1
    value_width = max(len(b.leaf_columns) for b in tdef.blocks)
    grid.width = label_columns + value_width

    def values_of(block: Block, row_key: str) -> list[GridCell]:
        cells = [
            GridCell(
                values.get((tdef.key, row_key, column.key), ""), key=(tdef.key, row_key, column.key)
            )
            for column in block.leaf_columns
        ]
        missing = value_width - len(cells)
        if missing:
            if layout.span_values:
                cells[-1].colspan += missing
            else:
                cells += [GridCell("") for _ in range(missing)]
        return cells

    for block in tdef.blocks:
        if block.caption:
            grid.rows.append([GridCell(block.caption, colspan=grid.width)])
        if block.header and block.caption:  # 表二: "信息内容" + column labels on one row
            head = [GridCell(block.header, colspan=max(label_columns, 1))]
            labels = [GridCell(_label(c.label, layout)) for c in block.leaf_columns]
            missing = value_width - len(labels)
            if missing:
                if layout.span_values:
                    labels[-1].colspan += missing
                else:
                    labels += [GridCell("") for _ in range(missing)]
            grid.rows.append(head + labels)
        else:
            header = _header_rows(block.columns, layout)
            top: list[GridCell] = []
            if block.header:
                header = [[GridCell(block.header, colspan=value_width)], *header]
            if label_columns:
                corner = GridCell(tdef.note or "", rowspan=len(header), colspan=label_columns)
                top = [corner]
            header[0] = top + header[0]
            grid.rows.extend(header)
        if layout.merged_labels and label_columns:
            for (labels, _), leaf in zip(
                _row_label_cells(block, layout, label_columns), block.leaf_rows, strict=True
            ):
                grid.rows.append(labels + values_of(block, leaf.key))
        elif not label_columns:
            grid.rows.extend(values_of(block, leaf.key) for leaf in block.leaf_rows)
        else:
            seen_groups: set[str] = set()
            for leaf in block.leaf_rows:
                for depth in range(1, len(leaf.labels)):
                    group = "/".join(leaf.labels[:depth])
                    if group not in seen_groups:
                        seen_groups.add(group)
                        grid.rows.append(
                            [GridCell(_label(leaf.labels[depth - 1], layout), colspan=grid.width)]
                        )
                label = [GridCell(_label(leaf.label, layout))] if leaf.labels else []
                grid.rows.append(label + values_of(block, leaf.key))
    return grid


def placements(grid: Grid) -> list[tuple[int, int, GridCell]]:
    """(row, column, cell) of every origin cell: where a browser or Word puts it."""
    taken: set[tuple[int, int]] = set()
    out: list[tuple[int, int, GridCell]] = []
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            out.append((r, c, cell))
            c += cell.colspan
    return out


def value_positions(
    fmt: FormatDef, values: Mapping[CellKey, str], layout: Layout, first_table: int = 0
) -> dict[CellKey, tuple[int, int, int]]:
    """Where each value cell of the rendered report is: (table index, row, grid column)."""
    positions: dict[CellKey, tuple[int, int, int]] = {}
    tables = {t.section: t for t in fmt.tables}
    index = first_table
    for sdef in fmt.sections:
        tdef = tables.get(sdef.key)
        if tdef is None:
            continue
        for r, c, cell in placements(table_grid(tdef, values, layout)):
            if cell.key is not None:
                positions[cell.key] = (index, r, c)
        index += 1
    return positions


# ---------------------------------------------------------------------------------------------
# HTML

CHROME = {
    "nav": '<div class="header"><ul class="nav"><li><a href="/">首页</a></li>'
    '<li><a href="/zwgk/">政务公开</a></li><li><a href="/zdgk/">主动公开</a></li>'
    '<li><a href="/ysqgk/">依申请公开</a></li></ul></div>',
    "breadcrumb": '<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; '
    '<a href="/zwgk/">政务公开</a> &gt; <a href="/nb/">年度报告</a></div>',
    "info": '<div class="info">发布日期：2022-01-20&nbsp;&nbsp;来源：本机关</div>',
    "share": '<div class="bdsharebuttonbox"><a href="#">分享到微信</a><a href="#">微博</a>'
    '<a href="#">QQ空间</a></div>',
    "related": '<div class="xgxx"><h3>相关信息</h3><ul><li><a href="/a">2020年政府信息公开工作'
    '年度报告</a></li><li><a href="/b">2019年政府信息公开工作年度报告</a></li>'
    '<li><a href="/c">政府信息公开指南</a></li></ul></div>',
    "footer": "<footer><p>主办单位：某某人民政府办公室</p><p>版权所有</p></footer>",
    "script": '<script>var s = "一、总体情况 规章 0 0 0";</script>'
    '<style>.x{content:"二、主动公开政府信息情况"}</style>',
    "hidden": '<div style="display:none">三、收到和处理政府信息公开申请情况</div>',
}


def _html_text(text: str) -> str:
    return "<br/>".join(html.escape(part) for part in text.split("\n"))


def html_table(grid: Grid, layout: Layout) -> str:
    out = ['<table border="1" cellspacing="0">']
    for row in grid.rows:
        out.append("  <tr>")
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if cell.text.strip():
                body = f"<p><span>{_html_text(cell.text)}</span></p>"
            else:
                body = layout.blank
            out.append(f"    <td{attrs}>{body}</td>")
        out.append("  </tr>")
    out.append("</table>")
    return "\n".join(out)


def render_html(
    fmt: FormatDef,
    values: Mapping[CellKey, str],
    title: str,
    sections: list[tuple[str, str]],
    layout: Layout,
) -> bytes:
    """The report as an HTML page (or fragment) encoded as ``layout.charset``."""
    article: list[str] = [f"<p>{html.escape(title)}</p>"]
    tables = {t.section: t for t in fmt.tables}
    for (heading, text), sdef in zip(sections, fmt.sections, strict=True):
        article.append(f"<p><strong>{html.escape(heading)}</strong></p>")
        for line in text.split("\n"):
            if line:
                article.append(f"<p>{html.escape(line)}</p>")
        tdef = tables.get(sdef.key)
        if tdef is not None:
            article.append(html_table(table_grid(tdef, values, layout), layout))
    content = "\n".join(article)
    if layout.layout_wrapper:
        content = f'<table width="100%"><tr><td>{content}</td></tr></table>'
    before = "".join(CHROME[k] for k in layout.chrome if k in ("nav", "breadcrumb", "info"))
    after = "".join(CHROME[k] for k in layout.chrome if k not in ("nav", "breadcrumb", "info"))
    body = f'{before}<div class="article">\n{content}\n</div>{after}'
    if layout.whole_page:
        meta = f'<meta charset="{layout.charset}">' if layout.declare else ""
        page = (
            f"<!DOCTYPE html>\n<html><head>{meta}<title>{html.escape(title)}_某某政府网"
            f"</title></head>\n<body>{body}</body></html>"
        )
    else:
        meta = (
            f'<meta http-equiv="Content-Type" content="text/html; charset={layout.charset}">'
            if layout.declare
            else ""
        )
        page = meta + body
    return page.encode(layout.charset)


# ---------------------------------------------------------------------------------------------
# DOCX


def _docx_set(cell, text: str) -> None:
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def docx_table(container, grid: Grid):
    """Add ``grid`` to ``container`` (a document or a cell) as a Word table with merged cells."""
    table = container.add_table(rows=len(grid.rows), cols=grid.width)
    if hasattr(container, "styles"):
        table.style = "Table Grid"
    # Cells are taken from the unmerged grid once (table.cell() walks the whole table on every
    # call); rectangles do not overlap, so no merge removes a corner another one needs.
    from docx.table import _Cell

    corners = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for r, c, cell in placements(grid):
        target = corners[r][c]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(corners[r + cell.rowspan - 1][c + cell.colspan - 1])
        _docx_set(target, cell.text)
    return table


def render_docx(
    fmt: FormatDef,
    values: Mapping[CellKey, str],
    title: str,
    sections: list[tuple[str, str]],
    layout: Layout,
) -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(title)
    tables = {t.section: t for t in fmt.tables}
    for (heading, text), sdef in zip(sections, fmt.sections, strict=True):
        document.add_paragraph(heading)
        for line in text.split("\n"):
            if line:
                document.add_paragraph(line)
        tdef = tables.get(sdef.key)
        if tdef is not None:
            docx_table(document, table_grid(tdef, values, layout))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
