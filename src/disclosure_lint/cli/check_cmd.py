"""``disclosure-lint check``: check files and folders, report through one or more reporters."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from ..core.baseline import Baseline
from ..core.batch import BatchOptions, load_reports
from ..core.cache import ResultCache, environment_fingerprint
from ..core.config import SUPPRESSIONS_NAME, Config, Setting
from ..core.engine import Engine, Selection
from ..core.errors import RunAborted, UsageError
from ..core.findings import Severity
from ..core.inputs import InputSource, LoadContext
from ..core.plugins import Environment
from ..core.reporting import ReporterOptions
from ..core.runner import Runner
from ..core.suppressions import SuppressionSet
from .affected import affected_paths, may_be_report
from .common import FAIL_ON, Setup, cache_folder, caching, env_options, lang_option, say
from .outputs import ReporterListOption, display_options, open_reporters
from .progress import ProgressBar, progress_label


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
@click.argument("paths", nargs=-1)
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
@display_options
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
@click.option(
    "--files-from",
    "files_from",
    type=click.File("r", encoding="utf-8"),
    default=None,
    metavar="FILE",
    help="Also check the files listed in FILE, one path a line ('-': standard input).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default=None,
    help="Where files are checked: local worker processes (default) or a Dask cluster.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler for --executor dask, e.g. tcp://host:8786 (default: "
    "$DISCLOSURE_LINT_SCHEDULER, the configuration, else a local cluster).",
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
    default=None,
    envvar="DISCLOSURE_LINT_RULES_DOC_URL",
    metavar="URL",
    help="Where you publish the rule reference (docs/rules.md): SARIF and HTML outputs link a "
    "rule to URL#dl101. Default: no web link (the HTML report carries the rule reference).",
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
    display,
    color,
    progress,
    quiet,
    jobs,
    timeout,
    files_from,
    executor,
    scheduler,
    no_cache,
    cache_dir,
    rules_doc_url,
    setup: Setup,
) -> None:
    """Check report files and folders."""
    config = setup.config
    if not paths and files_from is None:
        raise click.UsageError("give files or folders to check, or --files-from FILE")
    apply_run_options(
        config, jobs, timeout, no_cache, cache_dir, fail_on, select, extend_select, ignore
    )
    apply_executor_options(config, executor, scheduler)
    if baseline_path is not None:
        config.set_from_cli("baseline", str(baseline_path))
    if display.pop("show_not_assessable"):
        config.set_from_cli("show-not-assessable", True)
    env = setup.environment()
    runner = build_runner(env, config)
    if config.get("executor") == "dask":
        from ..distributed import dask_executor

        runner.executor = dask_executor(config.get("scheduler"), int(config.get("jobs")) or None)
    specs = _parse_outputs(fmt, outputs)
    run_lang = "en" if setup.lang(lang) == "en" else "zh"  # of the outputs and of these notes
    options = ReporterOptions(
        lang=run_lang,
        color=color,
        **display,
        rules=env.rules,
        rules_doc_url=rules_doc_url,
        formats=env.formats,
    )
    reporters, streams = open_reporters(env, specs, options)
    sources = []
    for raw in paths:
        if raw == "-":
            data = click.get_binary_stream("stdin").read()
            sources.append(InputSource.from_bytes(data, stdin_filename or "stdin.txt"))
    file_paths = [p for p in paths if p != "-"]
    if files_from is not None:
        file_paths.extend(listed_files(files_from))
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
                raise UsageError(
                    "cannot use --previous: " + "; ".join(p.en for p in problems),
                    zh="无法使用 --previous：" + "；".join(p.zh for p in problems),
                )
            options.previous = reports
        if archive_path is not None or use_archive:
            try:
                archive = Archive(archive_path or default_path())
            except ArchiveError as exc:
                raise UsageError(exc.text.en, zh=exc.text.zh) from exc
            options.archive = archive
            options.archive_add = True
        runner.batch_options = options

    human_on_stdout = any(target is None and env.reporters[name].human for name, target in specs)
    show_progress = (
        progress
        if progress is not None
        else (not quiet and human_on_stdout and sys.stderr.isatty())
    )
    bar = ProgressBar(progress_label(run_lang)) if show_progress and not quiet else None
    try:
        summary = runner.run_batch(sources, reporters, config.get("fail-on"), progress=bar)
    except RunAborted as exc:
        if bar is not None:
            bar.stop()
        if runner.cache is not None:
            runner.cache.close()  # what was checked so far stays in the cache
        click.echo(f"disclosure-lint: {exc}", err=True)
        sys.exit(exc.exit_code)
    finally:
        close = getattr(runner.executor, "close", None)
        if close is not None:
            close()
    for stream in streams:
        stream.close()
    if runner.cache is not None:
        if runner.cache.disabled_reason and not quiet:
            # a cache that cannot be used is ignored, never trusted; the run is complete
            why = runner.cache.disabled_reason
            click.echo(
                say(
                    run_lang,
                    f"disclosure-lint：未使用结果缓存：{why}",
                    f"disclosure-lint: result cache not used: {why}",
                ),
                err=True,
            )
        runner.cache.close()
    if archive is not None and not quiet:
        stats = runner.batch_options.archive_stats
        lang, added = run_lang, len(stats.added)
        click.echo(
            say(
                lang,
                f"归档库 {archive.path}：已归档 {added} 份报告",
                f"archive {archive.path}: {added} report(s) added",
            ),
            err=True,
        )
        for path in stats.skipped:
            click.echo(
                say(
                    lang,
                    f"  未归档（缺少发布机关或报告年度）：{path}",
                    f"  not archived (no issuing body or report year): {path}",
                ),
                err=True,
            )
        archive.close()
    sys.exit(summary.exit_code)


SCHEDULER_ENV = "DISCLOSURE_LINT_SCHEDULER"
_ADDRESS = re.compile(r"^(tcp|tls|inproc|ucx|ws|wss)://\S+$")


def apply_executor_options(config: Config, executor: str | None, scheduler: str | None) -> None:
    """``--executor`` and ``--scheduler`` over $DISCLOSURE_LINT_SCHEDULER over the
    configuration; a scheduler address is checked like the configuration's."""
    if executor is not None:
        config.set_from_cli("executor", executor)
    if scheduler is not None:
        config.set_from_cli("scheduler", scheduler)
    elif os.environ.get(SCHEDULER_ENV):
        config.settings["scheduler"] = Setting(os.environ[SCHEDULER_ENV], f"${SCHEDULER_ENV}")
    address = config.get("scheduler")
    source = config.settings["scheduler"].source
    if address is not None and not _ADDRESS.match(address):
        raise UsageError(
            f"scheduler {address!r} ({source}) is not a Dask scheduler address "
            "such as tcp://host:8786"
        )
    if scheduler is not None and config.get("executor") != "dask":
        raise UsageError(
            "--scheduler needs --executor dask (or executor: dask in the configuration)"
        )


