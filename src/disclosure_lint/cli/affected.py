"""``check --affected``: the files a commit changed stand for the reports they affect.

pre-commit passes the changed files. A report stands for itself; a tool file is validated (a
broken one is exit 2, naming it) and stands for the reports it affects:

- a sidecar ``REPORT.suppressions.yaml`` for ``REPORT``;
- a repository suppression file (``.disclosure-lint-suppressions.yaml`` or one listed in the
  configuration's ``suppressions``), a baseline (``*.baseline.json`` or the configured
  ``baseline``), a configuration file (``.disclosure-lint.yaml``, ``.disclosure-lint.yml``, a
  ``pyproject.toml`` with ``[tool.disclosure-lint]``) for the reports in its folder and below.

Files in those folders that are not reports by name (README, CHANGELOG, CONTRIBUTING, LICENSE —
the names the pre-commit hook leaves out) are not checked.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..core.baseline import Baseline
from ..core.config import SUPPRESSIONS_NAME, YAML_NAMES, Config, find_config, load_config_file
from ..core.suppressions import SIDECAR_SUFFIX, load_suppressions

BASELINE_SUFFIX = ".baseline.json"
#: files that are never reports, as the pre-commit hook's ``exclude`` says
NOT_REPORTS = re.compile(r"^(README|CHANGELOG|CONTRIBUTING|LICENSE)")


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def affected_paths(paths: list[str], config: Config) -> tuple[list[str], list[str]]:
    """``(files, folders)`` to check for ``paths``; tool files among them are validated.

    Raises :class:`~disclosure_lint.core.errors.DataFileError` for a tool file that is invalid.
    """
    suppression_files = {_key(Path(p)) for p in config.get("suppressions")}
    baseline = config.get("baseline")
    baseline_file = _key(Path(baseline)) if baseline else None
    files: list[str] = []
    folders: list[str] = []

    def add(items: list[str], item: str) -> None:
        item = os.path.normpath(item)
        if item not in items:
            items.append(item)

    for raw in paths:
        path = Path(raw)
        name = path.name
        key = _key(path)
        folder = str(path.parent)
        if key in suppression_files or name == SUPPRESSIONS_NAME:
            if path.is_file():
                load_suppressions(path)
            add(folders, folder)
        elif name.endswith(SIDECAR_SUFFIX):
            if path.is_file():
                load_suppressions(path)
            report = path.with_name(name[: -len(SIDECAR_SUFFIX)])
            if report.is_file():
                add(files, str(report))
        elif key == baseline_file or name.endswith(BASELINE_SUFFIX):
            if path.is_file():
                Baseline.load(path)
            add(folders, folder)
        elif name in YAML_NAMES:
            if path.is_file():
                load_config_file(path)
            add(folders, folder)
        elif name == "pyproject.toml":
            if path.is_file() and find_config(path.parent) == path.resolve():
                load_config_file(path)
                add(folders, folder)
        else:
            add(files, raw)
    return files, folders


def may_be_report(name: str) -> bool:
    """False for files found in a folder that are not reports by name (README and the like)."""
    return not NOT_REPORTS.match(Path(name).name)
