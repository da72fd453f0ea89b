"""Run a batch: find the input files, load each through the loader hook, check it, and yield
one :class:`FileResult` per input — whatever happened to it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .engine import Engine
from .errors import LoadError
from .inputs import InputSource, LoadContext
from .model import Issue, Location, SourceLocation
from .plugins import Environment
from .results import FileResult, FileStatus

UNREADABLE = "DL901"
UNSUPPORTED = "DL902"
TOO_LARGE = "DL907"


@dataclass
class Runner:
    env: Environment
    engine: Engine
    max_bytes: int = 50 * 1024 * 1024

    def discover(self, paths: Iterable[str]) -> list[InputSource]:
        """Input files in a stable order. Named files are always included (even if missing);
        folders contribute the files whose extension a loader reads. Symlink loops are cut."""
        sources: list[InputSource] = []
        seen: set[str] = set()

        def add(path: Path) -> None:
            key = str(path)
            if key not in seen:
                seen.add(key)
                sources.append(InputSource.from_path(path))

        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                visited: set[tuple[int, int]] = set()
                for root, dirs, files in os.walk(path, followlinks=True):
                    stat = os.stat(root)
                    ident = (stat.st_dev, stat.st_ino)
                    if ident in visited:
                        dirs[:] = []
                        continue
                    visited.add(ident)
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(files):
                        if name.startswith("."):
                            continue
                        if Path(name).suffix.lower() in self.env.extensions:
                            add(Path(root) / name)
            else:
                add(path)
        return sources

    def run(self, sources: Iterable[InputSource]) -> Iterator[FileResult]:
        context = LoadContext(self.env.formats, self.max_bytes)
        for source in sources:
            yield self.check_source(source, context)

    def check_source(self, source: InputSource, context: LoadContext) -> FileResult:
        where = Location(source=SourceLocation(source.name))
        try:
            if source.path is not None:
                size = source.path.stat().st_size
                if size > self.max_bytes:
                    return self._failed(
                        source, TOO_LARGE, {"size": size, "limit": self.max_bytes}, where
                    )
            report = self.env.load_report(source, context)
        except LoadError as exc:
            return self._failed(source, exc.code, exc.args_dict, where)
        except OSError as exc:
            return self._failed(source, UNREADABLE, {"detail": exc.strerror or str(exc)}, where)
        except Exception as exc:  # a loader bug must not stop the batch
            finding = self.engine.loader_crash("loader", where, exc)
            return FileResult(source.name, FileStatus.UNREADABLE, [finding])
        if report is None:
            detail = source.suffix or "no extension"
            return self._failed(source, UNSUPPORTED, {"detail": detail}, where)
        findings = self.engine.check(report)
        status = FileStatus.CHECKED if report.format.used else FileStatus.NOT_CHECKABLE
        return FileResult(source.name, status, findings, report, report.loader)

    def _failed(self, source: InputSource, code: str, args: dict, where: Location) -> FileResult:
        findings = self.engine.findings_for_issues([Issue(code, where, dict(args))])
        return FileResult(source.name, FileStatus.UNREADABLE, findings)
