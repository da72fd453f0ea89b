"""JUnit XML output: one test suite per file, one test case per rule that ran over it.

A test case fails when the rule produced a finding at or above ``--fail-on`` (one ``<failure>``
listing every such finding); an internal error (``DL999``) is an ``<error>``. Findings below the
threshold, and accepted ones, are listed in the case's ``<system-out>`` and do not fail it.
A file that could not be read has one case per input rule that reported on it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from ..core.engine import INTERNAL_ERROR_CODE
from ..core.findings import Finding
from ..core.reporting import Reporter
from ..core.results import FileResult, RunSummary
from .common import ReportMeta, is_failure, word, xml_text


def _describe(finding: Finding, lang: str) -> str:
    """One finding as a line of text: source position, severity, code, location, message."""
    src = finding.location.source
    parts = []
    if src is not None and src.short():
        parts.append(src.short())
    parts.append(f"{word(lang, finding.severity.value)} {finding.code} {finding.name}")
    path = finding.location.path()
    if path:
        parts.append(path)
    text = " | ".join(parts) + "\n  " + finding.message(lang)
    if finding.suppressed:
        text += f"\n  [{finding.suppressed.text(lang)}]"
    return text


class JunitReporter(Reporter):
    name = "junit"
    description = "JUnit XML: a test suite per file, a test case per rule that ran."

    def start(self) -> None:
        self._results: list[tuple[ReportMeta, list[str], dict[str, list[Finding]]]] = []

    def file_done(self, result: FileResult) -> None:
        by_code: dict[str, list[Finding]] = {}
        for finding in result.findings:
            by_code.setdefault(finding.code, []).append(finding)
        codes = list(result.rules_run) if result.rules_run is not None else []
        codes += [code for code in by_code if code not in codes]
        self._results.append((ReportMeta.of(result), codes, by_code))

    def finish(self, summary: RunSummary) -> None:
        lang = self.options.lang
        rules = self.options.rules
        root = ET.Element("testsuites", {"name": "disclosure-lint"})
        totals = {"tests": 0, "failures": 0, "errors": 0}
        for meta, codes, by_code in self._results:
            suite = ET.SubElement(root, "testsuite", {"name": xml_text(meta.path)})
            props = ET.SubElement(suite, "properties")
            for key in ("status", "title", "body", "year", "format"):
                value = getattr(meta, key)
                if value is not None:
                    ET.SubElement(props, "property", {"name": key, "value": xml_text(str(value))})
            counts = {"tests": 0, "failures": 0, "errors": 0}
            for code in codes:
                findings = by_code.get(code, [])
                rule = rules.get(code) if rules is not None else None
                rule_name = rule.name if rule else (findings[0].name if findings else "")
                case = ET.SubElement(
                    suite,
                    "testcase",
                    {
                        "classname": xml_text(meta.path),
                        "name": xml_text(f"{code} {rule_name}".strip()),
                        "file": xml_text(meta.path),
                        "time": "0",
                    },
                )
                counts["tests"] += 1
                failing = [f for f in findings if is_failure(f, summary.fail_on)]
                others = [f for f in findings if f not in failing]
                if failing:
                    internal = code == INTERNAL_ERROR_CODE
                    counts["errors" if internal else "failures"] += 1
                    first = failing[0]
                    message = first.message(lang)
                    if len(failing) > 1:
                        message += f" (+{len(failing) - 1})"
                    attrs: dict[str, Any] = {"message": xml_text(message), "type": code}
                    element = ET.SubElement(case, "error" if internal else "failure", attrs)
                    element.text = xml_text("\n".join(_describe(f, lang) for f in failing))
                if others:
                    out = ET.SubElement(case, "system-out")
                    out.text = xml_text("\n".join(_describe(f, lang) for f in others))
            suite.set("tests", str(counts["tests"]))
            suite.set("failures", str(counts["failures"]))
            suite.set("errors", str(counts["errors"]))
            suite.set("skipped", "0")
            suite.set("time", "0")
            for key in totals:
                totals[key] += counts[key]
        for key, value in totals.items():
            root.set(key, str(value))
        root.set("time", "0")
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")
