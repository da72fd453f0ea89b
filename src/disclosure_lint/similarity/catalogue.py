"""The stock-phrase catalogue: phrases loaded from YAML files (validated against
``stock-phrases.schema.json``) and matched against a section's text by character n-grams.

A phrase matches when at least ``threshold`` of its distinct n-grams occur in the section within
a window about twice the phrase's length; the match is quoted from the section as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..core.schemas import load_checked
from .text import Normalised, normalise, shingle_hashes

CATALOGUE_SCHEMA = "disclosure-lint/stock-phrases/1"


@dataclass(frozen=True)
class Phrase:
    text: str
    topic: str
    source: str
    origin: str  # the catalogue file, or "settings"


@dataclass(frozen=True)
class Match:
    phrase: Phrase
    score: float  # share of the phrase's n-grams found
    start: int  # offsets in the section text (original, not normalised)
    end: int
    covered: tuple[int, int]  # normalised span covered


@cache
def load_catalogue(path: Path) -> tuple[Phrase, ...]:
    """Phrases of one catalogue file; :class:`DataFileError` names file, line and key."""
    doc = load_checked(path, "stock-phrases")
    return tuple(
        Phrase(
            item["text"],
            item.get("topic", "other"),
            item.get("source", ""),
            str(path),
        )
        for item in doc.data["phrases"]
    )


@dataclass(frozen=True)
class CompiledPhrase:
    phrase: Phrase
    grams: frozenset[int]  # distinct n-gram hashes
    length: int  # normalised length


class Catalogue:
    """Phrases compiled for matching with ``ngram``-character grams."""

    def __init__(self, phrases: Iterable[Phrase], ngram: int = 3) -> None:
        self.ngram = ngram
        seen: set[str] = set()
        self.phrases: list[CompiledPhrase] = []
        for phrase in phrases:
            norm = normalise(phrase.text)
            key = norm.text()
            if key in seen or len(norm) < ngram:
                continue
            seen.add(key)
            grams = frozenset(int(h) for h in shingle_hashes(norm.codes, ngram))
            self.phrases.append(CompiledPhrase(phrase, grams, len(norm)))

    def __len__(self) -> int:
        return len(self.phrases)

    def match(self, text: str, threshold: float = 0.7) -> tuple[list[Match], float]:
        """Phrases found in ``text`` (in text order) and the share of the text they cover."""
        norm: Normalised = normalise(text)
        if len(norm) < self.ngram or not self.phrases:
            return [], 0.0
        grams = shingle_hashes(norm.codes, self.ngram)
        hashes: list[int] = grams.tolist()
        present = set(hashes)
        matches: list[Match] = []
        covered = np.zeros(len(norm), dtype=bool)
        for compiled in self.phrases:
            shared = compiled.grams & present
            # the best window cannot hold more distinct phrase n-grams than the whole text does
            if len(shared) < threshold * len(compiled.grams):
                continue
            # the positions of the shared n-grams, in text order (found only for the few
            # phrases that get this far, not indexed for every position of every section; a
            # set look-up per position costs less than numpy's isin on a section's few hundred)
            hits = [index for index, gram in enumerate(hashes) if gram in shared]
            best = _best_window(
                hashes, hits, len(compiled.grams), compiled.length + max(2, compiled.length // 4)
            )
            if best is None:
                continue
            score, first, last = best
            if score < threshold:
                continue
            end_norm = min(last + self.ngram - 1, len(norm) - 1)
            covered[first : end_norm + 1] = True
            matches.append(
                Match(
                    compiled.phrase,
                    score,
                    int(norm.offsets[first]),
                    int(norm.offsets[end_norm]) + 1,
                    (first, end_norm + 1),
                )
            )
        matches.sort(key=lambda m: (m.start, m.phrase.text))
        return matches, float(covered.mean())


def _best_window(
    hashes: list[int], hits: list[int], total: int, width: int
) -> tuple[float, int, int] | None:
    """The window of fewer than ``width`` positions holding the most distinct phrase n-grams
    (the shortest such window on ties): (score, first position, last position).

    A sliding window over the hit positions keeps a count per n-gram, so each step is O(1).
    """
    best: tuple[float, int, int] | None = None
    counts: dict[int, int] = {}
    right = -1
    size = len(hits)
    grams = [hashes[hit] for hit in hits]  # each hit's n-gram, looked up once
    for left in range(size):
        first = hits[left]
        if right < left:
            right = left
            counts = {grams[left]: 1}
        limit = first + width  # a hit at or past it is too far from the left one
        while right + 1 < size and hits[right + 1] < limit:
            right += 1
            gram = grams[right]
            counts[gram] = counts.get(gram, 0) + 1
        score = len(counts) / total
        last = hits[right]
        if (
            best is None
            or score > best[0]
            or (score == best[0] and last - first < best[2] - best[1])
        ):
            best = (score, first, last)
        gram = grams[left]  # slide: the left hit leaves the window
        if counts[gram] == 1:
            del counts[gram]
        else:
            counts[gram] -= 1
    return best


def phrases_from_settings(values: Sequence[object]) -> list[Phrase]:
    """Phrases given in configuration: strings or ``{text, topic, source}`` mappings."""
    phrases: list[Phrase] = []
    for value in values:
        if isinstance(value, str):
            phrases.append(Phrase(value, "other", "settings", "settings"))
        elif isinstance(value, dict) and isinstance(value.get("text"), str):
            phrases.append(
                Phrase(
                    value["text"],
                    str(value.get("topic", "other")),
                    str(value.get("source", "settings")),
                    "settings",
                )
            )
    return phrases
