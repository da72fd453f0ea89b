"""The progress bar of ``check``: a Rich bar on stderr following the runner's progress."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeRemainingColumn


class ProgressBar:
    """A transient Rich progress bar on stderr (only for terminals; the caller decides).

    It follows a run as :class:`disclosure_lint.core.runner.Progress` describes.
    """

    def __init__(self) -> None:
        self._progress = Progress(
            "{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        self._task = self._progress.add_task("checking", total=total)
        self._progress.start()

    def advance(self) -> None:
        if self._task is not None:
            self._progress.advance(self._task)

    def stop(self) -> None:
        self._progress.stop()
