"""``disclosure-lint config show``: the effective configuration and where each value came from."""

from __future__ import annotations

import json

import click

from .common import Setup, env_options


@click.group("config")
def config_group() -> None:
    """Inspect the configuration."""


@config_group.command("show")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@env_options
def config_show(fmt: str, setup: Setup) -> None:
    """Print every setting with its value and its source (file:line, command line or default)."""
    config = setup.config
    setup.environment()  # applies --plugin/--rules/--formats so they show as command line
    if fmt == "json":
        data = {
            "files": [str(p) for p in config.files],
            "root": str(config.root),
            "settings": config.to_dict(),
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if config.files:
        click.echo("configuration: " + " <- ".join(str(p) for p in config.files))
    else:
        click.echo("configuration: none found (defaults)")
    width = max(len(k) for k in config.settings)
    for key, setting in config.settings.items():
        value = json.dumps(setting.value, ensure_ascii=False)
        click.echo(f"{key:<{width}}  {value}    # {setting.source}")
