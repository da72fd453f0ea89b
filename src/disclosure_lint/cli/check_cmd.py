"""``disclosure-lint check``: check files and folders, report through one or more reporters."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..core.baseline import Baseline
from ..core.batch import BatchOptions, load_reports
from ..core.cache import ResultCache, code_files, run_fingerprint
from ..core.config import SUPPRESSIONS_NAME, Config
from ..core.engine import Engine, Selection
from ..core.errors import UsageError
from ..core.findings import Severity
from ..core.inputs import InputSource, LoadContext
from ..core.plugins import Environment
from ..core.reporting import DEFAULT_RULES_DOC_URL, ReporterOptions
from ..core.runner import Runner
from ..core.suppressions import SuppressionSet
from .affected import affected_paths, may_be_report
from .common import FAIL_ON, Setup, env_options, lang_option
from .outputs import ReporterListOption, open_reporters
from .progress import ProgressBar


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
    cls=ReporterListOption,
    default=None,
    metavar="NAME",
    help="Output format on stdout (the installed reporters are listed in --help).",
)
@click.option(
    "--output",
    "-o",
    "outputs",
    cls=ReporterListOption,
    multiple=True,
    metavar="NAME[=FILE]",
    help="Add an output; NAME=FILE writes it to a file (repeatable).",
)
@lang_option
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Lowest severity that makes the exit code 1 (default: error).",
)
@click.option(
    "--select",
    "select",
    multiple=True,
    help="Only run these rules: code, code prefix, name or tag (repeatable).",
)
@click.option(
    "--extend-select",
    "extend_select",
    multiple=True,
    help="Run these rules in addition to the selected ones (repeatable).",
)
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    help="Do not run these rules: code, code prefix, name or tag (repeatable).",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Findings recorded in this baseline file do not fail the run.",
)
@click.option(
    "--affected",
    is_flag=True,
    help="For pre-commit: a suppression, sidecar, baseline or configuration file among PATHS is "
    "validated and stands for the reports it affects (docs/usage.md).",
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
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: only on a terminal with the rich output).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no archive notes on stderr.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes (default: one per CPU core; 1: no workers).",
)
@click.option(
    "--timeout",
    "timeout",
    type=click.FloatRange(min=0, max=1_000_000),
    default=None,
    help="Seconds a file may take to load and check (default 120; 0: no limit).",
)
@click.option("--no-cache", is_flag=True, help="Do not reuse or store results of earlier runs.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the result cache lives (default: the user cache directory).",
)
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
    extend_select,
    ignore,
    baseline_path,
    affected,
    stdin_filename,
    previous,
    archive_path,
    use_archive,
    no_source,
    color,
    progress,
    quiet,
    jobs,
    timeout,
    no_cache,
    cache_dir,
    rules_doc_url,
    setup: Setup,
) -> None:
    """Check report files and folders."""
    config = setup.config
    apply_run_options(
        config, jobs, timeout, no_cache, cache_dir, fail_on, select, extend_select, ignore
    )
    if baseline_path is not None:
        config.set_from_cli("baseline", str(baseline_path))
    env = setup.environment()
    runner = build_runner(env, config)
    specs = _parse_outputs(fmt, outputs)
    options = ReporterOptions(
        lang=setup.lang(lang),
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
    if affected:
        file_paths, folders = affected_paths(file_paths, config)
        file_paths += [s.name for s in runner.discover(folders) if may_be_report(s.name)]
    sources.extend(runner.discover(file_paths))

    archive = None
    if previous or archive_path is not None or use_archive:
        from ..archive import Archive, ArchiveError, default_path

        options = BatchOptions()
        if previous:
            context = LoadContext(env.formats, runner.max_bytes)
            reports, problems = load_reports(runner.discover(previous), env.load_report, context)
            if problems:
                raise UsageError("cannot use --previous: " + "; ".join(problems))
            options.previous = reports
        if archive_path is not None or use_archive:
            try:
                archive = Archive(archive_path or default_path())
            except ArchiveError as exc:
                raise UsageError(str(exc)) from exc
            options.archive = archive
            options.archive_add = True
        runner.batch_options = options

    human_on_stdout = any(target is None and env.reporters[name].human for name, target in specs)
    show_progress = (
        progress
        if progress is not None
        else (not quiet and human_on_stdout and sys.stderr.isatty())
    )
    bar = ProgressBar() if show_progress and not quiet else None
    summary = runner.run_batch(sources, reporters, config.get("fail-on"), progress=bar)
    for stream in streams:
        stream.close()
    if runner.cache is not None:
        if runner.cache.disabled_reason and not quiet:
            # a cache that cannot be used is ignored, never trusted; the run is complete
            click.echo(
                f"disclosure-lint: result cache not used: {runner.cache.disabled_reason}", err=True
            )
        runner.cache.close()
    if archive is not None and not quiet:
        stats = runner.batch_options.archive_stats
        click.echo(f"archive {archive.path}: {len(stats.added)} report(s) added", err=True)
        for path in stats.skipped:
            click.echo(f"  not archived (no issuing body or report year): {path}", err=True)
        archive.close()
    sys.exit(summary.exit_code)


def apply_run_options(
    config: Config,
    jobs: int | None,
    timeout: float | None,
    no_cache: bool,
    cache_dir: Path | None,
    fail_on: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Command-line options of a run over configuration values (``check`` and ``serve``)."""
    if jobs is not None:
        config.set_from_cli("jobs", jobs)
    if timeout is not None:
        config.set_from_cli("file-timeout", timeout)
    if no_cache:
        config.set_from_cli("cache", False)
    if cache_dir is not None:
        config.set_from_cli("cache-dir", str(cache_dir))
    if fail_on is not None:
        config.set_from_cli("fail-on", fail_on)
    if select:
        config.set_from_cli("select", list(select))
    if extend_select:
        config.set_from_cli("extend-select", [*config.get("extend-select"), *extend_select])
    if ignore:
        config.set_from_cli("ignore", [*config.get("ignore"), *ignore])


