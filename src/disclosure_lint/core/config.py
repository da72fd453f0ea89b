"""Configuration: ``.disclosure-lint.yaml`` or ``[tool.disclosure-lint]`` in ``pyproject.toml``.

Discovery starts in a directory (the current one by default) and walks up; the nearest directory
holding a configuration wins (in one directory ``.disclosure-lint.yaml`` beats
``pyproject.toml``). ``extend: PATH`` inherits from another file, whose values the extending file
overrides. Every value remembers where it came from (file and line, "default" or "command line"),
which ``disclosure-lint config show`` prints. Unknown keys and bad values are errors naming the
file, the line and the key.
"""

from __future__ import annotations

import copy
import datetime as dt
import fnmatch
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import DataFileError, FileProblem
from .schemas import (
    check_document,
    describe_error,
    invalid,
    unknown_key,
    validator,
    validator_for,
)
from .yamlsource import SourcedData, format_path, load_sourced_file, read_text

YAML_NAMES = (".disclosure-lint.yaml", ".disclosure-lint.yml")
TOML_TABLE = ("tool", "disclosure-lint")
SUPPRESSIONS_NAME = ".disclosure-lint-suppressions.yaml"

#: every key with its default; the JSON Schema (config.schema.json) says what each may hold
DEFAULTS: dict[str, Any] = {
    "select": [],
    "extend-select": [],
    "ignore": [],
    "per-path-ignores": {},
    "severity": {},
    "fail-on": "error",
    "lang": "zh",
    "rules": [],
    "formats": [],
    "plugins": [],
    "disable-plugins": [],
    "plugin-autoload": True,
    "body-types": {},
    "deadlines": {},
    "files": {},
    "suppressions": [],
    "baseline": None,
    "max-file-size": 50 * 1024 * 1024,
    "jobs": 0,
    "file-timeout": 120,
    "cache": True,
    "cache-dir": None,
    "executor": "local",
    "scheduler": None,
}

#: keys whose values are paths, resolved against the directory of the file that sets them
PATH_KEYS = ("rules", "formats", "suppressions", "baseline", "cache-dir")
#: plugin specs that look like paths are resolved too
PLUGIN_KEY = "plugins"


@dataclass
class Setting:
    value: Any
    source: str  # "default", "command line", or "file:line"


