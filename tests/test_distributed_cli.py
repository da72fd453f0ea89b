"""The real command line against a Dask scheduler and two workers started with Dask's own
commands (``dask scheduler``, ``dask worker``) on loopback: the same JSON as the local run,
batch checks included; ``--executor dask`` with no address (a local cluster); and the
scheduler going away mid-run (exit 3, what was checked kept in the cache)."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import Client

from .distributed_batch import FAULTS_PLUGIN, make_batch

BIN = Path(sys.executable).parent
DASK = str(BIN / "dask")
LINT = str(BIN / "disclosure-lint")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(args: list[str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(20)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """(address, scheduler process) with two worker processes connected."""
    logs = tmp_path_factory.mktemp("dask-logs")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    boss = _start(
        [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        logs / "scheduler.log",
    )
    workers = _start(
        [DASK, "worker", address, "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1"],
        logs / "workers.log",
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=60)
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        yield address, boss
    finally:
        _stop(workers)
        _stop(boss)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    return make_batch(tmp_path_factory.mktemp("dask-cli") / "batch", faults=False)


def lint(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    environ = {**os.environ, "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})}
    environ.pop("DISCLOSURE_LINT_LANG", None)
    environ.pop("DISCLOSURE_LINT_SCHEDULER", None)
    return subprocess.run(
        [LINT, *args], capture_output=True, env=environ, timeout=300, check=False, **kwargs
    )


def test_dask_commands_cluster_gives_the_local_json(scheduler, batch):
    address, _ = scheduler
    local = lint("check", str(batch), "--format", "json", "--no-cache", "--jobs", "2")
    remote = lint(
        "check", str(batch), "--format", "json", "--no-cache",
        "--executor", "dask", "--scheduler", address,
    )  # fmt: skip
    assert remote.returncode == local.returncode == 1, remote.stderr.decode()[-2000:]
    assert remote.stdout == local.stdout
    for code in (b'"DL410"', b'"DL430"', b'"DL420"'):  # the copy, H1, last year's text
        assert code in remote.stdout
    # the address from the environment works the same
    again = lint(
        "check", str(batch), "--format", "json", "--no-cache", "--executor", "dask",
        env={"DISCLOSURE_LINT_SCHEDULER": address},
    )  # fmt: skip
    assert again.stdout == local.stdout


def test_executor_dask_without_an_address_starts_a_local_cluster(batch):
    local = lint("check", str(batch), "--format", "json", "--no-cache")
    remote = lint("check", str(batch), "--format", "json", "--no-cache", "--executor", "dask")
    assert remote.returncode == local.returncode == 1, remote.stderr.decode()[-2000:]
    assert remote.stdout == local.stdout


def test_the_scheduler_going_away_ends_the_run_and_keeps_what_was_checked(scheduler, tmp_path):
    """Runs last in this module: it kills the module's scheduler."""
    address, boss = scheduler
    slow = tmp_path / "slow"
    slow.mkdir()
    text = (Path(__file__).parent / "corpus" / "r004.txt").read_bytes()
    for number in range(24):
        (slow / f"sleep-{number:02d}.txt").write_bytes(text)
    cache = tmp_path / "cache"
    run = subprocess.Popen(
        [LINT, "check", str(slow), "--format", "json", "--plugin", str(FAULTS_PLUGIN),
         "--executor", "dask", "--scheduler", address],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "DISCLOSURE_LINT_CACHE_DIR": str(cache),
             "DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )  # fmt: skip
    try:
        time.sleep(9)  # set-up and the first files (one second each, two at a time)
        assert run.poll() is None, run.communicate()
        os.killpg(boss.pid, signal.SIGKILL)
        _, err = run.communicate(timeout=180)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 3, err.decode()[-2000:]
    message = err.decode()
    assert "went away" in message and address in message and "result cache" in message
    with sqlite3.connect(cache / "results.sqlite3") as db:
        [(kept,)] = db.execute("SELECT count(*) FROM results").fetchall()
    assert 0 < kept < 24
