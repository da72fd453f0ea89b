"""Exceptions that carry enough context to be shown to a user as they are."""

from __future__ import annotations

import errno
from dataclasses import dataclass

from .i18n import Text


@dataclass
class FileProblem:
    """One problem in a rule, format, config or data file: file, line and key are always named.

    ``message`` is English; ``zh`` is the same message in Chinese when one was written (problems
    found by the shared validation path always have one).
    """

    file: str
    line: int | None
    key: str | None
    message: str
    zh: str | None = None

    def where(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f": {self.key}"
        return where

    def text(self, lang: str = "en") -> str:
        """The message alone, in ``lang`` (English when no Chinese form was written)."""
        return self.zh if lang == "zh" and self.zh else self.message

    def render(self, lang: str = "en") -> str:
        return f"{self.where()}: {self.text(lang)}"

    def __str__(self) -> str:
        return self.render("en")


class UsageError(Exception):
    """Bad command-line usage, configuration, or an invalid rule/format file (exit code 2)."""

    def __init__(
        self, message: str, problems: list[FileProblem] | None = None, zh: str | None = None
    ) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.zh = zh

    def render(self, lang: str = "en") -> str:
        """The message and every problem, in ``lang`` where a translation exists."""
        head = self.zh if lang == "zh" and self.zh else (self.args[0] if self.args else "")
        lines = [head] if head else []
        lines.extend(f"  {p.render(lang)}" for p in self.problems)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render("en")


class DataFileError(UsageError):
    """An invalid YAML/JSON file (rule pack, format definition, report data, configuration)."""


class LoadError(Exception):
    """A loader could not read a file. ``code`` names the input rule that reports it; ``message``
    (its ``detail``) says why, in both languages when it is the loader's own words."""

    def __init__(self, code: str, message: str | Text, **args: object) -> None:
        super().__init__(str(message))
        self.code = code
        self.args_dict = {"detail": message, **args}


_OS_ERRORS = {
    errno.ENOENT: Text("文件不存在", "no such file"),
    errno.EACCES: Text("没有读取权限", "permission denied"),
    errno.EPERM: Text("操作不被允许", "operation not permitted"),
    errno.EISDIR: Text("这是一个文件夹", "is a folder"),
    errno.ELOOP: Text("符号链接循环", "too many levels of symbolic links"),
    errno.ENAMETOOLONG: Text("文件名过长", "file name too long"),
    errno.EIO: Text("读写错误", "input/output error"),
}


def os_error_text(exc: OSError) -> Text:
    """Why a file could not be read, in both languages (the system's own words in English)."""
    known = _OS_ERRORS.get(exc.errno) if exc.errno is not None else None
    english = exc.strerror or str(exc)
    if known is not None:
        return Text(known.zh, english or known.en)
    name = errno.errorcode.get(exc.errno, "") if exc.errno is not None else ""
    return Text(f"系统错误 {name}".strip(), english)


class RunAborted(Exception):
    """A run that cannot go on (the cluster it runs on went away); what was checked so far is
    kept in the result cache. ``exit_code``: 3 by default (2: the cluster is not set up for
    the run, e.g. a worker lacks a plugin)."""

    def __init__(self, message: str, exit_code: int = 3) -> None:
        super().__init__(message)
        self.exit_code = exit_code
