"""What a number in a report's narrative counts: the category the sentence names for it.

A sentence such as "所有办结的信息公开申请中同意公开答复 9 件" holds the words 办结 and 答复,
but 9 counts the applications granted (同意公开答复 is 予以公开), not those completed. The
*subject* of a number is the category named nearest before it in its clause ("予以公开及部分公开
258件": both categories, summed), unless the sentence says the number is a part of that category
("办结的 11 件申请中 9 件予以公开": 9 is not 办结, its subject follows it). With nothing before
it, a number's subject is the category named just after it ("72件申请按照《条例》顺延到下年度答复").

:data:`SUBJECTS` names the categories of 表三 and 表四 as reports write them in prose (the
official row and column names and the older wording still in use, e.g. 同意公开 for 予以公开).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..core.rules import Text
from .numbers import NUMBER_PATTERN, NUMBER_START, Quantity, parse_quantity
from .scanning import first_class


@dataclass(frozen=True)
class Subject:
    """One category a count in the text can be about: how prose names it, how messages do."""

    key: str
    terms: str  # regex alternatives naming it
    label: Text


#: an outcome named with its verb: 同意公开答复, 不予公开的申请, 部分公开处理
_OUTCOME_TAIL = r"(?:的)?(?:申请)?(?:答复|回复|办理|处理|决定)?(?:的)?"

SUBJECTS: tuple[Subject, ...] = (
    # 表三 rows
    Subject(
        "new", r"新收|受理|收到|接收|接到", Text("收到（受理）的申请", "applications received")
    ),
    Subject(
        "carried_over",
        r"(?:上一?年度?|去年)(?:度)?(?:的)?(?:结转|转结|遗留)|上年度?结转",
        Text("上年结转的申请", "applications carried over"),
    ),
    Subject(
        "carry_forward",
        r"结转(?:至|到)?下一?年度?(?:继续办理)?|转入下一?年度?|顺延(?:至|到)?下一?年度?"
        r"|留待下一?年度?|尚未办结|未办结|正在办理|仍在办理",
        Text("结转下年度的申请", "applications carried forward"),
    ),
    Subject(
        "completed",
        r"办结|办理完毕|办理完结|办理|作出答复|答复|回复|处理",
        Text("办结的申请", "applications completed"),
    ),
    Subject("granted", rf"(?:予以|同意|全部|准予)公开{_OUTCOME_TAIL}", Text("予以公开", "granted")),
    Subject(
        "partial",
        rf"(?:同意)?部分公开{_OUTCOME_TAIL}|区分处理",
        Text("部分公开", "partly granted"),
    ),
    Subject(
        "withheld", rf"(?:不予以|不予|否决|不)公开{_OUTCOME_TAIL}", Text("不予公开", "withheld")
    ),
    Subject(
        "unavailable",
        rf"(?:无法|不能)提供{_OUTCOME_TAIL}|信息不存在",
        Text("无法提供", "unavailable"),
    ),
    Subject(
        "not_processed", rf"(?:不予处理|不予受理){_OUTCOME_TAIL}", Text("不予处理", "not processed")
    ),
    Subject("other_handling", rf"其他处理{_OUTCOME_TAIL}", Text("其他处理", "otherwise handled")),
    # rows under the outcomes: named so that a part is never read as its group
    Subject("state_secret", r"国家秘密", Text("属于国家秘密", "state secrets")),
    Subject("prohibited", r"法律行政法规禁止", Text("法律行政法规禁止公开", "prohibited")),
    Subject("security", r"三安全一稳定", Text("危及“三安全一稳定”", "security")),
    Subject("third_party", r"第三方(?:合法权益)?", Text("保护第三方合法权益", "third parties")),
    Subject("internal", r"内部事务", Text("三类内部事务信息", "internal affairs")),
    Subject("deliberative", r"过程性信息", Text("四类过程性信息", "deliberative")),
    Subject("enforcement_file", r"行政执法案卷", Text("行政执法案卷", "enforcement files")),
    Subject("inquiry", r"行政查询", Text("行政查询事项", "inquiries")),
    Subject(
        "not_held",
        r"(?:本机关)?不掌握|非本机关(?:掌握)?|不属于本机关",
        Text("本机关不掌握", "not held"),
    ),
    Subject("needs_creation", r"(?:需要)?另行制作", Text("需要另行制作", "needs creation")),
    Subject("unclear", r"(?:申请)?内容仍?不明确", Text("申请内容不明确", "unclear")),
    Subject("petition", r"信访举报投诉|信访|举报|投诉", Text("信访举报投诉类", "petitions")),
    Subject("repeated", r"重复申请", Text("重复申请", "repeated")),
    Subject("publication", r"(?:公开)?出版物", Text("公开出版物", "publications")),
    Subject("vexatious", r"大量反复", Text("大量反复申请", "vexatious")),
    Subject("confirmation", r"确认或重新出具", Text("确认或重新出具", "confirmation")),
    Subject("no_correction", r"逾期不补正", Text("逾期不补正", "not corrected")),
    Subject(
        "unpaid_fee",
        r"逾期未(?:按收费通知要求)?缴纳(?:费用)?|未缴纳(?:信息处理)?费",
        Text("逾期未缴费", "fees unpaid"),
    ),
    # 表三 columns
    Subject("natural", r"自然人", Text("自然人申请", "natural persons")),
    Subject(
        "org",
        r"法人(?:或|和|及)?(?:其他)?组织|法人",
        Text("法人或其他组织申请", "organisations"),
    ),
    # 表四
    Subject("review", r"行政复议|复议", Text("行政复议", "administrative reviews")),
    Subject("litigation", r"行政诉讼|诉讼|起诉|应诉", Text("行政诉讼", "lawsuits")),
    Subject("upheld", r"结果维持|维持", Text("结果维持", "upheld")),
    Subject("corrected", r"结果纠正|被纠正|纠正|纠错|败诉", Text("结果纠正", "corrected")),
    Subject("other_result", r"其他结果", Text("其他结果", "other results")),
    Subject(
        "pending",
        r"尚未审结|未审结|尚在审理|正在审理|审理中",
        Text("尚未审结", "pending"),
    ),
)

#: words joining categories into one count: 予以公开及部分公开, 不予公开和无法提供
CONNECTOR = r"(?:以及|及|和|与|或者|或|、|加|\+|＋)"
#: words saying the number is a part of the category before it: 办结的申请中, 其中, 包括
_PART_OF = re.compile(r"(?:申请|件|之|的|数)中|其中|包括|包含|含")
#: between names and a number: the number is each one's ("各"), or the names are examples ("等")
_EACH_OR_MORE = re.compile(r"各|等")
#: a count of applications or cases in the text (a number and its unit; not 第二十条)
_COUNT = re.compile(rf"(?<![第\d.]){NUMBER_START}(?:{NUMBER_PATTERN})\s*(?:件|起|宗)")
_NUMBER = re.compile(NUMBER_PATTERN)
#: how far after a number its subject may be named when nothing precedes it
_AFTER_LIMIT = 16

BY_KEY = {s.key: s for s in SUBJECTS}


@cache
def _any_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{s.terms})" for s in SUBJECTS))


@cache
def _each_re() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((s.key, re.compile(s.terms)) for s in SUBJECTS)


@cache
def _terms_re(keys: tuple[str, ...]) -> str:
    return "|".join(f"(?:{BY_KEY[k].terms})" for k in keys)


def subject_phrase(keys: Iterable[str]) -> str:
    """A regex (no groups) of one or more of ``keys``' terms joined by connectors."""
    term = _terms_re(tuple(keys))
    return rf"(?:{term})(?:{CONNECTOR}(?:{term}))*"


