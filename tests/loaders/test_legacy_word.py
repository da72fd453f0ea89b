"""Legacy .doc/.wps through the real LibreOffice, and the findings when it cannot be used.

Tests that convert need ``soffice``. They are skipped when it is missing, unless the environment
variable ``DISCLOSURE_LINT_REQUIRE_SOFFICE`` is set (as in CI, which installs LibreOffice): then
a missing ``soffice`` fails them.
"""

from __future__ import annotations

import os

import pytest

from disclosure_lint.core.inputs import InputSource, LoadContext
from disclosure_lint.core.results import FileStatus
from disclosure_lint.core.runner import Runner
from disclosure_lint.loaders.legacy_word import INSTALL_HINT, TIMEOUT_ENV, find_soffice

from ..conftest import CORPUS
from .expected import CONVERTED, cell_mismatches, expected_cells

R013_DOC = CONVERTED / "r013.doc"
REQUIRE = bool(os.environ.get("DISCLOSURE_LINT_REQUIRE_SOFFICE"))

needs_soffice = pytest.mark.skipif(
    find_soffice() is None and not REQUIRE,
    reason="LibreOffice (soffice) is not installed; set DISCLOSURE_LINT_REQUIRE_SOFFICE to fail",
)


def run(env, engine, data: bytes, name: str):
    return Runner(env, engine).check_source(
        InputSource.from_bytes(data, name), LoadContext(env.formats)
    )


@needs_soffice
def test_soffice_is_available_when_required() -> None:
    assert find_soffice() is not None, (
        "DISCLOSURE_LINT_REQUIRE_SOFFICE is set but soffice is missing"
    )


@needs_soffice
def test_every_cell_of_r013_doc_matches_the_expected_file(load) -> None:
    report = load(R013_DOC)
    assert report.loader == "legacy-word"
    assert [i.code for i in report.issues] == ["DL918"]
    assert cell_mismatches(report, expected_cells("r013")) == []
    assert len(report.sections) == 6
    location = report.tables["table3"].cell("new", "natural").location
    assert (location.table_index, location.row_index, location.col_index) == (1, 3, 3)


@needs_soffice
def test_wps_name_is_converted_too(load) -> None:
    report = load(R013_DOC.read_bytes(), "report.wps")
    assert cell_mismatches(report, expected_cells("r013")) == []


@needs_soffice
def test_legacy_word_named_docx_is_converted(load) -> None:
    report = load(R013_DOC.read_bytes(), "report.docx")
    assert [i.code for i in report.issues] == ["DL919", "DL918"]
    assert cell_mismatches(report, expected_cells("r013")) == []


@needs_soffice
def test_conversion_that_takes_too_long_is_stopped(env, engine, monkeypatch) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "0.05")
    result = run(env, engine, R013_DOC.read_bytes(), "slow.doc")
    assert result.status is FileStatus.UNREADABLE
    assert [f.code for f in result.findings] == ["DL917"]
    assert "0.05 seconds" in result.findings[0].message("en")


def test_missing_libreoffice_names_the_program_and_the_install_command(
    env, engine, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no soffice, no libreoffice
    assert find_soffice() is None
    result = run(env, engine, R013_DOC.read_bytes(), "report.doc")
    assert result.status is FileStatus.UNREADABLE
    assert [f.code for f in result.findings] == ["DL910"]
    for lang in ("zh", "en"):
        message = result.findings[0].message(lang)
        assert "soffice" in message and INSTALL_HINT in message


def test_web_page_saved_as_doc_is_read_as_html(load) -> None:
    report = load((CORPUS / "r013.html").read_bytes(), "report.doc")
    assert report.loader == "html"
    assert [i.code for i in report.issues] == ["DL919"]
    assert cell_mismatches(report, expected_cells("r013")) == []


def test_docx_saved_as_doc_is_read_as_docx(load) -> None:
    report = load((CONVERTED / "r013.docx").read_bytes(), "report.doc")
    assert report.loader == "docx"
    assert [i.code for i in report.issues] == ["DL919"]
    assert cell_mismatches(report, expected_cells("r013")) == []


def test_plain_text_saved_as_doc_is_read_as_text(load) -> None:
    seed = (CORPUS / "yinzhou-gongren-2019.txt").read_bytes()
    report = load(seed, "report.doc")
    assert report.loader == "text"
    assert [i.code for i in report.issues] == ["DL919"]
    assert sum(len(t.cells) for t in report.tables.values()) == 22 + 161 + 15


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\0" * 504
            + "EncryptionInfo".encode("utf-16-le"),
            "DL913",
        ),
        (bytes(range(256)) * 20, "DL911"),
        (b"", "DL905"),
    ],
    ids=["encrypted", "binary-garbage", "empty"],
)
def test_unreadable_legacy_files(env, engine, data, code) -> None:
    result = run(env, engine, data, "report.doc")
    assert result.status is FileStatus.UNREADABLE
    assert [f.code for f in result.findings] == [code]


def test_legacy_extensions_are_claimed(env) -> None:
    assert ".doc" in env.extensions and ".wps" in env.extensions
