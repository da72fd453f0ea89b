"""Site chrome left out of an HTML page as it is read.

Chrome is scripts, styles, forms, frames, hidden elements, ``nav/header/footer/aside``, elements
whose class or id names navigation, breadcrumbs, share buttons, related links, footers and
similar, and blocks made mostly of links.

An element that holds the report itself (section 一 or the 表三/表四 labels) is never removed, so
a misleading class name cannot delete a report.

Every element is judged on the page as parsed, ancestors before descendants (document order),
so the outcome is that of removing chrome from the whole page first: the reading walk leaves
out what :meth:`Chrome.drops` names, and a table has its chrome removed before its cells are
read (:meth:`Chrome.clean`).
"""

from __future__ import annotations

import re
from itertools import islice

import lxml.etree

from .text import (
    SKIP_TAGS,
    class_id_values,
    string_value,
    style_values,
    tag_name,
    unspaced,
    words_of,
)

_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_CHROME_TOKENS = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "menu",
        "menubar",
        "submenu",
        "topnav",
        "subnav",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "dqwz",
        "header",
        "topbar",
        "banner",
        "logo",
        "footer",
        "foot",
        "bottom",
        "copyright",
        "share",
        "sharebox",
        "bdshare",
        "bdsharebuttonbox",
        "jiathis",
        "fenxiang",
        "social",
        "related",
        "relate",
        "xgxx",
        "xglj",
        "xgwj",
        "xgwz",
        "sidebar",
        "aside",
        "toolbar",
        "login",
        "search",
        "skip",
        "ads",
        "advert",
        "comment",
        "comments",
        "qrcode",
        "ewm",
        "wza",
        "fontsize",
        "pager",
        "pagination",
        "hidden",
        "print",
        "close",
    }
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_LINK_DENSE_TAGS = ("ul", "ol", "div", "dl", "table", "p", "section", "span", "td")
_REPORT_MARKERS = ("总体情况", "本年新收政府信息公开申请数量", "结果维持", "主动公开政府信息情况")


def _holds_report(el: lxml.etree._Element) -> bool:
    text = unspaced(string_value(el))
    return any(marker in text for marker in _REPORT_MARKERS)


def _link_dense(el: lxml.etree._Element) -> bool:
    """Three links or more making most of the text, or two making nearly all of it."""
    links = list(el.iter("a"))
    if len(links) < 2:
        return False
    total = len(unspaced(string_value(el)))
    linked = sum(len(unspaced(string_value(a))) for a in links)
    if total == 0:
        return False
    ratio = linked / total
    return ratio >= 0.9 or (len(links) >= 3 and ratio >= 0.6)


_KEPT = frozenset({"html", "head", "body"})
_PLAIN = frozenset({"td", "th", "tr", "tbody", "thead", "p", "span", "font", "b", "strong", "o:p"})


def _named_chrome(attributes: tuple[tuple[str, str], ...]) -> bool:
    """The attributes make an element chrome: ``hidden``, a hiding style, ``aria-hidden``,
    ``role="navigation"``, a class or id word naming chrome."""
    values = dict(attributes)  # libxml2 keeps the first of repeated attributes
    if "hidden" in values:
        return True
    style = values.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    role = values.get("role")
    if values.get("aria-hidden") == "true" or (role and role.lower() == "navigation"):
        return True
    words = words_of(values.get("class"), values.get("id"))
    return not _CHROME_TOKENS.isdisjoint(words)


def two_links(el: lxml.etree._Element) -> bool:
    """``el`` has two links or more inside (libxml2 stops at the second)."""
    return next(islice(el.iter("a"), 1, None), None) is not None


#: attributes that may make an element chrome whatever their value
_FLAGS = lxml.etree.XPath(
    "descendant::*/@hidden | descendant::*/@role | descendant::*/@aria-hidden", smart_strings=False
)
_TAGGED = tuple(sorted(SKIP_TAGS | _CHROME_TAGS))


