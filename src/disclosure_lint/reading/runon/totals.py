"""The sums a format table keeps, from the format: row totals and relations between rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.formats import Block, Leaf, Node, TableDef
from ...core.labels import chinese_ordinal_value, normalize, strip_ordinal
from ..derived import derived


@dataclass(frozen=True)
class Relation:
    """A 总计 column that equals the sum of other columns of the same block (by position)."""

    total: int
    parts: tuple[int, ...]

    def keys(self, columns: tuple[Leaf, ...]) -> frozenset[str]:
        return frozenset(columns[i].key for i in (self.total, *self.parts))


_TOTAL_LABELS = frozenset({"总计", "合计"})


def total_relations(block: Block) -> tuple[Relation, ...]:
    """The row totals of a block (cached: format blocks are immutable and shared)."""
    return derived(block, "total-relations", lambda: _total_relations(block))


def _total_relations(block: Block) -> tuple[Relation, ...]:
    """The row totals of a block, from the format's column tree.

    A leaf column labelled 总计 (or 合计) is the sum of every other leaf under the same parent:
    表三's 总计 = 自然人 + the five 法人或其他组织 columns; each 表四 group's 总计 = its four
    outcome columns.
    """
    position = {leaf.key: i for i, leaf in enumerate(block.leaf_columns)}
    relations: list[Relation] = []

    def leaves(node: Node) -> list[str]:
        return [leaf.key for leaf in node.leaves()]

    def visit(siblings: tuple[Node, ...]) -> None:
        for node in siblings:
            if not node.children and node.label and normalize(node.label) in _TOTAL_LABELS:
                parts = [
                    position[key]
                    for other in siblings
                    if other is not node
                    for key in leaves(other)
                ]
                if parts and node.key in position:
                    relations.append(Relation(position[node.key], tuple(sorted(parts))))
            if node.children:
                visit(node.children)

    visit(block.columns)
    return tuple(relations)


@dataclass(frozen=True)
class ColumnRelation:
    """Rows whose sums are equal in every column of a block: sum(left) = sum(right) (by key)."""

    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def rows(self) -> frozenset[str]:
        return frozenset((*self.left, *self.right))


_NOTE = re.compile(
    r"第(?P<a>[一二三四五六七八九])项加第(?P<b>[一二三四五六七八九])项之和[,，]?等于"
    r"第(?P<c>[一二三四五六七八九])项加第(?P<d>[一二三四五六七八九])项之和"
)


def _total_leaf(node: Node) -> str | None:
    """A node's own total row: the node itself when it is a leaf, else its child labelled 总计."""
    if not node.children:
        return node.key
    for child in node.children:
        if not child.children and child.label and _is_total(child.label):
            return child.key
    return None


def _is_total(label: str) -> bool:
    return strip_ordinal(normalize(label)) in _TOTAL_LABELS


def column_relations(tdef: TableDef) -> tuple[ColumnRelation, ...]:
    """The relations between rows of a table (cached, see :func:`_column_relations`)."""
    return derived(tdef, "column-relations", lambda: _column_relations(tdef))


def _column_relations(tdef: TableDef) -> tuple[ColumnRelation, ...]:
    """The relations between rows that hold in every column, from the format.

    A leaf row labelled 总计 (表三 （七）总计) is the sum of every other leaf under the same parent
    (R3); the table's note, "第一项加第二项之和，等于第三项加第四项之和", relates its top-level
    rows, a group standing for its own 总计 row (R1: 新收 + 上年结转 = （七）总计 + 结转下年度).
    """
    relations: list[ColumnRelation] = []
    for block in tdef.blocks:
        for node in block.row_nodes():
            for child in node.children:
                if not child.children and child.label and _is_total(child.label):
                    parts = [
                        leaf.key
                        for other in node.children
                        if other is not child
                        for leaf in other.leaves()
                    ]
                    if parts:
                        relations.append(ColumnRelation((child.key,), tuple(parts)))
        match = _NOTE.search(tdef.note or "")
        if match and len(tdef.blocks) == 1:
            top = [_total_leaf(node) for node in block.rows]
            picks = [chinese_ordinal_value(match.group(k)) for k in "abcd"]
            keys = [top[p - 1] if p is not None and p <= len(top) else None for p in picks]
            if all(keys):
                relations.append(ColumnRelation((keys[0], keys[1]), (keys[2], keys[3])))  # type: ignore[arg-type]
    return tuple(relations)
