"""Rebuild the rows of 表二, 表三 and 表四 from character positions, anchored on official labels.

For each table of the format, inside the part of the document where the table's section is:

1. **Row labels and captions** are searched as text laid out in a cell (see :mod:`..layout`):
   every official row label, its variants, the group labels ("（三）不予公开", the vertical
   "三、本年度办理结果") and the 表二 captions ("第二十条第（一）项"). A misspelt row label is
   accepted by its position between its neighbours (:mod:`.labels`).
2. **Column headers** are searched the same way among the characters left; vertical
   headers ("结" / "果" / "维" / "持") and wrapped ones ("商业" / "企业") are joined by the search.
   Consecutive headers form a header group; a row uses the last header group before it whose
   labels are its block's columns, in the format's order (sorted left to right). A table
   continued on the next page without repeated headers keeps using the headers from the
   previous page (:mod:`.columns`).
3. **Row bands**: the numbers on one line belong to the row whose label they are level with
   (:mod:`.rows`). **Column bands**: the boundary between two columns is the middle of the gap
   between their headers (:mod:`.columns`). Every character of a number is put in a cell by its
   own position, so digits set apart ("1 0") or numbers wrapped inside a narrow cell are joined
   within their cell and never slide into the next one (:mod:`.cells`).
4. A cell that cannot be read with certainty is **not assessable**: a number that crosses a column
   boundary, two numbers in one cell, numbers level with no row label or with two. Those cells are
   reported (``DL927``) and never guessed (:func:`.cells.mark_unclear`).

:class:`TableReader` (:mod:`.reader`) runs these steps. The result is a list of
:class:`~disclosure_lint.reading.tablemap.SourceRow` for
:func:`~disclosure_lint.reading.tablemap.map_table`, which checks the counts against the format.
"""

from .cells import letter_spacing, mark_unclear
from .model import CELL_UNCLEAR, COLUMNS_UNRECOGNISED, LABEL_VARIANT, TableRead
from .reader import TableReader

__all__ = [
    "CELL_UNCLEAR",
    "COLUMNS_UNRECOGNISED",
    "LABEL_VARIANT",
    "TableRead",
    "TableReader",
    "letter_spacing",
    "mark_unclear",
]
