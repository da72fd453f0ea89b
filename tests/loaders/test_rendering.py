"""The rendering invariant: a report gives the same cells whichever way it was republished.

Every HTML and DOCX report of ``tests/corpus`` (and the converted fixtures of r013) is rendered
the ways reports are republished (see :mod:`.rendered`): printed to PDF by LibreOffice (HTML →
DOCX → PDF, DOCX → PDF) and by Chromium, exported to text by LibreOffice, dumped as text by a
crawler. Each render is loaded and compared with the original, cell by cell:

- never another number: every cell a render reads equals the original's (value and reason);
- a cell a render cannot read is missing (not assessable) and a finding names it, its row or its
  table;
- PDFs, and the Word file LibreOffice makes of a web page, read at least 99% of the cells the
  original reads, and raise no error-level finding the original does not (a row or table reported
  missing, a title taken from site navigation), and have the original's title.

A report added to ``tests/corpus`` is covered by this test without further work. The official
WPS template filled with seeded numbers (:mod:`.filled`; a DOCX and the web page LibreOffice
saves of it) adds numbers that wrap in narrow cells and run over a page break.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from disclosure_lint.core.findings import Outcome, Severity
from disclosure_lint.core.model import Report
from disclosure_lint.core.values import ValueReason

from ..conftest import CORPUS
from .expected import CONVERTED, EXPECTED, cell_mismatches, expected_cells
from .filled import fill_template
from .rendered import DOCUMENT_RENDERS, Renders, render_all, renders_of, word_html

ORIGINALS = [
    *sorted(CORPUS.glob("*.html")),
    *sorted(CORPUS.glob("*.docx")),
    *sorted(CONVERTED.glob("*.html")),
    *sorted(CONVERTED.glob("*.docx")),
]
#: the seed of the filled template (its numbers wrap, one of them over a page break), and the
#: originals made of it in the session: the DOCX and the web page LibreOffice saves of it
FILLED_SEED = 1
FILLED = [Path(f"filled-{FILLED_SEED}.docx"), Path(f"filled-{FILLED_SEED}.html")]
CASES = [(original, kind) for original in ORIGINALS + FILLED for kind in renders_of(original)]

#: least share of the original's read cells a Word or PDF render must read
COVERAGE = 0.99

#: renders that cannot show the report, with the reason: their cells are not required, only that
#: none is read as another number
NOT_THE_REPORT = {
    ("r013-gbk.html", "lo-pdf"): "LibreOffice's HTML import assumes UTF-8 for a page that does not "
    "declare its charset; the GBK bytes become mojibake, so the render holds no report text",
    ("r013-gbk.html", "lo-txt"): "as lo-pdf: LibreOffice reads the undeclared GBK page as mojibake",
    ("r013-gbk.html", "lo-docx"): "as lo-pdf: the Word file holds the mojibake",
}

#: text renders whose false errors belong to the text half of issue 13 (crawler text with cells
#: run together, Word text with one cell per line); the checks of this module name them
TEXT_KINDS = ("lo-txt", "crawler-txt")

#: programs a render kind needs, and the variable that makes a missing program a failure
NEEDS = {
    "lo-docx": ("soffice", "DISCLOSURE_LINT_REQUIRE_SOFFICE"),
    "lo-pdf": ("soffice", "DISCLOSURE_LINT_REQUIRE_SOFFICE"),
    "lo-txt": ("soffice", "DISCLOSURE_LINT_REQUIRE_SOFFICE"),
    "chromium-pdf": ("chromium", "DISCLOSURE_LINT_REQUIRE_CHROMIUM"),
}


@pytest.fixture(scope="session")
def filled(tmp_path_factory) -> tuple[dict[str, Path], dict[tuple[str, str, str], str]]:
    """The filled template as DOCX and as LibreOffice's web page of it, and its numbers."""
    folder = tmp_path_factory.mktemp("filled")
    document = folder / FILLED[0].name
    values = fill_template(document, FILLED_SEED)
    made = {document.name: document}
    made.update((page.name, page) for page in word_html([document], folder / "html"))
    return made, values


@pytest.fixture(scope="session")
def sources(filled) -> dict[str, Path]:
    """Every original by name: the corpus's and the filled template's."""
    return {**{path.name: path for path in ORIGINALS}, **filled[0]}


@pytest.fixture(scope="session")
def renders(tmp_path_factory, sources) -> Renders:
    """Every original rendered every way, once per test session."""
    return render_all(list(sources.values()), tmp_path_factory.mktemp("renders"))


@pytest.fixture(scope="session")
def originals(load, sources) -> dict[str, Report]:
    return {name: load(path) for name, path in sources.items()}


def _original(originals: dict[str, Report], original: Path) -> Report:
    """The loaded original, or skip when it could not be made (LibreOffice missing)."""
    if original.name not in originals:
        if os.environ.get("DISCLOSURE_LINT_REQUIRE_SOFFICE"):
            pytest.fail(f"LibreOffice made no {original.name}")
        pytest.skip(f"{original.name} is made by LibreOffice, which is not installed")
    return originals[original.name]


def _render(renders: Renders, original: Path, kind: str) -> Path:
    """The render of ``original``, or skip (fail where CI requires the program)."""
    found = renders.get(original, kind)
    if found is not None:
        return found
    program, variable = NEEDS.get(kind, ("", ""))
    if program and program in renders.missing:
        if os.environ.get(variable):
            pytest.fail(f"{variable} is set but {renders.missing[program]}")
        pytest.skip(renders.missing[program])
    pytest.fail(f"{program or 'the renderer'} made no {kind} render of {original.name}")


