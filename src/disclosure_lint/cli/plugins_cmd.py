"""``disclosure-lint plugins``: plugins, versions, hooks and problems."""

from __future__ import annotations

import json
import sys

import click

from ..core.plugins import describe_problem
from ..reporters.common import word
from .common import EXIT_INTERNAL, EXIT_OK, env_options, lang_option

_WORDS = {
    "zh": {
        "builtin": "内置",
        "entry-point": "已安装",
        "command-line": "命令行",
        "hooks": "钩子",
        "rule kinds": "规则类型",
        "rules": "规则",
        "overrides": "改变严重程度",
        "configuration keys": "配置项",
        "problem": "问题",
        "sep": "：",
        "list": "、",
        "paren": "（{}）",
    },
    "en": {
        "builtin": "builtin",
        "entry-point": "entry-point",
        "command-line": "command-line",
        "hooks": "hooks",
        "rule kinds": "rule kinds",
        "rules": "rules",
        "overrides": "overrides",
        "configuration keys": "configuration keys",
        "problem": "PROBLEM",
        "sep": ": ",
        "list": ", ",
        "paren": " ({})",
    },
}


@click.command("plugins")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@lang_option
@env_options
def plugins_command(fmt, lang, setup):
    """List plugins, their versions, the hooks they implement and what they add."""
    env = setup.environment()
    lang = "en" if setup.lang(lang) == "en" else "zh"
    rows = []
    for info in env.plugins:
        kinds = sorted(k for k, owner in env.kind_owner.items() if owner == info.name)
        packs = [p for p in env.rules.packs if p.plugin == info.name]
        rows.append(
            {
                "name": info.name,
                "version": info.version,
                "origin": info.origin,
                "module": info.module,
                "hooks": info.hooks,
                "rule_kinds": kinds,
                "packs": [p.name for p in packs],
                "rules": sorted(r.code for p in packs for r in p.rules),
                "overrides": [
                    f"{o.target}: {o.severity.value}" for p in packs for o in p.overrides
                ],
                "config_keys": sorted(
                    k for k, (owner, _) in env.config_schema.items() if owner == info.name
                ),
            }
        )
    problems = [describe_problem(p, lang) for p in env.problems]
    if fmt == "json":
        click.echo(
            json.dumps({"plugins": rows, "problems": problems}, ensure_ascii=False, indent=2)
        )
        sys.exit(EXIT_INTERNAL if problems else EXIT_OK)
    w = _WORDS[lang]
    sep, comma = w["sep"], w["list"]
    for row in rows:
        origin = w.get(row["origin"], row["origin"])
        version = f" {row['version']}" if row["version"] else ""
        click.echo(f"{row['name']}{version}" + w["paren"].format(origin))
        click.echo(f"    {w['hooks']}{sep}{comma.join(row['hooks'])}")
        if row["rule_kinds"]:
            click.echo(f"    {w['rule kinds']}{sep}{comma.join(row['rule_kinds'])}")
        if row["rules"]:
            click.echo(
                f"    {w['rules']}{w['paren'].format(comma.join(row['packs']))}"
                f"{sep}{comma.join(row['rules'])}"
            )
        overrides = [
            f"{o.target}{sep}{word(lang, o.severity.value)}"
            for p in env.rules.packs
            if p.plugin == row["name"]
            for o in p.overrides
        ]
        if overrides:
            click.echo(f"    {w['overrides']}{sep}{comma.join(overrides)}")
        if row["config_keys"]:
            click.echo(f"    {w['configuration keys']}{sep}{comma.join(row['config_keys'])}")
    for problem in env.problems:
        click.echo(f"{w['problem']} {problem.text(lang)}", err=True)
    sys.exit(EXIT_INTERNAL if problems else EXIT_OK)
