"""Exceptions that carry enough context to be shown to a user as they are."""

from __future__ import annotations

from dataclasses import dataclass


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
    """A loader could not read a file. ``code`` names the input rule that reports it."""

    def __init__(self, code: str, message: str, **args: object) -> None:
        super().__init__(message)
        self.code = code
        self.args_dict = {"detail": message, **args}
