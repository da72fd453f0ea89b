"""``domain/scanning.Scanner``: the matches of ``finditer``, found with a skip to the characters a
match can begin with (claims and activity patterns, issue 16).

The scanner replaces ``pattern.finditer``; these tests hold it to that definition: every claim and
activity pattern of the built-in rules over the prose of every report of tests/corpus, over the raw
text of its text files, and over random text made of the characters the patterns use.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.domain.numbers import NUMBER_PATTERN, NUMBER_START
from disclosure_lint.domain.prose import sections_prose
from disclosure_lint.domain.scanning import Scanner, first_class, required_literals
from disclosure_lint.kinds.claims import ClaimPlan, compile_pattern

from .conftest import CORPUS


def _signature(matches) -> list[tuple]:
    return [(m.span(), m.groups(), m.groupdict(), m.re.pattern) for m in matches]


def _rule_patterns(env) -> list[re.Pattern[str]]:
    """Every claim and activity pattern of the built-in rules, compiled as the kinds do."""
    found: dict[str, re.Pattern[str]] = {}
    for rule in env.rules:
        if rule.kind == "claims":
            for claim in rule.params["claims"]:
                for pattern in ClaimPlan.of(claim).patterns:
                    found[pattern.pattern] = pattern
        elif rule.kind == "activity":
            for key in ("activity", "statements"):
                for text in rule.params.get(key, []):
                    pattern = compile_pattern(text)
                    found[pattern.pattern] = pattern
    return list(found.values())


@pytest.fixture(scope="module")
def patterns(env) -> list[re.Pattern[str]]:
    found = _rule_patterns(env)
    assert len(found) > 30
    # most of them get the skip (a number, a category phrase or a look-behind first)
    assert sum(Scanner(p).skips for p in found) >= 10
    return found


@pytest.fixture(scope="module")
def texts(load) -> list[str]:
    """The section prose of every report of tests/corpus and the raw text of its text files."""
    found: list[str] = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix not in {".txt", ".md", ".html", ".pdf"}:
            continue
        try:
            report = load(path)
        except Exception:  # pragma: no cover - a file no loader reads
            continue
        found.extend(prose.text for _, prose in sections_prose(report))
        if path.suffix in {".txt", ".md"}:
            found.append(path.read_text(encoding="utf-8"))
    assert sum(len(text) for text in found) > 100_000
    return found


def test_the_scanner_finds_what_finditer_finds_in_real_reports(patterns, texts) -> None:
    matched = 0
    for pattern in patterns:
        scan = Scanner(pattern)
        for text in texts:
            expected = _signature(pattern.finditer(text))
            assert _signature(scan.finditer(text)) == expected, pattern.pattern
            matched += len(expected)
    assert matched > 200


def _alphabet(patterns: list[re.Pattern[str]]) -> list[str]:
    """The characters the patterns name, with digits, spaces and punctuation."""
    chars = set("0123456789０１２ ，,。；、\n（）%.")
    for pattern in patterns:
        chars.update(ch for ch in pattern.pattern if ord(ch) > 0x2E80)
    return sorted(chars)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_scanner_finds_what_finditer_finds_in_random_text(env, data) -> None:
    patterns = _rule_patterns(env)
    alphabet = _alphabet(patterns)
    # words of the patterns, so that random text holds whole phrases and numbers too
    words = [w for p in patterns for w in re.findall(r"[\u4e00-\u9fff]{2,}", p.pattern)]
    piece = st.one_of(st.sampled_from(alphabet), st.sampled_from(words))
    text = "".join(data.draw(st.lists(piece, max_size=60)))
    for pattern in patterns:
        assert _signature(Scanner(pattern).finditer(text)) == _signature(pattern.finditer(text))


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?<![、和])诉讼\d+件", "行政诉讼2件，和诉讼3件、诉讼4件"),
        (r"(?<=审)查\d", "审查1 查2 审查3"),
        (r"\b\d+件", "a1件 12件 x3件"),
        (r"^\d+件", "1件\n2件"),
        (r"(?m)^\d+件", "1件\n2件"),
        (r"\A\d", "12"),
        (rf"(?P<n>{NUMBER_START}{NUMBER_PATTERN})\s*件", "2023年办结一千二百件，约500件以上"),
        (r"(?:ab|a)(?:c)?", "abcaac"),
        (r"[^x]y", "ay xy"),
        (r"(a)\1", "aa a"),
        (r"(?:x?)+y", "xxy y"),
        (r"(?i)ab", "AB ab"),
    ],
)
def test_the_scanner_agrees_on_anchors_lookarounds_and_untold_starts(pattern, text) -> None:
    compiled = re.compile(pattern)
    assert _signature(Scanner(compiled).finditer(text)) == _signature(compiled.finditer(text))


def test_first_characters_are_told_only_when_they_can_be() -> None:
    assert first_class(re.compile(r"(?<!x)(?:ab|c\d)")) == "[\\U00000061\\U00000063]"
    assert first_class(re.compile(r"(?:a?)\d")) is not None  # a, or a digit
    assert first_class(re.compile(r"a?")) is None  # may match empty
    assert first_class(re.compile(r".a")) is None
    assert first_class(re.compile(r"[^a]b")) is None
    assert first_class(re.compile(r"(a)\1")) is not None
    assert first_class(re.compile(r"(?i)ab")) is None
    # a pattern the engine already skips for (a literal first) is scanned the plain way
    assert not Scanner(re.compile(r"abc\d")).skips
    assert not Scanner(re.compile(r"(?:新收|受理)申请")).skips
    assert Scanner(re.compile(rf"(?P<n>{NUMBER_START}{NUMBER_PATTERN})件")).skips


def test_a_parser_it_does_not_know_leaves_plain_finditer(monkeypatch) -> None:
    """Another Python's private parser (here: one that fails on every pattern) makes the
    scanner plain ``finditer``, never a rule that crashes."""
    from disclosure_lint.domain import scanning

    def unknown(pattern):
        raise AttributeError("no such opcode")

    monkeypatch.setattr(scanning, "_engine_skips_for", unknown)
    pattern = re.compile(r"(?:共|全年)?\d+件")
    scan = Scanner(pattern)
    assert not scan.skips
    text = "全年共受理申请 749 件，其中12件已办结，共3件"
    assert [m.span() for m in scan.finditer(text)] == [m.span() for m in pattern.finditer(text)]


def test_the_strings_a_match_must_contain() -> None:
    def needs(pattern: str) -> tuple[tuple[str, ...], ...]:
        return required_literals(re.compile(pattern))

    assert needs(r"(?:行政复议|复议)(?:和|、|及|与)(?:行政诉讼|诉讼)") == (("复议",), ("诉讼",))
    assert needs(r"a(?=b)bc") == (("abc",),)  # a look-ahead consumes nothing
    assert needs(r"(?:ab|a)(?:c)?") == (("a",),)
    assert needs(r"(ab)+c?") == (("ab",),)
    assert needs(r"(?:ab)*c") == (("c",),)  # an optional repeat needs nothing
    assert needs(r"\d+件") == (("件",),)
    assert needs(r"(?:甲乙|丙)x|y") == (("y", "丙", "甲乙"),)  # one of each alternative
    assert needs(r"(?:甲乙|丙)x|y?") == ()  # an alternative that needs nothing
    assert needs(r"(?i)ab") == ()
    assert needs(r"x(?i:ab)") == ()
    assert needs(r"[ab]c?") == ()


def test_every_match_holds_the_strings_it_must(patterns, texts) -> None:
    """The definition itself, over real reports: every condition is met inside every match."""
    checked = 0
    for pattern in patterns:
        needs = required_literals(pattern)
        for text in texts:
            for match in pattern.finditer(text):
                found = match.group()
                assert all(any(s in found for s in need) for need in needs), pattern.pattern
                checked += len(needs)
    assert checked > 200


_ATOMS = ["a", "b", "c", "ab", "ba", "\\d", "[ab]", "."]


def _random_pattern(draw, depth: int = 0) -> str:
    """A small regular expression over a, b, c and digits: literals, classes, groups,
    alternations, repeats and look-arounds."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.integers(0, 5 if depth < 2 else 0))
        if kind == 0:
            parts.append(draw(st.sampled_from(_ATOMS)))
        elif kind == 1:
            count = draw(st.integers(2, 3))
            alternatives = [_random_pattern(draw, depth + 1) for _ in range(count)]
            parts.append("(?:" + "|".join(alternatives) + ")")
        elif kind == 2:
            inner = _random_pattern(draw, depth + 1)
            parts.append(f"(?:{inner})" + draw(st.sampled_from(["?", "*", "+", "{2}", "{0,2}"])))
        elif kind == 3:
            parts.append("(" + _random_pattern(draw, depth + 1) + ")")
        elif kind == 4:
            look = draw(st.sampled_from(["(?=", "(?!", "(?<=", "(?<!"]))
            parts.append(look + draw(st.sampled_from(["a", "b", "ab", "\\d"])) + ")")
        else:
            parts.append(draw(st.sampled_from(["\\b", "^", "$"])))
    return "".join(parts)


@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_the_scanner_finds_what_finditer_finds_for_random_patterns(data) -> None:
    pattern = re.compile(_random_pattern(data.draw))
    scan = Scanner(pattern)
    for _ in range(5):
        text = data.draw(st.text(alphabet="abc1 ", max_size=30))
        assert _signature(scan.finditer(text)) == _signature(pattern.finditer(text)), (
            pattern.pattern
        )
