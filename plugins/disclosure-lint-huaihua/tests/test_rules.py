"""Runs every YAML test case of the plugin's rules, and checks what the plugin changes."""

from pathlib import Path

import pytest

from disclosure_lint.api import rule_test_cases

RULES = Path(__file__).resolve().parent.parent / "src" / "disclosure_lint_huaihua" / "rules"


@pytest.mark.parametrize("case", rule_test_cases(RULES))
def test_rule_case(case, lint_case):
    lint_case(case)


def test_plugin_is_loaded(disclosure_linter):
    env = disclosure_linter.env
    assert "huaihua.required_statement" in env.kinds
    assert env.rules.get("HH001") is not None


def test_blank_cell_is_an_error(disclosure_linter):
    rule = disclosure_linter.env.rules.get("DL204")
    assert rule.severity.value == "error"
    assert "huaihua" in rule.overridden


def test_local_deadlines_are_configuration_defaults(disclosure_linter):
    defaults = dict(disclosure_linter.env.config_defaults)
    assert defaults["huaihua"]["deadlines"]["township"] == "02-20"
