"""Built-in loaders, registered through the same hooks a third-party loader plugin uses.

They are ``trylast``: a plugin that claims a file type is asked first. :mod:`.dispatch` chooses
the loader for a file; the loaders themselves never import each other.
"""

from __future__ import annotations

from ..core.hookspecs import hookimpl
from ..core.inputs import InputSource, LoadContext
from ..core.model import Report
from .dispatch import ALL_EXTENSIONS, load_report


@hookimpl(trylast=True)
def disclosure_lint_load_report(source: InputSource, context: LoadContext) -> Report | None:
    return load_report(source, context)


@hookimpl
def disclosure_lint_input_extensions() -> list[str]:
    return list(ALL_EXTENSIONS)
