"""``disclosure-lint new-plugin``: create the skeleton of a local policy plugin."""

from __future__ import annotations

from pathlib import Path

import click

from ..scaffold import create_plugin


@click.command("new-plugin")
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--name", required=True, help="Plugin name: lower-case letters, digits, _.")
@click.option(
    "--title",
    default="本地政府信息公开年报要求",
    show_default=True,
    help="What the plugin checks, in a few words.",
)
def new_plugin(target: Path, name: str, title: str) -> None:
    """Create a plugin project in TARGET (see docs/plugins.md)."""
    for path in create_plugin(target, name, title):
        click.echo(f"created {path}")
