"""SARIF 2.1.0 output, for code scanning (GitHub, Azure DevOps) and SARIF viewers.

One run: the tool with every loaded rule (id = code, name, title, rationale, ``helpUri`` to the
rule's section of docs/rules.md), one result per finding with its level, a physical location
(the file, and the line span where the source has lines) and logical locations for the section,
or the table, row, column and cell, whose ``fullyQualifiedName`` is the official label path.
See docs/outputs.md.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..core.codec import encode_location, encode_source
from ..core.findings import Finding, Severity
from ..core.i18n import localize
from ..core.model import Location
from ..core.reporting import Reporter
from ..core.results import FileResult, RunSummary
from ..core.rules import Rule
from .common import ReportMeta, label_path

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"
#: key of the semantic fingerprint in ``partialFingerprints``
FINGERPRINT_KEY = "disclosureLint/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub code scanning reads ``problem.severity`` from a rule's properties.
PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}


def artifact_uri(path: str, base: Path | None = None) -> str:
    """A URI reference for a file: relative to ``base`` (default: the working folder) when the
    file is under it, else an absolute ``file:`` URI. Non-ASCII characters are percent-encoded."""
    candidate = Path(path)
    if candidate.is_absolute():
        root = (base or Path.cwd()).resolve()
        try:
            candidate = candidate.resolve().relative_to(root)
        except ValueError:
            return candidate.as_uri()
    posix = PurePosixPath(*candidate.parts) if candidate.parts else PurePosixPath(path)
    return quote(str(posix), safe="/")


class SarifReporter(Reporter):
    name = "sarif"
    description = "SARIF 2.1.0 for code scanning (rule metadata, logical and physical locations)."

    def start(self) -> None:
        self._rules: list[dict[str, Any]] = []
        self._rule_index: dict[str, int] = {}
        self._artifacts: list[dict[str, Any]] = []
        self._logical: list[dict[str, Any]] = []
        self._logical_index: dict[tuple[str, str], int] = {}
        self._results: list[dict[str, Any]] = []
        if self.options.rules is not None:
            for rule in self.options.rules:
                self._add_rule(rule.code, rule)

    # -- rules ---------------------------------------------------------------------------------

    def _add_rule(self, code: str, rule: Rule | None, finding: Finding | None = None) -> int:
        lang = self.options.lang
        descriptor: dict[str, Any] = {"id": code}
        if rule is not None:
            title = rule.title.get(lang)
            rationale = rule.rationale.get(lang) or title
            help_text = rationale
            if rule.citation:
                help_text += "\n\n" + rule.citation
            descriptor.update(
                {
                    "name": rule.name,
                    "shortDescription": {"text": title},
                    "fullDescription": {"text": rationale},
                    "help": {"text": help_text},
                    "defaultConfiguration": {"level": LEVELS[rule.severity]},
                    "properties": {
                        "tags": list(rule.tags),
                        "kind": rule.kind,
                        "pack": rule.pack,
                        "problem.severity": PROBLEM_SEVERITY[rule.severity],
                        "precision": "very-high",
                    },
                }
            )
            if rule.citation:
                descriptor["properties"]["citation"] = rule.citation
            url = self.options.rule_doc_url(code)
            if url:
                descriptor["helpUri"] = url
        elif finding is not None:  # a code no loaded rule defines (should not happen)
            descriptor["name"] = finding.name
            url = self.options.rule_doc_url(code)
            if url:
                descriptor["helpUri"] = url
        self._rule_index[code] = len(self._rules)
        self._rules.append(descriptor)
        return self._rule_index[code]

    # -- locations ------------------------------------------------------------------------------

    def _artifact(self, result: FileResult) -> int:
        meta = ReportMeta.of(result)
        properties: dict[str, Any] = {"status": meta.status}
        for key in ("title", "body", "year", "format", "loader"):
            value = getattr(meta, key)
            if value is not None:
                properties[key] = value
        role = "userSpecifiedConfiguration" if meta.status == "config" else "analysisTarget"
        self._artifacts.append(
            {
                "location": {"uri": artifact_uri(result.path)},
                "roles": [role],
                "properties": properties,
            }
        )
        return len(self._artifacts) - 1

    def _logical_location(
        self, name: str, fqn: str, kind: str, parent: int | None, key: str | None = None
    ) -> dict[str, Any]:
        ident = (kind, fqn)
        index = self._logical_index.get(ident)
        if index is None:
            entry: dict[str, Any] = {"name": name, "fullyQualifiedName": fqn, "kind": kind}
            if parent is not None:
                entry["parentIndex"] = parent
            if key:
                entry["properties"] = {"key": key}
            index = self._logical_index[ident] = len(self._logical)
            self._logical.append(entry)
        return {"index": index, "name": name, "fullyQualifiedName": fqn, "kind": kind}

    def _logical_locations(self, loc: Location) -> list[dict[str, Any]]:
        """Most specific first: cell, row, column, table; or the section."""
        if loc.table:
            table_name = loc.table_name or loc.table
            table = self._logical_location(table_name, table_name, "table", None, loc.table)
            found: list[dict[str, Any]] = []
            row = column = None
            if loc.row:
                row_path = label_path(loc.row_labels, loc.row)
                leaf = loc.row_labels[-1] if loc.row_labels else loc.row
                row = self._logical_location(
                    leaf, f"{table_name} › {row_path}", "row", table["index"], loc.row
                )
            if loc.column:
                col_path = label_path(loc.column_labels, loc.column)
                leaf = loc.column_labels[-1] if loc.column_labels else loc.column
                column = self._logical_location(
                    leaf, f"{table_name} × {col_path}", "column", table["index"], loc.column
                )
            if row is not None and column is not None:
                found.append(
                    self._logical_location(
                        column["name"],
                        loc.path(),
                        "cell",
                        row["index"],
                        f"{loc.table}:{loc.row}:{loc.column}",
                    )
                )
            found.extend(x for x in (row, column) if x is not None)
            found.append(table)
            return found
        if loc.section or loc.section_label:
            label = loc.section_label or loc.section or ""
            return [self._logical_location(label, label, "section", None, loc.section)]
        return []

    def _location(
        self, result: FileResult, finding: Finding, artifact: int, where: Location | None = None
    ) -> dict[str, Any]:
        """The SARIF location of ``finding`` (or of ``where``, one of its related places)."""
        at = where if where is not None else finding.location
        src = at.source
        uri = artifact_uri(src.file) if src is not None and src.file else None
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri or artifact_uri(result.path)}}
        if uri is None or src is None or src.file == result.path:
            physical["artifactLocation"]["index"] = artifact
        if src is not None:
            if src.line is not None:
                region: dict[str, Any] = {"startLine": src.line}
                if src.end_line is not None and src.end_line > src.line:
                    region["endLine"] = src.end_line
                physical["region"] = region
            extra = {
                key: value
                for key, value in encode_source(src).items()
                if key in ("page", "table_index", "row_index", "col_index", "bbox")
            }
            if extra:
                physical["properties"] = extra
        location: dict[str, Any] = {"physicalLocation": physical}
        logical = self._logical_locations(at)
        if logical:
            location["logicalLocations"] = logical
        path = at.path()
        if path:
            location["message"] = {"text": path}
        return location

    def _related(
        self, result: FileResult, finding: Finding, artifact: int, lang: str
    ) -> dict[str, Any]:
        """``relatedLocations`` for the other places a finding compares with (none: empty)."""
        if not finding.related:
            return {}
        related = []
        for number, other in enumerate(finding.related, start=1):
            location = self._location(result, finding, artifact, other.location)
            location["id"] = number
            location["message"] = {"text": other.message(lang)}
            related.append(location)
        return {"relatedLocations": related}

    # -- results --------------------------------------------------------------------------------

    def file_done(self, result: FileResult) -> None:
        lang = self.options.lang
        artifact = self._artifact(result)
        seen: dict[str, int] = {}
        for finding in result.findings:
            index = self._rule_index.get(finding.code)
            if index is None:
                index = self._add_rule(finding.code, None, finding)
            semantic = {k: v for k, v in encode_location(finding.location).items() if k != "source"}
            key = json.dumps([finding.code, semantic], ensure_ascii=False, sort_keys=True)
            seen[key] = seen.get(key, 0) + 1
            digest = hashlib.sha256(f"{key}#{seen[key]}".encode()).hexdigest()[:32]
            properties: dict[str, Any] = {
                "name": finding.name,
                "severity": finding.severity.value,
                "outcome": finding.outcome.value,
            }
            if finding.cells:
                properties["cells"] = [cell.to_dict() for cell in finding.cells]
            sarif_result: dict[str, Any] = {
                "ruleId": finding.code,
                "ruleIndex": index,
                "level": LEVELS[finding.severity],
                "kind": "fail",
                "message": {"text": finding.message(lang)},
                "locations": [self._location(result, finding, artifact)],
                **self._related(result, finding, artifact, lang),
                "partialFingerprints": {FINGERPRINT_KEY: digest},
                "properties": properties,
            }
            if finding.suppressed:
                sarif_result["suppressions"] = [
                    {
                        "kind": "external",
                        "status": "accepted",
                        "justification": finding.suppressed.text(lang),
                    }
                ]
            self._results.append(sarif_result)

    def finish(self, summary: RunSummary) -> None:
        invocation: dict[str, Any] = {
            "executionSuccessful": summary.exit_code != 3,
            "exitCode": summary.exit_code,
        }
        if summary.problems:
            invocation["toolExecutionNotifications"] = [
                {"level": "error", "message": {"text": localize(problem, self.options.lang)}}
                for problem in summary.problems
            ]
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "disclosure-lint",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": self._rules,
                }
            },
            "invocations": [invocation],
            "language": "en-US" if self.options.lang == "en" else "zh-CN",
            "columnKind": "unicodeCodePoints",
            "artifacts": self._artifacts,
            "logicalLocations": self._logical,
            "results": self._results,
            "properties": {
                "fail_on": summary.fail_on,
                "files": summary.files,
                "by_status": dict(summary.by_status),
                "failed": summary.failed,
            },
        }
        if self.options.rules_doc_url:
            run["tool"]["driver"]["informationUri"] = self.options.rules_doc_url
        log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
        json.dump(log, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
