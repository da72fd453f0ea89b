"""Site chrome removed from an HTML page before it is read.

Chrome is scripts, styles, forms, frames, hidden elements, ``nav/header/footer/aside``, elements
whose class or id names navigation, breadcrumbs, share buttons, related links, footers and
similar, and blocks made mostly of links.

An element that holds the report itself (section 一 or the 表三/表四 labels) is never removed, so
a misleading class name cannot delete a report.
"""

from __future__ import annotations

import re

import lxml.etree

from .text import SKIP_TAGS, class_tokens, tag_name

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
_REPORT_MARKERS = ("总体情况", "本年新收政府信息公开申请数量", "结果维持", "主动公开政府信息情况")


def _holds_report(el: lxml.etree._Element) -> bool:
    text = re.sub(r"\s+", "", el.text_content())
    return any(marker in text for marker in _REPORT_MARKERS)


def _link_dense(el: lxml.etree._Element) -> bool:
    """Three links or more making most of the text, or two making nearly all of it."""
    links = list(el.iter("a"))
    if len(links) < 2:
        return False
    total = len(re.sub(r"\s+", "", el.text_content()))
    linked = sum(len(re.sub(r"\s+", "", a.text_content())) for a in links)
    if total == 0:
        return False
    ratio = linked / total
    return ratio >= 0.9 or (len(links) >= 3 and ratio >= 0.6)


def _is_chrome(el: lxml.etree._Element) -> bool:
    tag = tag_name(el)
    if tag in _CHROME_TAGS:
        return True
    if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    if el.get("aria-hidden") == "true" or (el.get("role") or "").lower() in ("navigation",):
        return True
    if class_tokens(el) & _CHROME_TOKENS:
        return True
    return tag in ("ul", "ol", "div", "dl", "table", "p", "section", "span", "td") and _link_dense(
        el
    )


def remove_chrome(root: lxml.etree._Element) -> None:
    """Drop site chrome in place; elements holding the report itself are kept."""
    for el in list(root.iter()):
        if el.getparent() is None and el is not root:
            continue  # already removed with an ancestor
        tag = tag_name(el)
        if not tag or el is root or tag in ("html", "head", "body"):
            continue
        if not _attached(el, root):
            continue
        if tag in SKIP_TAGS or (_is_chrome(el) and not _holds_report(el)):
            _drop(el)


def _attached(el: lxml.etree._Element, root: lxml.etree._Element) -> bool:
    return any(ancestor is root for ancestor in el.iterancestors())


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
