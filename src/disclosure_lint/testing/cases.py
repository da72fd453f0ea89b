"""YAML test cases kept beside rule packs (``NAME.tests.yaml``), run by one parametrised test.

```python
import pytest
from disclosure_lint.testing.cases import rule_test_cases

@pytest.mark.parametrize("case", rule_test_cases("src/my_plugin/rules"))
def test_rule_cases(case, lint_case):
    lint_case(case)
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.schemas import load_checked
from .harness import Linter, LintResult, edit_report


@dataclass
class RuleCase:
    name: str
    file: Path
    line: int | None
    report: Path | None = None
    text: str | None = None
    data: dict[str, Any] | None = None
    set_cells: dict[str, Any] = field(default_factory=dict)
    set_sections: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    expect: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.file.name}:{self.line}:{self.name}"

    def run(self, linter: Linter) -> LintResult:
        """Lint the case's report with ``linter`` and assert its expectations."""
        if self.report is not None:
            if self.set_cells or self.set_sections:
                report = edit_report(linter.load(self.report), self.set_cells, self.set_sections)
                result = linter.lint_report(report, self.settings)
            else:
                result = linter.lint_file(self.report, self.settings)
        elif self.text is not None:
            result = linter.lint_text(self.text, f"{self.name}.txt", self.settings)
        else:
            assert self.data is not None
            result = linter.lint_data(self.data, self.settings)
        result.assert_codes(self.expect, self.silent)
        return result


def load_cases(path: str | Path) -> list[RuleCase]:
    """The cases of one ``*.tests.yaml`` file (validated; errors name file, line and key)."""
    path = Path(path)
    doc = load_checked(path, "rule-tests")
    cases = []
    for index, item in enumerate(doc.data["cases"]):
        data = item.get("data")
        if data is not None:
            data = {k: v for k, v in data.items() if k != "schema"}
        cases.append(
            RuleCase(
                name=item["name"],
                file=path,
                line=doc.line_of(("cases", index)),
                report=(path.parent / item["report"]) if "report" in item else None,
                text=item.get("text"),
                data=data,
                set_cells=item.get("set-cells", {}),
                set_sections=item.get("set-sections", {}),
                settings=item.get("settings", {}),
                expect=list(item.get("expect", [])),
                silent=list(item.get("silent", [])),
            )
        )
    return cases


def find_case_files(*paths: str | Path) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.rglob("*.tests.yaml")))
        else:
            files.append(path)
    return files


def rule_test_cases(*paths: str | Path) -> list[Any]:
    """``pytest.param`` objects for every case in the given files or folders."""
    import pytest

    return [
        pytest.param(case, id=case.id)
        for file in find_case_files(*paths)
        for case in load_cases(file)
    ]
