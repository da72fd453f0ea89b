"""``check --executor dask`` on a local Dask cluster of two worker processes (one per module):
the same JSON, byte for byte, as the local executor — batch checks included — with a worker
killed during the run, a file that kills every worker it meets, and a file past its time
limit; a worker without a plugin; the options and their validation."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from disclosure_lint.cli.main import cli
from disclosure_lint.distributed.executor import start_local_cluster

from .distributed_batch import FAULTS_PLUGIN, make_batch, reset_faults


@pytest.fixture(scope="module")
def cluster():
    local = start_local_cluster(2)
    yield local
    local.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    return make_batch(tmp_path_factory.mktemp("distributed") / "batch")


def invoke(*args: str, env: dict[str, str] | None = None):
    environ = {"DISCLOSURE_LINT_DISABLE_PLUGIN_AUTOLOAD": "1", "DISCLOSURE_LINT_LANG": None}
    return CliRunner().invoke(cli, list(args), env={**environ, **(env or {})})


def codes(output: str) -> dict[str, set[str]]:
    data = json.loads(output)
    return {Path(f["path"]).name: {x["code"] for x in f["findings"]} for f in data["files"]}


def test_dask_gives_the_local_json_with_batch_checks_and_faults(cluster, batch):
    common = ["check", str(batch), "--format", "json", "--plugin", str(FAULTS_PLUGIN)]
    common += ["--timeout", "10", "--no-cache"]  # generous: a loaded machine must not time out
    reset_faults(batch)
    local = invoke(*common, "--jobs", "2")
    reset_faults(batch)
    remote = invoke(*common, "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert remote.exit_code == local.exit_code == 1, remote.output[-2000:]
    assert remote.stdout == local.stdout
    found = codes(remote.stdout)
    # every input is there, once
    inputs = sorted(p.name for p in batch.iterdir() if p.is_file())
    assert sorted(found) == inputs
    # the planted copy and the seed name each other; the year pairs are judged
    assert "DL410" in found["tieling-copied.txt"] and "DL410" in found["yinzhou-gongren-2019.txt"]
    assert "DL430" in found["a-hongze-2024-doctored.yaml"]
    assert "DL420" in found["seed-2020.txt"]
    # the worker killed during the run lost nothing; a file past its time limit gets DL908
    assert (batch / ".faults" / "kill-once-r004.txt.killed").is_file()
    assert found["kill-once-r004.txt"] == found["r004.txt"]
    assert "DL908" in found["spin-r004.txt"]


def test_a_file_that_kills_every_worker_gets_dl999_and_the_others_are_checked(cluster, tmp_path):
    reports = Path(__file__).parent / "corpus"
    for name in ("r004.txt", "r012.txt"):
        (tmp_path / name).write_bytes((reports / name).read_bytes())
    (tmp_path / "kill-always-r004.txt").write_bytes((reports / "r004.txt").read_bytes())
    common = ["check", str(tmp_path), "--format", "json", "--plugin", str(FAULTS_PLUGIN)]
    common += ["--no-cache", "--select", "DL9"]
    local = invoke(*common, "--jobs", "2")
    remote = invoke(*common, "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert remote.exit_code == local.exit_code == 3
    assert remote.stdout == local.stdout
    found = codes(remote.stdout)
    assert found["kill-always-r004.txt"] == {"DL999"}
    assert "DL999" not in found["r004.txt"] | found["r012.txt"]


def test_results_computed_on_the_cluster_serve_a_local_run_from_the_cache(cluster, batch, tmp_path):
    common = ["check", str(batch), "--format", "json", "--isolated"]
    env = {"DISCLOSURE_LINT_CACHE_DIR": str(tmp_path)}
    clean = [f"--ignore={p.name}" for p in ()]  # every file; the fault files read normally
    remote = invoke(
        *common, *clean, "--executor", "dask", "--scheduler", cluster.scheduler_address, env=env
    )
    local = invoke(*common, *clean, env=env)
    again = invoke(*common, "--executor", "dask", "--scheduler", cluster.scheduler_address, env=env)
    first, second, third = (json.loads(r.stdout) for r in (remote, local, again))
    assert first["summary"]["cache_hits"] == 0
    assert second["summary"]["cache_hits"] == third["summary"]["cache_hits"] == len(first["files"])
    for data in (first, second, third):
        data["summary"].pop("cache_hits")
    assert first == second == third


def test_a_worker_without_a_plugin_stops_the_run_naming_it(cluster, batch, tmp_path, monkeypatch):
    # a plugin importable here by module name, but not on the workers (started before)
    (tmp_path / "dl_only_here_plugin.py").write_text(
        '"""A plugin only this process can import."""\n', encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    result = invoke(
        "check",
        str(batch / "r004.txt"),
        "--plugin",
        "dl_only_here_plugin",
        "--no-cache",
        "--executor",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
    )
    assert result.exit_code == 2, result.output
    assert "dl_only_here_plugin" in result.stderr and "install it on every worker" in result.stderr


def test_an_unreachable_scheduler_is_a_clear_error():
    result = invoke("check", "examples", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 3
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--executor", "dask", "--scheduler", "host:8786"], {}, "not a Dask scheduler address"),
        (["--scheduler", "tcp://127.0.0.1:8786"], {}, "--scheduler needs --executor dask"),
        (
            ["--executor", "dask"],
            {"DISCLOSURE_LINT_SCHEDULER": "8786"},
            "($DISCLOSURE_LINT_SCHEDULER) is not a Dask scheduler address",
        ),
    ],
)
def test_executor_options_are_validated(args, env, message):
    result = invoke("check", "examples", *args, env=env)
    assert result.exit_code == 2 and message in result.stderr


def test_executor_keys_are_validated_in_the_configuration(tmp_path):
    config = tmp_path / ".disclosure-lint.yaml"
    config.write_text("executor: dusk\nscheduler: tcp://127.0.0.1:8786\n", encoding="utf-8")
    result = invoke("check", "examples", "--config", str(config))
    assert result.exit_code == 2
    assert "executor" in result.stderr and ":1" in result.stderr


def test_without_dask_installed_the_option_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "disclosure_lint.distributed.executor", raising=False)
    monkeypatch.delitem(sys.modules, "disclosure_lint.distributed.worker", raising=False)
    result = invoke("check", "examples", "--executor", "dask")
    assert result.exit_code == 2
    assert "pip install 'disclosure-lint[dask]'" in result.stderr


def test_files_from_lists_the_inputs(batch, tmp_path):
    listing = tmp_path / "files.txt"
    listing.write_text(f"# two reports\n{batch / 'r004.txt'}\n\n{batch / 'r012.txt'}\n", "utf-8")
    result = invoke("check", "--files-from", str(listing), "--format", "json", "--no-cache")
    assert sorted(codes(result.stdout)) == ["r004.txt", "r012.txt"]
    assert invoke("check").exit_code == 2
