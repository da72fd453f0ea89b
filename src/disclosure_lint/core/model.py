"""The report model: what every loader produces and every rule reads.

A :class:`Report` holds metadata, the six sections and the three tables. Every table cell keeps its
raw text, its parsed value (or the reason it has none), its canonical keys, the official label
paths of its row and its column, and where it was found in the source. How each object is
written as plain data (and read back) is defined in :mod:`disclosure_lint.core.codec`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .values import Irregularity, ValueReason, parsed_cell


@dataclass(frozen=True)
class SourceLocation:
    """Where something sits in the original file, in the terms of that file's format.

    Text files use ``line`` (1-based) and optionally ``end_line``; paged formats use ``page``;
    tabular sources add ``table_index``, ``row_index`` and ``col_index`` (0-based, as in the
    source grid) and PDFs a ``bbox`` (x0, top, x1, bottom in points). Documents without lines
    (DOCX) number their paragraphs in document order: ``paragraph`` (1-based); HTML pages give
    both the paragraph number and the source line.
    """

    file: str
    line: int | None = None
    end_line: int | None = None
    page: int | None = None
    table_index: int | None = None
    row_index: int | None = None
    col_index: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    paragraph: int | None = None

    def __init__(
        self,
        file: str,
        line: int | None = None,
        end_line: int | None = None,
        page: int | None = None,
        table_index: int | None = None,
        row_index: int | None = None,
        col_index: int | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        paragraph: int | None = None,
    ) -> None:
        # The ``__init__`` the dataclass would write, storing into the instance dict instead of
        # calling ``object.__setattr__`` once a field: three times faster, and a location is made
        # for every cell and paragraph of every report (issue 16). Same fields, order and
        # defaults (tested against the generated one); equality, hashing, ``replace``, pickling
        # and the frozen ``__setattr__`` are the dataclass's.
        values = self.__dict__
        values["file"] = file
        values["line"] = line
        values["end_line"] = end_line
        values["page"] = page
        values["table_index"] = table_index
        values["row_index"] = row_index
        values["col_index"] = col_index
        values["bbox"] = bbox
        values["paragraph"] = paragraph

    def short(self) -> str:
        """Compact human form: ``L161``, ``p3 t2 r5 c1``, ``¶12``."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"p{self.page}")
        if self.paragraph is not None and self.table_index is None:
            parts.append(f"¶{self.paragraph}")
        if self.line is not None:
            span = f"L{self.line}"
            if self.end_line is not None and self.end_line != self.line:
                span += f"-{self.end_line}"
            parts.append(span)
        if self.table_index is not None:
            parts.append(f"t{self.table_index}")
        if self.row_index is not None:
            parts.append(f"r{self.row_index}")
        if self.col_index is not None:
            parts.append(f"c{self.col_index}")
        return " ".join(parts)


@dataclass
class Cell:
    """One numeric cell of 表二, 表三 or 表四."""

    table: str
    row: str
    column: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    raw: str | None
    value: int | Decimal | None
    reason: ValueReason
    irregularities: tuple[Irregularity, ...] = ()
    unit: str | None = None
    location: SourceLocation | None = None

    @classmethod
    def from_raw(
        cls,
        table: str,
        row: str,
        column: str,
        row_labels: tuple[str, ...],
        column_labels: tuple[str, ...],
        raw: str | None,
        location: SourceLocation | None,
    ) -> Cell:
        """A cell whose value, reason, irregularities and unit are parsed from ``raw``
        (``None``: the cell was not found)."""
        parsed = parsed_cell(raw)
        # positional (the fields' order): a cell is made for every cell of every table
        return cls(
            table,
            row,
            column,
            row_labels,
            column_labels,
            raw,
            parsed.value,
            parsed.reason,
            parsed.irregularities,
            parsed.unit,
            location,
        )

    @property
    def key(self) -> tuple[str, str]:
        return (self.row, self.column)

    @property
    def is_number(self) -> bool:
        return self.reason is ValueReason.NUMBER


@dataclass
class Table:
    """A table of the national format, as found in the report."""

    key: str
    name: str  # 表二
    title: str  # 主动公开政府信息情况
    present: bool
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    location: SourceLocation | None = None
    #: row key -> column-key sets of the row totals (总计 = sum of the other columns) that the
    #: loader assumed to split numbers written together in that row; rules cannot check them there
    assumed_relations: dict[str, list[frozenset[str]]] = field(default_factory=dict)
    #: column key -> row-key sets of the relations between rows (（七）总计 = the outcome rows,
    #: 新收 + 上年结转 = （七）总计 + 结转下年度) the loader assumed in that column to split numbers
    #: written together; rules cannot check them there
    assumed_column_relations: dict[str, list[frozenset[str]]] = field(default_factory=dict)
    #: rows whose numbers written together the loader split with those relations (DL936): what
    #: keeps the relations from being checked, for findings to name
    rows_split_by_table: set[str] = field(default_factory=set)

    def cell(self, row: str, column: str) -> Cell | None:
        return self.cells.get((row, column))


