"""Rules and rule packs, loaded from YAML and validated against the published schema.

A rule pack is a YAML file with ``schema: disclosure-lint/rule-pack/1`` and a list of rules. Each
rule has a stable code (``DL101``), a kebab-case name, a kind (registered by a plugin), a
severity, the formats it applies to, bilingual title/message/rationale and its kind's ``params``.
Anything wrong (unknown kind, unknown key, bad parameter, unknown table/row/column, unknown
message placeholder, duplicate code) is a :class:`DataFileError` naming file, line and key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import DataFileError, FileProblem
from .findings import Severity
from .formats import FormatRegistry
from .i18n import LANGUAGES, STATE_WORDS, Text, localize
from .schemas import check_document, invalid, suggestion, validate_with_schema, validator
from .yamlsource import SourcedData, load_sourced_file

if TYPE_CHECKING:
    from .formats import FormatDef
    from .kinds import RuleKind

T = TypeVar("T")


@dataclass(frozen=True)
class SeverityChange:
    """Who changed a rule's severity from the one its own pack gives, and why.

    ``by`` is ``"plugin"`` (a plugin's rule pack ``overrides``), ``"pack"`` (a pack given with
    ``--rules`` or in the configuration's ``rules``) or ``"config"`` (the ``severity`` setting);
    ``name`` is the plugin's name, the pack's name or the configuration file and line.
    """

    severity: Severity
    was: Severity
    by: str
    name: str
    reason: str = ""
    where: str = ""

    def describe_who(self, lang: str) -> str:
        """ "plugin huaihua" / "插件 huaihua"."""
        if lang == "en":
            who = {"plugin": "plugin", "pack": "rule pack", "config": "the configuration"}
            return f"{who.get(self.by, self.by)} {self.name}"
        who_zh = {"plugin": "插件", "pack": "规则包", "config": "配置"}
        return f"{who_zh.get(self.by, self.by)} {self.name}"

    def describe(self, lang: str) -> str:
        """ "set by plugin huaihua; was warning" in ``lang``, with the reason when one is given."""
        if lang == "en":
            text = f"set by {self.describe_who(lang)}; was {self.was.value}"
            return text + (f"; reason: {self.reason}" if self.reason else "")
        text = f"由{self.describe_who(lang)} 设置；原为“{STATE_WORDS[self.was.value].zh}”"
        return text + (f"；理由：{self.reason}" if self.reason else "")

    def to_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity.value,
            "was": self.was.value,
            "by": self.by,
            "name": self.name,
            "reason": self.reason,
            "where": self.where,
        }


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: Severity
    formats: tuple[str, ...] | None  # None: every checkable format
    tags: tuple[str, ...]
    title: Text
    message: Text
    rationale: Text
    citation: str | None
    example: Text | None
    params: dict[str, Any]
    pack: str
    file: str
    line: int | None
    status: str = "stable"
    foreach: dict[str, list[str]] = field(default_factory=dict)
    overridden: str | None = None  # set when another pack changed the severity
    #: who changed the severity (a plugin's or a given pack's ``overrides``), if anyone did
    severity_change: SeverityChange | None = None

    def applies_to(self, format_id: str | None) -> bool:
        if self.formats is None:
            return True
        return format_id in self.formats

    @cached_property
    def _plans(self) -> dict[int, tuple[FormatDef | None, Any]]:
        return {}

    def plan(self, fmt: FormatDef | None, build: Callable[[], T]) -> T:
        """``build()`` once per format (None: none): what a kind derives from this rule and
        ``fmt`` alone — resolved cell keys, labels, compiled patterns — reused for every
        report. Keyed by the format object itself (held here, so its id stays its own)."""
        entry = self._plans.get(id(fmt))
        if entry is None or entry[0] is not fmt:
            entry = self._plans[id(fmt)] = (fmt, build())
        return entry[1]

    def render(self, args: dict[str, Any], template: Text | None = None) -> dict[str, str]:
        """The message in every language, with ``args`` filled in.

        An argument may itself be a :class:`Text` (or a ``{"zh", "en"}`` mapping), filled in the
        matching language. ``template`` replaces the rule's own message (kinds use it for
        secondary outcomes).
        """
        message = template or self.message
        return {lang: _fill_localized(message.get(lang), args, lang) for lang in LANGUAGES}

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "severity": self.severity.value,
            "formats": list(self.formats) if self.formats is not None else None,
            "tags": list(self.tags),
            "title": self.title.to_dict(),
            "message": self.message.to_dict(),
            "rationale": self.rationale.to_dict(),
            "citation": self.citation,
            "params": self.params,
            "pack": self.pack,
            "file": self.file,
            "line": self.line,
            "status": self.status,
            "overridden": self.overridden,
            "severity_change": (
                self.severity_change.to_dict() if self.severity_change is not None else None
            ),
        }
        if self.example is not None:
            data["example"] = self.example.to_dict()
        return data


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _fill(template: str, args: dict[str, Any]) -> str:
    """Replace ``{name}`` placeholders; unknown names and other braces stay as they are."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(args[name]) if name in args else match.group(0)

    return _PLACEHOLDER.sub(value, template)


@lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """``template`` cut at its placeholders: (text before, name) for each, and the text after
    the last (templates are few: rule messages and kinds' secondary messages)."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        pieces.append((template[position : match.start()], match.group(1)))
        position = match.end()
    return tuple(pieces), template[position:]


def _fill_localized(template: str, args: dict[str, Any], lang: str) -> str:
    """``_fill(template, {k: localize(v, lang) for k, v in args.items()})``, localizing only
    the arguments the template names (a finding's message is rendered for every finding)."""
    pieces, tail = _pieces(template)
    out: list[str] = []
    for text, name in pieces:
        out.append(text)
        if name in args:
            out.append(str(localize(args[name], lang)))
        else:
            out.append("{" + name + "}")
    out.append(tail)
    return "".join(out)


def template_fields(template: str) -> set[str]:
    """The placeholder names used in a message template."""
    return set(_PLACEHOLDER.findall(template))


@dataclass(frozen=True)
class Override:
    """A pack's change to a rule of another pack (a stricter severity for a national rule)."""

    target: str  # code or name
    severity: Severity
    reason: str
    file: str
    line: int | None


@dataclass
class RulePack:
    name: str
    file: str
    description: str
    rules: list[Rule]
    overrides: list[Override] = field(default_factory=list)
    plugin: str = ""  # the plugin that provided the pack ("command-line" for --rules)


@dataclass
class RuleSet:
    """All rules loaded in a run, by code, with where each pack came from."""

    rules: dict[str, Rule] = field(default_factory=dict)
    packs: list[RulePack] = field(default_factory=list)

    def add_pack(self, pack: RulePack, doc: SourcedData | None = None) -> None:
        problems: list[FileProblem] = []
        for index, rule in enumerate(pack.rules):
            other = self.rules.get(rule.code)
            if other is not None:
                problems.append(
                    FileProblem(
                        pack.file,
                        rule.line,
                        f"rules[{index}].code",
                        f"code {rule.code} is already used by {other.name} in {other.file}",
                    )
                )
            names = {r.name: r for r in self.rules.values()}
            if rule.name in names and other is None:
                problems.append(
                    FileProblem(
                        pack.file,
                        rule.line,
                        f"rules[{index}].name",
                        f"name {rule.name} is already used by {names[rule.name].code}",
                    )
                )
        if problems:
            raise DataFileError(f"{pack.file}: rule codes and names must be unique", problems)
        self.packs.append(pack)
        for rule in pack.rules:
            self.rules[rule.code] = rule

    def apply_overrides(self, pack: RulePack) -> list[FileProblem]:
        """Apply ``pack``'s overrides to the rules loaded so far; problems for unknown targets."""
        problems: list[FileProblem] = []
        for override in pack.overrides:
            targets = [r for r in self.rules.values() if override.target in (r.code, r.name)]
            if not targets:
                problems.append(
                    FileProblem(
                        override.file,
                        override.line,
                        "overrides",
                        f"no loaded rule '{override.target}' to override",
                    )
                )
            if (
                pack.plugin
                and pack.plugin != "command-line"
                and not pack.plugin.startswith("disclosure_lint.")
            ):
                by, name = "plugin", pack.plugin
            else:
                by, name = "pack", pack.name
            for rule in targets:
                first = rule.severity_change.was if rule.severity_change else rule.severity
                self.rules[rule.code] = replace(
                    rule,
                    severity=override.severity,
                    overridden=f"{override.severity.value} ({pack.name}: {override.reason})",
                    severity_change=SeverityChange(
                        override.severity,
                        first,
                        by,
                        name,
                        override.reason,
                        f"{override.file}:{override.line}" if override.line else override.file,
                    ),
                )
        return problems

    def __iter__(self):
        return iter(sorted(self.rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, code: str) -> Rule | None:
        return self.rules.get(code)

    def by_kind(self, kind: str) -> list[Rule]:
        return [r for r in self if r.kind == kind]

    def select(self, selectors: Iterable[str]) -> list[Rule]:
        """Rules matched by code, code prefix, name or tag."""
        chosen: list[Rule] = []
        for rule in self:
            for sel in selectors:
                if (
                    rule.code == sel
                    or (sel and rule.code.startswith(sel))
                    or rule.name == sel
                    or sel in rule.tags
                    or sel == "ALL"
                ):
                    chosen.append(rule)
                    break
        return chosen


def load_rule_pack(
    path: Path,
    kinds: dict[str, RuleKind],
    formats: FormatRegistry,
) -> RulePack:
    """Load and fully validate one rule pack file."""
    doc = load_sourced_file(path)
    return rule_pack_from_data(doc, kinds, formats)


def rule_pack_from_data(
    doc: SourcedData, kinds: dict[str, RuleKind], formats: FormatRegistry, checked: bool = False
) -> RulePack:
    """The rule pack of a loaded document; :class:`DataFileError` lists every problem.

    ``checked``: the document is known to be valid (it was, with the same kinds, formats and
    code, when it was cached): the schema validation and the semantic checks of kinds whose
    validation is cacheable are skipped.
    """
    if not checked:
        check_document(doc, "rule-pack")
    problems: list[FileProblem] = []
    raw = doc.data
    rules: list[Rule] = []
    codes: dict[str, int] = {}
    for index, item in enumerate(raw["rules"]):
        path = ("rules", index)
        problems_before = len(problems)
        kind_name = item["kind"]
        kind = kinds.get(kind_name)
        if kind is None:
            known = ", ".join(sorted(kinds)) or "none"
            close = suggestion(str(kind_name), set(kinds))
            hint_en = f"did you mean '{close}'? " if close else ""
            hint_zh = f"是否应为“{close}”？" if close else ""
            problems.append(
                doc.problem(
                    (*path, "kind"),
                    f"unknown rule kind '{kind_name}' ({hint_en}known: {known})",
                    f"未知的规则类型“{kind_name}”（{hint_zh}已有：{known}）",
                )
            )
            continue
        if item["code"] in codes:
            problems.append(
                doc.problem(
                    (*path, "code"),
                    f"duplicate code {item['code']} (also rules[{codes[item['code']]}])",
                    f"代码 {item['code']} 重复（另见 rules[{codes[item['code']]}]）",
                )
            )
        codes[item["code"]] = index
        params = item.get("params", {})
        if not checked:
            problems.extend(
                validate_with_schema(validator(kind.params_schema), doc, (*path, "params"), params)
            )
        rule_formats = tuple(str(f) for f in item["formats"]) if "formats" in item else None
        for f_index, fmt in enumerate(rule_formats or ()):
            if formats.get(fmt) is None:
                problems.append(
                    doc.problem(
                        (*path, "formats", f_index),
                        f"unknown format '{fmt}' (known: {', '.join(formats.ids())})",
                        f"未知的格式“{fmt}”（已有：{', '.join(formats.ids())}）",
                    )
                )
        example = item.get("example")
        rule = Rule(
            code=item["code"],
            name=item["name"],
            kind=kind_name,
            severity=Severity(item["severity"]),
            formats=rule_formats,
            tags=tuple(item.get("tags", [])),
            title=Text.from_data(item["title"]),
            message=Text.from_data(item["message"]),
            rationale=Text.from_data(item["rationale"]),
            citation=item.get("citation"),
            example=Text.from_data(example) if example is not None else None,
            params=params,
            pack=raw["pack"],
            file=doc.file,
            line=doc.line_of(path),
            status=item.get("status", "stable"),
            foreach={k: list(v) for k, v in item.get("foreach", {}).items()},
        )
        allowed = set(kind.message_args) | set(rule.foreach)
        for lang in LANGUAGES:
            unknown = template_fields(rule.message.get(lang)) - allowed
            for name in sorted(unknown):
                problems.append(
                    doc.problem(
                        (*path, "message", lang),
                        f"unknown placeholder {{{name}}} (kind '{kind_name}' provides: "
                        f"{', '.join(sorted(allowed))})",
                        f"未知的占位符 {{{name}}}（类型“{kind_name}”提供："
                        f"{', '.join(sorted(allowed))}）",
                    )
                )
        if len(problems) == problems_before and not (checked and kind.validation_cacheable):
            for instance, _ in expand(rule):
                for param_path, message in kind.validate(instance, formats):
                    problems.append(doc.problem((*path, "params", *param_path), message))
        rules.append(rule)
    overrides = [
        Override(
            target=item["rule"],
            severity=Severity(item["severity"]),
            reason=item["reason"],
            file=doc.file,
            line=doc.line_of(("overrides", index)),
        )
        for index, item in enumerate(raw.get("overrides", []))
    ]
    if problems:
        raise invalid(doc.file, "rule-pack", problems)
    return RulePack(raw["pack"], doc.file, raw.get("description", ""), rules, overrides)


def _substitute(value: Any, bindings: dict[str, str]) -> Any:
    if isinstance(value, str):
        return _fill(value, bindings)
    if isinstance(value, list):
        return [_substitute(v, bindings) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, bindings) for k, v in value.items()}
    return value


def expand(rule: Rule) -> list[tuple[Rule, dict[str, str]]]:
    """The instances of a rule with ``foreach``: one per combination of the listed values.

    ``foreach: {group: [review, litigation.direct]}`` turns ``"{group}.total"`` in the params into
    ``review.total`` and ``litigation.direct.total``. Rules without ``foreach`` have one instance.
    """
    if not rule.foreach:
        return [(rule, {})]
    combos: list[dict[str, str]] = [{}]
    for name, values in rule.foreach.items():
        combos = [{**c, name: v} for c in combos for v in values]
    return [(replace(rule, params=_substitute(rule.params, c), foreach={}), c) for c in combos]
