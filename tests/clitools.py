"""Running the installed command line in a subprocess, as users do."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

EXE = shutil.which("disclosure-lint") or "disclosure-lint"
ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    environ = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})}
    environ.pop("DISCLOSURE_LINT_LANG", None)
    return subprocess.run(
        [EXE, *args], capture_output=True, input=stdin, cwd=cwd or ROOT, env=environ, timeout=120
    )


#: Leaves out the prose rules (content, claims, boilerplate), for tests about mechanisms that use
#: the seed report and expect only its table findings (DL205, the "00" cell).
TABLE_RULES_ONLY = ("--ignore", "content", "--ignore", "boilerplate")
