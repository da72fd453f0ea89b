"""Shared pieces of the command line: exit codes, plugin/rule options, environment building."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from ..core.config import Config, load_config
from ..core.errors import UsageError
from ..core.plugins import Environment, build_environment

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
FAIL_ON = ("error", "warning", "info", "never")


@dataclass
class Setup:
    """What the shared options ask for: configuration, plugins, extra rules and formats.

    Command-line values win over configuration values; both are combined for lists (plugins,
    rule packs, formats, disabled plugins).
    """

    plugins: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    no_plugin_autoload: bool = False
    extra_packs: tuple[Path, ...] = ()
    extra_formats: tuple[Path, ...] = ()
    config_path: Path | None = None
    isolated: bool = False
    _config: Config | None = field(default=None, repr=False)
    _env: Environment | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            if self.isolated:
                self._config = Config()
            else:
                if self.config_path is not None and not self.config_path.is_file():
                    raise UsageError(f"no such configuration file: {self.config_path}")
                self._config = load_config(Path.cwd(), self.config_path)
        return self._config

    def lang(self, value: str | None) -> str:
        return value or os.environ.get("DISCLOSURE_LINT_LANG") or self.config.get("lang")

    def environment(self) -> Environment:
        if self._env is not None:
            return self._env
        config = self.config
        disabled = list(config.get("disable-plugins"))
        for item in self.disable:
            if not item.startswith("no:"):
                raise click.UsageError(f"-p takes no:NAME to disable a plugin, got {item!r}")
            disabled.append(item[3:])
        if self.extra_packs:
            config.set_from_cli("rules", [*config.get("rules"), *map(str, self.extra_packs)])
        if self.extra_formats:
            config.set_from_cli("formats", [*config.get("formats"), *map(str, self.extra_formats)])
        if self.plugins:
            config.set_from_cli("plugins", [*config.get("plugins"), *self.plugins])
        if self.no_plugin_autoload:
            config.set_from_cli("plugin-autoload", False)
        packs = [Path(p) for p in config.get("rules")]
        formats = [Path(p) for p in config.get("formats")]
        for path in [*packs, *formats]:
            if not path.exists():
                raise UsageError(f"no such file or folder: {path}")
        self._env = build_environment(
            extra_plugins=list(config.get("plugins")),
            disabled=disabled,
            autoload=bool(config.get("plugin-autoload")),
            extra_packs=packs,
            extra_formats=formats,
        )
        config.apply_plugins(self._env.config_schema, self._env.config_defaults)
        return self._env


_SETUP_KEYS = (
    "plugins",
    "disable",
    "no_plugin_autoload",
    "extra_packs",
    "extra_formats",
    "config_path",
    "isolated",
)


def env_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that loads configuration, plugins and rules.

    The decorated command receives one ``setup`` argument (a :class:`Setup`) instead of them.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {key: kwargs.pop(key) for key in _SETUP_KEYS}
        return func(*args, setup=Setup(**values), **kwargs)

    options = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path),
            default=None,
            help="Use this configuration file instead of discovering one.",
        ),
        click.option(
            "--isolated",
            is_flag=True,
            help="Ignore configuration files (and their plugins and rules).",
        ),
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
        wrapper = option(wrapper)
    return wrapper


def ui_lang(value: str | None = None, setup: Setup | None = None) -> str:
    """The language of a command's own words: ``--lang``, else ``DISCLOSURE_LINT_LANG``, else the
    configuration's ``lang`` (when the command reads one), else Chinese."""
    lang = value or os.environ.get("DISCLOSURE_LINT_LANG")
    if lang is None and setup is not None:
        lang = setup.lang(None)
    return "en" if lang == "en" else "zh"


def say(lang: str, zh: str, en: str) -> str:
    """``zh`` or ``en``, by ``lang``."""
    return en if lang == "en" else zh


def lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=None,
        help="Language of messages (default: configuration, DISCLOSURE_LINT_LANG, else zh).",
    )(func)


class Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"disclosure-lint: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
