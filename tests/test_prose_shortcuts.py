"""Shortcuts of :mod:`disclosure_lint.domain.prose` and :mod:`~disclosure_lint.domain.subjects`
(issue 16) held to the definitions they replace: sentence and clause bounds found from the
offsets of the stops (one regex pass per text) against the character-by-character walk of
``prose._bounds``; prose joined from plain parts against prose joined from :class:`Piece`
objects; the category names of a text found trying only the categories that can begin with the
character there, against trying every category."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.core.model import Report
from disclosure_lint.domain import prose, subjects
from disclosure_lint.domain.prose import Piece, Prose, sections_prose
from disclosure_lint.domain.subjects import Term

from .conftest import CORPUS

_ALPHABET = "办结申请件12。！？!?；;，,\n "


def _corpus_reports(load) -> Iterator[Report]:
    """The text, Markdown and HTML reports of the shared corpus, loaded."""
    for path in sorted(CORPUS.iterdir())[:40]:
        if path.suffix in {".txt", ".md", ".html"}:
            yield load(path)


def _outcome(find, *args) -> object:
    """What ``find(*args)`` gives, or the type of what it raises (an offset past the text)."""
    try:
        return find(*args)
    except IndexError as exc:
        return type(exc)


def _agree(joined: Prose, start: int, end: int | None) -> None:
    stop = start if end is None else end
    for bounds, stops in (
        (joined.sentence, prose._SENTENCE_END),
        (joined.clause, prose._CLAUSE_END),
    ):
        walked = _outcome(prose._bounds, joined.text, start, stop, stops)
        assert _outcome(bounds, start, end) == walked, (joined.text, start, end, stops)


@settings(max_examples=400, deadline=None)
@given(
    lines=st.lists(st.text(alphabet=_ALPHABET, max_size=25), max_size=6),
    start=st.integers(-2, 160),
    width=st.one_of(st.none(), st.integers(-3, 40)),
)
def test_bounds_from_stop_offsets_are_the_walked_bounds(lines, start, width) -> None:
    joined = Prose([Piece(line, n) for n, line in enumerate(lines, 1)], "x.txt")
    end = None if width is None else start + width
    _agree(joined, start, end)
    _agree(joined, start, end)  # again, from the offsets found the first time


def test_bounds_agree_at_every_offset_of_real_reports(load) -> None:
    checked = 0
    for report in _corpus_reports(load):
        for _, joined in sections_prose(report):
            size = len(joined.text)
            for start in range(0, size + 1, 7):
                _agree(joined, start, None)
                _agree(joined, start, min(start + 11, size))
                checked += 1
    assert checked > 1000


def _state(joined: Prose) -> tuple:
    return (joined.file, joined.text, joined._starts, joined._lines, joined._locations)


def _section_by_pieces(report, section) -> Prose:
    """How a section was joined before :meth:`Prose.of_parts`: a :class:`Piece` per line."""
    paragraphs = section.text.split("\n")
    lines = prose.paragraph_lines(report, section)
    known = section.known_paragraphs
    return Prose(
        (
            Piece(text, line, known[index] if known is not None else None)
            for index, (text, line) in enumerate(zip(paragraphs, lines, strict=True))
        ),
        report.source,
    )


def test_prose_of_parts_is_prose_of_pieces(load) -> None:
    """The sections and the lines of a document joined from (text, line, location) parts, as
    the rules do, are what joining the same :class:`Piece` objects gives."""
    compared = 0
    for report in _corpus_reports(load):
        for section in report.sections:
            assert _state(prose._section_prose(report, section)) == _state(
                _section_by_pieces(report, section)
            )
            compared += 1
        if report.lines is not None:
            pieces = [Piece(text, number) for number, text in enumerate(report.lines, start=1)]
            assert _state(prose._document_prose(report)) == _state(Prose(pieces, report.source))
            compared += 1
    assert compared > 50


def _terms_by_every_pattern(text: str, start: int = 0, end: int | None = None) -> list[Term]:
    """The definition of :func:`terms_in`: every category's pattern tried at each name found."""
    stop = len(text) if end is None else end
    found: list[Term] = []
    position = start
    while position < stop:
        match = subjects._any_re().search(text, position, stop)
        if match is None:
            break
        at = match.start()
        best = Term("", at, at)
        for key, pattern in subjects._each_re():
            own = pattern.match(text, at, stop)
            if own is not None and own.end() > best.end:
                best = Term(key, at, own.end())
        if not best.key:
            position = at + 1
            continue
        found.append(best)
        position = best.end
    return found


def _subject_words() -> list[str]:
    return sorted({w for s in subjects.SUBJECTS for w in re.findall(r"[\u4e00-\u9fff]+", s.terms)})


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_terms_tried_by_first_character_are_the_terms_of_every_pattern(data) -> None:
    piece = st.one_of(
        st.sampled_from(_subject_words()), st.text(alphabet="的了及和、，12 ", max_size=3)
    )
    text = "".join(data.draw(st.lists(piece, max_size=12)))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.one_of(st.none(), st.integers(start, len(text))))
    assert subjects.terms_in(text, start, end) == _terms_by_every_pattern(text, start, end)


def test_terms_agree_over_real_reports(load) -> None:
    compared = 0
    for report in _corpus_reports(load):
        for _, joined in sections_prose(report):
            assert subjects.terms_in(joined.text) == _terms_by_every_pattern(joined.text)
            compared += 1
    assert compared > 50


def _counts_by_walking(text: str, lo: int, hi: int, clause_stops: str) -> list:
    """The definition of :func:`counts_in`: each count's clause walked a character at a time."""
    found = []
    for match in subjects._COUNT.finditer(text, lo, hi):
        number = re.match(subjects.NUMBER_PATTERN, match.group())
        if number is None:
            continue
        quantity = subjects.parse_quantity(number.group())
        if quantity is None or quantity.percent:
            continue
        n_start, n_end = match.start(), match.start() + number.end()
        c_lo = n_start
        while c_lo > lo and text[c_lo - 1] not in clause_stops:
            c_lo -= 1
        c_hi = match.end()
        while c_hi < hi and text[c_hi] not in clause_stops:
            c_hi += 1
        subject = subjects.subject_of(text, n_start, n_end, c_lo, c_hi)
        found.append(subjects.Count(n_start, n_end, quantity, subject))
    return found


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_counts_found_by_searching_are_the_counts_found_by_walking(data) -> None:
    words = [
        *_subject_words(),
        "件",
        "12件",
        "3 件",
        "一千件",
        "第2件",
        "，",
        "；",
        "。",
        "\n",
        "其中",
    ]
    text = "".join(data.draw(st.lists(st.sampled_from(words), max_size=14)))
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    stops = data.draw(st.sampled_from(["，,；;。\n", "。\n", "，", ""]))
    assert subjects.counts_in(text, lo, hi, stops) == _counts_by_walking(text, lo, hi, stops)
