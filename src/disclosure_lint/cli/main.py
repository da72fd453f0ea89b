"""The ``disclosure-lint`` command line.

Exit codes: 0 nothing reaches ``--fail-on``; 1 something does; 2 usage, configuration or rule-file
error; 3 internal error (a rule, loader or plugin failed, or any unexpected exception: one line,
the traceback with ``--debug``). Each command lives in its own module.
"""

from __future__ import annotations

import click

from .. import __version__
from .archive_cmd import archive
from .baseline_cmd import baseline_group
from .check_cmd import check
from .common import Group, remember_debug
from .config_cmd import config_group
from .parse_cmd import parse
from .plugins_cmd import plugins_command
from .rules_cmd import explain, rules
from .scaffold_cmd import new_plugin
from .serve_cmd import serve


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="disclosure-lint")
@click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=remember_debug,
    help="Show the full traceback of an internal error (also: DISCLOSURE_LINT_DEBUG=1).",
)
def cli() -> None:
    """Check 政府信息公开工作年度报告 against the national formats (国办公开办函〔2019〕60号,
    〔2021〕30号): sections, tables, 勾稽关系 and value hygiene."""


cli.add_command(check)
cli.add_command(parse)
cli.add_command(rules)
cli.add_command(explain)
cli.add_command(plugins_command)
cli.add_command(config_group)
cli.add_command(baseline_group)
cli.add_command(new_plugin)
cli.add_command(archive)
cli.add_command(serve)


def main() -> None:
    cli(prog_name="disclosure-lint")


if __name__ == "__main__":  # pragma: no cover
    main()
