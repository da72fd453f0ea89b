"""What a loader receives: the input file and the context to interpret it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .formats import FormatRegistry


@dataclass
class InputSource:
    """One input file (or stdin). ``name`` is what findings and results show."""

    path: Path | None
    name: str
    _data: bytes | None = field(default=None, repr=False)

    @classmethod
    def from_path(cls, path: Path) -> InputSource:
        return cls(path=path, name=str(path))

    @classmethod
    def from_bytes(cls, data: bytes, name: str) -> InputSource:
        return cls(path=None, name=name, _data=data)

    @property
    def suffix(self) -> str:
        """Lower-case extension of the display name, e.g. ``.txt``."""
        return Path(self.name).suffix.lower()

    def read_bytes(self) -> bytes:
        if self._data is None:
            assert self.path is not None
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