def build_runner(env: Environment, config: Config) -> Runner:
    """The engine and runner for a configuration: selection, severities, suppressions, baseline."""
    rules = env.rules
    for key in ("select", "extend-select", "ignore"):
        for sel in config.get(key):
            if not rules.select([sel]):
                raise UsageError(
                    f"{key} {sel!r} ({config.settings[key].source}) matches no rule "
                    "(see: disclosure-lint rules)"
                )
    for pattern, selectors in config.get("per-path-ignores").items():
        for sel in selectors:
            if not rules.select([sel]):
                raise UsageError(f"per-path-ignores {pattern!r}: {sel!r} matches no rule")
    severity: dict[str, Severity] = {}
    for sel, level in config.get("severity").items():
        chosen = rules.select([sel])
        if not chosen:
            raise UsageError(
                f"severity {sel!r} ({config.settings['severity'].source}) matches no rule"
            )
        for rule in chosen:
            severity[rule.code] = Severity(level)
    selected = list(config.get("select"))
    if selected and config.get("extend-select"):
        selected += config.get("extend-select")
    selection = Selection(select=selected, ignore=list(config.get("ignore")), severity=severity)
    engine = Engine(env.rules, env.kinds, env.formats, selection, env.kind_owner)
    suppression_files = [Path(p) for p in config.get("suppressions")]
    default = config.root / SUPPRESSIONS_NAME
    if config.settings["suppressions"].source == "default" and default.is_file():
        suppression_files.append(default)
    for path in suppression_files:
        if not path.is_file():
            raise UsageError(f"no such suppression file: {path}")
    suppressions = SuppressionSet.from_files(suppression_files)
    baseline = None
    if config.get("baseline"):
        baseline_path = Path(config.get("baseline"))
        if not baseline_path.is_file():
            raise UsageError(
                f"no such baseline file: {baseline_path} "
                "(create one with: disclosure-lint baseline create)"
            )
        baseline = Baseline.load(baseline_path)
    runner = Runner(env, engine, config, suppressions, baseline)
    runner.jobs = int(config.get("jobs")) or (os.cpu_count() or 1)
    runner.timeout = float(config.get("file-timeout")) or None
    if config.get("cache") and not os.environ.get("DISCLOSURE_LINT_NO_CACHE"):
        runner.cache = open_cache(env, config)
    return runner


def open_cache(env: Environment, config: Config) -> ResultCache:
    """The result cache for this environment and configuration."""
    folder = config.get("cache-dir") or os.environ.get("DISCLOSURE_LINT_CACHE_DIR")
    if not folder:
        from platformdirs import user_cache_dir

        folder = user_cache_dir("disclosure-lint", appauthor=False)
    fingerprint = run_fingerprint(
        pack_files=[p.file for p in env.rules.packs],
        format_files=[f.source for f in env.formats.formats.values()],
        plugins=[(p.name, p.version) for p in env.plugins],
        code=code_files([p.module for p in env.plugins]),
        config={
            k: s.value
            for k, s in config.settings.items()
            if k not in ("jobs", "cache", "cache-dir", "suppressions", "baseline")
        },
    )
    return ResultCache(Path(folder) / "results.sqlite3", fingerprint)
