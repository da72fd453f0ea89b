"""``disclosure-lint plugins``: plugins, versions, hooks and problems."""

from __future__ import annotations

import json
import sys

import click

from .common import EXIT_INTERNAL, EXIT_OK, env_options


@click.command("plugins")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@env_options
def plugins_command(fmt, setup):
    """List plugins, their versions, the hooks they implement and what they add."""
    env = setup.environment()
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
    problems = [{"plugin": p.plugin, "stage": p.stage, "message": p.message} for p in env.problems]
    if fmt == "json":
        click.echo(
            json.dumps({"plugins": rows, "problems": problems}, ensure_ascii=False, indent=2)
        )
    else:
        for row in rows:
            click.echo(f"{row['name']} {row['version'] or ''} ({row['origin']})")
            click.echo(f"    hooks: {', '.join(row['hooks'])}")
            if row["rule_kinds"]:
                click.echo(f"    rule kinds: {', '.join(row['rule_kinds'])}")
            if row["rules"]:
                click.echo(f"    rules ({', '.join(row['packs'])}): {', '.join(row['rules'])}")
            if row["overrides"]:
                click.echo(f"    overrides: {', '.join(row['overrides'])}")
            if row["config_keys"]:
                click.echo(f"    configuration keys: {', '.join(row['config_keys'])}")
        for problem in problems:
            click.echo(
                f"PROBLEM {problem['plugin']} ({problem['stage']}): {problem['message']}", err=True
            )
    sys.exit(EXIT_INTERNAL if problems else EXIT_OK)
