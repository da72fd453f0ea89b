"""``disclosure-lint rules``, ``rules validate`` and ``explain``.

Both show a rule's effective severity: the configuration's ``severity`` setting, else a plugin's
(or a given pack's) ``overrides``, else the rule's own; when it is not the rule's own, they say
who set it and what it was.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import click

from ..core.config import Config
from ..core.errors import UsageError
from ..core.findings import Severity
from ..core.rules import Rule, RuleSet, SeverityChange
from ..reporters.common import word
from .common import EXIT_OK, EXIT_USAGE, env_options, error_lang, lang_option


def effective_severities(rules: RuleSet, config: Config) -> dict[str, SeverityChange]:
    """Rules whose severity is not their own pack's: by code, who set it and what it was."""
    changes = {r.code: r.severity_change for r in rules if r.severity_change is not None}
    setting = config.settings["severity"]
    source = setting.source
    by, name = (
        ("plugin", source[len("plugin ") :]) if source.startswith("plugin ") else ("config", source)
    )
    for selector, level in setting.value.items():
        for rule in rules.select([selector]):
            was = rule.severity_change.was if rule.severity_change else rule.severity
            changes[rule.code] = SeverityChange(Severity(level), was, by, name, where=source)
    return changes


@click.group(invoke_without_command=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@lang_option
@env_options
@click.pass_context
def rules(ctx, fmt, lang, setup):
    """List the loaded rules (or validate rule files: rules validate FILE)."""
    ctx.obj = setup
    if ctx.invoked_subcommand is not None:
        return
    env = setup.environment()
    lang = setup.lang(lang)
    changes = effective_severities(env.rules, setup.config)
    if fmt == "json":
        out = []
        for rule in env.rules:
            data = rule.to_dict()
            change = changes.get(rule.code)
            data["severity"] = change.severity.value if change else rule.severity.value
            data["severity_change"] = change.to_dict() if change else None
            out.append(data)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for rule in env.rules:
        formats = ",".join(rule.formats or ["*"])
        change = changes.get(rule.code)
        severity = _pad(word(lang, (change.severity if change else rule.severity).value), 8)
        note = ""
        if change is not None:
            note = (
                f"  [{change.describe(lang)}]" if lang == "en" else f"  ［{change.describe(lang)}］"
            )
        click.echo(
            f"{rule.code:<7} {severity} {rule.kind:<15} {formats:<10} "
            f"{rule.name:<26} {rule.title.get(lang)}{note}"
        )


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    from rich.cells import cell_len  # Rich is imported only by the commands that print with it

    return text + " " * max(0, width - cell_len(text))


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def rules_validate(ctx, files) -> None:
    """Validate rule pack files: every problem with file, line and key (exit 2 if any)."""
    from ..core.errors import DataFileError
    from ..core.rules import load_rule_pack

    env = ctx.obj.environment()
    lang = error_lang(ctx)
    bad = False
    for path in files:
        if not path.is_file():
            click.echo(
                f"{path}: 没有这个文件" if lang == "zh" else f"{path}: no such file", err=True
            )
            bad = True
            continue
        try:
            pack = load_rule_pack(path, env.kinds, env.formats)
        except DataFileError as exc:
            bad = True
            for problem in exc.problems or []:
                click.echo(problem.render(lang))
            if not exc.problems:
                click.echo(exc.render(lang))
            continue
        if lang == "zh":
            click.echo(f"{path}: 有效，规则包 {pack.name}，{len(pack.rules)} 条规则")
        else:
            click.echo(f"{path}: ok, pack {pack.name}, {len(pack.rules)} rules")
    sys.exit(EXIT_USAGE if bad else EXIT_OK)


_LABELS = {
    "zh": ("严重程度", "类型", "适用格式", "依据", "说明", "示例", "规则文件"),
    "en": ("severity", "kind", "formats", "citation", "rationale", "example", "pack"),
}


@click.command()
@click.argument("code")
@lang_option
@env_options
def explain(code, lang, setup) -> None:
    """Print a rule's rationale, citation and an example, and its effective severity."""
    env = setup.environment()
    lang = setup.lang(lang)
    rule = env.rules.get(code.upper()) or next((r for r in env.rules if r.name == code), None)
    if rule is None:
        raise UsageError(
            f"no rule {code!r} (see: disclosure-lint rules)",
            zh=f"没有规则 {code!r}（见：disclosure-lint rules）",
        )
    change = effective_severities(env.rules, setup.config).get(rule.code)
    click.echo(explanation(rule, change, lang), nl=False)


def explanation(rule: Rule, change: SeverityChange | None, lang: str) -> str:
    labels = _LABELS["en" if lang == "en" else "zh"]
    out = io.StringIO()
    out.write(f"{rule.code} {rule.name} — {rule.title.get(lang)}\n\n")
    formats = ", ".join(rule.formats or ["*"])
    if change is None:
        out.write(
            f"{labels[0]}: {word(lang, rule.severity.value)}    {labels[1]}: {rule.kind}    "
            f"{labels[2]}: {formats}\n"
        )
    else:
        paren = ("（", "）") if lang != "en" else (" (", ")")
        out.write(
            f"{labels[0]}: {word(lang, change.severity.value)}"
            f"{paren[0]}{change.describe(lang)}{paren[1]}\n"
        )
        out.write(f"{labels[1]}: {rule.kind}    {labels[2]}: {formats}\n")
    if rule.citation:
        out.write(f"{labels[3]}: {rule.citation}\n")
    out.write(f"\n{labels[4]}:\n  {rule.rationale.get(lang)}\n")
    if change is not None:
        if lang == "en":
            out.write(
                f"  (This describes the rule's own severity, {change.was.value}; "
                f"{change.describe_who(lang)} made it {change.severity.value}.)\n"
            )
        else:
            out.write(
                f"  （以上说明针对规则本身的严重程度“{word(lang, change.was.value)}”；"
                f"{change.describe_who(lang)} 已将其设为“{word(lang, change.severity.value)}”。）\n"
            )
    if rule.example is not None:
        out.write(f"\n{labels[5]}:\n  {rule.example.get(lang)}\n")
    out.write(f"\n{labels[6]}: {rule.file}\n")
    return out.getvalue()
