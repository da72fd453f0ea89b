"""Shortcuts of the rule engine (issue 16) held to the definitions they replace: the first-character
tests of the prose joiner, the one-pass counts of specificity, and not-assessable findings whose
message, location and cells are filled in only when kept."""

from __future__ import annotations

import pickle
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.core.engine import Engine
from disclosure_lint.core.findings import Outcome
from disclosure_lint.domain import prose
from disclosure_lint.kinds import boilerplate

from .conftest import CORPUS, SEED

#: endings that let each alternative of the paragraph-start pattern match after a first character
_ENDINGS = ["、", "是", "部分", "）", ")", ".", "1、", "一、", "一是", "1)", "十）", " 1、"]


def _characters() -> list[str]:
    return [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF]


def test_a_paragraph_starts_only_with_the_characters_the_shortcut_lets_through() -> None:
    pattern = prose._STARTS_PARAGRAPH
    for char in _characters():
        if char.isspace():
            continue  # lines are stripped before the test
        for ending in _ENDINGS:
            line = char + ending
            assert prose._starts_paragraph(line) == (pattern.match(line) is not None), line


def test_decimal_digits_and_spaces_are_what_the_regex_engine_takes_them_for() -> None:
    digit, space = re.compile(r"\d"), re.compile(r"\s")
    for char in _characters():
        assert (digit.match(char) is not None) == char.isdecimal(), hex(ord(char))
        assert (space.match(char) is not None) == char.isspace(), hex(ord(char))


def test_a_page_footer_begins_with_a_dash_once_stripped() -> None:
    for char in _characters():
        line = f"{char}3 —".strip()
        if line and prose._PAGE_FOOTER.match(line):
            assert line[0] in prose._FOOTER_FIRST


@pytest.mark.parametrize("pattern", ["_DATE", "_DOCUMENT", "_NAMED"])
def test_the_specificity_patterns_match_nothing_empty(pattern: str) -> None:
    # subn counts what findall lists as long as no match is empty
    assert getattr(boilerplate, pattern).match("") is None
    assert getattr(boilerplate, pattern).fullmatch("x") is None


def _specificity_by_findall(text: str) -> dict[str, int]:
    """The definition: each pattern's matches listed, then blanked out."""
    dates = boilerplate._DATE.findall(text)
    rest = boilerplate._DATE.sub(" ", text)
    documents = boilerplate._DOCUMENT.findall(rest)
    rest = boilerplate._DOCUMENT.sub(" ", rest)
    named = boilerplate._NAMED.findall(rest)
    rest = boilerplate._NAMED.sub(" ", rest)
    rest = boilerplate._CHINESE_ORDINAL.sub(" ", rest)
    return {
        "numbers": len(boilerplate._NUMBER.findall(rest)),
        "dates": len(dates),
        "documents": len(documents),
        "named": len(named),
        "chars": len("".join(text.split())),
    }


def test_specificity_counts_agree_with_findall_on_real_text() -> None:
    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
        for part in path.read_text(encoding="utf-8").split("\n\n"):
            assert boilerplate.specificity_counts(part) == _specificity_by_findall(part)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*'2023年12月1日《条例》〔2024〕5号“公开”一是三件 \n"', "[2020]3号"]),
        max_size=40,
    ).map("".join)
)
def test_specificity_counts_agree_with_findall_on_random_text(text: str) -> None:
    assert boilerplate.specificity_counts(text) == _specificity_by_findall(text)


#: reports with relations blocked by blanks (n01, w03) or by rows split assuming them (r006)
REPORTS = [
    SEED,
    CORPUS / "n01_pingtan_gonganju_2019.txt",
    CORPUS / "r006.txt",
    CORPUS / "w03_haitan_2023.html",
]


def test_every_finding_the_engine_returns_is_finished(env, load) -> None:
    for keep in (False, True):
        engine = Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)
        engine.show_not_assessable = keep
        seen = 0
        for path in REPORTS:
            for finding in engine.check(load(path)):
                assert finding.complete is None
                assert finding.messages.get("zh") and finding.messages.get("en")
                rule = env.rules.get(finding.code)
                if finding.outcome is Outcome.NOT_ASSESSABLE and rule.kind == "sum":
                    seen += 1
                    assert finding.location.table
                    assert finding.cells
        if keep:
            assert seen > 0  # the not-assessable relations are listed, filled in


def test_a_not_assessable_finding_is_filled_in_once(env, load) -> None:
    engine = Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)
    engine.show_not_assessable = True
    report = load(CORPUS / "w03_haitan_2023.html")
    made = [f for f in engine.check(report) if f.outcome is Outcome.NOT_ASSESSABLE and f.blocked_by]
    assert made
    finding = made[0]
    before = (dict(finding.messages), finding.location, finding.cells)
    assert finding.finish() is finding
    assert (finding.messages, finding.location, finding.cells) == before


def test_a_cell_ref_made_at_once_is_the_one_the_constructor_makes(load) -> None:
    from dataclasses import fields

    from disclosure_lint.core.findings import CellRef
    from disclosure_lint.core.model import Location

    assert [f.name for f in fields(CellRef)] == ["location", "raw", "value", "reason"]
    cells = [
        cell
        for path in REPORTS
        for table in load(path).tables.values()
        for cell in table.cells.values()
    ]
    assert len(cells) > 500
    for cell in cells:
        made = CellRef.of(cell, "表三")
        where = Location(
            table=cell.table,
            table_name="表三",
            row=cell.row,
            row_labels=cell.row_labels,
            column=cell.column,
            column_labels=cell.column_labels,
            source=cell.location,
        )  # the constructor, which Location.of_cell and CellRef.of write out
        assert list(vars(Location.of_cell(cell, "表三")).items()) == list(vars(where).items())
        expected = CellRef(where, cell.raw, cell.value, cell.reason)
        assert made == expected
        assert list(vars(made).items()) == list(vars(expected).items())
        assert list(vars(made.location).items()) == list(vars(expected.location).items())
        assert pickle.dumps(made) == pickle.dumps(expected)
        assert hash(made) == hash(expected) and repr(made) == repr(expected)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"2023年12月1日一二三是件 多\n", "十五个", "3.5"]), max_size=40))
def test_blanking_by_scanner_is_subn(pieces: list[str]) -> None:
    text = "".join(pieces)
    for scanner in (boilerplate._DATE_SCAN, boilerplate._ORDINAL_SCAN, boilerplate._NUMBER_SCAN):
        assert boilerplate._blanked(scanner, text) == scanner.pattern.subn(" ", text)
