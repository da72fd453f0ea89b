"""The ``disclosure-lint`` command line.

Exit codes: 0 nothing reaches ``--fail-on``; 1 something does; 2 usage, configuration or rule-file
error; 3 internal error (a rule, loader or plugin failed).
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import yaml

from .. import __version__
from ..core.engine import INTERNAL_ERROR_CODE, Engine, Selection
from ..core.errors import UsageError
from ..core.export import report_to_data, report_to_parse_output
from ..core.findings import Severity
from ..core.inputs import InputSource, LoadContext
from ..core.plugins import Environment, build_environment
from ..core.reporting import ReporterOptions
from ..core.results import FileStatus, RunSummary
from ..core.runner import Runner

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
FAIL_ON = ("error", "warning", "info", "never")


def _env_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that loads plugins and rules."""
    options = [
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
        func = option(func)
    return func


def _lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=os.environ.get("DISCLOSURE_LINT_LANG", "zh"),
        show_default=True,
        help="Language of messages.",
    )(func)


def _environment(plugins, disable, no_plugin_autoload, extra_packs, extra_formats) -> Environment:
    disabled: list[str] = []
    for item in disable:
        if not item.startswith("no:"):
            raise click.UsageError(f"-p takes no:NAME to disable a plugin, got {item!r}")
        disabled.append(item[3:])
    for path in [*extra_packs, *extra_formats]:
        if not Path(path).exists():
            raise UsageError(f"no such file or folder: {path}")
    return build_environment(
        extra_plugins=list(plugins),
        disabled=disabled,
        autoload=not no_plugin_autoload,
        extra_packs=list(extra_packs),
        extra_formats=list(extra_formats),
    )


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"disclosure-lint: {exc}", err=True)
            ctx.exit(EXIT_USAGE)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="disclosure-lint")
def cli() -> None:
    """Check 政府信息公开工作年度报告 against the national formats (国办公开办函〔2019〕60号,
    〔2021〕30号): sections, tables, 勾稽关系 and value hygiene."""


# ---------------------------------------------------------------------------------------------
# check


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


@cli.command()
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
@_lang_option
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
@_env_options
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
    plugins,
    disable,
    no_plugin_autoload,
    extra_packs,
    extra_formats,
) -> None:
    """Check report files and folders."""
    env = _environment(plugins, disable, no_plugin_autoload, extra_packs, extra_formats)
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

    threshold = None if fail_on == "never" else Severity(fail_on)
    by_status: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    failed = internal = False
    for reporter in reporters:
        reporter.start()
    for result in runner.run(sources):
        by_status[result.status.value] += 1
        for finding in result.findings:
            if finding.suppressed:
                continue
            by_severity[finding.severity.value] += 1
            if finding.code == INTERNAL_ERROR_CODE:
                internal = True
            if threshold is not None and finding.severity.at_least(threshold):
                failed = True
        for reporter in reporters:
            reporter.file_done(result)
    problems = [str(p) for p in env.problems]
    exit_code = EXIT_INTERNAL if internal or problems else EXIT_FINDINGS if failed else EXIT_OK
    summary = RunSummary(
        files=len(sources),
        by_status=by_status,
        by_severity=by_severity,
        rules_loaded=len(engine.active),
        packs=[(p.name, p.file, len(p.rules)) for p in env.rules.packs],
        plugins=[p.name for p in env.plugins if p.origin != "builtin"],
        failed=failed,
        fail_on=fail_on,
        problems=problems,
        exit_code=exit_code,
    )
    for reporter in reporters:
        reporter.finish(summary)
    for stream in streams:
        stream.close()
    sys.exit(exit_code)


# ---------------------------------------------------------------------------------------------
# parse


@cli.command()
@click.argument("file")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "yaml", "data"]),
    default="json",
    show_default=True,
    help="json/yaml: the full parsed model; data: the report data format.",
)
@click.option("--stdin-filename", default=None, help="Name of the report read from '-'.")
@_env_options
def parse(
    file, fmt, stdin_filename, plugins, disable, no_plugin_autoload, extra_packs, extra_formats
) -> None:
    """Print the parsed model of one report."""
    env = _environment(plugins, disable, no_plugin_autoload, extra_packs, extra_formats)
    if file == "-":
        source = InputSource.from_bytes(
            click.get_binary_stream("stdin").read(), stdin_filename or "stdin.txt"
        )
    else:
        if not Path(file).is_file():
            raise UsageError(f"no such file: {file}")
        source = InputSource.from_path(Path(file))
    engine = Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)
    result = Runner(env, engine).check_source(source, LoadContext(env.formats))
    if result.report is None:
        for finding in result.findings:
            click.echo(f"{finding.code} {finding.message()}", err=True)
        sys.exit(EXIT_FINDINGS if result.status is FileStatus.UNREADABLE else EXIT_INTERNAL)
    data = report_to_data(result.report) if fmt == "data" else report_to_parse_output(result.report)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), nl=False)


