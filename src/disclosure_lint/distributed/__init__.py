"""Running checks on a Dask cluster (``check --executor dask``); see docs/distributed.md.

Dask is an optional extra (``pip install 'disclosure-lint[dask]'``): nothing here imports it
until an executor is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import UsageError

if TYPE_CHECKING:
    from .executor import DaskExecutor


def dask_executor(address: str | None = None, workers: int | None = None) -> DaskExecutor:
    """The Dask executor; :class:`UsageError` when Dask is not installed."""
    try:
        from .executor import DaskExecutor
    except ImportError as exc:
        raise UsageError(
            f"--executor dask needs Dask ({exc.name or exc}): pip install 'disclosure-lint[dask]'"
        ) from exc
    return DaskExecutor(address, workers)