@dataclass(frozen=True)
class Term:
    """A category named in the text."""

    key: str
    start: int
    end: int


def terms_in(text: str, start: int = 0, end: int | None = None) -> list[Term]:
    """The category names in ``text[start:end]``, left to right; where names overlap, the
    longest starting leftmost (同意公开答复 is one name, not 同意公开 and 答复)."""
    stop = len(text) if end is None else end
    found: list[Term] = []
    position = start
    while position < stop:
        match = _any_re().search(text, position, stop)
        if match is None:
            break
        at = match.start()
        best_key, best_end = "", at
        # only the categories whose names can begin with the character there (in order)
        for key, pattern in _starting_with(text[at] if at < len(text) else ""):
            own = pattern.match(text, at, stop)
            if own is not None and own.end() > best_end:
                best_key, best_end = key, own.end()
        if not best_key:  # an empty match: step over it
            position = at + 1
            continue
        found.append(Term(best_key, at, best_end))
        position = best_end
    return found


@cache
def _starting_with(char: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The (key, pattern) pairs of :func:`_each_re`, in order, whose matches can begin with
    ``char`` (every pair whose first characters cannot be told; all for "")."""
    return tuple(
        (key, pattern)
        for key, pattern, first in _firsts()
        if not char or first is None or first.match(char)
    )


@cache
def _firsts() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]:
    """Each category's pattern with the class of the characters its matches begin with."""
    found = []
    for key, pattern in _each_re():
        first = first_class(pattern)
        found.append((key, pattern, re.compile(first) if first is not None else None))
    return tuple(found)


def parts_of(text: str) -> frozenset[str]:
    """The categories a phrase such as "予以公开及部分公开" names."""
    return frozenset(t.key for t in terms_in(text))


def subject_of(text: str, start: int, end: int, lo: int, hi: int) -> frozenset[str] | None:
    """The categories the number at ``text[start:end]`` counts, read in its clause ``lo..hi``.

    ``None`` when the clause names none that can be its subject.
    """
    before = terms_in(text, lo, start)
    if before:
        last = before[-1]
        gap = text[last.end : start]
        if not _PART_OF.search(gap) and not _COUNT.search(gap):
            keys = {last.key}
            index = len(before) - 1
            while index > 0:  # 予以公开及部分公开: earlier names joined by connectors
                previous = before[index - 1]
                joint = text[previous.end : before[index].start]
                if not re.fullmatch(rf"\s*{CONNECTOR}\s*", joint):
                    break
                keys.add(previous.key)
                index -= 1
            if len(keys) > 1 and _EACH_OR_MORE.search(gap):
                return None  # "予以公开、不予公开各1件", "不予公开、无法提供等50件": not their sum
            return frozenset(keys)
    after = terms_in(text, end, min(hi, end + _AFTER_LIMIT))
    if after and not _COUNT.search(text[end : after[0].start]):
        return frozenset({after[0].key})
    return None


@dataclass(frozen=True)
class Count:
    """A count written in the text and the categories it is about."""

    start: int
    end: int
    quantity: Quantity
    subject: frozenset[str] | None


def counts_in(text: str, lo: int, hi: int, clause_stops: str = "，,；;。\n") -> list[Count]:
    """Every count (number with a unit) in ``text[lo:hi]`` with its subject."""
    found: list[Count] = []
    stops = _stops_re(clause_stops)
    for match in _COUNT.finditer(text, lo, hi):
        number = _NUMBER.match(match.group())
        if number is None:
            continue
        quantity = parse_quantity(number.group())
        if quantity is None or quantity.percent:
            continue
        n_start, n_end = match.start(), match.start() + number.end()
        # the clause: back to the stop before the number (or ``lo``), on to the next (or ``hi``)
        c_lo, c_hi = n_start, match.end()
        if stops is None:  # no stops: the clause is the whole span
            c_lo, c_hi = min(c_lo, lo), max(c_hi, hi)
        else:
            if c_lo > lo:
                c_lo = max(text.rfind(stop, lo, c_lo) for stop in clause_stops) + 1 or lo
            if c_hi < hi:
                after = stops.search(text, c_hi, hi)
                c_hi = after.start() if after is not None else hi
        subject = subject_of(text, n_start, n_end, c_lo, c_hi)
        found.append(Count(n_start, n_end, quantity, subject))
    return found


@cache
def _stops_re(stops: str) -> re.Pattern[str] | None:
    """A pattern finding any character of ``stops`` (None: no stops)."""
    return re.compile(f"[{re.escape(stops)}]") if stops else None
