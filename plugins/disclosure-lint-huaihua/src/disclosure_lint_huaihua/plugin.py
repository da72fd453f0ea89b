"""Hooks of the 怀化市 example policy plugin.

An example of what a city office writes: local publication deadlines, extra required statements,
a stricter severity for a national rule, and a rule kind of its own. The deadlines are those of
怀化市政务公开政务服务领导小组办公室's notice on the 2021 reports (domain-spec S28: 市直单位
publish by 28 January; 县市区 collect their departments' and 乡镇（街道）reports and publish by
20 February). The statements required here are an illustration, not a quotation of that notice.
"""

from __future__ import annotations

from pathlib import Path

from disclosure_lint.api import hookimpl

from .kinds import RequiredStatementKind

RULES = Path(__file__).parent / "rules"


@hookimpl
def disclosure_lint_rule_packs() -> list[Path]:
    return [RULES]  # every *.yaml in the folder except *.tests.yaml


@hookimpl
def disclosure_lint_rule_kinds() -> list[type]:
    return [RequiredStatementKind]


@hookimpl
def disclosure_lint_config_schema() -> dict[str, dict]:
    # `huaihua-required-statements: false` in .disclosure-lint.yaml turns the statements off
    return {"huaihua-required-statements": {"type": "boolean", "default": True}}


@hookimpl
def disclosure_lint_config_defaults() -> dict[str, object]:
    # MM-DD of the year after the report year, per body type (S28)
    return {"deadlines": {"department": "01-28", "township": "02-20", "government": "03-31"}}
