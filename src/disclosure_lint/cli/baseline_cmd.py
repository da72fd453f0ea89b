"""``disclosure-lint baseline create``: record today's findings so that only new ones fail."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.baseline import build_baseline, write_baseline
from ..core.config import Config
from .check_cmd import build_runner
from .common import EXIT_OK, Setup, env_options, lang_option, say, ui_lang


@click.group("baseline")
def baseline_group() -> None:
    """Create baselines."""


@baseline_group.command("create")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(path_type=Path),
    default=Path(".disclosure-lint.baseline.json"),
    show_default=True,
    help="Where to write the baseline.",
)
@lang_option
@env_options
def baseline_create(paths: tuple[str, ...], output: Path, lang: str | None, setup: Setup) -> None:
    """Check PATHS and write every finding (not already suppressed) to the baseline file."""
    config: Config = setup.config
    config.set_from_cli("baseline", None)  # a new baseline never starts from the old one
    env = setup.environment()
    runner = build_runner(env, config)
    entries = []
    for result in runner.run(runner.discover(list(paths))):
        entries.append((result.path, result.report, result.findings))
    document = build_baseline(output, entries)
    write_baseline(output, document)
    count = sum(entry["count"] for entry in document["entries"])
    files = len(entries)
    lang = ui_lang(lang, setup)
    click.echo(
        say(
            lang,
            f"{output}：已记录 {files} 个文件中的 {count} 个问题",
            f"{output}: {count} findings in {files} files recorded",
        )
    )
    sys.exit(EXIT_OK)
