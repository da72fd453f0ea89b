"""YAML (and JSON) loading that remembers where every key and value came from.

Every file a user writes (configuration, suppressions, baselines, report data, rule packs, format
definitions, rule test cases) is read here and then validated (core/schemas.py); errors name the
file, the line and the key. Only plain YAML is read: text, numbers, true/false, null, lists and
mappings. A date written without quotes (``expires: 2027-03-01``) is kept as the text written —
whether it is a real date is the schema's question, asked the same way for quoted dates. Any
other tag (``!!python/object:…``, ``!!binary``, ``!local``) is refused with its line, never
constructed; so are merge keys, aliases that contain themselves, nesting deeper than
:data:`MAX_DEPTH` and aliases that expand to far more values than the file holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DataFileError, FileProblem

PathKey = tuple[str | int, ...]

#: deepest nesting of lists and mappings read (real files need fewer than ten levels)
MAX_DEPTH = 100


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

    def problem(self, path: PathKey, message: str, zh: str | None = None) -> FileProblem:
        return FileProblem(self.file, self.line_of(path), format_path(path), message, zh)


def format_path(path: PathKey) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def load_sourced(text: str, file: str) -> SourcedData:
    """Parse YAML or JSON ``text``; raise :class:`DataFileError` naming file and line on error."""
    # PyYAML is imported with the first file read (a run whose rule packs and formats come from
    # the definition cache may read none)
    import yaml

    from .yamlnodes import LOADER, Builder

    head, head_zh = f"{file}: not valid YAML/JSON", f"{file}：不是有效的 YAML/JSON"
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        detail = str(exc.problem or exc)
        if exc.context:
            detail = f"{exc.context}: {detail}"
        problem = FileProblem(file, line, None, detail, f"语法错误：{detail}")
        raise DataFileError(head, [problem], zh=head_zh) from exc
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        # ValueError: e.g. characters YAML does not allow; RecursionError: the pure-Python parser
        # on deeply nested text
        detail = str(exc) if not isinstance(exc, RecursionError) else "nested too deeply"
        problem = FileProblem(file, None, None, detail, f"无法解析：{detail}")
        raise DataFileError(head, [problem], zh=head_zh) from exc
    lines: dict[PathKey, int] = {}
    if node is None:
        return SourcedData(None, file, lines)
    lines[()] = node.start_mark.line + 1
    builder = Builder(file, lines, budget=10 * len(text) + 10_000)
    data = builder.build(node, (), 0)
    return SourcedData(data, file, lines)


def read_text(path: Path) -> str:
    """A user's file as text (UTF-8, a BOM allowed); :class:`DataFileError` when it cannot be."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"{path}: cannot read file",
            [
                FileProblem(
                    str(path),
                    None,
                    None,
                    f"not UTF-8 text (byte {exc.start})",
                    f"不是 UTF-8 文本（第 {exc.start} 字节）",
                )
            ],
            zh=f"{path}：无法读取文件",
        ) from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DataFileError(
            f"{path}: cannot read file",
            [FileProblem(str(path), None, None, reason, f"无法读取：{reason}")],
            zh=f"{path}：无法读取文件",
        ) from exc


def load_sourced_file(path: Path) -> SourcedData:
    return load_sourced(read_text(path), str(path))
