"""Tables written as running text, and numbers written together.

Crawlers and PDF-to-text tools often lose a table's cell boundaries: a row comes out as
``（一）予以公开6000017`` (a label followed by its seven cells without separators), a whole table as
one line (``规章007规范性文件7777166第二十条第（五）项…``), or a row label as a line of its own.
Two things are needed to read such text without guessing:

- :class:`LabelScanner` (``scanner``) finds the official labels of one format table inside a line
  of text (labels, captions, column labels, group labels, the header note) and says what lies
  between them: numbers, punctuation, or other words. Only a line made of labels and numbers is
  read as table text, so a sentence that mentions 行政许可 is never taken for a row.
- :func:`split_run` (``split``) splits numbers written together into the cells of a row. It lists
  every way to cut the digits into the row's cells (whitespace, where present, always separates
  cells; each cell must read as a value of its column), keeps only the cuts in which each 总计
  column equals the sum of its sibling columns (:func:`total_relations`, ``totals``) when more
  than one cut is possible, and reads a cell only when every remaining cut gives it the same
  text. Other cells stay not assessable.
"""

from __future__ import annotations

from .scanner import CAPTION, COLUMN_GROUP, LEAF, STOP, LabelScanner, Piece, is_value_run
from .split import Split, split_run
from .totals import Relation, total_relations

__all__ = [
    "CAPTION",
    "COLUMN_GROUP",
    "LEAF",
    "STOP",
    "LabelScanner",
    "Piece",
    "Relation",
    "Split",
    "is_value_run",
    "split_run",
    "total_relations",
]
