"""WordprocessingML names and attribute helpers shared by the DOCX numbering and body walker."""

from __future__ import annotations

import lxml.etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"


def qn(name: str) -> str:
    """The qualified name of ``w:name`` ("{…/main}p")."""
    return f"{_W}{name}"


def local_name(el: lxml.etree._Element) -> str:
    """The tag without its namespace; "" for comments and instructions."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(el: lxml.etree._Element) -> str:
    """The namespace URI of the element's tag, "" when it has none."""
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].split("}", 1)[0]


def w_val(el: lxml.etree._Element | None, default: str | None = None) -> str | None:
    """The ``w:val`` attribute of ``el``, or ``default`` when there is no element or no value."""
    if el is None:
        return default
    return el.get(qn("val"), default)


def is_on(el: lxml.etree._Element | None) -> bool:
    """A Word boolean property: present and not set to false/0/off."""
    if el is None:
        return False
    return (w_val(el) or "true").lower() not in ("false", "0", "off")


def to_int(raw: str | None, default: int) -> int:
    """An integer attribute value, ``default`` when missing or not a number."""
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default
