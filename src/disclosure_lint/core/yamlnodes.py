"""The YAML half of :mod:`.yamlsource`: plain data from PyYAML's node tree, with the line of every
key and item, refusing anything but plain values (see there). Kept apart so that PyYAML is
imported only when a file is actually read."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import DataFileError, FileProblem
from .yamlsource import MAX_DEPTH, PathKey, format_path

#: libyaml's safe loader when PyYAML was built with it (about ten times faster), else PyYAML's
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_CORE + t for t in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ, _TIMESTAMP, _VALUE = (_CORE + t for t in ("map", "seq", "timestamp", "value"))
_MERGE = _CORE + "merge"
#: scalars kept as the text written: dates (checked by the schema) and a lone "="
_AS_TEXT = (_STR, _TIMESTAMP, _VALUE)
_TYPE_NAMES = {
    _INT: ("an integer", "整数"),
    _FLOAT: ("a number", "数字"),
    _BOOL: ("true/false", "true/false"),
}


def shown_tag(tag: str) -> str:
    """A tag as it is written in YAML (``!!python/name:os.system``, ``!mine``)."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _Constructor(yaml.constructor.SafeConstructor):
    pass


_SCALARS = _Constructor()


class Builder:
    """Plain data from a composed node tree, with the line of every key and item."""

    def __init__(self, file: str, lines: dict[PathKey, int], budget: int) -> None:
        self.file = file
        self.lines = lines
        self.budget = budget
        self.open: set[int] = set()  # collection nodes being built (an alias inside itself)

    def fail(self, node: yaml.Node, path: PathKey, en: str, zh: str) -> DataFileError:
        problem = FileProblem(
            self.file, node.start_mark.line + 1, format_path(path) or None, en, zh
        )
        return DataFileError(
            f"{self.file}: not plain YAML/JSON", [problem], zh=f"{self.file}：不是普通的 YAML/JSON"
        )

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self.fail(
                node,
                path,
                "aliases (*name) expand to far more values than the file holds",
                "别名（*name）展开后的值远多于文件本身所含",
            )
        if depth > MAX_DEPTH:
            raise self.fail(
                node,
                path,
                f"lists and mappings nested deeper than {MAX_DEPTH} levels",
                f"列表和映射嵌套超过 {MAX_DEPTH} 层",
            )
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        expected = _MAP if isinstance(node, yaml.MappingNode) else _SEQ
        if node.tag != expected:
            raise self.tag_error(node, path)
        if id(node) in self.open:
            raise self.fail(
                node,
                path,
                "an alias (*name) refers to a value it is part of",
                "别名（*name）引用了包含它自身的值",
            )
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path, depth)
            items = []
            for index, item in enumerate(node.value):
                self.lines[(*path, index)] = item.start_mark.line + 1
                items.append(self.build(item, (*path, index), depth + 1))
            return items
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise self.fail(
                    key_node,
                    (*path, "<<"),
                    "YAML merge keys (<<) are not supported; write the keys out",
                    "不支持 YAML 合并键（<<），请直接写出各个键",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(
                    key_node, path, "a mapping key must be plain text", "映射的键必须是普通文本"
                )
            if key_node.tag not in (_STR, _INT, _FLOAT, _BOOL, _NULL, *_AS_TEXT):
                raise self.tag_error(key_node, path)
            key = str(key_node.value)
            if key in result:
                raise self.fail(
                    key_node,
                    (*path, key),
                    "this key appears twice in the same mapping",
                    "同一映射中此键出现了两次",
                )
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        tag = node.tag
        if tag in _AS_TEXT:
            return node.value
        if tag == _NULL:
            return None
        if tag not in _TYPE_NAMES:
            raise self.tag_error(node, path)
        try:
            if tag == _INT:
                return _SCALARS.construct_yaml_int(node)
            if tag == _FLOAT:
                return _SCALARS.construct_yaml_float(node)
            return _SCALARS.construct_yaml_bool(node)
        except (ValueError, KeyError, TypeError, ArithmeticError):
            en, zh = _TYPE_NAMES[tag]
            raise self.fail(
                node,
                path,
                f"{node.value!r} cannot be read as {en} ({shown_tag(tag)})",
                f"“{node.value}”无法按{zh}读取（{shown_tag(tag)}）",
            ) from None

    def tag_error(self, node: yaml.Node, path: PathKey) -> DataFileError:
        tag = shown_tag(node.tag)
        return self.fail(
            node,
            path,
            f"the YAML tag {tag} is not allowed: only plain values are read "
            "(text, numbers, true/false, null, dates, lists, mappings)",
            f"不允许使用 YAML 标签 {tag}：只读取普通的值"
            "（文本、数字、true/false、null、日期、列表、映射）",
        )
