"""Legacy Word (``.doc``) and WPS (``.wps``) files converted to DOCX by LibreOffice.

The binary formats are not parsed here: ``soffice --headless --convert-to docx`` turns the file
into DOCX in a private temporary folder (with its own LibreOffice profile, so conversions never
touch a user's profile or each other); :mod:`.dispatch` then has the DOCX read by the DOCX loader
and adds the ``DL918`` note (:meth:`Conversion.note`). When LibreOffice is not installed the file
gets a finding (``DL910``) that names the program and how to install it; a password-protected
file is refused (``DL913``).

This module does not read DOCX itself and does not decide what a ``.doc`` file really holds (a
DOCX package, a web page, text): that is :mod:`.dispatch`'s job.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import LoadError, os_error_text
from ..core.i18n import Text
from ..core.inputs import InputSource
from ..core.model import Issue, Location, SourceLocation
from .documents import (
    CONVERSION_FAILED,
    CONVERTED,
    ENCRYPTED_DOCUMENT,
    ENCRYPTED_PACKAGE,
    LIBREOFFICE_MISSING,
    is_encrypted_ole,
)

LEGACY_EXTENSIONS = (".doc", ".wps")

PROGRAMS = ("soffice", "libreoffice")
INSTALL_HINT = "apt-get install libreoffice-writer"
TIMEOUT_ENV = "DISCLOSURE_LINT_SOFFICE_TIMEOUT"
DEFAULT_TIMEOUT = 120.0


def find_soffice() -> str | None:
    """Path of the LibreOffice program on PATH (``soffice`` or ``libreoffice``), or None."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _timeout() -> float:
    raw = os.environ.get(TIMEOUT_ENV)
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        value = DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def convert_to_docx(data: bytes, suffix: str, program: str, timeout: float) -> bytes:
    """Convert legacy Word/WPS bytes to DOCX bytes with LibreOffice; raises :class:`LoadError`."""
    name = Path(program).name
    with tempfile.TemporaryDirectory(prefix="disclosure-lint-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix}"
        source.write_bytes(data)
        out = work / "out"
        profile = work / "profile"
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=tmp,
                start_new_session=True,
            )
        except OSError as exc:
            raise LoadError(
                CONVERSION_FAILED,
                Text("无法启动（{r}）", "could not start it ({r})").format(r=os_error_text(exc)),
                program=name,
            ) from exc
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise LoadError(
                CONVERSION_FAILED,
                Text(f"{timeout:g} 秒后仍无结果", f"no result after {timeout:g} seconds"),
                program=name,
            ) from None
        converted = out / "input.docx"
        if process.returncode != 0 or not converted.is_file():
            message = stderr.decode("utf-8", "replace").strip().splitlines()
            useful = [line for line in message if "javaldx" not in line]
            code = process.returncode
            detail = (
                Text(f"程序输出“{useful[-1][:300]}”", useful[-1][:300])
                if useful
                else Text(f"退出码 {code}，没有输出", f"exit code {code}, no output")
            )
            raise LoadError(CONVERSION_FAILED, detail, program=name)
        return converted.read_bytes()


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Stop the conversion we started: its own process group (soffice forks a child)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()


@dataclass(frozen=True)
class Conversion:
    """The DOCX LibreOffice made from a legacy Word/WPS file, and the program that made it."""

    docx: bytes
    program: str  # path of the LibreOffice program

    def note(self, source: InputSource) -> Issue:
        """The ``DL918`` note: the report was read from the converted document."""
        return Issue(
            CONVERTED,
            Location(source=SourceLocation(source.name)),
            {"program": Path(self.program).name, "detail": "--convert-to docx"},
        )


def convert_legacy_word(data: bytes, source: InputSource) -> Conversion:
    """Convert legacy Word/WPS bytes to DOCX; raises :class:`LoadError` (DL913, DL910, DL917)."""
    if is_encrypted_ole(data):
        raise LoadError(ENCRYPTED_DOCUMENT, ENCRYPTED_PACKAGE)
    program = find_soffice()
    if program is None:
        raise LoadError(
            LIBREOFFICE_MISSING,
            Text("未安装 LibreOffice", "LibreOffice is not installed"),
            program="soffice (LibreOffice)",
            install=INSTALL_HINT,
        )
    suffix = source.suffix if source.suffix in LEGACY_EXTENSIONS else ".doc"
    return Conversion(convert_to_docx(data, suffix, program, _timeout()), program)
