"""``disclosure-lint check``: check files and folders, report through one or more reporters."""

from __future__ import annotations

import sys

import click

from ..core.engine import Engine, Selection
from ..core.errors import UsageError
from ..core.inputs import InputSource
from ..core.reporting import DEFAULT_RULES_DOC_URL, ReporterOptions
from ..core.runner import Runner
from .common import (
    FAIL_ON,
    env_options,
    environment,
    lang_option,
)
from .outputs import open_reporters


def _parse_outputs(fmt: str | None, outputs: tuple[str, ...]) -> list[tuple[str, str | None]]:
    specs: list[tuple[str, str | None]] = []
    for item in outputs:
        name, _, target = item.partition("=")
        specs.append((name, target or None))
    if fmt:
        specs.insert(0, (fmt, None))
    if not specs:
        specs.append(("rich", None))
    if sum(1 for _, target in specs if target is None) > 1:
        raise click.UsageError(
            "only one output may go to stdout; give the others a file: --output NAME=FILE"
        )
    return specs


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    default=None,
    metavar="NAME",
    help="Output format on stdout: rich (default) or json, or a plugin's reporter.",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="NAME[=FILE]",
    help="Add an output; NAME=FILE writes it to a file (repeatable).",
)
@lang_option
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--select",
    "select",
    multiple=True,
    help="Only run these rules: code, code prefix, name or tag (repeatable).",
)
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    help="Do not run these rules: code, code prefix, name or tag (repeatable).",
)
@click.option(
    "--stdin-filename", default=None, help="Name (and so file type) of the report read from '-'."
)
@click.option("--no-source", is_flag=True, help="Do not show source lines under findings.")
@click.option("--color/--no-color", default=None, help="Force colour on or off.")
@click.option(
    "--rules-doc-url",
    default=DEFAULT_RULES_DOC_URL,
    envvar="DISCLOSURE_LINT_RULES_DOC_URL",
    show_default=True,
    metavar="URL",
    help="Rule reference linked from SARIF and HTML outputs (a rule is URL#dl101).",
)
@env_options
def check(
    paths,
    fmt,
    outputs,
    lang,
    fail_on,
    select,
    ignore,
    stdin_filename,
    no_source,
    color,
    rules_doc_url,
    plugins,
    disable,
    no_plugin_autoload,
    extra_packs,
    extra_formats,
) -> None:
    """Check report files and folders."""
    env = environment(plugins, disable, no_plugin_autoload, extra_packs, extra_formats)
    selection = Selection(select=list(select), ignore=list(ignore))
    for selectors in (select, ignore):
        for sel in selectors:
            if not env.rules.select([sel]):
                raise UsageError(f"selector {sel!r} matches no rule (see: disclosure-lint rules)")
    engine = Engine(env.rules, env.kinds, env.formats, selection, env.kind_owner)
    runner = Runner(env, engine)
    specs = _parse_outputs(fmt, outputs)
    options = ReporterOptions(
        lang=lang,
        color=color,
        show_source=not no_source,
        rules=env.rules,
        rules_doc_url=rules_doc_url,
    )
    reporters, streams = open_reporters(env, specs, options)

    sources = []
    for raw in paths:
        if raw == "-":
            data = click.get_binary_stream("stdin").read()
            sources.append(InputSource.from_bytes(data, stdin_filename or "stdin.txt"))
    file_paths = [p for p in paths if p != "-"]
    sources.extend(runner.discover(file_paths))

    summary = runner.run_batch(sources, reporters, fail_on)
    for stream in streams:
        stream.close()
    sys.exit(summary.exit_code)
