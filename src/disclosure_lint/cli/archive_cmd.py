"""``disclosure-lint archive``: the archive of past reports (add, list, show)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..archive import Archive, ArchiveError, default_path
from ..core.engine import Engine
from ..core.errors import LoadError, UsageError
from ..core.inputs import LoadContext
from ..core.runner import Runner
from .common import EXIT_FINDINGS, EXIT_OK, Setup, env_options

archive_option = click.option(
    "--archive",
    "archive_path",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Archive database (default: in the user data directory, or $DISCLOSURE_LINT_ARCHIVE).",
)


def _open(path: Path | None) -> Archive:
    try:
        return Archive(path or default_path())
    except ArchiveError as exc:
        raise UsageError(str(exc)) from exc


@click.group()
def archive() -> None:
    """The archive of past reports, used by check --archive for year-over-year checks."""


@archive.command("add")
@click.argument("paths", nargs=-1, required=True)
@archive_option
@click.option("--body", default=None, help="Issuing body, when the report does not name it.")
@click.option("--year", type=int, default=None, help="Report year, when the report lacks it.")
@env_options
def add(
    paths,
    archive_path,
    body,
    year,
    setup: Setup,
) -> None:
    """Read reports and store them in the archive (replacing the same body and year)."""
    env = setup.environment()
    runner = Runner(env, Engine(env.rules, env.kinds, env.formats))
    context = LoadContext(env.formats, runner.max_bytes)
    failed = False
    with _open(archive_path) as store:
        for source in runner.discover(paths):
            try:
                report = env.load_report(source, context)
            except (LoadError, OSError) as exc:
                click.echo(f"{source.name}: not added: {exc}", err=True)
                failed = True
                continue
            if report is None:
                click.echo(f"{source.name}: not added: no loader reads this file", err=True)
                failed = True
                continue
            if body:
                report.metadata.body = body
            if year is not None:
                report.metadata.year = year
            try:
                entry = store.add(report, source.name)
            except ArchiveError as exc:
                click.echo(f"not added: {exc} (give --body/--year)", err=True)
                failed = True
                continue
            click.echo(f"added {entry.body} {entry.year} ← {source.name}")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@archive.command("list")
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def list_command(archive_path, as_json) -> None:
    """List the archived reports: body, year, title, source file."""
    with _open(archive_path) as store:
        entries = list(store.entries())
        if as_json:
            click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
            return
        click.echo(f"{store.path}: {len(entries)} report(s)")
        for entry in entries:
            click.echo(f"{entry.body}\t{entry.year}\t{entry.title or ''}\t{entry.source or ''}")


@archive.command("show")
@click.argument("body")
@click.argument("year", type=int)
@archive_option
def show(body, year, archive_path) -> None:
    """Print the archived report of BODY for YEAR (report data format, JSON)."""
    with _open(archive_path) as store:
        data = store.get(body, year)
    if data is None:
        raise UsageError(f"no archived report of {body} for {year}")
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
