"""LSH queries of a batch made of copies (issue 16): does a query grow with the batch?

A batch where many reports are copies of a few sources fills some LSH buckets with a share of
the whole batch. The near-duplicate check verifies the ``MAX_CANDIDATES`` most recent
candidates only, so it asks the index for them (``query(sig, highest)``), which reads at most
that many items of each band; a plain ``query`` reads every item of the shared buckets.

Signatures: ``SOURCES`` random sources, each copy keeping every MinHash value of its source
with probability ``KEEP`` (a Jaccard similarity near it) and drawing the others anew; items
are added in order, as the check adds reports, and every 10th item is also queried first.

    python bench/bench_lsh.py --sizes 1000 10000 50000
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from disclosure_lint.batch.neardup import MAX_CANDIDATES
from disclosure_lint.similarity.minhash import LSHIndex

SOURCES = 6
KEEP = 0.6


def run(size: int, seed: int = 16) -> tuple[float, float, int]:
    """(ms per plain query, ms per query of the highest, candidates per plain query)."""
    rng = np.random.default_rng(seed)
    sources = rng.integers(0, 2**32 - 1, (SOURCES, 128), dtype=np.uint32)
    index = LSHIndex(128, 32)
    plain = limited = 0.0
    asked = found = 0
    for item in range(size):
        sig = sources[item % SOURCES].copy()
        fresh = rng.random(128) > KEEP
        sig[fresh] = rng.integers(0, 2**32 - 1, int(fresh.sum()), dtype=np.uint32)
        if item % 10 == 9:
            started = time.perf_counter()
            everything = index.query(sig)
            plain += time.perf_counter() - started
            started = time.perf_counter()
            highest = index.query(sig, MAX_CANDIDATES)
            limited += time.perf_counter() - started
            assert highest[-MAX_CANDIDATES:] == everything[-MAX_CANDIDATES:]
            asked += 1
            found += len(everything)
        index.add(item, sig)
    return 1000 * plain / asked, 1000 * limited / asked, found // asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    args = parser.parse_args()
    print("| items | candidates per query | plain query, ms | highest 64, ms |")
    print("|---:|---:|---:|---:|")
    for size in args.sizes:
        plain, limited, found = run(size)
        print(f"| {size} | {found} | {plain:.3f} | {limited:.3f} |", flush=True)


if __name__ == "__main__":
    main()
