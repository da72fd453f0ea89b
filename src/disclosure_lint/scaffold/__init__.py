"""``disclosure-lint new-plugin``: the skeleton of a local policy plugin.

The files are templates in this package (``*.tmpl``, ``$name``-style placeholders). The result
installs with pip, registers itself through the ``disclosure_lint`` entry point, ships a rule pack
with YAML test cases and one rule kind written in Python, and has a test suite that runs.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template

from ..core.errors import UsageError

FILES = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "init.py.tmpl": "src/$package/__init__.py",
    "plugin.py.tmpl": "src/$package/plugin.py",
    "kinds.py.tmpl": "src/$package/kinds.py",
    "rules.yaml.tmpl": "src/$package/rules/$name.yaml",
    "rules.tests.yaml.tmpl": "src/$package/rules/$name.tests.yaml",
    "test_rules.py.tmpl": "tests/test_rules.py",
}


def create_plugin(target: Path, name: str, title: str) -> list[Path]:
    """Write the plugin skeleton into ``target`` (which must not exist or be empty)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,30}", name):
        raise UsageError(f"plugin name {name!r}: use 2-31 lower-case letters, digits or _")
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} exists and is not empty")
    values = {
        "name": name,
        "package": f"disclosure_lint_{name}",
        "distribution": f"disclosure-lint-{name.replace('_', '-')}",
        "title": title,
        "code_prefix": name[:2].upper(),
    }
    written: list[Path] = []
    templates = resources.files(__package__)
    for template_name, relative in FILES.items():
        text = templates.joinpath(template_name).read_text(encoding="utf-8")
        path = target / Template(relative).substitute(values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(text).substitute(values), encoding="utf-8")
        written.append(path)
    return written
