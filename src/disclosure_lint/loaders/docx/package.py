"""DOCX package safety checks (ZIP directory, sizes, zip bombs) and opening with python-docx.

The package is checked before anything is decompressed: it must be a ZIP file, hold at most
:data:`MAX_MEMBERS` parts, and expand to at most :data:`MAX_TOTAL_BYTES` (no XML part over
:data:`MAX_XML_BYTES`, no part with a suspicious compression ratio), so a zip bomb is refused
with a finding instead of filling memory. python-docx then opens the package (its XML parser
does not expand entities).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import TYPE_CHECKING

import lxml.etree

from ...core.errors import LoadError
from ...core.i18n import Text
from ..documents import CORRUPT_DOCUMENT, DOCUMENT_TOO_LARGE

if TYPE_CHECKING:
    from docx.document import Document

MAX_MEMBERS = 5000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_XML_BYTES = 32 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for parts over 1 MB


def check_package(data: bytes) -> None:
    """Refuse files that are not a sane ZIP package (raises :class:`LoadError`)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LoadError(
            CORRUPT_DOCUMENT, Text("不是有效的 ZIP 文件包", f"not a valid ZIP package ({exc})")
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise LoadError(
                DOCUMENT_TOO_LARGE,
                Text(
                    f"文件包含 {len(members)} 个部件（上限 {MAX_MEMBERS}）",
                    f"{len(members)} parts in the package (limit {MAX_MEMBERS})",
                ),
            )
        total = 0
        for member in members:
            total += member.file_size
            if member.filename.lower().endswith((".xml", ".rels")) and (
                member.file_size > MAX_XML_BYTES
            ):
                raise LoadError(
                    DOCUMENT_TOO_LARGE,
                    Text(
                        f"部件 {member.filename} 解压后为 {member.file_size} 字节"
                        f"（上限 {MAX_XML_BYTES}）",
                        f"part {member.filename} expands to {member.file_size} bytes "
                        f"(limit {MAX_XML_BYTES})",
                    ),
                )
            if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
                member.compress_size, 1
            ):
                ratio = member.file_size // max(member.compress_size, 1)
                raise LoadError(
                    DOCUMENT_TOO_LARGE,
                    Text(
                        f"部件 {member.filename} 解压后膨胀 {ratio} 倍（疑似压缩炸弹）",
                        f"part {member.filename} expands {ratio} times (a zip bomb?)",
                    ),
                )
        if total > MAX_TOTAL_BYTES:
            raise LoadError(
                DOCUMENT_TOO_LARGE,
                Text(
                    f"文件包解压后为 {total} 字节（上限 {MAX_TOTAL_BYTES}）",
                    f"the package expands to {total} bytes (limit {MAX_TOTAL_BYTES})",
                ),
            )
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names:
            raise LoadError(
                CORRUPT_DOCUMENT,
                Text(
                    "缺少 [Content_Types].xml，不是 Word 文档",
                    "no [Content_Types].xml: not a Word document",
                ),
            )


def open_document(data: bytes) -> Document:
    """Open a DOCX with python-docx after the package checks; any failure is a finding."""
    check_package(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError as exc:
        raise LoadError(
            CORRUPT_DOCUMENT, Text("不是 Word 文档", f"not a Word document ({exc})")
        ) from exc
    except (
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        lxml.etree.XMLSyntaxError,
        EOFError,
        NotImplementedError,
        AttributeError,
        TypeError,
    ) as exc:
        detail = str(exc) or type(exc).__name__
        raise LoadError(
            CORRUPT_DOCUMENT, Text("Word 文档已损坏", f"damaged Word document ({detail})")
        ) from exc
    except (OSError, zlib.error) as exc:  # a damaged compressed part, a CRC mismatch
        raise LoadError(
            CORRUPT_DOCUMENT, Text("ZIP 文件包已损坏", f"damaged ZIP package ({exc})")
        ) from exc
    if "wordprocessingml" not in document.part.content_type:
        kind = document.part.content_type
        raise LoadError(
            CORRUPT_DOCUMENT,
            Text(f"不是 Word 文档（内容类型 {kind}）", f"not a Word document ({kind})"),
        )
    return document
