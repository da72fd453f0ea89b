"""Rule kind ``input``: problems found while reading a file.

Loaders and the format detector record :class:`~disclosure_lint.core.model.Issue` objects with a
code; the rule with that code (kind ``input``) decides severity and message. Files that cannot be
read at all get their finding the same way, so every input appears in the results.

A rule with ``group_message`` reports all its issues on one table as one finding (one cause — the
table's text lost its separators — one finding): ``{items}`` lists each issue through
``group_item`` and ``{count}`` counts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ..core.findings import Finding
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Issue, Location, Report
from ..core.rules import Rule, Text

_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["zh", "en"],
    "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
}

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
        "count",
        "items",
        "row_label",
    }
)


class InputKind(RuleKind):
    name: ClassVar[str] = "input"
    description: ClassVar[str] = "Reports problems recorded while reading the file."
    needs_format: ClassVar[bool] = False
    message_args: ClassVar[frozenset[str]] = INPUT_ARGS
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "group_message": {
                **_TEXT,
                "description": "message of one finding for all the rule's issues on one table: "
                "{table}, {count} and {items}",
            },
            "group_item": {
                **_TEXT,
                "description": "one issue in {items}, with the issue's own placeholders and "
                "{row_label} (the last label of its row)",
            },
        },
        "dependentRequired": {"group_message": ["group_item"]},
    }

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        issues = [issue for issue in report.issues if issue.code == rule.code]
        if "group_message" not in rule.params:
            for issue in issues:
                yield ctx.finding(rule, issue.location, dict(issue.args))
            return
        by_table: dict[str | None, list[Issue]] = {}
        for issue in issues:
            by_table.setdefault(issue.location.table, []).append(issue)
        for table, group in by_table.items():
            if table is None or len(group) == 1:
                for issue in group:
                    yield ctx.finding(rule, issue.location, dict(issue.args))
                continue
            yield self._grouped(rule, ctx, group)

    def _grouped(self, rule: Rule, ctx: CheckContext, group: list[Issue]) -> Finding:
        """One finding for ``group``, the issues of one rule on one table."""
        first = group[0].location
        item = Text.from_data(rule.params["group_item"])
        rendered = [rule.render(_item_args(i), item) for i in group]
        items = Text("；".join(r["zh"] for r in rendered), "; ".join(r["en"] for r in rendered))
        location = Location(table=first.table, table_name=first.table_name, source=first.source)
        args = {"table": first.table_name or first.table, "count": len(group), "items": items}
        data = {"rows": [i.location.row for i in group if i.location.row]}
        message = Text.from_data(rule.params["group_message"])
        return ctx.finding(rule, location, args, data=data, message=message)


def _item_args(issue: Issue) -> dict[str, Any]:
    """An issue's arguments, with ``row_label``: the last label of its row."""
    labels = issue.location.row_labels
    return {**issue.args, "row_label": labels[-1] if labels else issue.args.get("row", "")}
