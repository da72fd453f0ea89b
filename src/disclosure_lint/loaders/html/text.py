"""Text of HTML elements: tag names, block and hidden elements, white space as browsers do."""

from __future__ import annotations

import re

import lxml.etree

#: elements that start and end a paragraph (and a line inside a table cell)
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "ucapcontent",
        "option",
        "legend",
    }
)
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_WS_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\n\f]*[\r\n][ \t\r\n\f]*(?=[{_CJK}])")
_WS = re.compile(r"[ \t\r\n\f\u00a0]+")


def collapse(text: str) -> str:
    """Collapse HTML white space: a line break between two CJK characters disappears (CSS Text
    segment-break rule), any other run becomes one space; NBSP counts as a space."""
    if text.isalnum():
        return text  # no white space to collapse (digits, words)
    if _WS.search(text) is None:
        return text.strip()  # no run to collapse, none between CJK (one scan, not two)
    text = _WS_BETWEEN_CJK.sub("", text)
    return _WS.sub(" ", text).strip()


_NAMES: dict[object, str] = {}


def tag_name(el: lxml.etree._Element) -> str:
    """The element's lower-case tag without namespace; "" for comments and instructions."""
    tag = el.tag
    try:
        return _NAMES[tag]
    except KeyError:
        name = tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""
        if len(_NAMES) < 4096:  # tag names a page may invent are bounded by this cache
            _NAMES[tag] = name
        return name


#: elements whose content is never shown as text (scripts, forms, media, the page's head)
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "svg",
        "canvas",
        "button",
        "select",
        "input",
        "textarea",
        "title",
        "meta",
        "link",
        "base",
        "map",
        "audio",
        "video",
    }
)
#: the string value of an element (all its text, as ``text_content()``), evaluated in C
string_value = lxml.etree.XPath("string()", smart_strings=False)


def unspaced(text: str) -> str:
    r"""``text`` without white space: ``re.sub(r"\s+", "", text)``, in C (``str.split`` and
    ``\s`` of a ``str`` pattern both take the characters ``str.isspace`` names)."""
    return "".join(text.split())


#: elements that change how text is read (line breaks, blocks, hidden content, tables)
STRUCTURE_TAGS = tuple(sorted(BLOCK_TAGS | SKIP_TAGS | {"br", "table"}))

_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")


def class_tokens(el: lxml.etree._Element) -> set[str]:
    """The words of an element's ``class`` and ``id`` ("nav-bar" → nav, bar)."""
    return words_of(el.get("class"), el.get("id"))


# Attribute values as lxml collects them in C (plain paths: a predicate costs more than a Python
# loop). Made distinct in Python, not with EXSLT's ``set:distinct``, which under lxml 6.2 leaves
# every string it returns allocated (about 100 bytes a call, for good).
_CLASS_ID_INSIDE = lxml.etree.XPath("descendant::*/@class | descendant::*/@id", smart_strings=False)
_CLASS_ID_UNDER = lxml.etree.XPath(
    "descendant-or-self::*/@class | descendant-or-self::*/@id", smart_strings=False
)
_STYLE_INSIDE = lxml.etree.XPath("descendant::*/@style", smart_strings=False)


def class_id_values(el: lxml.etree._Element, itself: bool = False) -> list[str]:
    """The distinct ``class`` and ``id`` values of the elements inside ``el`` (and of ``el``
    itself with ``itself``), sorted."""
    return sorted(set((_CLASS_ID_UNDER if itself else _CLASS_ID_INSIDE)(el)))


def style_values(el: lxml.etree._Element) -> list[str]:
    """The distinct ``style`` values of the elements inside ``el``, sorted."""
    return sorted(set(_STYLE_INSIDE(el)))


def words_of(class_value: str | None, id_value: str | None) -> set[str]:
    """The words of a ``class`` and an ``id`` value (see :func:`class_tokens`)."""
    raw = f"{class_value or ''} {id_value or ''}".lower()
    return {t for t in _TOKEN_SPLIT.split(raw) if t}
