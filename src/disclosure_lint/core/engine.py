"""The rule engine: run the selected rules over one report and collect findings."""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding, Severity
from .fold import fold_consequences, fold_not_assessable
from .formats import FormatRegistry
from .i18n import Text, localize
from .kinds import CheckContext, RuleKind
from .model import Issue, Location, Report
from .rules import Rule, RuleSet, expand

#: code of the finding produced when a rule raises; defined in the built-in ``input`` pack
INTERNAL_ERROR_CODE = "DL999"


@dataclass
class Selection:
    """Which rules run, and severity overrides (from CLI or configuration)."""

    select: list[str] = field(default_factory=list)  # empty: every rule
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)  # code -> severity
    #: list not-assessable findings one by one too, not only on their cause's finding
    show_not_assessable: bool = False

    def chosen(self, rules: RuleSet) -> list[Rule]:
        chosen = rules.select(self.select) if self.select else list(rules)
        ignored = {r.code for r in rules.select(self.ignore)} if self.ignore else set()
        # The internal-error rule cannot be switched off: a crash must stay visible.
        return [r for r in chosen if r.code not in ignored or r.code == INTERNAL_ERROR_CODE]


class Engine:
    """Runs rules over reports. Holds no per-report state, so one engine serves a whole batch."""

    def __init__(
        self,
        rules: RuleSet,
        kinds: dict[str, RuleKind],
        formats: FormatRegistry,
        selection: Selection | None = None,
        owners: dict[str, str] | None = None,
    ) -> None:
        self.owners = owners or {}
        self.rules = rules
        self.kinds = kinds
        self.formats = formats
        self.selection = selection or Selection()
        self.active = self.selection.chosen(rules)
        #: each active rule's instances (``foreach``), expanded once: the same rule objects for
        #: every report, so that the plans kinds keep on them (:meth:`Rule.plan`) are reused
        self._instances = {id(rule): (rule, expand(rule)) for rule in self.active}
        #: the rules that run, by (format used, format detected) of a report
        self._applicable: dict[tuple[str | None, str | None], list[Rule]] = {}
        #: those rules with their instances, by the same key (:meth:`_runs`)
        self._paired: dict[
            tuple[str | None, str | None], list[tuple[Rule, list[tuple[Rule, dict[str, str]]]]]
        ] = {}
        #: list not-assessable findings one by one too, not only on their cause's finding
        self.show_not_assessable = self.selection.show_not_assessable

    def check(self, report: Report, settings: Mapping[str, Any] | None = None) -> list[Finding]:
        """Run every active rule over ``report``; ``settings`` are the file's configuration."""
        fmt = self.formats.get(report.format.used)
        findings: list[Finding] = []
        for issue in report.issues:
            if self.rules.get(issue.code) is None:
                findings.append(
                    self._internal(
                        Text(f"问题代码 {issue.code}", f"issue code {issue.code}"),
                        report.loader,
                        Text(
                            f"没有已加载的规则定义代码 {issue.code}",
                            f"no loaded rule defines code {issue.code}",
                        ),
                        issue.location,
                    )
                )
        given = settings or {}
        # one context for the rules without bindings (most): it holds nothing of a rule
        shared = CheckContext(report, fmt, self.formats, {}, given)
        kinds = self.kinds
        for rule, instances in self._runs(report):
            check = kinds[rule.kind].check
            for instance, bindings in instances:
                if bindings:
                    ctx = CheckContext(report, fmt, self.formats, bindings, given)
                else:
                    ctx = shared
                try:
                    findings.extend(check(instance, report, ctx))
                except Exception as exc:  # a rule must never stop the batch
                    findings.append(self.internal_error(rule, report, exc))
        findings = fold_not_assessable(findings, keep=self.show_not_assessable)
        findings = fold_consequences(findings)
        for finding in findings:
            finding.finish()  # a not-assessable finding that is kept: its message, location…
            override = self.selection.severity.get(finding.code)
            if override is not None:
                finding.severity = override
        findings.sort(key=Finding.sort_key)
        return findings

    def applicable(self, report: Report) -> list[Rule]:
        """The active rules that run over ``report`` (a rule whose kind needs a checkable format
        is skipped for a pre-2019 or unrecognised report, a kind that reads sections for a
        pre-2019 one; a rule limited to some formats is skipped for the others)."""
        key = (report.format.used, report.format.detected)
        chosen = self._applicable.get(key)
        if chosen is None:
            chosen = self._applicable[key] = self._applicable_to(*key)
        return list(chosen)

    def _runs(self, report: Report) -> list[tuple[Rule, list[tuple[Rule, dict[str, str]]]]]:
        """:meth:`applicable` with each rule's instances (:meth:`_expanded`), paired once per
        (format used, format detected)."""
        key = (report.format.used, report.format.detected)
        runs = self._paired.get(key)
        if runs is None:
            runs = self._paired[key] = [
                (rule, self._expanded(rule)) for rule in self.applicable(report)
            ]
        return runs

    def _applicable_to(self, used: str | None, detected_id: str | None) -> list[Rule]:
        fmt = self.formats.get(used)
        detected = self.formats.get(detected_id)
        uncheckable = detected is not None and not detected.checkable
        chosen: list[Rule] = []
        for rule in self.active:
            kind = self.kinds[rule.kind]
            if kind.needs_format:
                if fmt is None or not fmt.checkable or not rule.applies_to(fmt.id):
                    continue
            elif (kind.reads_sections and uncheckable) or (
                fmt is not None and rule.formats is not None and not rule.applies_to(fmt.id)
            ):
                continue
            chosen.append(rule)
        return chosen

    def _expanded(self, rule: Rule) -> list[tuple[Rule, dict[str, str]]]:
        entry = self._instances.get(id(rule))
        if entry is None or entry[0] is not rule:  # not an active rule (or a copy of one)
            return expand(rule)
        return entry[1]

    def internal_error(self, rule: Rule, report: Report, exc: BaseException) -> Finding:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        owner = self.owners.get(rule.kind, "?")
        return self._internal(f"{rule.code} {rule.name}", f"{owner}, {rule.file}", detail)

    def _internal(
        self,
        what: str | Text,
        plugin: str,
        detail: str | Text,
        location: Location | None = None,
    ) -> Finding:
        """A ``DL999`` finding: ``what`` (a rule, a loader, a batch check) of ``plugin`` failed
        with ``detail`` (the exception, as Python states it)."""
        internal = self.rules.get(INTERNAL_ERROR_CODE)
        args = {"rule": what, "plugin": plugin, "detail": detail}
        if internal is not None:
            messages = internal.render(args)
            name = internal.name
        else:  # pragma: no cover - the built-in pack always defines DL999
            messages = {
                "zh": f"{localize(what, 'zh')} 运行出错：{localize(detail, 'zh')}",
                "en": f"{localize(what, 'en')} failed: {localize(detail, 'en')}",
            }
            name = "internal-error"
        return Finding(
            code=INTERNAL_ERROR_CODE,
            name=name,
            severity=Severity.ERROR,
            messages=messages,
            location=location or Location(),
            data={
                "rule": localize(what, "en"),
                "plugin": plugin,
                "exception": localize(detail, "en"),
            },
        )

    def findings_for_issues(self, issues: Iterable[Issue]) -> list[Finding]:
        """Findings for issues recorded outside a report (a file that could not be loaded)."""
        active = {r.code for r in self.active}
        findings: list[Finding] = []
        for issue in issues:
            rule = self.rules.get(issue.code)
            if rule is None:
                findings.append(
                    self._internal(
                        Text(f"问题代码 {issue.code}", f"issue code {issue.code}"),
                        "loader",
                        Text(
                            f"没有已加载的规则定义代码 {issue.code}",
                            f"no loaded rule defines code {issue.code}",
                        ),
                        issue.location,
                    )
                )
                continue
            if rule.code not in active:
                continue
            findings.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=self.selection.severity.get(rule.code, rule.severity),
                    messages=rule.render(dict(issue.args)),
                    location=issue.location,
                    source=rule.file,
                )
            )
        return findings

    def loader_crash(self, loader: str, location: Location, exc: BaseException | Text) -> Finding:
        """A ``DL999`` finding for a loader (or worker) that failed with ``exc`` (or a reason)."""
        if isinstance(exc, Text):
            detail: str | Text = exc
        else:
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return self._internal(
            Text(f"读取器 {loader}", f"loader {loader}"), loader, detail, location
        )
