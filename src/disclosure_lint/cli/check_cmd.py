"""``disclosure-lint check``: check files and folders, report through one or more reporters."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.engine import Engine, Selection
from ..core.errors import UsageError
from ..core.inputs import InputSource, LoadContext
from ..core.reporting import ReporterOptions
from ..core.runner import Runner
from .common import (
    FAIL_ON,
    env_options,
    environment,
    lang_option,
)


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
@click.option(
    "--previous",
    "previous",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Last year's reports (files or folders) to compare with, by body and year (repeatable).",
)
@click.option(
    "--archive",
    "archive_path",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Archive database: compare with the reports archived there and add the checked ones.",
)
@click.option(
    "--use-archive",
    is_flag=True,
    help="Like --archive, with the default archive (user data directory, or "
    "$DISCLOSURE_LINT_ARCHIVE).",
)
@click.option("--no-source", is_flag=True, help="Do not show source lines under findings.")
@click.option("--color/--no-color", default=None, help="Force colour on or off.")
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
    previous,
    archive_path,
    use_archive,
    no_source,
    color,
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
    options = ReporterOptions(lang=lang, color=color, show_source=not no_source)
    reporters = []
    streams = []
    for name, target in specs:
        cls = env.reporters.get(name)
        if cls is None:
            raise click.UsageError(
                f"unknown output format {name!r} (known: {', '.join(sorted(env.reporters))})"
            )
        if target is None:
            stream = click.get_text_stream("stdout")
        else:
            stream = open(target, "w", encoding="utf-8")  # noqa: SIM115 - closed below
            streams.append(stream)
        reporters.append(cls(stream, options))

    sources = []
    for raw in paths:
        if raw == "-":
            data = click.get_binary_stream("stdin").read()
            sources.append(InputSource.from_bytes(data, stdin_filename or "stdin.txt"))
    file_paths = [p for p in paths if p != "-"]
    sources.extend(runner.discover(file_paths))

    archive = None
    stats: dict[str, list] = {}
    if previous or archive_path is not None or use_archive:
        from ..archive import Archive, ArchiveError, default_path
        from ..batch import archive_lookup, load_reports

        context = LoadContext(env.formats, runner.max_bytes)
        options: dict[str, object] = {}
        if previous:
            reports, problems = load_reports(runner.discover(previous), env.load_report, context)
            if problems:
                raise UsageError("cannot use --previous: " + "; ".join(problems))
            options["previous"] = reports
        if archive_path is not None or use_archive:
            try:
                archive = Archive(archive_path or default_path())
            except ArchiveError as exc:
                raise UsageError(str(exc)) from exc
            options["archive"] = archive
            options["archive_add"] = True
            options["archive_stats"] = stats
            options["archive_lookup"] = archive_lookup(
                archive, lambda source: env.load_report(source, context)
            )
        runner.batch_options = options

    summary = runner.run_batch(sources, reporters, fail_on)
    for stream in streams:
        stream.close()
    if archive is not None:
        added, skipped = stats.get("added", []), stats.get("skipped", [])
        click.echo(f"archive {archive.path}: {len(added)} report(s) added", err=True)
        for path in skipped:
            click.echo(f"  not archived (no issuing body or report year): {path}", err=True)
        archive.close()
    sys.exit(summary.exit_code)
