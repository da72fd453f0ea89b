"""``disclosure-lint config show``: the effective configuration and where each value came from."""

from __future__ import annotations

import json
import re

import click

from .common import Setup, env_options, lang_option

_WORDS = {
    "zh": {"configuration": "配置文件", "none": "未找到（使用默认值）"},
    "en": {"configuration": "configuration", "none": "none found (defaults)"},
}


def source_text(source: str, lang: str) -> str:
    """Where a setting came from, in ``lang``: ``default``, ``command line``, ``plugin NAME``,
    ``plugin NAME (default)``, ``FILE:LINE``, or several joined by `` + ``."""
    if lang == "en":
        return source
    parts = []
    for part in source.split(" + "):
        if part == "default":
            part = "默认值"
        elif part == "command line":
            part = "命令行"
        else:
            match = re.fullmatch(r"plugin (\S+)( \(default\))?", part)
            if match:
                part = f"插件 {match.group(1)}" + ("（默认值）" if match.group(2) else "")
        parts.append(part)
    return " + ".join(parts)


@click.group("config")
def config_group() -> None:
    """Inspect the configuration."""


@config_group.command("show")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@lang_option
@env_options
def config_show(fmt: str, lang: str | None, setup: Setup) -> None:
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
    lang = "en" if setup.lang(lang) == "en" else "zh"
    words = _WORDS[lang]
    sep = ": " if lang == "en" else "："
    if config.files:
        click.echo(words["configuration"] + sep + " <- ".join(str(p) for p in config.files))
    else:
        click.echo(words["configuration"] + sep + words["none"])
    width = max(len(k) for k in config.settings)
    for key, setting in config.settings.items():
        value = json.dumps(setting.value, ensure_ascii=False)
        click.echo(f"{key:<{width}}  {value}    # {source_text(setting.source, lang)}")
