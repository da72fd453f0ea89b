"""The hook specifications of disclosure-lint: the one place every extension point is defined.

Plugins implement these hooks with ``@hookimpl`` from :mod:`disclosure_lint.api` (the public API
for plugin authors) and are found through the
entry-point group ``disclosure_lint``, ``--plugin MODULE_OR_PATH`` or configuration. The built-in
rule kinds, loaders, reporters, formats and rule packs are registered through exactly these hooks.

Hooks take keyword arguments (pluggy passes them by name), so a hook can gain arguments later
without breaking existing implementations: an implementation only names what it uses.
See docs/plugins.md for a guide; ``tests/test_docs.py`` fails when a hook here is undocumented.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from .batch import BatchCheck
    from .inputs import InputSource, LoadContext
    from .kinds import RuleKind
    from .model import Report
    from .reporting import Reporter

PROJECT = "disclosure_lint"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def disclosure_lint_rule_kinds() -> list[type[RuleKind]]:
    """Return rule-kind classes (subclasses of :class:`disclosure_lint.api.RuleKind`).

    Each class's ``name`` is the ``kind:`` used in rule files. Two plugins may not register the
    same name.
    """


@hookspec
def disclosure_lint_rule_packs() -> list[Path]:
    """Return paths of YAML rule packs (files, or folders whose ``*.yaml`` files are packs)."""


@hookspec
def disclosure_lint_format_definitions() -> list[Path]:
    """Return paths of YAML format definitions (files, or folders of ``*.yaml``)."""


@hookspec(firstresult=True)
def disclosure_lint_load_report(source: InputSource, context: LoadContext) -> Report | None:
    """Read ``source`` into a :class:`~disclosure_lint.api.Report`, or return None.

    The first loader that returns a report wins. Plugins are called before the built-in loaders
    (which are registered ``trylast``), so a plugin can take over a file type. A loader that
    recognises a file but cannot read it raises :class:`~disclosure_lint.api.LoadError`
    with the code of the input rule to report.
    """


@hookspec
def disclosure_lint_input_extensions() -> list[str]:
    """Return the file extensions (``".txt"``) this plugin's loaders read.

    Used to pick files when a folder is checked; files named on the command line are always
    offered to every loader.
    """


@hookspec
def disclosure_lint_reporters() -> list[type[Reporter]]:
    """Return reporter classes (subclasses of :class:`disclosure_lint.api.Reporter`)."""


@hookspec
def disclosure_lint_config_schema() -> dict[str, dict[str, Any]]:
    """Return configuration keys this plugin adds, each with the JSON Schema of its value.

    Users set them in ``.disclosure-lint.yaml`` or ``[tool.disclosure-lint]`` like any other key;
    they are validated against the schema (errors name file, line and key) and reach rules as
    ``ctx.settings[key]``. A key may not clash with a built-in key or another plugin's key.
    """


@hookspec
def disclosure_lint_config_defaults() -> dict[str, Any]:
    """Return default values for configuration keys (built-in keys such as ``deadlines`` or
    ``severity``, or the plugin's own). Values set in configuration files or on the command line
    win; for mappings the user's entries are merged over the plugin's. ``config show`` names the
    plugin as the source."""


@hookspec
def disclosure_lint_batch_checks() -> list[type[BatchCheck]]:
    """Return batch-check classes (subclasses of :class:`disclosure_lint.api.BatchCheck`).

    A batch check judges the reports of a run together (copies across bodies, year-over-year
    relations). For each run the runner calls the class's ``create(context)``; an active check
    gets ``collect(report, result)`` for every input that was read, keeping compact data only,
    and ``finish()`` after the last one, returning findings per file path. Its rules are rules
    of the kinds it names in ``kinds``.
    """