@dataclass
class Section:
    """One of the six sections, as written in the report."""

    key: str  # canonical key, e.g. "overview"
    number: int  # position in the official format, 1..6
    heading: str  # the heading as written
    text: str  # the section body (heading excluded)
    location: SourceLocation | None = None
    #: where each line of ``text`` (``text.split("\n")``) is in the source, when the loader knows:
    #: a finding about a sentence points at its paragraph (line, ¶, page and box), not the heading
    paragraphs: tuple[SourceLocation, ...] = field(default=(), compare=False, repr=False)

    @property
    def known_paragraphs(self) -> tuple[SourceLocation, ...] | None:
        """:attr:`paragraphs` when there is one per line of :attr:`text`, else None."""
        if self.paragraphs and len(self.paragraphs) == self.text.count("\n") + 1:
            return self.paragraphs
        return None

    def paragraph_location(self, offset: int) -> SourceLocation | None:
        """The source of the paragraph holding ``text[offset]`` (None when not known)."""
        known = self.known_paragraphs
        if known is None:
            return None
        return known[self.text.count("\n", 0, max(offset, 0))]


@dataclass(frozen=True)
class Location:
    """A semantic location: section, or table › row labels › column labels, plus the source."""

    section: str | None = None
    section_label: str | None = None
    table: str | None = None
    table_name: str | None = None
    row: str | None = None
    row_labels: tuple[str, ...] = ()
    column: str | None = None
    column_labels: tuple[str, ...] = ()
    source: SourceLocation | None = None

    def __init__(
        self,
        section: str | None = None,
        section_label: str | None = None,
        table: str | None = None,
        table_name: str | None = None,
        row: str | None = None,
        row_labels: tuple[str, ...] = (),
        column: str | None = None,
        column_labels: tuple[str, ...] = (),
        source: SourceLocation | None = None,
    ) -> None:
        # the dataclass's ``__init__`` without ``object.__setattr__`` (see SourceLocation): a
        # location is made for every finding about a cell
        values = self.__dict__
        values["section"] = section
        values["section_label"] = section_label
        values["table"] = table
        values["table_name"] = table_name
        values["row"] = row
        values["row_labels"] = row_labels
        values["column"] = column
        values["column_labels"] = column_labels
        values["source"] = source

    @classmethod
    def of_cell(cls, cell: Cell, table_name: str | None = None) -> Location:
        """The location of ``cell``: its fields set at once, in their order, as ``__init__``
        would set them (without a call with keywords: a blank-cell finding locates every blank
        of its table)."""
        location = object.__new__(cls)
        location.__dict__.update(
            section=None,
            section_label=None,
            table=cell.table,
            table_name=table_name,
            row=cell.row,
            row_labels=cell.row_labels,
            column=cell.column,
            column_labels=cell.column_labels,
            source=cell.location,
        )
        return location

    def path(self) -> str:
        """Human path: ``表三 › 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密 × 自然人``."""
        if self.table:
            head = self.table_name or self.table
            parts = [head, *self.row_labels]
            text = " › ".join(p for p in parts if p)
            if self.column_labels:
                text += " × " + " › ".join(self.column_labels)
            return text
        if self.section_label or self.section:
            return self.section_label or self.section or ""
        return ""


@dataclass(frozen=True)
class Issue:
    """Something a loader or the format detector noticed, to be reported under a rule ``code``.

    The rule with that code (kind ``input``) supplies severity and message; ``args`` fill the
    message's placeholders.
    """

    code: str
    location: Location
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Metadata:
    title: str | None = None
    body: str | None = None  # issuing body (机关)
    year: int | None = None  # report year
    year_source: str | None = None  # "title", "period", "data", "text"
    published: str | None = None  # publication date as written (发布日期/成文日期)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class FormatInfo:
    """Which national format the report follows, and how that was decided."""

    detected: str | None = None  # format id from labels found, e.g. "2019", "2021", "pre2019"
    evidence: tuple[str, ...] = ()  # the signature labels seen
    expected: str | None = None  # format id expected for the report year
    used: str | None = None  # format the tables were read with (detected, else expected)


@dataclass
class Report:
    """A parsed 政府信息公开工作年度报告."""

    source: str
    loader: str
    metadata: Metadata = field(default_factory=Metadata)
    format: FormatInfo = field(default_factory=FormatInfo)
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    lines: list[str] | None = None  # source lines, when the source is text-like
    #: the text before the first section (title block, legal basis, 统计期限, contact details)
    preamble: str = ""
    preamble_location: SourceLocation | None = None
    #: values derived from the report by rules (see :meth:`memo`); not part of its content
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: Any, compute: Any) -> Any:
        """``compute()`` once per report and ``key``: rules share derived views of the text
        (joined prose, n-grams) instead of rebuilding them per rule. ``key`` must include
        everything the value depends on that may change (e.g. the section text)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def section(self, key: str) -> Section | None:
        for section in self.sections:
            if section.key == key:
                return section
        return None

    def table(self, key: str) -> Table | None:
        return self.tables.get(key)

    def source_line(self, line: int | None) -> str | None:
        if line is None or self.lines is None or not 1 <= line <= len(self.lines):
            return None
        return self.lines[line - 1]

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sections)
