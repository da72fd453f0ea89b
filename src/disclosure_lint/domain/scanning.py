"""Faster ``finditer`` for patterns whose matches can only begin with a few characters.

Python's regular expression engine skips quickly to the possible starts of a match only when a
pattern begins with a literal, a character class or an alternation of literals. A claim pattern
that begins with a number (``{N}``, which starts with a lookahead), a category phrase (``{S}``,
alternatives that begin with groups) or a lookbehind gets no such skip: the engine enters the
pattern at every position of a section. :class:`Scanner` works out the set of characters a match
can begin with (from the parsed pattern) and searches with a pattern that begins with that class
and then asserts, looking back one character, that the original pattern matches there::

    [F](?<=(?=PATTERN)[F])

The engine skips in C to the next character of ``F`` and tries ``PATTERN`` only there. At each
position found, ``PATTERN.match`` gives the very match object ``finditer`` would (same start,
same backtracking; look-behinds and ``\\b`` see the text before the position, ``^`` and ``\\A``
only the real start of the text). When the first characters cannot be told (a pattern that may
match empty, begins with ``.`` or a negated class, uses a back-reference or ignores case) or the
combined pattern does not compile, the scanner is plain ``finditer``.

Most patterns cannot match most texts at all: a claim about 行政复议 in a section that never
says 复议. A scanner also works out, from the parsed pattern, the literal strings a match must
contain (:func:`required_literals`: a run of literal characters the match passes through, or one
of the strings each alternative of an alternation requires) and finds nothing, without entering
the regular expression engine, in a text that lacks one of them (``str.__contains__``, in C).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

try:  # the parser of the standard ``re`` module (private, hence the guard)
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - other Pythons: the scanner is plain finditer
    _sre = _sre_parse = None  # type: ignore[assignment]

_CATEGORIES: dict[Any, str] = {}
if _sre is not None:
    try:
        _CATEGORIES = {
            _sre.CATEGORY_DIGIT: r"\d",
            _sre.CATEGORY_NOT_DIGIT: r"\D",
            _sre.CATEGORY_SPACE: r"\s",
            _sre.CATEGORY_NOT_SPACE: r"\S",
            _sre.CATEGORY_WORD: r"\w",
            _sre.CATEGORY_NOT_WORD: r"\W",
        }
    except AttributeError:  # pragma: no cover - another Python's parser: plain finditer
        _sre = _sre_parse = None  # type: ignore[assignment]


class _Unknown(Exception):
    """The first characters of a part of the pattern cannot be told."""


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _class_items(items: list[tuple[Any, Any]]) -> list[str]:
    """A character class's items (the parser's ``IN`` list) as class syntax."""
    out: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            out.append(_char(av))
        elif op is _sre.RANGE:
            out.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:  # NEGATE, or a category or range kind not handled here
            raise _Unknown
    return out


def _first(items: Any) -> tuple[list[str], bool]:
    """The characters a match of the sequence ``items`` can begin with, and whether it can
    match empty (then what follows it can begin the match too)."""
    chars: list[str] = []
    for op, av in items:
        found, empty = _first_of(op, av)
        chars.extend(found)
        if not empty:
            return chars, False
    return chars, True


def _first_of(op: Any, av: Any) -> tuple[list[str], bool]:
    if op is _sre.LITERAL:
        return [_char(av)], False
    if op is _sre.IN:
        return _class_items(av), False
    if op is _sre.CATEGORY and av in _CATEGORIES:
        return [_CATEGORIES[av]], False
    if op is _sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            raise _Unknown
        return _first(sub)
    if op is _sre.ATOMIC_GROUP:
        return _first(av)
    if op is _sre.BRANCH:
        chars: list[str] = []
        empty = False
        for alternative in av[1]:
            found, may_be_empty = _first(alternative)
            chars.extend(found)
            empty = empty or may_be_empty
        return chars, empty
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, _high, sub = av
        found, empty = _first(sub)
        return found, empty or low == 0
    if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
        return [], True  # consumes nothing: the match begins with what follows
    raise _Unknown  # ANY, NOT_LITERAL, back-references, conditionals


def _engine_skips(items: Any) -> bool:
    """Whether the engine skips to a match's possible starts by itself: the pattern begins (in
    groups) with a literal, a class or alternatives that each begin with a literal (what
    ``re``'s compiler turns into a literal prefix or a first-character set)."""
    while items and items[0][0] is _sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = items[0][1]
        if add_flags:
            return False
        items = sub.data
    if not items:
        return False
    op, av = items[0]
    if op in (_sre.LITERAL, _sre.IN):
        return True
    if op is _sre.BRANCH:
        return all(alt.data and alt.data[0][0] is _sre.LITERAL for alt in av[1])
    return False


def first_class(pattern: re.Pattern[str]) -> str | None:
    """A character class (``[...]``) holding every character a match of ``pattern`` can begin
    with; None when that cannot be told or the pattern may match empty."""
    if _sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        chars, empty = _first(parsed.data)
    except (_Unknown, re.error, RecursionError):
        return None
    if empty or not chars or parsed.getwidth()[0] == 0:
        return None
    return "[" + "".join(dict.fromkeys(chars)) + "]"


_REPEATS: tuple[Any, ...] = ()
if _sre is not None:
    _REPEATS = tuple(
        getattr(_sre, name)
        for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
        if hasattr(_sre, name)
    )


def _consumed(items: Any) -> list[str]:
    """Every character a match of ``items`` can consume (class items; look-arounds consume
    nothing)."""
    chars: list[str] = []
    for op, av in items:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue
        if op is _sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise _Unknown
            chars.extend(_consumed(av[3]))
        elif op is _sre.ATOMIC_GROUP:
            chars.extend(_consumed(av))
        elif op is _sre.BRANCH:
            for alternative in av[1]:
                chars.extend(_consumed(alternative))
        elif op in _REPEATS:
            chars.extend(_consumed(av[2]))
        else:
            chars.extend(_first_of(op, av)[0])  # one character: a literal, class or category
    return chars


def _one_char(op: Any, av: Any) -> str | None:
    """The regex of an item that matches exactly one character, as it is; else None."""
    if op is _sre.LITERAL:
        return _char(av)
    if op is _sre.NOT_LITERAL:
        return f"[^{_char(av)}]"
    if op is _sre.CATEGORY and av in _CATEGORIES:
        return _CATEGORIES[av]
    if op is _sre.IN:
        try:
            if av and av[0][0] is _sre.NEGATE:
                return "[^" + "".join(_class_items(av[1:])) + "]"
            return "[" + "".join(_class_items(av)) + "]"
        except _Unknown:
            return None
    return None


def _count(low: int, high: int) -> str:
    return f"{{{low},}}" if high >= _sre.MAXREPEAT else f"{{{low},{high}}}"


def _outline(parsed: Any) -> str | None:
    """A looser pattern that matches wherever ``parsed`` matches (at the same position): its
    items up to the first literal after a group, each group (or repeat of groups) replaced by a
    repeat of a class of the characters it can consume, of its least and greatest width. It
    rejects at once most places where a pattern that begins with a number or a phrase cannot
    match ("2023年" for "{N}件"). None when the pattern begins with no such group."""
    pieces: list[str] = []
    loose = False
    for op, av in parsed.data:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue  # a condition left out: still matches wherever the pattern does
        single = _one_char(op, av)
        if single is not None:
            pieces.append(single)
            if loose and op is _sre.LITERAL:
                break
            continue
        if op in _REPEATS and len(av[2].data) == 1:
            single = _one_char(*av[2].data[0])
            if single is not None:
                pieces.append(single + _count(av[0], av[1]))
                continue
        try:
            chars = _consumed([(op, av)])
        except _Unknown:
            break
        low, high = _sre_parse.SubPattern(parsed.state, [(op, av)]).getwidth()
        if chars:
            pieces.append("[" + "".join(dict.fromkeys(chars)) + "]" + _count(low, high))
            loose = True
    return "".join(pieces) if loose else None


def _engine_skips_for(pattern: re.Pattern[str]) -> bool:
    if _sre_parse is None or not isinstance(pattern.pattern, str):
        return True
    try:
        return _engine_skips(_sre_parse.parse(pattern.pattern, pattern.flags).data)
    except (re.error, RecursionError):
        return True


def _outline_of(pattern: re.Pattern[str]) -> str | None:
    try:
        return _outline(_sre_parse.parse(pattern.pattern, pattern.flags))
    except (_Unknown, re.error, RecursionError):
        return None


def _needs(items: Any) -> list[tuple[str, ...]] | None:
    """What a match of the sequence ``items`` must contain: a list of conditions, each a tuple
    of strings one of which occurs in the match (None: nothing can be told)."""
    needs: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue  # consumes nothing: the literals on either side are adjacent in the match
        if run:
            needs.append(("".join(run),))
            run = []
        if op is _sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None
            inner = _needs(av[3].data)
            if inner is None:
                return None
            needs.extend(inner)
        elif op is _sre.BRANCH:
            # one condition of each alternative: a match passes through one of them
            either: set[str] = set()
            for alternative in av[1]:
                inner = _needs(alternative.data)
                if not inner:
                    break
                either.update(max(inner, key=lambda need: min(len(s) for s in need)))
            else:
                needs.append(_least(either))
        elif op in _REPEATS and av[0] >= 1:  # repeated at least once: what it needs
            inner = _needs(av[2].data)
            if inner is None:
                return None
            needs.extend(inner)
        # anything else (a class, ``.``, an optional repeat, a back-reference…) needs nothing
    if run:
        needs.append(("".join(run),))
    return needs


def _least(strings: set[str]) -> tuple[str, ...]:
    """The strings of which one occurs wherever one of ``strings`` does: those that hold no
    other (复议 stands for 行政复议 too), shortest first."""
    ordered = sorted(strings, key=lambda s: (len(s), s))
    kept: list[str] = []
    for string in ordered:
        if not any(shorter in string for shorter in kept):
            kept.append(string)
    return tuple(kept)


#: a condition with more strings than this costs more to test than the engine's own search
_MOST_STRINGS = 6


def required_literals(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Conditions every match of ``pattern`` meets: each a tuple of strings, one of which occurs
    in the match (so in the text searched). Empty when none can be told (a pattern that ignores
    case, a parser this module does not know)."""
    if _sre_parse is None or not isinstance(pattern.pattern, str):
        return ()
    if pattern.flags & re.IGNORECASE:
        return ()
    try:
        needs = _needs(_sre_parse.parse(pattern.pattern, pattern.flags).data)
    except (re.error, RecursionError):
        return ()
    if not needs:
        return ()
    found = dict.fromkeys(need for need in needs if len(need) <= _MOST_STRINGS)
    # one string first (one test), longer strings first (rarer)
    return tuple(sorted(found, key=lambda need: (len(need), -min(len(s) for s in need))))


_NOTHING: Iterator[re.Match[str]] = iter(())


class Scanner:
    """``pattern.finditer`` with a quick skip to the characters a match can begin with (plain
    ``finditer`` for a pattern the engine already skips quickly for, see :func:`_engine_skips`,
    or whose first characters cannot be told), and no search at all in a text that lacks a
    string every match contains (:func:`required_literals`)."""

    __slots__ = ("_fast", "_find", "_needs", "finditer", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._fast: re.Pattern[str] | None = None
        self._needs: tuple[tuple[str, ...], ...] = ()
        try:
            self._fast = _skipping(pattern)
            self._needs = required_literals(pattern)
        except Exception:  # the private parser of another Python: plain finditer, never a crash
            self._fast = None
            self._needs = ()
        self._find: Callable[[str], Iterator[re.Match[str]]] = (
            pattern.finditer if self._fast is None else self._scan
        )
        #: ``finditer(text)``: the matches ``pattern.finditer(text)`` gives, in order
        self.finditer: Callable[[str], Iterator[re.Match[str]]] = (
            self._guarded if self._needs else self._find
        )

    def _guarded(self, text: str) -> Iterator[re.Match[str]]:
        for need in self._needs:
            for string in need:
                if string in text:
                    break
            else:  # a string every match contains is not in the text: no match
                return _NOTHING
        return self._find(text)

    @property
    def skips(self) -> bool:
        """Whether this scanner skips (else it is plain ``finditer``)."""
        return self._fast is not None

    def _scan(self, text: str) -> Iterator[re.Match[str]]:
        fast = self._fast
        assert fast is not None
        search = fast.search
        match = self.pattern.match
        pos = 0
        while True:
            hit = search(text, pos)
            if hit is None:
                return
            found = match(text, hit.start())
            if found is None or found.end() == found.start():  # pragma: no cover - cannot be
                yield from self.pattern.finditer(text, pos)  # (see above): the plain way on
                return
            yield found
            pos = found.end()


def _skipping(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern that finds where ``pattern`` can match (None: plain ``finditer``)."""
    first = None if _engine_skips_for(pattern) else first_class(pattern)
    if first is None:
        return None
    outline = _outline_of(pattern)
    check = f"(?={outline})" if outline else ""
    try:
        return re.compile(f"{first}(?<={check}(?={pattern.pattern}){first})", pattern.flags)
    except (re.error, RecursionError, OverflowError):
        return None


@lru_cache(maxsize=1024)
def scanner(pattern: re.Pattern[str]) -> Scanner:
    """The (cached) scanner of a compiled pattern."""
    return Scanner(pattern)
