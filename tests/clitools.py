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
