"""Built-in rule kinds, registered through the same hook a third-party plugin uses."""

from __future__ import annotations

from ..core.hookspecs import hookimpl
from ..core.kinds import RuleKind
from .boilerplate import BoilerplateKind
from .cell import CellKind
from .format_version import FormatVersionKind
from .input import InputKind
from .sections import SectionsKind
from .sum import SumKind

BUILTIN_KINDS: tuple[type[RuleKind], ...] = (
    SumKind,
    CellKind,
    SectionsKind,
    FormatVersionKind,
    InputKind,
    BoilerplateKind,
)


@hookimpl
def disclosure_lint_rule_kinds() -> list[type[RuleKind]]:
    return list(BUILTIN_KINDS)
