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

from ..core.errors import DataFileError
from ..core.schemas import validate_with_schema, validator_for
from ..core.yamlsource import load_sourced_file
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
    doc = load_sourced_file(path)
    problems = validate_with_schema(validator_for("stock-phrases"), doc)
    if problems:
        raise DataFileError(f"{path}: invalid stock-phrase catalogue", problems)
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
    grams: np.ndarray  # sorted unique n-gram hashes
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
            grams = np.unique(shingle_hashes(norm.codes, ngram))
            self.phrases.append(CompiledPhrase(phrase, grams, len(norm)))

    def __len__(self) -> int:
        return len(self.phrases)

    def match(self, text: str, threshold: float = 0.7) -> tuple[list[Match], float]:
        """Phrases found in ``text`` (in text order) and the share of the text they cover."""
        norm: Normalised = normalise(text)
        if len(norm) < self.ngram or not self.phrases:
            return [], 0.0
        hashes = shingle_hashes(norm.codes, self.ngram)
        matches: list[Match] = []
        covered = np.zeros(len(norm), dtype=bool)
        for compiled in self.phrases:
            hits = np.flatnonzero(np.isin(hashes, compiled.grams))
            if hits.size == 0:
                continue
            best = _best_window(
                hashes, hits, compiled, compiled.length + max(2, compiled.length // 4)
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
    hashes: np.ndarray, hits: np.ndarray, compiled: CompiledPhrase, width: int
) -> tuple[float, int, int] | None:
    """The window of fewer than ``width`` positions holding the most distinct phrase n-grams
    (the shortest such window on ties): (score, first position, last position)."""
    best: tuple[float, int, int] | None = None
    total = compiled.grams.size
    right = 0
    for left in range(hits.size):
        right = max(right, left)
        while right + 1 < hits.size and hits[right + 1] - hits[left] < width:
            right += 1
        window = hits[left : right + 1]
        score = np.unique(hashes[window]).size / total
        span = int(window[-1] - window[0])
        if best is None or score > best[0] or (score == best[0] and span < best[2] - best[1]):
            best = (score, int(window[0]), int(window[-1]))
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