class Chrome:
    """Which elements of one page are chrome; judged on the page as parsed."""

    def __init__(self, root: lxml.etree._Element) -> None:
        self.root = root
        self._named: dict[tuple[tuple[str, str], ...], bool] = {}  # a page repeats its styles
        self._words: dict[str, bool] = {}  # class and id values naming chrome
        self._styles: dict[str, bool] = {}  # style values hiding an element
        #: the caller is going over the content of an element with fewer than two links (set
        #: by the walk): nothing inside has two links, and no link needs counting
        self.few_links = False
        self._last: tuple[lxml.etree._Element, bool] | None = None  # the last count's answer

    def two_links(self, el: lxml.etree._Element) -> bool:
        """:func:`two_links` of ``el``, counted at most once in a row for the same element (the
        walk asks for an element as it judges it and again as it reads it) and not at all
        inside an element with fewer (:attr:`few_links`): a page's article, with no link, is
        gone over once, not once for each block that holds it."""
        if self.few_links:
            return False
        last = self._last
        if last is not None and last[0] is el:
            return last[1]
        found = two_links(el)
        self._last = (el, found)
        return found

    def drops(self, el: lxml.etree._Element, tag: str) -> bool:
        """``el`` (whose tag is ``tag``) is left out with everything inside it."""
        if not tag or tag in _KEPT or el is self.root:
            return False
        if tag in SKIP_TAGS:
            return True
        chrome = tag in _CHROME_TAGS or self.named(el)
        if not chrome:
            chrome = tag in _LINK_DENSE_TAGS and self.two_links(el) and _link_dense(el)
        return chrome and not _holds_report(el)

    def named(self, el: lxml.etree._Element) -> bool:
        """``el``'s attributes make it chrome (hidden, navigation, a class naming chrome …)."""
        attributes = tuple(el.items())
        if not attributes:
            return False
        chrome = self._named.get(attributes)
        if chrome is None:
            chrome = self._named[attributes] = _named_chrome(attributes)
        return chrome

    def _remove(self, el: lxml.etree._Element) -> None:
        """Remove ``el`` (:func:`_drop`), forgetting the last count of links."""
        self._last = None
        _drop(el)

    def _may_name(self, el: lxml.etree._Element) -> bool:
        """Some element inside ``el`` may be chrome by its attributes (judged on the distinct
        values libxml2 collects, not element by element)."""
        if _FLAGS(el):
            return True
        words, styles = self._words, self._styles
        for value in class_id_values(el):
            found = words.get(value)
            if found is None:
                found = words[value] = not _CHROME_TOKENS.isdisjoint(words_of(value, None))
            if found:
                return True
        for value in style_values(el):
            found = styles.get(value)
            if found is None:
                found = styles[value] = _HIDDEN_STYLE.search(value) is not None
            if found:
                return True
        return False

    def clean(self, el: lxml.etree._Element) -> None:
        """Remove the chrome inside ``el`` (already judged itself), keeping tails in place."""
        if self.two_links(el) or self._may_name(el):
            self._clean_each(el)
            return
        # no link block and nothing named inside: only scripts, forms, navigation … can go
        removed: lxml.etree._Element | None = None
        for child in list(el.iterdescendants(*_TAGGED)):  # document order, before removals
            if removed is not None and any(a is removed for a in child.iterancestors()):
                continue  # gone with the last one removed
            if self.drops(child, tag_name(child)):
                self._remove(child)
                removed = child

    def _clean_each(self, el: lxml.etree._Element) -> None:
        """:meth:`clean` judging every element inside ``el``."""
        inside = list(el.iterdescendants())
        position = 0
        while position < len(inside):
            child = inside[position]
            position += 1
            tag = tag_name(child)
            if (
                tag in _PLAIN  # most elements of a table: the full test only when it can hold
                and not self.named(child)
                and not (tag in _LINK_DENSE_TAGS and self.two_links(child))
            ):
                continue
            if self.drops(child, tag):
                position += sum(1 for _ in child.iterdescendants())  # gone with it
                self._remove(child)


def _drop(el: lxml.etree._Element) -> None:
    """Remove ``el`` but keep its tail text in the document."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
