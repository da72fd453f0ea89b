"""What a loader receives: the input file and the context to interpret it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .formats import FormatRegistry


@dataclass
class InputSource:
    """One input file (or stdin). ``name`` is what findings and results show.

    An input may also be plain data already in memory (:meth:`from_data`): report data as a
    dict, which the data loader reads without bytes or lines.
    """

    path: Path | None
    name: str
    _data: bytes | None = field(default=None, repr=False)
    #: plain data standing for the file (report data as a dict), when given in memory
    parsed: Mapping[str, Any] | None = field(default=None, repr=False)

    @classmethod
    def from_path(cls, path: Path) -> InputSource:
        return cls(path=path, name=str(path))

    @classmethod
    def from_bytes(cls, data: bytes, name: str) -> InputSource:
        return cls(path=None, name=name, _data=data)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], name: str) -> InputSource:
        """Report data given as plain data (a dict) under the file name ``name``."""
        return cls(path=None, name=name, parsed=data)

    @property
    def suffix(self) -> str:
        """Lower-case extension of the display name, e.g. ``.txt``."""
        return Path(self.name).suffix.lower()

    def read_bytes(self) -> bytes:
        if self._data is None:
            if self.path is None:
                raise OSError(f"{self.name}: given as plain data, it has no bytes")
            self._data = self.path.read_bytes()
        return self._data

    def forget(self) -> None:
        """Drop the bytes read from a file (they are read again if needed); keeps stdin's."""
        if self.path is not None:
            self._data = None


@dataclass
class LoadContext:
    """Shared, read-only information loaders need."""

    formats: FormatRegistry
    max_bytes: int = 50 * 1024 * 1024
