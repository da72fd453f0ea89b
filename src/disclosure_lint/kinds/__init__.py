"""Built-in rule kinds, registered through the same hook a third-party plugin uses."""

from __future__ import annotations

from ..core.hookspecs import hookimpl
from ..core.kinds import RuleKind
from .activity import ActivityKind
from .boilerplate import BoilerplateKind
from .breakdown import BreakdownKind
from .cell import CellKind
from .claims import ClaimsKind
from .deadline import DeadlineKind
from .format_version import FormatVersionKind
from .input import InputKind
from .metadata import MetadataKind
from .requires import RequiresKind
from .sections import SectionsKind
from .sum import SumKind
from .title import TitleKind

BUILTIN_KINDS: tuple[type[RuleKind], ...] = (
    SumKind,
    CellKind,
    SectionsKind,
    FormatVersionKind,
    InputKind,
    ClaimsKind,
    BreakdownKind,
    ActivityKind,
    TitleKind,
    MetadataKind,
    RequiresKind,
    DeadlineKind,
    BoilerplateKind,
)


@hookimpl
def disclosure_lint_rule_kinds() -> list[type[RuleKind]]:
    return list(BUILTIN_KINDS)