@dataclass
class Config:
    settings: dict[str, Setting] = field(default_factory=dict)
    root: Path = field(default_factory=Path.cwd)  # directory of the nearest configuration
    files: list[Path] = field(default_factory=list)  # nearest first, then what it extends
    #: keys that are not built in: checked against plugins' keys once plugins are loaded;
    #: key -> (value, file, line)
    unknown: dict[str, tuple[Any, str, int | None]] = field(default_factory=dict)
    #: keys contributed by plugins (passed to rules in ``ctx.settings``)
    plugin_keys: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for key, value in DEFAULTS.items():
            self.settings.setdefault(key, Setting(copy.deepcopy(value), "default"))

    def get(self, key: str) -> Any:
        return self.settings[key].value

    def set_from_cli(self, key: str, value: Any) -> None:
        self.settings[key] = Setting(value, "command line")

    def relative(self, name: str) -> str:
        """A file name relative to the configuration root, POSIX style, for glob matching."""
        path = Path(name)
        try:
            return PurePosixPath(path.resolve().relative_to(self.root.resolve())).as_posix()
        except (ValueError, OSError):
            return PurePosixPath(path).as_posix()

    def matches(self, pattern: str, name: str) -> bool:
        rel = self.relative(name)
        return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(Path(name).name, pattern)

    def ignored_for(self, name: str) -> list[str]:
        """Selectors ignored for one file by ``per-path-ignores``."""
        out: list[str] = []
        for pattern, selectors in self.get("per-path-ignores").items():
            if self.matches(pattern, name):
                out.extend(selectors)
        return out

    def apply_plugins(
        self,
        schemas: dict[str, tuple[str, dict[str, Any]]],
        defaults: list[tuple[str, dict[str, Any]]],
    ) -> None:
        """Validate keys added by plugins and apply plugin defaults (see the config hooks).

        Raises :class:`DataFileError` for keys that neither disclosure-lint nor a plugin knows.
        """
        problems: list[FileProblem] = []
        for key, (plugin, schema) in schemas.items():
            self.plugin_keys.add(key)
            if key not in self.settings:
                self.settings[key] = Setting(
                    copy.deepcopy(schema.get("default")), f"plugin {plugin} (default)"
                )
        for key, (value, file, line) in self.unknown.items():
            if key not in schemas:
                problems.append(
                    FileProblem(file, line, key, *unknown_key(key, {*DEFAULTS, *schemas}))
                )
                continue
            plugin, schema = schemas[key]
            for error in validator(schema).iter_errors(value):
                where = format_path((key, *error.absolute_path))
                problems.append(FileProblem(file, line, where, *describe_error(error)))
            self.settings[key] = Setting(value, f"{file}:{line}" if line else file)
        if problems:
            raise invalid(problems[0].file, "config", problems)
        for plugin, values in defaults:
            for key, value in values.items():
                if key not in self.settings:
                    continue
                setting = self.settings[key]
                source = f"plugin {plugin}"
                if setting.source == "default" or setting.source.endswith("(default)"):
                    self.settings[key] = Setting(copy.deepcopy(value), source)
                elif isinstance(value, dict) and isinstance(setting.value, dict):
                    merged = {**value, **setting.value}
                    self.settings[key] = Setting(merged, f"{setting.source} + {source}")

    def file_settings(self, name: str, body: str | None) -> dict[str, Any]:
        """Settings passed to rules for one file (``ctx.settings``); see docs/configuration.md."""
        settings: dict[str, Any] = {"deadlines": dict(self.get("deadlines"))}
        for key in sorted(self.plugin_keys):
            settings[key] = self.get(key)
        if body:
            for pattern, body_type in self.get("body-types").items():
                if fnmatch.fnmatch(body, pattern):
                    settings["body_type"] = body_type
                    break
        for pattern, values in self.get("files").items():
            if self.matches(pattern, name):
                for key, value in values.items():
                    settings[key.replace("-", "_")] = value
        return settings

    def to_dict(self) -> dict[str, Any]:
        return {key: {"value": s.value, "source": s.source} for key, s in self.settings.items()}


# ---------------------------------------------------------------------------------------------
# Discovery and loading


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    directory = start.resolve()
    if directory.is_file():
        directory = directory.parent
    for folder in (directory, *directory.parents):
        for name in YAML_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    """True when ``path`` has a ``[tool.disclosure-lint]`` table — or seems to, but is not valid
    TOML (loading it then reports the error instead of ignoring the configuration)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return "tool.disclosure-lint" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and isinstance(tool.get("disclosure-lint"), dict)


def _toml_sourced(path: Path) -> SourcedData:
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's error has no line attribute; its message ends "(at line N, column M)"
        found = re.search(r"at line (\d+)", str(exc))
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        en, zh = str(exc), f"TOML 语法错误：{exc}"
        bad = _impossible_dates(text.split("\n")[line - 1]) if line else []
        if bad:  # tomllib says only "invalid date" or less; name the date
            en += f"; {', '.join(bad)} is not a real date"
            zh += f"；{'、'.join(bad)} 不是有效的日期"
        raise DataFileError(
            f"{path}: not valid TOML",
            [FileProblem(str(path), line, None, en, zh)],
            zh=f"{path}：不是有效的 TOML",
        ) from exc
    tool = data.get("tool")
    table = tool.get("disclosure-lint", {}) if isinstance(tool, dict) else {}
    lines: dict[tuple[str | int, ...], int] = {}
    # tomllib keeps no positions: find each top-level key's line inside [tool.disclosure-lint]
    in_table = False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        header = re.match(r"^\[+\s*([^\]]+?)\s*\]+", stripped)
        if header:
            name = header.group(1).replace('"', "").replace("'", "")
            in_table = name == "tool.disclosure-lint" or name.startswith("tool.disclosure-lint.")
            if name.startswith("tool.disclosure-lint."):
                key = name.split(".", 2)[2].split(".")[0]
                lines.setdefault((key,), number)
            continue
        if in_table:
            match = re.match(r'^\s*["\']?([A-Za-z0-9_-]+)["\']?\s*=', line)
            if match:
                lines.setdefault((match.group(1),), number)
    lines[()] = 1
    return SourcedData(table, str(path), lines)


def _impossible_dates(line: str) -> list[str]:
    """Dates written on ``line`` (YYYY-MM-DD) that do not exist."""
    bad = []
    for match in re.finditer(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])", line):
        try:
            dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            bad.append(match.group(0))
    return bad


def _plain(value: Any) -> Any:
    """TOML dates and times (``published = 2024-01-20``) become ISO strings, as YAML dates are
    kept as the text written; the schema then checks them the same way."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return value


