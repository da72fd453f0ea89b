"""Turning file bytes into text: BOMs, UTF-8, GB18030/GBK/GB2312, then detection."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..core.errors import LoadError
from ..core.i18n import Text

BINARY_CONTENT = "DL903"
EMPTY_FILE = "DL905"

#: the reason given for an empty file (the rule's message says the rest)
EMPTY = Text("空文件", "empty")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    guessed: bool  # True when chosen by statistical detection


#: the bytes that encode the characters of :data:`_CONTROL` in UTF-8 and in GB18030, where no
#: byte of a multi-byte character is one of them
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_SAMPLE = 20000


def _looks_binary(text: str, data: bytes | None = None) -> bool:
    """More control characters in the first :data:`_SAMPLE` characters than one in 200 (and
    than 8). ``data``: the bytes ``text`` was decoded from as UTF-8 or GB18030, which hold one
    of :data:`_CONTROL_BYTES` for each control character of the text: when the whole text has
    no more than the limit, neither has its start, known without searching it (issue 16)."""
    if not text:
        return False
    limit = max(8, min(len(text), _SAMPLE) // 200)
    if data is not None and len(data) - len(data.translate(None, _CONTROL_BYTES)) <= limit:
        return False
    return len(_CONTROL.findall(text[:_SAMPLE])) > limit


def decode_text(data: bytes) -> Decoded:
    """Decode ``data`` or raise :class:`LoadError` (binary content, empty file)."""
    if not data or data.isspace():  # ``not data.strip()`` without copying the file
        raise LoadError(EMPTY_FILE, EMPTY)
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding, False)
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:4096]:
        raise LoadError(BINARY_CONTENT, Text("含有空字节（NUL）", "NUL bytes"))
    try:
        return _checked(data.decode("utf-8"), "utf-8", False, data)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _CJK.search(text):
            return _checked(text, "gb18030", False, data)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise LoadError(BINARY_CONTENT, Text("没有任何文字编码能读通", "no text encoding fits"))
    return _checked(str(best), best.encoding, True)


def _checked(text: str, encoding: str, guessed: bool, data: bytes | None = None) -> Decoded:
    """``text`` unless it looks binary or is blank; ``data``: see :func:`_looks_binary`."""
    if _looks_binary(text, data):
        raise LoadError(
            BINARY_CONTENT,
            Text(
                f"按 {encoding} 解码后含有控制字符",
                f"control characters when decoded as {encoding}",
            ),
        )
    if not text or text.isspace():  # ``not text.strip()`` without copying the text
        raise LoadError(EMPTY_FILE, Text("只有空白", "whitespace only"))
    return Decoded(text, encoding, guessed)
