"""Shared pieces of the command line: exit codes, plugin/rule options, environment building."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from ..core.config import Config, load_config
from ..core.errors import UsageError
from ..core.plugins import Environment, build_environment

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
#: a shell's code for a program ended by SIGPIPE (128 + 13)
EXIT_BROKEN_PIPE = 141
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
                    raise UsageError(
                        f"no such configuration file: {self.config_path}",
                        zh=f"没有这个配置文件：{self.config_path}",
                    )
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
        for key, paths in (("rules", packs), ("formats", formats)):
            for path in paths:
                if not path.exists():
                    source = config.settings[key].source
                    raise UsageError(
                        f"no such file or folder: {path} ({key}, {source})",
                        zh=f"没有这个文件或文件夹：{path}（{key}，{source}）",
                    )
        _check_plugin_specs(config)
        self._env = build_environment(
            extra_plugins=list(config.get("plugins")),
            disabled=disabled,
            autoload=bool(config.get("plugin-autoload")),
            extra_packs=packs,
            extra_formats=formats,
            definition_cache=cache_folder(config) if caching(config) else None,
        )
        config.apply_plugins(self._env.config_schema, self._env.config_defaults)
        return self._env


def caching(config: Config) -> bool:
    """Whether caches are used: the ``cache`` setting (``--no-cache``), unless
    ``DISCLOSURE_LINT_NO_CACHE`` is set."""
    return bool(config.get("cache")) and not os.environ.get("DISCLOSURE_LINT_NO_CACHE")


def cache_folder(config: Config) -> Path:
    """The cache folder: ``cache-dir``, else ``DISCLOSURE_LINT_CACHE_DIR``, else the user's."""
    folder = config.get("cache-dir") or os.environ.get("DISCLOSURE_LINT_CACHE_DIR")
    if not folder:
        from platformdirs import user_cache_dir

        folder = user_cache_dir("disclosure-lint", appauthor=False)
    return Path(folder)


def _check_plugin_specs(config: Config) -> None:
    """A plugin named in the configuration or with --plugin that does not exist is the user's
    error (exit 2, naming where it was given), not a plugin failure."""
    source = config.settings["plugins"].source
    for spec in config.get("plugins"):
        if spec.endswith(".py") or "/" in spec or os.sep in spec:
            if not Path(spec).exists():
                raise UsageError(
                    f"no such plugin file: {spec} (plugins, {source})",
                    zh=f"没有这个插件文件：{spec}（plugins，{source}）",
                )
            continue
        try:
            found = importlib.util.find_spec(spec)
        except (ImportError, ValueError):
            found = None
        if found is None:
            raise UsageError(
                f"no plugin module {spec!r} is installed (plugins, {source})",
                zh=f"未安装插件模块 {spec!r}（plugins，{source}）",
            )


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


_LANG_KEY = "disclosure_lint.lang"
_DEBUG_KEY = "disclosure_lint.debug"


def _remember_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        ctx.meta[_LANG_KEY] = value  # ctx.meta is shared by every context of the invocation
    return value


def lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=None,
        callback=_remember_lang,
        help="Language of messages (default: configuration, DISCLOSURE_LINT_LANG, else zh).",
    )(func)


def error_lang(ctx: click.Context) -> str:
    """The language of an error message: --lang, else DISCLOSURE_LINT_LANG, else Chinese (the
    configuration may be the file that could not be read)."""
    lang = ctx.meta.get(_LANG_KEY) or os.environ.get("DISCLOSURE_LINT_LANG") or "zh"
    return "en" if lang == "en" else "zh"


def remember_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[_DEBUG_KEY] = True
    return value


def debug_wanted(ctx: click.Context) -> bool:
    flag = os.environ.get("DISCLOSURE_LINT_DEBUG", "")
    return bool(ctx.meta.get(_DEBUG_KEY)) or flag not in ("", "0")


def internal_error_line(exc: BaseException, lang: str) -> str:
    """One line for an unexpected exception: its type, message and where in our code it rose."""
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        parts = Path(frame.filename).parts
        if "disclosure_lint" in parts:
            inner = "/".join(parts[len(parts) - parts[::-1].index("disclosure_lint") :])
            where = f"{inner}:{frame.lineno}"
            break
    detail = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    detail = " ".join(detail.split())
    if len(detail) > 300:
        detail = detail[:299] + "…"
    if lang == "en":
        at = f" at {where}" if where else ""
        return (
            f"disclosure-lint: internal error{at}: {detail} (please report it; run with --debug "
            "or DISCLOSURE_LINT_DEBUG=1 for the traceback)"
        )
    at = f"（{where}）" if where else ""
    return (
        f"disclosure-lint：内部错误{at}：{detail}（请报告此问题；加 --debug 或设置 "
        "DISCLOSURE_LINT_DEBUG=1 可显示完整回溯）"
    )


class Group(click.Group):
    """The command group: a user's error is exit 2 with its message; anything unexpected is exit
    3 with one line (the traceback only with --debug or DISCLOSURE_LINT_DEBUG=1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"disclosure-lint: {exc.render(error_lang(ctx))}", err=True)
            ctx.exit(EXIT_USAGE)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # the reader of our output went away (``disclosure-lint rules | head``): not an error
            # of ours; stop quietly, as a program ended by SIGPIPE does
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more is written
            ctx.exit(EXIT_BROKEN_PIPE)
        except Exception as exc:
            if debug_wanted(ctx):
                click.echo(traceback.format_exc().rstrip(), err=True)
            click.echo(internal_error_line(exc, error_lang(ctx)), err=True)
            ctx.exit(EXIT_INTERNAL)
