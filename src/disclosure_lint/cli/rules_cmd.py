"""``disclosure-lint rules``, ``rules validate`` and ``explain``."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import click
from rich.cells import cell_len

from ..core.errors import UsageError
from ..core.rules import Rule
from ..reporters.common import word
from .common import EXIT_OK, EXIT_USAGE, env_options, lang_option


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
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in env.rules], ensure_ascii=False, indent=2))
        return
    for rule in env.rules:
        formats = ",".join(rule.formats or ["*"])
        severity = _pad(word(lang, rule.severity.value), 8)
        click.echo(
            f"{rule.code:<7} {severity} {rule.kind:<15} {formats:<10} "
            f"{rule.name:<26} {rule.title.get(lang)}"
        )


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    return text + " " * max(0, width - cell_len(text))


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def rules_validate(ctx, files) -> None:
    """Validate rule pack files: every problem with file, line and key (exit 2 if any)."""
    from ..core.errors import DataFileError
    from ..core.rules import load_rule_pack

    env = ctx.obj.environment()
    bad = False
    for path in files:
        if not path.exists():
            click.echo(f"{path}: no such file", err=True)
            bad = True
            continue
        try:
            pack = load_rule_pack(path, env.kinds, env.formats)
        except DataFileError as exc:
            bad = True
            for problem in exc.problems or []:
                click.echo(str(problem))
            if not exc.problems:
                click.echo(str(exc))
            continue
        click.echo(f"{path}: ok, pack {pack.name}, {len(pack.rules)} rules")
    sys.exit(EXIT_USAGE if bad else EXIT_OK)


@click.command()
@click.argument("code")
@lang_option
@env_options
def explain(code, lang, setup) -> None:
    """Print a rule's rationale, citation and an example."""
    env = setup.environment()
    lang = setup.lang(lang)
    rule = env.rules.get(code.upper()) or next((r for r in env.rules if r.name == code), None)
    if rule is None:
        raise UsageError(f"no rule {code!r} (see: disclosure-lint rules)")
    click.echo(explanation(rule, lang), nl=False)


_LABELS = {
    "zh": ("严重程度", "类型", "适用格式", "依据", "说明", "示例", "规则文件"),
    "en": ("severity", "kind", "formats", "citation", "rationale", "example", "pack"),
}


def explanation(rule: Rule, lang: str) -> str:
    """What ``explain`` prints for ``rule``, in ``lang``."""
    labels = _LABELS["en" if lang == "en" else "zh"]
    out = io.StringIO()
    out.write(f"{rule.code} {rule.name} — {rule.title.get(lang)}\n\n")
    out.write(
        f"{labels[0]}: {word(lang, rule.severity.value)}    {labels[1]}: {rule.kind}    "
        f"{labels[2]}: {', '.join(rule.formats or ['*'])}\n"
    )
    if rule.citation:
        out.write(f"{labels[3]}: {rule.citation}\n")
    out.write(f"\n{labels[4]}:\n  {rule.rationale.get(lang)}\n")
    if rule.example is not None:
        out.write(f"\n{labels[5]}:\n  {rule.example.get(lang)}\n")
    out.write(f"\n{labels[6]}: {rule.file}\n")
    return out.getvalue()