def listed_files(stream: Any) -> list[str]:
    """The paths listed one a line in ``--files-from`` (blank lines and # comments skipped)."""
    return [
        line.strip()
        for line in stream.read().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


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
                where = config.settings[key].source
                raise UsageError(
                    f"{key} {sel!r} ({where}) matches no rule (see: disclosure-lint rules)",
                    zh=f"{key} {sel!r}（{where}）不匹配任何规则（见：disclosure-lint rules）",
                )
    for pattern, selectors in config.get("per-path-ignores").items():
        for sel in selectors:
            if not rules.select([sel]):
                raise UsageError(
                    f"per-path-ignores {pattern!r}: {sel!r} matches no rule",
                    zh=f"per-path-ignores {pattern!r}：{sel!r} 不匹配任何规则",
                )
    severity: dict[str, Severity] = {}
    for sel, level in config.get("severity").items():
        chosen = rules.select([sel])
        if not chosen:
            where = config.settings["severity"].source
            raise UsageError(
                f"severity {sel!r} ({where}) matches no rule",
                zh=f"severity {sel!r}（{where}）不匹配任何规则",
            )
        for rule in chosen:
            severity[rule.code] = Severity(level)
    selected = list(config.get("select"))
    if selected and config.get("extend-select"):
        selected += config.get("extend-select")
    selection = Selection(
        select=selected,
        ignore=list(config.get("ignore")),
        severity=severity,
        show_not_assessable=bool(config.get("show-not-assessable")),
    )
    engine = Engine(env.rules, env.kinds, env.formats, selection, env.kind_owner)
    suppression_files = [Path(p) for p in config.get("suppressions")]
    default = config.root / SUPPRESSIONS_NAME
    if config.settings["suppressions"].source == "default" and default.is_file():
        suppression_files.append(default)
    for path in suppression_files:
        if not path.is_file():
            raise UsageError(f"no such suppression file: {path}", zh=f"没有这个抑制文件：{path}")
    suppressions = SuppressionSet.from_files(suppression_files)
    baseline = None
    if config.get("baseline"):
        baseline_path = Path(config.get("baseline"))
        if not baseline_path.is_file():
            raise UsageError(
                f"no such baseline file: {baseline_path} "
                "(create one with: disclosure-lint baseline create)",
                zh=f"没有这个基线文件：{baseline_path}"
                "（可用 disclosure-lint baseline create 创建）",
            )
        baseline = Baseline.load(baseline_path)
    runner = Runner(env, engine, config, suppressions, baseline)
    runner.jobs = int(config.get("jobs")) or (os.cpu_count() or 1)
    runner.timeout = float(config.get("file-timeout")) or None
    if caching(config):
        runner.cache = open_cache(env, config)
    return runner


def open_cache(env: Environment, config: Config) -> ResultCache:
    """The result cache for this environment and configuration."""
    fingerprint = environment_fingerprint(env, config)
    return ResultCache(cache_folder(config) / "results.sqlite3", fingerprint)
