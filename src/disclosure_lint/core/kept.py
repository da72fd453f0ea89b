"""Answers kept by their question: a dictionary that computes what it lacks.

The readers ask the same few questions of every cell of every table (is this text a value, what
does it parse to, what is its label's normal form), mostly about the same few texts. A
:class:`KeptAnswers` is a ``dict`` whose ``__missing__`` computes the answer, so that an answer
met before costs the dictionary's own look-up (its ``__getitem__``, a call into C) and no Python
call. Only the questions ``keep`` accepts are kept (short texts: long ones are prose, asked
once), and the dictionary is emptied when it holds ``size`` of them, so that it cannot grow with
the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class KeptAnswers(dict[K, V], Generic[K, V]):
    """``answers[question]``: ``compute(question)``, kept when ``keep(question)`` (at most
    ``size`` answers; emptied when full)."""

    def __init__(
        self, compute: Callable[[K], V], size: int, keep: Callable[[K], bool] | None = None
    ) -> None:
        super().__init__()
        self.compute = compute
        self.size = size
        self.keep = keep

    def __missing__(self, question: K) -> V:
        answer = self.compute(question)
        if self.keep is None or self.keep(question):
            if len(self) >= self.size:
                self.clear()
            self[question] = answer
        return answer
