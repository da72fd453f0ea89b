"""A cache of validated rule packs and format definitions, so that a run can skip YAML parsing and
JSON Schema validation of the files the last run already found valid.

An entry holds the parsed document (its plain data and the line of every key) of one file that
loaded without a problem. Its name is a digest of everything that decided that outcome: the file's
name and bytes, the version and code of disclosure-lint (every module and published schema, by
size and modification time), the plugins (name, version, module file) and, for a rule pack, the
format definitions and the rule kinds it was checked against. A file that changed, a different
checkout or another set of formats simply has another name, so its entry is never found; an
entry that cannot be read or does not hold what its name says is ignored, and the file is loaded
and validated as if there were no cache. Only valid files are stored, so every error in a rule
pack or format definition is found and reported (file, line, key) exactly as without the cache.

A cached document is still built into rules and formats by the same code as a fresh one; what is
skipped is the YAML parser, the schema validation and the semantic checks of rule kinds that
declare them cacheable (:attr:`RuleKind.validation_cacheable`: their checks depend on nothing but
the rule, the formats and their code).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from .codestamp import code_files, file_stamp
from .format_files import format_from_data, load_format_file
from .formats import FormatDef, FormatRegistry
from .rules import RulePack, load_rule_pack, rule_pack_from_data
from .yamlsource import PathKey, SourcedData, load_sourced_file

if TYPE_CHECKING:
    from .kinds import RuleKind

#: the layout of an entry; a change makes older entries unreadable (ignored)
ENTRY_VERSION = 1
#: the folder of the entries inside the cache folder
FOLDER = "definitions"


def code_stamp(modules: Iterable[str] = ()) -> str:
    """Digest of the code that reads and validates definitions: every module and published schema
    of disclosure-lint and the module file of each plugin, by size and modification time."""
    digest = hashlib.sha256(f"disclosure-lint {__version__} {ENTRY_VERSION}".encode())
    for file in sorted(code_files(modules, (".py", ".json"))):
        digest.update(f"\0{file} {file_stamp(file)}".encode())
    return digest.hexdigest()


def _encode(doc: SourcedData) -> dict[str, Any]:
    return {
        "file": doc.file,
        "data": doc.data,
        "lines": [[list(path), line] for path, line in doc.lines.items()],
    }


def _decode(entry: Any, key: str, file: str) -> SourcedData | None:
    """The document an entry holds, or None when it is not a well-formed entry for ``key``."""
    if not isinstance(entry, dict) or entry.get("key") != key or entry.get("file") != file:
        return None
    lines: dict[PathKey, int] = {}
    for item in entry.get("lines", ()):
        path, line = item
        if not isinstance(path, list) or not isinstance(line, int):
            return None
        lines[tuple(path)] = line
    if "data" not in entry:
        return None
    return SourcedData(entry["data"], file, lines)


class DefinitionCache:
    """Validated rule packs and format definitions stored in ``folder`` (None: no cache, every
    file is loaded and validated)."""

    def __init__(self, folder: Path | None, plugin_modules: Iterable[str] = ()) -> None:
        self.folder = Path(folder) / FOLDER if folder is not None else None
        self._modules = list(plugin_modules)
        self._stamp: str | None = None
        self._formats = hashlib.sha256()  # the format definitions loaded so far
        #: how many files came from the cache (for tests and benchmarks)
        self.hits = 0

    @property
    def stamp(self) -> str:
        if self._stamp is None:
            self._stamp = code_stamp(self._modules)
        return self._stamp

    def format_file(self, path: Path) -> FormatDef:
        """The format definition in ``path``, validated (or known valid)."""
        data = self._read(path)
        self._formats.update(f"{path}\0".encode() + hashlib.sha256(data or b"").digest())
        if data is None:
            return load_format_file(path)
        key = self._key("format", path, data, "")
        doc = self._get(key, str(path))
        if doc is not None:
            self.hits += 1
            return format_from_data(doc, checked=True)
        doc = load_sourced_file(path)
        fmt = format_from_data(doc)
        self._put(key, path, data, doc)
        return fmt

    def rule_pack(
        self, path: Path, kinds: dict[str, RuleKind], formats: FormatRegistry
    ) -> RulePack:
        """The rule pack in ``path``, validated (or known valid) against ``kinds`` and
        ``formats``."""
        data = self._read(path)
        if data is None:
            return load_rule_pack(path, kinds, formats)
        context = json.dumps(
            {
                "formats": self._formats.hexdigest(),
                "registered": sorted(formats.ids()),
                "kinds": sorted(
                    (name, f"{type(kind).__module__}.{type(kind).__qualname__}")
                    for name, kind in kinds.items()
                ),
            }
        )
        key = self._key("rule-pack", path, data, context)
        doc = self._get(key, str(path))
        if doc is not None:
            self.hits += 1
            return rule_pack_from_data(doc, kinds, formats, checked=True)
        doc = load_sourced_file(path)
        pack = rule_pack_from_data(doc, kinds, formats)
        self._put(key, path, data, doc)
        return pack

    def _read(self, path: Path) -> bytes | None:
        """The file's bytes, or None when there is no cache or the file cannot be read (loading
        it then reports why)."""
        if self.folder is None:
            return None
        try:
            return Path(path).read_bytes()
        except OSError:
            return None

    def _key(self, kind: str, path: Path, data: bytes, context: str) -> str:
        digest = hashlib.sha256(f"{self.stamp}\0{kind}\0{path}\0{context}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def _get(self, key: str, file: str) -> SourcedData | None:
        assert self.folder is not None
        try:
            entry = json.loads((self.folder / f"{key}.json").read_bytes())
            return _decode(entry, key, file)
        except (OSError, ValueError, TypeError, RecursionError):
            return None

    def _put(self, key: str, path: Path, data: bytes, doc: SourcedData) -> None:
        """Store a valid document, unless the file changed while it was read; never fails."""
        assert self.folder is not None
        try:
            if Path(path).read_bytes() != data:
                return
            entry = {"version": ENTRY_VERSION, "key": key, **_encode(doc)}
            text = json.dumps(entry, ensure_ascii=False, allow_nan=True)
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as stream:
                    stream.write(text)
                os.replace(temp, self.folder / f"{key}.json")
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except (OSError, ValueError, TypeError, RecursionError):
            return
