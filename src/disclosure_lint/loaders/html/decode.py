"""Bytes of an HTML page to text: BOM, UTF-8, the declared charset, GB18030, then detection.

A BOM wins; then the bytes are tried as UTF-8; then the charset the page declares
(``<meta charset>``, ``http-equiv``, XML declaration); then GB18030 (a superset of GBK and
GB2312); then statistical detection. A declaration that contradicts the bytes is flagged
(``mismatch``, reported as ``DL915``); a guessed encoding too (``guessed``, ``DL904``). Binary
content (a PDF or DOCX named ``.html``) is refused with a finding that names what the file is.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ...core.errors import LoadError
from ...core.i18n import Text
from ...reading.decoding import BINARY_CONTENT, decode_text
from ..documents import binary_kind

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*(?P<name>[A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["'](?P<name>[A-Za-z0-9_.:\-]+)""")
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz"})
# Declarations that cannot describe Chinese text; pages that declare them are decoded by content.
_WESTERN = frozenset({"ascii", "latin_1", "iso8859_1", "cp1252", "iso8859_15", "cp1251"})


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    guessed: bool
    declared: str | None  # the charset the page declares, as written
    mismatch: bool  # the declaration does not fit the bytes


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (meta charset, http-equiv, XML decl)."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    return match.group("name").decode("ascii", "replace")


def decode_html(data: bytes) -> DecodedPage:
    """Decode an HTML page; raises :class:`LoadError` for binary or empty content."""
    kind = binary_kind(data)
    if kind is not None:
        not_html = Text("内容是{k}，不是网页", "the content is {k}, not HTML")
        raise LoadError(BINARY_CONTENT, not_html.format(k=kind))
    decoded = decode_text(data)  # BOM, UTF-8, GB18030, detection; refuses binary and empty
    declared = declared_charset(data)
    codec = _codec(declared) if declared else None
    if decoded.encoding in ("utf-8", "utf-8-sig", "utf-16"):
        mismatch = (
            codec is not None
            and not codec.startswith("utf")
            and codec != "ascii"
            and not data.isascii()
        )
        return DecodedPage(decoded.text, decoded.encoding, False, declared, mismatch)
    if codec is not None and codec.startswith(("utf_16", "utf_32")):
        codec = "utf_8"  # WHATWG: a meta tag cannot declare UTF-16, it means UTF-8
    if codec is not None and codec not in _WESTERN and codec not in _GB_FAMILY:
        # big5, shift_jis, euc_kr …: the declaration is more specific than a GB18030 guess
        try:
            return DecodedPage(data.decode(codec), codec, False, declared, False)
        except (UnicodeDecodeError, LookupError):
            pass
    mismatch = codec is not None and codec not in _GB_FAMILY
    guessed = decoded.guessed and not (codec in _GB_FAMILY and decoded.encoding == "gb18030")
    return DecodedPage(decoded.text, decoded.encoding, guessed, declared, mismatch)
