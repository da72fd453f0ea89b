"""Built-in plugin: the national format definitions and rule packs shipped in ``rules/``.

In a wheel the ``rules/`` folder is installed as ``disclosure_lint/_rules``; in a source checkout
(editable install) it is read from the repository root.
"""

from __future__ import annotations

from pathlib import Path

from .core.hookspecs import hookimpl


def rules_dir() -> Path:
    """The folder holding ``formats/`` and ``packs/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    checkout = here.parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"built-in rules not found (looked in {packaged} and {checkout})")


@hookimpl
def disclosure_lint_format_definitions() -> list[Path]:
    return [rules_dir() / "formats"]


@hookimpl
def disclosure_lint_rule_packs() -> list[Path]:
    return [rules_dir() / "packs"]
