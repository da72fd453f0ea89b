"""YAML (and JSON) loading that remembers where every key and value came from.

Rule packs, format definitions and report data files are validated after loading; errors must
name the file, the line and the key. PyYAML's composer keeps marks on nodes; we construct plain
Python data from the node tree and keep a map from each data path to its 1-based line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError, FileProblem

PathKey = tuple[str | int, ...]


@dataclass
class SourcedData:
    """Plain data plus the line of every mapping key and sequence item."""

    data: Any
    file: str
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            if probe in self.lines:
                return self.lines[probe]
            if not probe:
                return None
            probe = probe[:-1]

    def problem(self, path: PathKey, message: str) -> FileProblem:
        return FileProblem(self.file, self.line_of(path), format_path(path), message)


def format_path(path: PathKey) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


#: libyaml's safe loader when PyYAML was built with it (about ten times faster), else PyYAML's
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Constructor(yaml.constructor.SafeConstructor):
    pass


def _build(node: yaml.Node, path: PathKey, out: dict[PathKey, int], file: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DataFileError(
                    f"{file}: YAML merge keys (<<) are not supported",
                    [FileProblem(file, key_node.start_mark.line + 1, "<<", "merge key")],
                )
            key = _Constructor().construct_object(key_node)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise DataFileError(
                    f"{file}: mapping keys must be scalars",
                    [FileProblem(file, key_node.start_mark.line + 1, str(key), "bad key")],
                )
            key = str(key)
            if key in result:
                raise DataFileError(
                    f"{file}: duplicate key",
                    [
                        FileProblem(
                            file,
                            key_node.start_mark.line + 1,
                            format_path((*path, key)),
                            "this key appears twice in the same mapping",
                        )
                    ],
                )
            out[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, (*path, key), out, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            out[(*path, index)] = item.start_mark.line + 1
            items.append(_build(item, (*path, index), out, file))
        return items
    return _Constructor().construct_object(node)


def load_sourced(text: str, file: str) -> SourcedData:
    """Parse YAML or JSON ``text``; raise :class:`DataFileError` naming file and line on error."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DataFileError(
            f"{file}: not valid YAML/JSON",
            [FileProblem(file, line, None, str(exc.problem or exc))],
        ) from exc
    except yaml.YAMLError as exc:
        raise DataFileError(
            f"{file}: not valid YAML/JSON", [FileProblem(file, None, None, str(exc))]
        ) from exc
    lines: dict[PathKey, int] = {}
    if node is None:
        return SourcedData(None, file, lines)
    lines[()] = node.start_mark.line + 1
    try:
        data = _build(node, (), lines, file)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise DataFileError(
            f"{file}: unsupported YAML value",
            [FileProblem(file, mark.line + 1 if mark else None, None, str(exc.problem))],
        ) from exc
    return SourcedData(data, file, lines)


def load_sourced_file(path: Path) -> SourcedData:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(
            f"{path}: cannot read file", [FileProblem(str(path), None, None, str(exc))]
        ) from exc
    return load_sourced(text, str(path))
