"""What batch checks keep between runs: values they computed, by key (``BatchMemo``).

A batch check that compares reports (the near-duplicate check) computes, for every report, the
same numbers again on every run over a batch that has barely changed. With a result cache, the
run gives each check a memo in the cache's database (``BatchContext.memo``); without one (or
on a cluster) the check gets None and computes everything, as before.

A key must name everything its value depends on: content hashes, never file names or paths,
so that a value is right whichever batch it is read in.
"""

from __future__ import annotations

from typing import Protocol


class BatchMemo(Protocol):
    """Bytes by key (bytes), in one namespace of the cache's database."""

    def get(self, key: bytes) -> bytes | None:
        """The value stored under ``key``, or None."""
        ...

    def put(self, key: bytes, value: bytes) -> None:
        """Store (or replace) ``value`` under ``key``."""
        ...
