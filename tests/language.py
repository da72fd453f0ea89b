"""What counts as the wrong language in an output: English words in Chinese output, and Chinese
in English output that is neither report text nor an official label or term.

Chinese output may contain, in Latin letters, only what a Chinese reader sees as a name: rule codes
(DL101), rule, kind, pack and plugin names (kebab- or snake-case identifiers, given by the caller),
file paths and URLs, format ids, source positions (L12, p3 t1 r5 c2), encodings, and the names of
file formats and programs (PDF, Word, LibreOffice …). Anything else of two or more Latin letters is
an English word.

English output may contain Chinese only where it quotes: report text (given by the caller), the
official labels of the formats (the caller passes them), and a few official terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: names of file formats, encodings and programs written in Latin letters in Chinese text too
PROPER_NOUNS = frozenset(
    {
        "PDF",
        "DOCX",
        "DOC",
        "HTML",
        "XLSX",
        "CSV",
        "JSON",
        "YAML",
        "XML",
        "ZIP",
        "RTF",
        "OLE",
        "PNG",
        "GIF",
        "JPEG",
        "SARIF",
        "JUnit",
        "Word",
        "WPS",
        "Office",
        "LibreOffice",
        "OCR",
        "UTF",
        "GBK",
        "GB",
        "JavaScript",
        "URL",
        "MB",
        "KB",
        "Markdown",
        "NUL",
    }
)

_URL = re.compile(r"(?:https?|file)://\S+")
#: a path or file name: something with a slash, or a name with an extension
_PATH = re.compile(
    r"[^\s'\"“”「」（）()，。；：]*[/\\][^\s'\"“”「」（）()，。；：]*|\S*\.[A-Za-z]{1,5}\b"
)
_CODE = re.compile(r"\b[A-Z]{2}\d{3}\b")
#: kebab-, snake- and dotted identifiers (rule names, keys like result.withheld, utf-8)
_IDENTIFIER = re.compile(r"\b[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+\b")
#: keys with a number: table3, item1, gb18030
_KEYED = re.compile(r"\b[A-Za-z]+\d+[A-Za-z0-9]*\b")
#: positions in a source: L12, L15-75, p3, t1, r21, c0
_POSITION = re.compile(r"\b(?:L\d+(?:-\d+)?|[ptrc]\d+)\b")
_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str, identifiers: Iterable[str] = ()) -> list[str]:
    """The English words in Chinese output ``text`` (empty when there is none).

    ``identifiers`` are names the output may show as they are (rule names, kind names …).
    """
    allowed = set(identifiers)
    text = _URL.sub(" ", text)
    text = _PATH.sub(" ", text)
    text = _CODE.sub(" ", text)
    text = _IDENTIFIER.sub(" ", text)
    text = _KEYED.sub(" ", text)
    text = _POSITION.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in PROPER_NOUNS and w not in allowed]


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: a run of Chinese text: ideographs with the brackets labels are written with
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff（）〔〕《》〈〉“”‘’〇\d.]+")

#: official terms an English message may use as they are (the names of the format's parts)
OFFICIAL_TERMS = (
    "表二",
    "表三",
    "表四",
    "勾稽关系",
    "国办公开办函",
    "国办函",
    "条例",
    "政府信息公开工作年度报告",
    "中华人民共和国政府信息公开条例",
    "中华人民共和国政府信息公开工作年度报告格式",
    "试行",
    # terms of the regulations and the format that English texts name as they are
    "统计期限",
    "受理",
    "新收",
    "上年结转",
    "监督保障",
    "人民政府",
    "乡人民政府",
    "镇人民政府",
    "街道办事处",
    "街道",
    "乡",
    "镇",
)


def _squash(text: str) -> str:
    return "".join(text.split())


#: text in quotes (report text, a label, a document's title) in an English message
_QUOTED = re.compile(
    r"'[^'\n]*[\u3400-\u9fff][^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”|「[^」\n]*」|《[^》\n]*》"
)


def stray_chinese(text: str, quotable: Iterable[str]) -> list[str]:
    """The Chinese in English output ``text`` that is neither quoted nor found in any of
    ``quotable`` (report text, official labels) nor among the official terms."""
    haystack = _squash("\n".join([*quotable, *OFFICIAL_TERMS]))
    text = _QUOTED.sub(" ", text)
    stray: list[str] = []
    for match in _CJK_RUN.finditer(text):
        run = match.group(0)
        if not _CJK.search(run):
            continue
        # a run that is not quoted as a whole may still be made of quoted pieces
        pieces = [p for p in re.split(r"[（）〔〕《》〈〉“”‘’.\d]+", run) if _CJK.search(p)]
        if _squash(run) in haystack or all(_squash(p) in haystack for p in pieces):
            continue
        stray.append(run)
    return stray
