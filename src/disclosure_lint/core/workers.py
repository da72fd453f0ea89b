"""Checking files in worker processes, in input order, with a time limit per file.

Workers are forked from the process that built the runner (plugins, rules and formats are
inherited, not rebuilt). At most ``window`` files are in flight, so memory stays bounded by a few
reports however large the batch. A worker that dies (a crash in a native library) does not lose
the batch: the files that were in flight are checked again one by one in fresh workers, and the
one that kills its worker again gets an internal-error finding.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .cache import Encoded, decode_findings, decode_prepared, encode_findings, encode_result
from .collection import Frozen
from .inputs import InputSource
from .results import DeferredResult, FileResult

#: a worker's answer: the result and, when asked for, its encoded cache record
Done = tuple[FileResult, Encoded | None]

if TYPE_CHECKING:
    from .runner import Runner


class FileTimeout(BaseException):
    """Raised inside a check that ran past its time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`FileTimeout` in the block after ``seconds``: by a timer signal in the main
    thread (POSIX), else (a worker thread, as in a Dask worker) by an asynchronous exception
    that a watchdog raises in the calling thread. Both interrupt Python code, not a native call
    in progress (the exception comes when it returns)."""
    if seconds is None or seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_time_limit(seconds):
            yield
        return
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise FileTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_time_limit(seconds: float) -> Iterator[None]:
    """:func:`time_limit` for a thread other than the main one."""
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"inside": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["inside"]:
                state["fired"] = True
                _async_raise(target, FileTimeout)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["inside"] = False
            timer.cancel()
            if state["fired"]:
                _async_raise(target, None)  # withdraw it if it has not been raised yet


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in the thread ``thread_id`` at its next bytecode (None: withdraw)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


_RUNNER: Runner | None = None  # the runner workers inherit when they are forked
_STORE = False  # workers encode each result's cache record (the main process stores it)


def _work(source: InputSource) -> tuple[FileResult, Encoded | None]:
    """Check one file; with ``_STORE``, encode its cache record here too (not in the main
    process, which would do it for every file one after the other). The report sent back is
    cut to what the main process needs (``Runner.lighten``).

    The findings cross to the main process in the cache's form (compressed JSON records, the
    very bytes of the cache record when one was encoded), and stay so while the batch phase
    holds the result: the main process decodes them once, where they are read, as it decodes a
    cache hit's. The record keeps all that the main process reads of a finding (suppressions
    and the baseline are applied there, after the cache); it is a quarter smaller than the
    findings pickled, and encoded and decoded faster (objects of a few classes, rebuilt by the
    codec without their generated constructors)."""
    assert _RUNNER is not None
    result = _RUNNER.check_one(source)
    blob = None
    if _STORE:
        try:
            blob = encode_result(result)
        except (TypeError, ValueError):
            # the main process stores it and finds the same problem (the cache is disabled)
            return result, None
    _RUNNER.lighten(result)
    pending = blob.findings if blob is not None else encode_findings(result.findings)
    if blob is not None and blob.prepared is not None:
        # the prepared data crosses as the cache stores it, decoded where a check collects it
        return (
            DeferredResult.of(result, pending, decode_findings, blob.prepared, decode_prepared),
            blob,
        )
    return DeferredResult.of(result, pending, decode_findings), blob


def _work_many(sources: list[InputSource]) -> list[Done]:
    """:func:`_work` for several files, one after the other (one task of the pool)."""
    return [_work(source) for source in sources]


#: files per task of a pool (see ``OrderedPool.map``)
CHUNK = 4


def chunk_for(files: int | None, jobs: int) -> int:
    """Files per task for a batch of ``files`` (None: not known): :data:`CHUNK`, fewer in a
    small batch, so that every worker still gets several tasks."""
    if files is None:
        return 1
    return max(1, min(CHUNK, files // (4 * max(1, jobs))))


class OrderedPool:
    """Check sources in ``jobs`` worker processes and yield the results in input order.

    ``ready(source)`` may return a result without a worker (a cache hit); it is yielded in its
    place in the order. With ``store``, the workers encode each result's cache record.
    """

    def __init__(
        self,
        runner: Runner,
        jobs: int,
        window: int | None = None,
        store: bool = False,
        chunk: int = CHUNK,
    ) -> None:
        self.runner = runner
        self.jobs = max(1, jobs)
        self.chunk = max(1, chunk)
        # files in flight: enough for every worker to have a chunk queued behind the one it
        # is checking while the next chunk fills
        self.window = window or max(self.jobs * 4, self.jobs * 2 * self.chunk + self.chunk)
        self.store = store
        self._executor: ProcessPoolExecutor | None = None
        #: what this process holds is frozen while it has workers (see core/collection.py)
        self._frozen = Frozen()

    def _pool(self) -> ProcessPoolExecutor:
        global _RUNNER, _STORE
        if self._executor is None:
            _RUNNER, _STORE = self.runner, self.store
            self._frozen.freeze()
            self._executor = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context("fork")
            )
        return self._executor

    def _reset(self, wait: bool = False) -> None:
        """Shut the pool down: without waiting when it broke or the run stops early (pending
        work cancelled); waiting for its idle workers and manager thread once every result is
        in: left running, the thread races the executor's own exit hook, which on Python 3.11
        may write to the thread's pipe as it closes and print "Exception ignored ... Bad file
        descriptor" on standard error when the run ends."""
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=not wait)
            self._frozen.thaw()
        self._executor = None

    def map(
        self,
        sources: Iterable[InputSource],
        ready: Callable[[InputSource], FileResult | None],
    ) -> Iterator[tuple[InputSource, Done, bool]]:
        """(source, (result, record), computed) in input order; ``computed`` is False for
        ``ready`` hits; ``record`` is the cache record a worker encoded (see ``store``).

        Files go to the workers ``chunk`` at a time (consecutive files to check, not hits):
        each task costs the executor's threads in this process a round trip (pickling, pipes,
        futures), about a millisecond of CPU, which one task for several files shares."""
        pending: deque[_Slot] = deque()
        unsent: list[_Slot] = []  # files to check that wait for a chunk to fill
        iterator = iter(sources)
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < self.window:
                    try:
                        source = next(iterator)
                    except StopIteration:
                        exhausted = True
                        break
                    hit = ready(source)
                    if hit is not None:
                        pending.append(_Slot(source, (hit, None), computed=False))
                        continue
                    slot = _Slot(source)
                    pending.append(slot)
                    unsent.append(slot)
                    if len(unsent) >= self.chunk:
                        self._send(unsent)
                if exhausted:  # the last files: no chunk fills any more
                    self._send(unsent)
                if not pending:
                    self._reset(wait=True)
                    return
                slot = pending.popleft()
                if slot.done is not None:
                    yield slot.source, slot.done, slot.computed
                    continue
                if slot.future is None:  # its chunk is not full: it goes as it is
                    self._send(unsent)
                assert slot.future is not None
                try:
                    result = slot.future.result()[slot.index]
                except BrokenProcessPool:
                    # A worker died. Check this file and every other one in flight again, one at
                    # a time in a worker of its own, keeping the input order; files not sent yet
                    # go to the new pool as usual.
                    self._reset()
                    result = self._isolated(slot.source)
                    for other in pending:
                        if other.done is not None or other.future is None:
                            continue
                        if _finished(other.future):
                            other.done = other.future.result()[other.index]
                        else:
                            other.done = self._isolated(other.source)
                        other.future = None
                yield slot.source, result, True
        finally:
            self._reset()

    def _send(self, slots: list[_Slot]) -> None:
        """Give the files of ``slots`` to a worker as one task, and clear ``slots``."""
        if not slots:
            return
        sources = [slot.source for slot in slots]
        try:
            future = self._pool().submit(_work_many, sources)
        except BrokenProcessPool:  # broke since the last submit: later slots find out
            self._reset()
            future = self._pool().submit(_work_many, sources)
        for index, slot in enumerate(slots):
            slot.future, slot.index = future, index
        slots.clear()

    def _isolated(self, source: InputSource) -> Done:
        """Check one file in a worker of its own; a second crash is reported, not retried."""
        global _RUNNER, _STORE
        _RUNNER, _STORE = self.runner, self.store
        self._frozen.freeze()
        try:
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as single:
                try:
                    return single.submit(_work, source).result()
                except BrokenProcessPool:
                    return self.runner.crashed(source), None
        finally:
            self._frozen.thaw()


class _Slot:
    """A file of ``OrderedPool.map`` in input order: its result once known (``done``), else the
    task that checks it (``future``, ``index`` in the task's files) once sent."""

    __slots__ = ("computed", "done", "future", "index", "source")

    def __init__(self, source: InputSource, done: Done | None = None, computed: bool = True):
        self.source = source
        self.done = done
        self.future: Future[list[Done]] | None = None
        self.index = 0
        self.computed = computed


def _finished(future: Future[list[Done]]) -> bool:
    """True when ``future`` holds a result (not an error, not cancelled)."""
    return future.done() and not future.cancelled() and future.exception() is None
