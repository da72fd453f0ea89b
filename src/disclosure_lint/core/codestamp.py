"""The code that cached things depend on: the files of disclosure-lint and of its plugins, named
by size and modification time (an edited checkout keeps its version number). Used by the result
cache's run fingerprint (core/cache.py) and by the definition cache (core/defcache.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path


def code_files(modules: Iterable[str] = (), suffixes: tuple[str, ...] = (".py",)) -> list[str]:
    """Every file of disclosure_lint with one of ``suffixes`` and the module file of each plugin
    module in ``modules`` (a plugin's own version covers the rest of its package)."""
    package = Path(__file__).resolve().parents[1]
    files = [str(path) for path in package.rglob("*") if path.suffix in suffixes]
    for name in modules:
        file = getattr(sys.modules.get(name), "__file__", None)
        if file:
            files.append(str(file))
    return files


def file_stamp(path: str) -> str:
    """``SIZE MTIME_NS`` of a file, or ``<missing>``."""
    try:
        stat = os.stat(path)
    except OSError:
        return "<missing>"
    return f"{stat.st_size} {stat.st_mtime_ns}"
