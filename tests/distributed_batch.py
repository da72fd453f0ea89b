"""The batch the distributed tests check: real reports, a planted copy, year-over-year pairs
and files that misbehave (tests/fixtures/plugins/faults.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import CORPUS, FIXTURES, SEED
from .test_batch_checks import HONGZE_2023, copied_from_seed
from .test_batch_rounds import year_pairs

FAULTS_PLUGIN = FIXTURES / "plugins" / "faults.py"


def make_batch(folder: Path, faults: bool = True) -> Path:
    """Every top-level corpus report, the report data fixtures, a copy of the seed with the
    body's name and the year changed, the Hongze 2023/2024 pair (上年结转 changed) and the seed
    as its own 2020 report; with ``faults``, a report that kills its worker the first time it
    is read and one that runs past the time limit."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(CORPUS.iterdir()):
        if path.is_file() and path.name != "SOURCES.md":
            shutil.copy(path, folder / path.name)
    for path in sorted((FIXTURES / "data").glob("*.yaml")):
        if "hongze-2024" not in path.name:
            shutil.copy(path, folder / path.name)
    extra = folder / "made"
    extra.mkdir(exist_ok=True)
    copy = copied_from_seed(extra)
    copy.rename(folder / "tieling-copied.txt")
    hongze, seed_2020 = year_pairs(extra)
    # named to come before d02_hongze_2024.pdf (the same body and year): the first of a
    # (body, year) is the one paired
    hongze.rename(folder / "a-hongze-2024-doctored.yaml")
    seed_2020.rename(folder / "seed-2020.txt")
    shutil.rmtree(extra)
    assert (folder / HONGZE_2023.name).is_file() and (folder / SEED.name).is_file()
    if faults:
        text = (CORPUS / "r004.txt").read_bytes()
        (folder / "kill-once-r004.txt").write_bytes(text)
        (folder / "spin-r004.txt").write_bytes(text)
    return folder


def reset_faults(folder: Path) -> None:
    """Forget which files already killed their worker once."""
    shutil.rmtree(folder / ".faults", ignore_errors=True)
