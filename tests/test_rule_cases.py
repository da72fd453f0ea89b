"""The YAML rule test cases of the built-in rules, run the way rule authors run theirs."""

from pathlib import Path

import pytest

from disclosure_lint.testing.cases import rule_test_cases


@pytest.mark.parametrize("case", rule_test_cases(Path(__file__).parent / "rules"))
def test_rule_case(case, lint_case) -> None:
    lint_case(case)