def _cells(report: Report) -> dict[tuple[str, str, str], object]:
    return {
        (table.key, cell.row, cell.column): cell
        for table in report.tables.values()
        for cell in table.cells.values()
    }


def _errors(check, report: Report) -> set[tuple[str, str | None, str | None, str | None]]:
    """Error-level findings that fail (not "not assessable"), by code and semantic place."""
    return {
        (f.code, f.location.table, f.location.row, f.location.column)
        for f in check(report)
        if f.severity is Severity.ERROR and f.outcome is Outcome.FAIL
    }


def _compare(original: Report, render: Report) -> tuple[int, int, list[str], list[tuple]]:
    """Cells the original reads, how many the render reads the same, wrong and unread ones."""
    mine, theirs = _cells(original), _cells(render)
    read = {k: c for k, c in mine.items() if c.reason is not ValueReason.MISSING}
    same, wrong, unread = 0, [], []
    for key, cell in read.items():
        other = theirs.get(key)
        if other is None or other.reason is ValueReason.MISSING:
            unread.append(key)
        elif (other.value, other.reason) == (cell.value, cell.reason):
            same += 1
        else:
            wrong.append(f"{key}: {cell.raw!r} read as {other.raw!r}")
    return len(read), same, wrong, unread


def _announced(report: Report, key: tuple[str, str, str]) -> bool:
    """A finding of the loader names the cell, its row or its table."""
    table, row, column = key
    for issue in report.issues:
        where = issue.location
        if where.table != table:
            continue
        if where.row is None or (where.row == row and where.column in (None, column)):
            return True
        if where.row is not None and row.startswith(where.row + "."):
            return True  # a group row (2019 layout in a 2021 report)
    return False


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: p.name)
def test_originals_read_as_their_expected_cells(originals, original) -> None:
    """The originals themselves read as typed by hand (every original has its expected cells)."""
    name = original.stem.removesuffix(".page")  # a report's published page: its own cells
    if original.parent == CONVERTED:
        name = "r013"  # the conversions of r013
    assert (EXPECTED / f"{name}.json").exists(), f"no expected cells for {original.name}"
    page = original.stem.endswith(".page")
    assert cell_mismatches(originals[original.name], expected_cells(name, page)) == []


@pytest.mark.parametrize("original", FILLED, ids=lambda p: p.name)
def test_filled_template_reads_its_numbers(filled, originals, original) -> None:
    """The filled template, as DOCX and as web page, reads every number put in it."""
    cells = _cells(_original(originals, original))
    wrong = [
        (key, raw, getattr(cells.get(key), "raw", None))
        for key, raw in filled[1].items()
        if getattr(cells.get(key), "raw", None) != raw
    ]
    assert wrong == []


@pytest.mark.parametrize(("original", "kind"), CASES, ids=lambda v: getattr(v, "name", v))
def test_render_never_reads_another_number(load, renders, originals, original, kind) -> None:
    source = _original(originals, original)
    render = load(_render(renders, original, kind))
    _, _, wrong, unread = _compare(source, render)
    assert wrong == [], f"{kind} of {original.name}: {wrong[:10]}"
    if (original.name, kind) in NOT_THE_REPORT:
        return
    silent = [key for key in unread if not _announced(render, key)]
    assert silent == [], f"{kind} of {original.name}: cells unread without a finding {silent[:10]}"


@pytest.mark.parametrize(
    ("original", "kind"),
    [(o, k) for o, k in CASES if k in DOCUMENT_RENDERS],
    ids=lambda v: getattr(v, "name", v),
)
def test_document_render_reads_the_cells_without_false_errors(
    load, check, renders, originals, original, kind
) -> None:
    source = _original(originals, original)
    render = load(_render(renders, original, kind))
    total, same, _, unread = _compare(source, render)
    reason = NOT_THE_REPORT.get((original.name, kind))
    if reason is not None:
        assert same == 0, f"{kind} of {original.name} was expected to hold no report text"
        return
    assert same >= COVERAGE * total, (
        f"{kind} of {original.name}: {same}/{total} cells read; unread {unread[:12]}"
    )
    new = _errors(check, render) - _errors(check, source)
    assert new == set(), f"{kind} of {original.name}: errors the original does not have {new}"
    assert render.metadata.title == source.metadata.title, (
        f"{kind} of {original.name}: title {render.metadata.title!r}"
    )


#: text renders that still raise errors the original does not have, and why (strict: a case
#: that starts passing fails the run, so the list only shrinks)
TEXT_GAPS: dict[tuple[str, str], str] = {}


def _text_case(original: Path, kind: str) -> Any:
    gap = TEXT_GAPS.get((original.name, kind))
    marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
    return pytest.param(original, kind, marks=marks)


@pytest.mark.parametrize(
    ("original", "kind"),
    [_text_case(o, k) for o, k in CASES if k in TEXT_KINDS],
    ids=lambda v: getattr(v, "name", v),
)
def test_text_render_raises_no_false_error(load, check, renders, originals, original, kind):
    source = _original(originals, original)
    render = load(_render(renders, original, kind))
    if (original.name, kind) in NOT_THE_REPORT:
        return
    new = _errors(check, render) - _errors(check, source)
    assert new == set(), f"{kind} of {original.name}: errors the original does not have {new}"
