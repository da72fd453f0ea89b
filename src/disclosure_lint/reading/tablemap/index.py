"""The labels of one format table, indexed by their normalised keys for the mapper."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.formats import Block, Leaf, Node, TableDef
from ...core.labels import match_keys
from ..derived import derived


@dataclass(frozen=True)
class TableIndex:
    """Label keys -> what they name: leaf rows, block captions, and labels that end a row."""

    leaves: dict[str, tuple[Block, Leaf]]
    captions: dict[str, Block]
    stops: frozenset[str]  # group row labels, column labels, headers, note, title
    column_labels: dict[int, frozenset[str]]  # block position -> its column label keys
    column_groups: dict[int, dict[str, Node]]  # block position -> group label key -> group
    row_groups: dict[str, tuple[Block, Node]]  # group row label key -> (block, group)
    #: the keys of :attr:`leaves` and :attr:`captions`: the labels that open a row or a block
    opening: frozenset[str]
    #: every key above (:attr:`opening` and :attr:`stops`): a cell whose key is none of them is
    #: a number or a word the format does not know, found with one look-up
    labels: frozenset[str]


def table_index(tdef: TableDef) -> TableIndex:
    """The index of ``tdef`` (cached: format tables are immutable and shared)."""
    return derived(tdef, "table-index", lambda: _index(tdef))


def _index(tdef: TableDef) -> TableIndex:
    leaves: dict[str, tuple[Block, Leaf]] = {}
    captions: dict[str, Block] = {}
    stops: set[str] = set()
    column_labels: dict[int, frozenset[str]] = {}
    column_groups: dict[int, dict[str, Node]] = {}
    row_groups: dict[str, tuple[Block, Node]] = {}
    stops.update(match_keys(tdef.title))
    stops.update(match_keys(f"{tdef.name}{tdef.title}"))
    if tdef.note:
        stops.update(match_keys(tdef.note))
    for position, block in enumerate(tdef.blocks):
        for key in block.caption_match:
            captions[key] = block
        if block.header:
            stops.update(match_keys(block.header))
        for leaf in block.leaf_rows:
            for key in leaf.match:
                leaves.setdefault(key, (block, leaf))
        labels: set[str] = set()
        groups: dict[str, Node] = {}
        for node in block.column_nodes():
            labels.update(node.match)
            if node.children:
                groups.update(dict.fromkeys(node.match, node))
        column_labels[position] = frozenset(labels)
        column_groups[position] = groups
        stops.update(labels)
        for node in block.row_nodes():
            if node.children:
                stops.update(node.match)
                for key in node.match:
                    row_groups.setdefault(key, (block, node))
    opening = frozenset(leaves) | frozenset(captions)
    return TableIndex(
        leaves,
        captions,
        frozenset(stops),
        column_labels,
        column_groups,
        row_groups,
        opening,
        opening | stops,
    )


def unlabeled_block(block: Block) -> bool:
    """A block whose one row has no label (表四: the row is the table)."""
    return len(block.leaf_rows) == 1 and not block.leaf_rows[0].labels
