"""Data derived from a format's objects (label indexes, sums), cached by the object's identity.

Format objects (tables, blocks) are immutable and live as long as their registry, so what is
derived from one can be kept with it. The cache is keyed by identity, not by value: hashing a
table by value walks its whole tree on every look-up, and a value-keyed cache hands out objects
(blocks, leaves) of an *equal* format loaded earlier, which a caller comparing them by identity
with its own format's would not find. Each entry keeps its object alive, so its id cannot be
reused while the entry is there; a reloaded format is a new object with entries of its own, and
the oldest entries go when the cache is full.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

T = TypeVar("T")

#: entries kept: a few formats' tables and blocks, for each kind of derived data
MAX_ENTRIES = 512

_CACHE: dict[tuple[int, str], tuple[object, object]] = {}


def derived(source: object, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` for ``source``, computed once per object and ``name``."""
    key = (id(source), name)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is source:
        return cast(T, hit[1])
    value = compute()
    if len(_CACHE) >= MAX_ENTRIES:
        del _CACHE[next(iter(_CACHE))]
    _CACHE[key] = (source, value)
    return value
