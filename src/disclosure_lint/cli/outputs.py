"""Open the outputs of ``check``: one reporter per ``--format``/``--output``, each on its stream.

Text reporters write to stdout or to a UTF-8 file; binary reporters (``Reporter.binary``, e.g.
``xlsx``) get a binary file and cannot write to stdout.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

import click

from ..core.errors import UsageError, os_error_text
from ..core.plugins import Environment, installed_reporters
from ..core.reporting import Reporter, ReporterOptions


def reporter_names() -> tuple[list[str], list[str]]:
    """Names of the installed reporters: those that can write to stdout, and binary ones."""
    autoload = not os.environ.get("DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD")
    try:
        reporters = installed_reporters(autoload)
    except Exception:  # help must never fail; the run itself reports a broken plugin
        return ["rich", "json"], []
    text = ["rich", *sorted(n for n, c in reporters.items() if not c.binary and n != "rich")]
    binary = sorted(n for n, c in reporters.items() if c.binary)
    return [n for n in text if n in reporters], binary


class ReporterListOption(click.Option):
    """An option whose help lists the installed reporters, computed when help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        text, binary = reporter_names()
        listed = ", ".join(text)
        if self.name == "fmt":
            self.help = f"Output format on stdout: {listed} (rich is the default). " + (
                f"Binary ones ({', '.join(binary)}) need --output NAME=FILE." if binary else ""
            )
        else:
            self.help = (
                "Add an output; NAME=FILE writes it to a file (repeatable). NAME: "
                + ", ".join([*text, *binary])
                + "."
            )
        return super().get_help_record(ctx)


def open_reporters(
    env: Environment, specs: list[tuple[str, str | None]], options: ReporterOptions
) -> tuple[list[Reporter], list[IO[Any]]]:
    """Reporters for ``(name, file or None)`` specs, and the files opened for them (to close)."""
    reporters: list[Reporter] = []
    streams: list[IO[Any]] = []
    targets: set[Path] = set()
    for name, target in specs:
        cls = env.reporters.get(name)
        if cls is None:
            raise click.UsageError(
                f"unknown output format {name!r} (known: {', '.join(sorted(env.reporters))})"
            )
        if target is None:
            if cls.binary:
                raise click.UsageError(
                    f"output {name!r} is binary and needs a file: --output {name}=FILE"
                )
            reporters.append(cls(click.get_text_stream("stdout"), options))
            continue
        path = Path(target)
        key = path.resolve()
        if key in targets:
            raise click.UsageError(f"two outputs write to the same file: {target}")
        targets.add(key)
        try:
            if cls.binary:
                stream: IO[Any] = open(path, "wb")  # noqa: SIM115 - closed by the caller
            else:
                stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            for opened in streams:
                opened.close()
            why = os_error_text(exc)
            raise UsageError(
                f"cannot write output {name} to {target}: {why.en}",
                zh=f"无法将输出 {name} 写入 {target}：{why.zh}",
            ) from exc
        streams.append(stream)
        reporters.append(cls(stream, options))
    return reporters, streams
