"""The progress bar of ``check``: a Rich bar on stderr following the runner's progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..reporters.common import word

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID


class ProgressBar:
    """A transient Rich progress bar on stderr (only for terminals; the caller decides).

    It follows a run as :class:`disclosure_lint.core.runner.Progress` describes; ``label`` is the
    text before the bar, in the language of the run (:func:`progress_label`).
    """

    def __init__(self, label: str, console: Console | None = None) -> None:
        # Rich is imported only when a bar is shown (most runs, and every run whose output is
        # read by a program, show none)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._label = label
        self._progress = Progress(
            "{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=True,
        )
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        self._task = self._progress.add_task(self._label, total=total)
        self._progress.start()

    def advance(self) -> None:
        if self._task is not None:
            self._progress.advance(self._task)

    def stop(self) -> None:
        self._progress.stop()


def progress_label(lang: str) -> str:
    """The words beside the bar (``检查中`` / ``checking``)."""
    return word(lang, "checking")
