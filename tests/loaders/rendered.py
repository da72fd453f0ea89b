"""Render the corpus's HTML and DOCX reports the ways reports are republished, for the tests.

Each original is rendered by the programs real publishers use:

- LibreOffice: HTML → DOCX (the Writer HTML import; the DOCX is a render of its own, a web page
  saved as a Word file) → PDF, and DOCX → PDF for a DOCX original; DOCX → plain text, as Word's
  and WPS's "save as text" does;
- Chromium: the page printed to PDF (``--print-to-pdf``), as "print to PDF" in a browser does;
- a crawler's text dump: the page's text content with whitespace collapsed, every cell run into
  the next (as the 平潭 archive's ``page.txt``).

Renders are made once per test session into a temporary folder, LibreOffice and Chromium in
parallel, so a report added to ``tests/corpus`` is covered without any checked-in render.
Without LibreOffice or Chromium the tests that need them are skipped, unless
``DISCLOSURE_LINT_REQUIRE_SOFFICE`` / ``DISCLOSURE_LINT_REQUIRE_CHROMIUM`` is set (as by .ci/run).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from disclosure_lint.loaders.legacy_word import find_soffice

from ..chromium import FLAGS

#: a renderer that takes longer than this (seconds) for one batch has hung
TIMEOUT = 240

#: the renders of each kind of original: name -> (extension, what it is)
HTML_RENDERS = {
    "lo-docx": "HTML → DOCX (LibreOffice's Writer import, as saving a web page in Word does)",
    "lo-pdf": "HTML → DOCX → PDF (LibreOffice)",
    "chromium-pdf": "HTML printed to PDF (Chromium)",
    "lo-txt": "HTML → DOCX → text (LibreOffice)",
    "crawler-txt": "the page's text content, whitespace collapsed (crawler dump)",
}
DOCX_RENDERS = {
    "lo-pdf": "DOCX → PDF (LibreOffice)",
    "lo-txt": "DOCX → text (LibreOffice)",
}
#: renders read as documents (Word, PDF): they must read the original's cells and raise no error
#: the original does not
DOCUMENT_RENDERS = ("lo-docx", "lo-pdf", "chromium-pdf")


@dataclass
class Renders:
    """Where the renders of every original are, and what could not be rendered."""

    folder: Path
    files: dict[tuple[str, str], Path] = field(default_factory=dict)  # (original, kind) -> file
    missing: dict[str, str] = field(default_factory=dict)  # program -> why it is unavailable

    def get(self, original: Path, kind: str) -> Path | None:
        return self.files.get((original.name, kind))


def renders_of(original: Path) -> dict[str, str]:
    """The render kinds made of ``original``."""
    return HTML_RENDERS if original.suffix.lower() in (".html", ".htm") else DOCX_RENDERS


def _soffice(soffice: str, profile: Path, args: list[str], cwd: Path) -> None:
    """Run LibreOffice headless with its own profile folder."""
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args]
    subprocess.run(
        command, cwd=cwd, check=False, capture_output=True, timeout=TIMEOUT, env=_quiet_env()
    )


def _quiet_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("HOME", str(Path.home()))
    return env


def _libreoffice(originals: list[Path], folder: Path, out: Renders) -> None:
    """HTML → DOCX, then every DOCX (converted and original) → PDF and → text, in three batches."""
    soffice = find_soffice()
    if soffice is None:
        out.missing["soffice"] = "LibreOffice (soffice) is not installed"
        return
    work = folder / "lo"
    work.mkdir()
    profile = folder / "lo-profile"
    html = [p for p in originals if p.suffix.lower() in (".html", ".htm")]
    docx = [p for p in originals if p.suffix.lower() == ".docx"]
    # each original gets a folder of its own so that names never collide
    sources: list[tuple[Path, Path]] = []  # (original, its folder)
    for index, original in enumerate(originals):
        own = work / f"{index:02d}"
        own.mkdir()
        shutil.copyfile(original, own / original.name)
        sources.append((original, own))
    html_inputs = [str(own / o.name) for o, own in sources if o in html]
    if html_inputs:
        _soffice(
            soffice,
            profile,
            [
                "--infilter=HTML (StarWriter)",
                "--convert-to",
                "docx",
                "--outdir",
                str(work / "docx"),
                *html_inputs,
            ],
            work,
        )
    docx_inputs: list[tuple[Path, Path]] = []  # (original, DOCX to render)
    for original, own in sources:
        if original in html:
            made = work / "docx" / f"{original.stem}.docx"
            if made.exists():
                target = own / f"{original.stem}.converted.docx"
                shutil.move(str(made), target)
                docx_inputs.append((original, target))
                out.files[(original.name, "lo-docx")] = target
        elif original in docx:
            docx_inputs.append((original, own / original.name))
    for fmt, kind in (("pdf", "lo-pdf"), ("txt:Text (encoded):UTF8", "lo-txt")):
        outdir = work / kind
        _soffice(
            soffice,
            profile,
            ["--convert-to", fmt, "--outdir", str(outdir), *(str(d) for _, d in docx_inputs)],
            work,
        )
        extension = fmt.split(":")[0]
        for original, made_from in docx_inputs:
            made = outdir / f"{made_from.stem}.{extension}"
            if made.exists():
                out.files[(original.name, kind)] = made


def word_html(documents: list[Path], folder: Path) -> list[Path]:
    """DOCX files saved as HTML by LibreOffice (a Word document published as a web page); none
    without LibreOffice."""
    soffice = find_soffice()
    if soffice is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    args = ["--convert-to", "html", "--outdir", str(folder), *(str(d) for d in documents)]
    _soffice(soffice, folder / "lo-profile", args, folder)
    made = [folder / f"{d.stem}.html" for d in documents]
    return [m for m in made if m.exists()]


def _chromium(originals: list[Path], folder: Path, out: Renders) -> None:
    """Every HTML original printed to PDF by headless Chromium, two at a time."""
    browser = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser")) if p is not None), None
    )
    if browser is None:
        out.missing["chromium"] = "Chromium is not installed"
        return
    work = folder / "chromium"
    work.mkdir()
    html = [p for p in originals if p.suffix.lower() in (".html", ".htm")]

    def one(index: int, original: Path) -> None:
        target = work / f"{index:02d}-{original.stem}.pdf"
        profile = work / f"profile-{index:02d}"
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            original.resolve().as_uri(),
        ]
        subprocess.run(command, check=False, capture_output=True, timeout=TIMEOUT)
        if target.exists() and target.stat().st_size > 0:
            out.files[(original.name, "chromium-pdf")] = target

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda item: one(*item), enumerate(html)))


def crawler_text(data: bytes) -> str:
    """The text content of a page as a crawler dumps it: every text node in document order,
    scripts and styles left out, whitespace runs collapsed to one space (cells run together)."""
    import lxml.html

    from disclosure_lint.loaders.html.decode import decode_html

    text = decode_html(data).text
    root = lxml.html.fromstring(text)
    for element in root.iter("script", "style", "noscript"):
        element.drop_tree()
    return re.sub(r"\s+", " ", root.text_content()).strip() + "\n"


def _crawler(originals: list[Path], folder: Path, out: Renders) -> None:
    work = folder / "crawler"
    work.mkdir()
    for index, original in enumerate(originals):
        if original.suffix.lower() not in (".html", ".htm"):
            continue
        target = work / f"{index:02d}-{original.stem}.txt"
        target.write_text(crawler_text(original.read_bytes()), encoding="utf-8")
        out.files[(original.name, "crawler-txt")] = target


def render_all(originals: list[Path], folder: Path) -> Renders:
    """Render every original every way, LibreOffice and Chromium at the same time."""
    folder.mkdir(parents=True, exist_ok=True)
    out = Renders(folder)
    jobs: list[Callable[[], None]] = [
        lambda: _libreoffice(originals, folder, out),
        lambda: _chromium(originals, folder, out),
        lambda: _crawler(originals, folder, out),
    ]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()
    return out
