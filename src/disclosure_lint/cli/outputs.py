"""Open the outputs of ``check``: one reporter per ``--format``/``--output``, each on its stream.

Text reporters write to stdout or to a UTF-8 file; binary reporters (``Reporter.binary``, e.g.
``xlsx``) get a binary file and cannot write to stdout.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import io
import os
import sys
from collections.abc import Callable
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
    stdout: IO[str] | None = None
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
            if stdout is None:
                stdout = stdout_text()
                streams.append(stdout)  # closing it flushes it and leaves stdout open
            reporters.append(cls(stdout, options))
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


class _StdoutText(io.TextIOWrapper):
    """Text over the process's binary standard output that never closes it: closed, dropped or
    garbage-collected, it flushes and lets go of the binary stream."""

    def close(self) -> None:
        with contextlib.suppress(ValueError, OSError):  # already detached, or stream gone
            self.detach()

    def __del__(self) -> None:
        self.close()


def stdout_text() -> IO[str]:
    """The text stream reporters on standard output write to.

    Not ``sys.stdout`` itself: libraries flush ``sys.stdout`` when they please (multiprocessing
    does before it starts a worker), and a document must not reach the pipe half-written before
    a run is killed. This stream has its own buffer, written when a reporter flushes it or at
    exit. The console's encoding is kept (``utf-8`` where it is plain ASCII); characters it
    cannot encode are replaced, never a traceback.
    """
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # replaced by a text-only stream (some embedding hosts)
        return sys.stdout
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        if codecs.lookup(encoding).name == "ascii":
            encoding = "utf-8"
    except LookupError:
        encoding = "utf-8"
    return _StdoutText(buffer, encoding=encoding, errors="replace")


_DISPLAY_KEYS = (
    "no_source",
    "show_not_assessable",
    "show_accepted",
    "statistics",
    "summary_only",
    "verbose",
)


def display_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """What the outputs show (source lines, accepted and not-assessable findings, statistics,
    packs). The command receives one ``display`` argument: the keyword arguments of
    :class:`ReporterOptions`, and ``show_not_assessable`` (a setting of the run)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {key: kwargs.pop(key) for key in _DISPLAY_KEYS}
        display = {"show_source": not values.pop("no_source"), **values}
        return func(*args, display=display, **kwargs)

    options = [
        click.option("--no-source", is_flag=True, help="Do not show source lines under findings."),
        click.option(
            "--show-not-assessable",
            is_flag=True,
            help="Also list each relation that a blank or unreadable cell blocks, one by one "
            "(by default they are named on the finding about that cell).",
        ),
        click.option(
            "--show-accepted",
            is_flag=True,
            help="List findings accepted by a suppression or the baseline (terminal; "
            "default: counted).",
        ),
        click.option(
            "--statistics", is_flag=True, help="Summary: the number of findings of each rule."
        ),
        click.option(
            "--summary-only",
            is_flag=True,
            help="Terminal: one line per file and the summary, no findings (large batches).",
        ),
        click.option(
            "--verbose", "-v", is_flag=True, help="Terminal: also list the rule packs that ran."
        ),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper
