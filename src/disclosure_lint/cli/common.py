"""Shared pieces of the command line: exit codes, plugin/rule options, environment building."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..core.errors import UsageError
from ..core.plugins import Environment, build_environment

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
FAIL_ON = ("error", "warning", "info", "never")


def env_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that loads plugins and rules."""
    options = [
        click.option(
            "--plugin",
            "plugins",
            multiple=True,
            metavar="MODULE_OR_PATH",
            help="Load a plugin module or .py file (repeatable).",
        ),
        click.option(
            "-p",
            "disable",
            multiple=True,
            metavar="no:NAME",
            help="Disable a plugin by name: -p no:NAME (repeatable).",
        ),
        click.option(
            "--no-plugin-autoload",
            is_flag=True,
            default=bool(os.environ.get("DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD")),
            help="Do not load plugins from installed packages (entry points).",
        ),
        click.option(
            "--rules",
            "extra_packs",
            multiple=True,
            type=click.Path(path_type=Path),
            help="An extra rule pack file or folder (repeatable).",
        ),
        click.option(
            "--formats",
            "extra_formats",
            multiple=True,
            type=click.Path(path_type=Path),
            help="An extra format definition file or folder (repeatable).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=os.environ.get("DISCLOSURE_LINT_LANG", "zh"),
        show_default=True,
        help="Language of messages.",
    )(func)


def environment(plugins, disable, no_plugin_autoload, extra_packs, extra_formats) -> Environment:
    disabled: list[str] = []
    for item in disable:
        if not item.startswith("no:"):
            raise click.UsageError(f"-p takes no:NAME to disable a plugin, got {item!r}")
        disabled.append(item[3:])
    for path in [*extra_packs, *extra_formats]:
        if not Path(path).exists():
            raise UsageError(f"no such file or folder: {path}")
    return build_environment(
        extra_plugins=list(plugins),
        disabled=disabled,
        autoload=not no_plugin_autoload,
        extra_packs=list(extra_packs),
        extra_formats=list(extra_formats),
    )


class Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"disclosure-lint: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
