"""Row totals: the 总计 columns of a block and the columns they sum, from the format."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.formats import Block, Leaf, Node
from ...core.labels import normalize


@dataclass(frozen=True)
class Relation:
    """A 总计 column that equals the sum of other columns of the same block (by position)."""

    total: int
    parts: tuple[int, ...]

    def keys(self, columns: tuple[Leaf, ...]) -> frozenset[str]:
        return frozenset(columns[i].key for i in (self.total, *self.parts))


_TOTAL_LABELS = frozenset({"总计", "合计"})


def total_relations(block: Block) -> tuple[Relation, ...]:
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
