"""Stable ids of findings, from the rule, the file and the semantic location (never a line)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from ..api import Finding
from ..core.baseline import location_key

#: what an id looks like: the rule code in lower case, a dash, 16 hex digits
ID_PATTERN = r"[0-9a-z_.]+-[0-9a-f]{16}"


def file_key(name: str, root: Path) -> str:
    """The report's path relative to the batch root, POSIX style (the name as given when the
    file is outside the root)."""
    try:
        return PurePosixPath(Path(name).resolve().relative_to(root.resolve())).as_posix()
    except (ValueError, OSError):
        return PurePosixPath(name).as_posix()


def semantic_key(finding: Finding) -> tuple[str, str, str]:
    """Rule code, outcome and location key (``table3/new/natural``, ``section/overview``),
    as the baseline keys findings: a finding that moves with an edit keeps its key."""
    return (finding.code, finding.outcome.value, location_key(finding))


def finding_ids(file: str, findings: Sequence[Finding]) -> list[str]:
    """One id per finding of one file, in the same order.

    Two findings of the same rule at the same semantic place are told apart by their order
    among themselves (the first is ``#0``), which an edit elsewhere in the report does not change.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    ids: list[str] = []
    for finding in findings:
        key = semantic_key(finding)
        occurrence = seen[key]
        seen[key] += 1
        ids.append(make_id(file, key, occurrence))
    return ids


def make_id(file: str, key: tuple[str, str, str], occurrence: int = 0) -> str:
    code, outcome, location = key
    text = "\x00".join((file, code, outcome, location, str(occurrence)))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{_slug(code)}-{digest}"


def _slug(code: str) -> str:
    kept = "".join(ch for ch in code.lower() if ch.isascii() and (ch.isalnum() or ch in "_."))
    return kept or "rule"
