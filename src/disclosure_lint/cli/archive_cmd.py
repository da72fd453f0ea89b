"""``disclosure-lint archive``: the archive of past reports (add, list, show)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..archive import Archive, ArchiveError, default_path
from ..core.engine import Engine
from ..core.errors import LoadError, UsageError, os_error_text
from ..core.i18n import localize
from ..core.inputs import LoadContext
from ..core.runner import Runner
from .common import EXIT_FINDINGS, EXIT_OK, Setup, env_options, lang_option, say, ui_lang

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
        raise UsageError(exc.text.en, zh=exc.text.zh) from exc


@click.group()
def archive() -> None:
    """The archive of past reports, used by check --archive for year-over-year checks."""


@archive.command("add")
@click.argument("paths", nargs=-1, required=True)
@archive_option
@click.option("--body", default=None, help="Issuing body, when the report does not name it.")
@click.option("--year", type=int, default=None, help="Report year, when the report lacks it.")
@lang_option
@env_options
def add(
    paths,
    archive_path,
    body,
    year,
    lang,
    setup: Setup,
) -> None:
    """Read reports and store them in the archive (replacing the same body and year)."""
    lang = ui_lang(lang, setup)
    env = setup.environment()
    runner = Runner(env, Engine(env.rules, env.kinds, env.formats))
    context = LoadContext(env.formats, runner.max_bytes)
    failed = False
    with _open(archive_path) as store:
        for source in runner.discover(paths):
            try:
                report = env.load_report(source, context)
            except LoadError as exc:
                why = localize(exc.args_dict["detail"], lang)
                click.echo(
                    say(lang, f"{source.name}：未归档：{why}", f"{source.name}: not added: {why}"),
                    err=True,
                )
                failed = True
                continue
            except OSError as exc:
                why = os_error_text(exc).get(lang)
                click.echo(
                    say(lang, f"{source.name}：未归档：{why}", f"{source.name}: not added: {why}"),
                    err=True,
                )
                failed = True
                continue
            if report is None:
                click.echo(
                    say(
                        lang,
                        f"{source.name}：未归档：没有读取器能识别此文件",
                        f"{source.name}: not added: no loader reads this file",
                    ),
                    err=True,
                )
                failed = True
                continue
            if body:
                report.metadata.body = body
            if year is not None:
                report.metadata.year = year
            try:
                entry = store.add(report, source.name)
            except ArchiveError as exc:
                why = exc.text.get(lang)
                click.echo(
                    say(
                        lang,
                        f"未归档：{why}（请用 --body/--year 指定）",
                        f"not added: {why} (give --body/--year)",
                    ),
                    err=True,
                )
                failed = True
                continue
            click.echo(
                say(
                    lang,
                    f"已归档 {entry.body} {entry.year} ← {source.name}",
                    f"added {entry.body} {entry.year} ← {source.name}",
                )
            )
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@archive.command("list")
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@lang_option
def list_command(archive_path, as_json, lang) -> None:
    """List the archived reports: body, year, title, source file."""
    lang = ui_lang(lang)
    with _open(archive_path) as store:
        entries = list(store.entries())
        if as_json:
            click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
            return
        count = len(entries)
        click.echo(say(lang, f"{store.path}：{count} 份报告", f"{store.path}: {count} report(s)"))
        for entry in entries:
            click.echo(f"{entry.body}\t{entry.year}\t{entry.title or ''}\t{entry.source or ''}")


@archive.command("show")
@click.argument("body")
@click.argument("year", type=int)
@archive_option
@lang_option
def show(body, year, archive_path, lang) -> None:
    """Print the archived report of BODY for YEAR (report data format, JSON)."""
    lang = ui_lang(lang)
    with _open(archive_path) as store:
        data = store.get(body, year)
    if data is None:
        raise UsageError(
            f"no archived report of {body} for {year}", zh=f"归档中没有{body} {year}年度的报告"
        )
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
