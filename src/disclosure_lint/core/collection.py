"""How a batch run uses Python's cyclic garbage collector.

Reading a report allocates hundreds of thousands of short-lived containers (tokens, cells,
findings). With the interpreter's default young-generation threshold (700 allocations) the
collector runs thousands of times per batch, traverses every young object each time and promotes
the survivors it finds mid-report, to traverse them again later; it also walks the rules, formats
and plugins the run holds (tens of thousands of objects) in each full collection. None of it frees
much: a report's objects are released by reference counting when it is done.

So a batch run raises the young threshold (collections still happen, a few dozen per thousand
files, and reference cycles are still freed), and a process that forks workers freezes what it
holds first (``gc.freeze``): the workers' collections skip the inherited objects, and do not touch
(and copy) their memory pages. Both are undone when the run ends. None of this changes a result.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: young-generation threshold of a batch run (the interpreter's default is 700)
BATCH_THRESHOLD = 10_000


@contextmanager
def batch_collection() -> Iterator[None]:
    """Raise the young-generation threshold for the duration of a batch run."""
    before = gc.get_threshold()
    gc.set_threshold(max(BATCH_THRESHOLD, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class Frozen:
    """``gc.freeze()`` before forking workers, ``gc.unfreeze()`` once they are gone; nested
    uses (a pool and an isolated worker) freeze once."""

    def __init__(self) -> None:
        self._depth = 0

    def freeze(self) -> None:
        if self._depth == 0:
            gc.freeze()
        self._depth += 1

    def thaw(self) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0:
            gc.unfreeze()
