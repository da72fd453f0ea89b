"""Rule kind ``input``: problems found while reading a file.

Loaders and the format detector record :class:`~disclosure_lint.core.model.Issue` objects with a
code; the rule with that code (kind ``input``) decides severity and message. Files that cannot be
read at all get their finding the same way, so every input appears in the results.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ..core.findings import Finding
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Report
from ..core.rules import Rule

#: placeholders loaders may fill
INPUT_ARGS = frozenset(
    {
        "detail",
        "table",
        "row",
        "column",
        "expected",
        "found",
        "encoding",
        "key",
        "label",
        "size",
        "limit",
        "program",
        "install",
        "format",
        "line",
        "rule",
        "plugin",
        "pages",
    }
)


class InputKind(RuleKind):
    name: ClassVar[str] = "input"
    description: ClassVar[str] = "Reports problems recorded while reading the file."
    needs_format: ClassVar[bool] = False
    message_args: ClassVar[frozenset[str]] = INPUT_ARGS

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        for issue in report.issues:
            if issue.code == rule.code:
                yield ctx.finding(rule, issue.location, dict(issue.args))