@functools.cache
def _relaxed_validator() -> Any:
    """The published schema, but letting unknown top-level keys through (plugins may add keys;
    they are checked once plugins are loaded)."""
    schema = dict(validator_for("config").schema)
    schema["additionalProperties"] = True
    return validator(schema)


def load_config_file(path: Path) -> SourcedData:
    """Read and validate one configuration file (keys added by plugins are checked later)."""
    if path.suffix == ".toml":
        doc = _toml_sourced(path)
    else:
        doc = load_sourced_file(path)
        if doc.data is None:
            doc = SourcedData({}, str(path), {(): 1})
    doc.data = _plain(doc.data)
    check_document(doc, _relaxed_validator(), "config")
    return doc


def _resolve_paths(key: str, value: Any, base: Path) -> Any:
    def resolve(item: str) -> str:
        return str((base / item).resolve()) if not Path(item).is_absolute() else item

    if key in PATH_KEYS:
        if value is None:
            return None
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return resolve(value)
    if key == PLUGIN_KEY:
        return [resolve(v) if (v.endswith(".py") or "/" in v) else v for v in value]
    return value


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Discover (or take ``explicit``) and load the configuration, following ``extend``."""
    path = explicit or find_config(start or Path.cwd())
    config = Config(root=(path.parent if path else (start or Path.cwd())).resolve())
    if path is None:
        return config
    chain: list[tuple[Path, SourcedData]] = []
    seen: set[Path] = set()
    current: Path | None = path.resolve()
    while current is not None:
        if current in seen:
            raise DataFileError(
                "configuration extends itself",
                [FileProblem(str(current), None, "extend", "extend cycle")],
            )
        seen.add(current)
        if not current.is_file():
            previous = chain[-1][1] if chain else None
            line = previous.line_of(("extend",)) if previous else None
            raise DataFileError(
                "configuration not found",
                [
                    FileProblem(
                        previous.file if previous else str(current),
                        line,
                        "extend",
                        f"no such file: {current}",
                    )
                ],
            )
        doc = load_config_file(current)
        chain.append((current, doc))
        extend = doc.data.get("extend")
        current = (current.parent / extend).resolve() if extend else None
    config.files = [p for p, _ in chain]
    # apply from the farthest ancestor to the nearest file, so nearer values win
    for file, doc in reversed(chain):
        for key, value in doc.data.items():
            if key == "extend":
                continue
            line = doc.line_of((key,))
            if key not in DEFAULTS:
                config.unknown[key] = (value, str(file), line)
                continue
            where = f"{file}:{line}" if line else str(file)
            config.settings[key] = Setting(_resolve_paths(key, value, file.parent), where)
    return config