# ---------------------------------------------------------------------------------------------
# rules, explain, plugins


@cli.group(invoke_without_command=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_lang_option
@_env_options
@click.pass_context
def rules(ctx, fmt, lang, plugins, disable, no_plugin_autoload, extra_packs, extra_formats):
    """List the loaded rules (or validate rule files: rules validate FILE)."""
    ctx.obj = (plugins, disable, no_plugin_autoload, extra_packs, extra_formats)
    if ctx.invoked_subcommand is not None:
        return
    env = _environment(plugins, disable, no_plugin_autoload, extra_packs, extra_formats)
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in env.rules], ensure_ascii=False, indent=2))
        return
    for rule in env.rules:
        formats = ",".join(rule.formats or ["*"])
        click.echo(
            f"{rule.code:<7} {rule.severity.value:<8} {rule.kind:<15} {formats:<10} "
            f"{rule.name:<26} {rule.title.get(lang)}"
        )


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def rules_validate(ctx, files) -> None:
    """Validate rule pack files: every problem with file, line and key (exit 2 if any)."""
    from ..core.errors import DataFileError
    from ..core.rules import load_rule_pack

    env = _environment(*ctx.obj)
    bad = False
    for path in files:
        if not path.exists():
            click.echo(f"{path}: no such file", err=True)
            bad = True
            continue
        try:
            pack = load_rule_pack(path, env.kinds, env.formats)
        except DataFileError as exc:
            bad = True
            for problem in exc.problems or []:
                click.echo(str(problem))
            if not exc.problems:
                click.echo(str(exc))
            continue
        click.echo(f"{path}: ok, pack {pack.name}, {len(pack.rules)} rules")
    sys.exit(EXIT_USAGE if bad else EXIT_OK)


@cli.command()
@click.argument("code")
@_lang_option
@_env_options
def explain(code, lang, plugins, disable, no_plugin_autoload, extra_packs, extra_formats) -> None:
    """Print a rule's rationale, citation and an example."""
    env = _environment(plugins, disable, no_plugin_autoload, extra_packs, extra_formats)
    rule = env.rules.get(code.upper()) or next((r for r in env.rules if r.name == code), None)
    if rule is None:
        raise UsageError(f"no rule {code!r} (see: disclosure-lint rules)")
    out = io.StringIO()
    out.write(f"{rule.code} {rule.name} — {rule.title.get(lang)}\n\n")
    labels = {
        "zh": ("严重程度", "类型", "适用格式", "依据", "说明", "示例", "规则文件"),
        "en": ("severity", "kind", "formats", "citation", "rationale", "example", "pack"),
    }[lang]
    out.write(
        f"{labels[0]}: {rule.severity.value}    {labels[1]}: {rule.kind}    "
        f"{labels[2]}: {', '.join(rule.formats or ['*'])}\n"
    )
    if rule.citation:
        out.write(f"{labels[3]}: {rule.citation}\n")
    out.write(f"\n{labels[4]}:\n  {rule.rationale.get(lang)}\n")
    if rule.example is not None:
        out.write(f"\n{labels[5]}:\n  {rule.example.get(lang)}\n")
    out.write(f"\n{labels[6]}: {rule.file}\n")
    click.echo(out.getvalue(), nl=False)


@cli.command("plugins")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_env_options
def plugins_command(fmt, plugins, disable, no_plugin_autoload, extra_packs, extra_formats):
    """List plugins, their versions, the hooks they implement and what they add."""
    env = _environment(plugins, disable, no_plugin_autoload, extra_packs, extra_formats)
    rows = []
    for info in env.plugins:
        kinds = sorted(k for k, owner in env.kind_owner.items() if owner == info.name)
        rows.append(
            {
                "name": info.name,
                "version": info.version,
                "origin": info.origin,
                "hooks": info.hooks,
                "rule_kinds": kinds,
            }
        )
    problems = [{"plugin": p.plugin, "stage": p.stage, "message": p.message} for p in env.problems]
    if fmt == "json":
        click.echo(
            json.dumps({"plugins": rows, "problems": problems}, ensure_ascii=False, indent=2)
        )
    else:
        for row in rows:
            click.echo(f"{row['name']} {row['version'] or ''} ({row['origin']})")
            click.echo(f"    hooks: {', '.join(row['hooks'])}")
            if row["rule_kinds"]:
                click.echo(f"    rule kinds: {', '.join(row['rule_kinds'])}")
        for problem in problems:
            click.echo(
                f"PROBLEM {problem['plugin']} ({problem['stage']}): {problem['message']}", err=True
            )
    sys.exit(EXIT_INTERNAL if problems else EXIT_OK)


def main() -> None:
    cli(prog_name="disclosure-lint")


if __name__ == "__main__":  # pragma: no cover
    main()
