"""What the walk over a table's source rows finds: labelled rows, group rows, unlabeled rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.formats import Block, Leaf, Node
from .source import Token


@dataclass
class Segment:
    """A row of the format found by its label, with the cells that followed the label."""

    block: Block
    leaf: Leaf
    label: Token
    values: list[Token] = field(default_factory=list)
    #: the label stood alone on its source row (a label broken over lines, a PDF extraction's
    #: label set apart from its numbers): the numbers after it are placed by position
    alone: bool = False


@dataclass
class GroupRow:
    """Numbers printed on the line of a group row label (a row the format splits into sub-rows)."""

    block: Block
    node: Node
    label: Token
    values: list[Token] = field(default_factory=list)


@dataclass
class Orphan:
    """A row of numbers without a row label, met when no row was open."""

    block: Block
    values: list[Token]
    fragments: list[Token]
    #: the row whose label stood alone just before these numbers (a hint, not a placement:
    #: extractions set labels apart from their rows, out of order)
    hint: Leaf | None = None


#: The rows found, in source order: a leaf key for a labelled row, or a row without a label.
Event = str | Orphan
