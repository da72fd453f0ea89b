"""Bilingual texts: the Chinese and the English form of everything shown to a user.

Chinese is the default language and the fallback. Code that produces a text for people (a loader's
reason, a rule kind's detail, a command's message) builds a :class:`Text` where the words are
written, so that no English detail ends up inside a Chinese message; outputs pick the language
with :func:`localize` when they write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Text:
    """A bilingual text; Chinese is the default and the fallback."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh

    def __str__(self) -> str:
        return self.zh

    def format(self, **args: Any) -> Text:
        """Both forms with ``{name}`` placeholders filled (a :class:`Text` argument in the same
        language)."""
        return Text(
            self.zh.format(**{k: localize(v, "zh") for k, v in args.items()}),
            self.en.format(**{k: localize(v, "en") for k, v in args.items()}),
        )

    def __add__(self, other: Text | str) -> Text:
        if isinstance(other, Text):
            return Text(self.zh + other.zh, self.en + other.en)
        return Text(self.zh + other, self.en + other)

    @classmethod
    def from_data(cls, data: Any) -> Text:
        if isinstance(data, str):
            return cls(data, data)
        return cls(data.get("zh", ""), data.get("en", ""))

    def to_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


def is_text_dict(value: Any) -> bool:
    """True for the stored form of a :class:`Text` (``{"zh": …, "en": …}``)."""
    return isinstance(value, Mapping) and set(value) == {"zh", "en"}


#: types :func:`localize` returns as they are without a closer look (the usual message
#: arguments; an ``isinstance`` check against ``Mapping`` costs more than the rest)
_PLAIN = frozenset({str, int, float, bool, type(None)})


def localize(value: Any, lang: str) -> Any:
    """``value`` in ``lang`` when it is a :class:`Text` (or its stored form), else unchanged."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Text):
        return value.get(lang)
    if is_text_dict(value):
        return (value["en"] if lang == "en" and value["en"] else value["zh"]) or ""
    return value


def jsonable_text(value: Any) -> Any:
    """``value`` with every :class:`Text` inside turned into its stored form (for JSON)."""
    if isinstance(value, Text):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {k: jsonable_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable_text(v) for v in value]
    return value


def texts_from_json(value: Any) -> Any:
    """The inverse of :func:`jsonable_text`: stored forms back to :class:`Text`."""
    if is_text_dict(value):
        return Text(value["zh"], value["en"])
    if isinstance(value, Mapping):
        return {k: texts_from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [texts_from_json(v) for v in value]
    return value


def join(texts: list[Text | str], sep_zh: str = "、", sep_en: str = ", ") -> Text:
    """Texts joined with the separator of each language."""
    return Text(
        sep_zh.join(localize(t, "zh") for t in texts),
        sep_en.join(localize(t, "en") for t in texts),
    )


#: the words for the core's own states — severities, outcomes, file statuses and a run's verdict
#: — that every output shows (terminal, file reporters, review app, ``explain``)
STATE_WORDS: dict[str, Text] = {
    "error": Text("错误", "error"),
    "warning": Text("警告", "warning"),
    "info": Text("提示", "info"),
    "fail": Text("不符合", "fail"),
    "not-assessable": Text("无法核对", "not assessable"),
    "checked": Text("已检查", "checked"),
    "not-checkable": Text("无法按格式检查", "not checkable"),
    "unreadable": Text("无法读取", "unreadable"),
    "config": Text("配置文件", "configuration"),
    "passed": Text("通过", "passed"),
    "failed": Text("未通过", "failed"),
}


def state_words(lang: str) -> dict[str, str]:
    """:data:`STATE_WORDS` in ``lang``."""
    return {key: text.get(lang) for key, text in STATE_WORDS.items()}


__all__ = [
    "LANGUAGES",
    "STATE_WORDS",
    "Text",
    "is_text_dict",
    "join",
    "jsonable_text",
    "localize",
    "state_words",
    "texts_from_json",
]
