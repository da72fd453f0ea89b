"""The supervisor's review app (``disclosure-lint serve``): a checked batch served over HTTP."""

from __future__ import annotations

from .app import create_app
from .batch import Collector, ReviewBatch, batch_root, check_batch
from .store import DecisionStore, StoreError

__all__ = [
    "Collector",
    "DecisionStore",
    "ReviewBatch",
    "StoreError",
    "batch_root",
    "check_batch",
    "create_app",
]
