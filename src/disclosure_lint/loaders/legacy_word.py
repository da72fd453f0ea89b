"""Legacy Word (``.doc``) and WPS (``.wps``) files, read through LibreOffice.

The binary formats are not parsed here: ``soffice --headless --convert-to docx`` turns the file
into DOCX in a private temporary folder (with its own LibreOffice profile, so conversions never
touch a user's profile or each other), and the DOCX loader reads the result. When LibreOffice is
not installed the file gets a finding (``DL910``) that names the program and how to install it.

Many sites publish other formats under a ``.doc`` name: a DOCX package is read as DOCX and a
Word "web page" as HTML (``DL919`` says so); a password-protected file is refused (``DL913``).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..core.errors import LoadError
from ..core.inputs import InputSource, LoadContext
from ..core.model import Issue, Location, Report, SourceLocation
from ..reading.decoding import decode_text
from .documents import (
    CONTENT_MISMATCH,
    CONVERSION_FAILED,
    CONVERTED,
    CORRUPT_DOCUMENT,
    ENCRYPTED_DOCUMENT,
    LIBREOFFICE_MISSING,
    OLE_MAGIC,
    ZIP_MAGIC,
    looks_like_html,
)
from .docx_loader import is_encrypted_ole, load_docx_bytes

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
            raise LoadError(CONVERSION_FAILED, f"could not start it ({exc})", program=name) from exc
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise LoadError(
                CONVERSION_FAILED, f"no result after {timeout:g} seconds", program=name
            ) from None
        converted = out / "input.docx"
        if process.returncode != 0 or not converted.is_file():
            message = stderr.decode("utf-8", "replace").strip().splitlines()
            useful = [line for line in message if "javaldx" not in line]
            detail = useful[-1] if useful else f"exit code {process.returncode}, no output"
            raise LoadError(CONVERSION_FAILED, detail[:300], program=name)
        return converted.read_bytes()


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Stop the conversion we started: its own process group (soffice forks a child)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()


def load_legacy_bytes(data: bytes, source: InputSource, context: LoadContext) -> Report:
    """Convert and read a legacy Word/WPS file given as bytes."""
    if is_encrypted_ole(data):
        raise LoadError(ENCRYPTED_DOCUMENT, "an encrypted Office package")
    program = find_soffice()
    if program is None:
        raise LoadError(
            LIBREOFFICE_MISSING,
            "LibreOffice is not installed",
            program="soffice (LibreOffice)",
            install=INSTALL_HINT,
        )
    suffix = source.suffix if source.suffix in LEGACY_EXTENSIONS else ".doc"
    docx = convert_to_docx(data, suffix, program, _timeout())
    report = load_docx_bytes(docx, source, context, loader="legacy-word")
    report.issues.insert(
        0,
        Issue(
            CONVERTED,
            Location(source=SourceLocation(source.name)),
            {"program": Path(program).name, "detail": "--convert-to docx"},
        ),
    )
    return report


def load_legacy_word(source: InputSource, context: LoadContext) -> Report:
    data = source.read_bytes()
    if not data.strip():
        raise LoadError("DL905", "empty")
    where = Location(source=SourceLocation(source.name))
    if data.startswith(ZIP_MAGIC):
        report = load_docx_bytes(data, source, context)
        report.issues.insert(
            0, Issue(CONTENT_MISMATCH, where, {"format": "DOCX", "detail": "a DOCX package"})
        )
        return report
    if looks_like_html(data):
        from .html_loader import load_html

        report = load_html(source, context)
        report.issues.insert(
            0, Issue(CONTENT_MISMATCH, where, {"format": "HTML", "detail": "a Word web page"})
        )
        return report
    if not data.startswith(OLE_MAGIC) and not data.lstrip().startswith(b"{\\rtf"):
        # neither a Word/WPS compound file nor RTF: plain text saved as .doc, or not a document
        try:
            decode_text(data)
        except LoadError as exc:
            raise LoadError(
                CORRUPT_DOCUMENT, "neither a Word/WPS document, RTF, HTML nor text"
            ) from exc
        from .text import load_text

        report = load_text(source, context)
        report.issues.insert(
            0, Issue(CONTENT_MISMATCH, where, {"format": "text", "detail": "a plain-text file"})
        )
        return report
    return load_legacy_bytes(data, source, context)
