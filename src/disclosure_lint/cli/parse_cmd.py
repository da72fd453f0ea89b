"""``disclosure-lint parse``: print the parsed model of one report (loaded, no rule run)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..core.codec import report_to_data, report_to_parse_output
from ..core.engine import Engine
from ..core.errors import UsageError
from ..core.inputs import InputSource, LoadContext
from ..core.results import FileResult, FileStatus
from ..core.runner import Runner
from .common import EXIT_FINDINGS, EXIT_INTERNAL, env_options


@click.command()
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
@env_options
def parse(file, fmt, stdin_filename, setup) -> None:
    """Print the parsed model of one report."""
    env = setup.environment()
    if file == "-":
        source = InputSource.from_bytes(
            click.get_binary_stream("stdin").read(), stdin_filename or "stdin.txt"
        )
    else:
        if not Path(file).is_file():
            raise UsageError(f"no such file: {file}", zh=f"没有这个文件：{file}")
        source = InputSource.from_path(Path(file))
    # the engine only turns a file that cannot be read into its finding; no rule runs
    engine = Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)
    loaded = Runner(env, engine).load_source(source, LoadContext(env.formats))
    if isinstance(loaded, FileResult):
        for finding in loaded.findings:
            click.echo(f"{finding.code} {finding.message()}", err=True)
        sys.exit(EXIT_FINDINGS if loaded.status is FileStatus.UNREADABLE else EXIT_INTERNAL)
    data = report_to_data(loaded) if fmt == "data" else report_to_parse_output(loaded)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        import yaml

        click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), nl=False)
