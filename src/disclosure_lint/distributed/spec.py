"""What a cluster's workers need to check files as this run does, and how they rebuild it.

A :class:`RunSpec` is made once per run where the run starts: the arguments that built the
plugin environment, the contents of the rule packs, format definitions and plugin files named
by path (so that workers need not see them), the configuration, the rule selection and the
batch checks to extract for. Workers build their :class:`WorkerRun` from it once (it is keyed
by the run fingerprint) and check that they have the same plugins, each in the same version.
Nothing here imports Dask.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.batch import BatchCheck
from ..core.config import Config
from ..core.engine import Engine, Selection
from ..core.plugins import build_environment
from ..core.runner import Runner


class SetupError(Exception):
    """A worker cannot check files as the run does (a plugin is missing or differs)."""


@dataclass
class RunSpec:
    """The recipe of a run's checker, shipped to every worker once."""

    fingerprint: str
    version: str
    build_args: dict[str, Any]
    #: path as given -> the file's bytes, or a folder's ``*.yaml`` files by name
    shipped: dict[str, bytes | dict[str, bytes]]
    config: Config
    selection: Selection
    extra_settings: dict[str, Any]
    timeout: float | None
    #: (name, version) of every plugin the run loaded, in order
    plugins: list[tuple[str, str | None]]
    #: batch checks whose records the workers extract (checks with rounds)
    checks: list[str] = field(default_factory=list)
    #: send whole reports back (a batch check runs where the run started and reads them)
    full_reports: bool = False
    keep_tables: bool = False
    #: send the cache record of each result back (the run has a result cache)
    records: bool = False

    @property
    def name(self) -> str:
        """The name of the worker plugin that carries this spec."""
        return f"disclosure-lint-{self.fingerprint[:20]}"


def _yaml_files(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.glob("*.yaml"))
        if p.is_file() and not p.name.endswith(".tests.yaml")
    }


def ship(build_args: dict[str, Any]) -> dict[str, bytes | dict[str, bytes]]:
    """The contents of the packs, formats and ``.py`` plugins named by path."""
    shipped: dict[str, bytes | dict[str, bytes]] = {}
    for path in [*build_args["extra_packs"], *build_args["extra_formats"]]:
        path = Path(path)
        shipped[str(path)] = _yaml_files(path) if path.is_dir() else path.read_bytes()
    for spec in build_args["extra_plugins"]:
        if spec.endswith(".py") and Path(spec).is_file():
            shipped[spec] = Path(spec).read_bytes()
    return shipped


def _same(path: Path, content: bytes | dict[str, bytes]) -> bool:
    """True when ``path`` here holds exactly ``content``."""
    try:
        if isinstance(content, dict):
            return path.is_dir() and _yaml_files(path) == content
        return path.is_file() and path.read_bytes() == content
    except OSError:
        return False


def localize(spec: RunSpec) -> tuple[dict[str, Any], dict[str, str]]:
    """The build arguments with every shipped path that this machine does not hold as shipped
    replaced by a copy written here; and the renamed plugin specs (given -> used here)."""
    folder: Path | None = None
    renamed: dict[str, str] = {}
    for number, (given, content) in enumerate(sorted(spec.shipped.items())):
        if _same(Path(given), content):
            continue
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix=f"disclosure-lint-{spec.fingerprint[:12]}-"))
        target = folder / str(number) / Path(given).name
        if isinstance(content, dict):
            target.mkdir(parents=True)
            for name, data in content.items():
                (target / name).write_bytes(data)
        else:
            target.parent.mkdir(parents=True)
            target.write_bytes(content)
        renamed[given] = str(target)
    args = dict(spec.build_args)
    args["extra_packs"] = [Path(renamed.get(str(p), str(p))) for p in args["extra_packs"]]
    args["extra_formats"] = [Path(renamed.get(str(p), str(p))) for p in args["extra_formats"]]
    args["extra_plugins"] = [renamed.get(p, p) for p in args["extra_plugins"]]
    return args, {given: used for given, used in renamed.items() if given.endswith(".py")}


@dataclass
class WorkerRun:
    """A worker's checker for one run: the runner and the batch checks it extracts for."""

    runner: Runner
    checks: dict[str, BatchCheck]
    spec: RunSpec

    @classmethod
    def build(cls, spec: RunSpec, where: str = "this worker") -> WorkerRun:
        """Rebuild the run's checker here; :class:`SetupError` names what differs."""
        if spec.version != __version__:
            raise SetupError(
                f"{where} has disclosure-lint {__version__}, the run uses {spec.version}: "
                "install the same version on every worker"
            )
        args, renamed = localize(spec)
        env = build_environment(**args)
        back = {used: given for given, used in renamed.items()}
        have = {back.get(p.name, p.name): p.version for p in env.plugins}
        for name, version in spec.plugins:
            if name not in have:
                problem = next(
                    (str(p) for p in env.problems if p.plugin == renamed.get(name, name)), ""
                )
                detail = f" ({problem})" if problem else ""
                raise SetupError(
                    f"{where} lacks the plugin {name!r}{detail}: install it on every worker "
                    "(docs/distributed.md)"
                )
            if have[name] != version:
                raise SetupError(
                    f"{where} has the plugin {name!r} in version {have[name]}, the run uses "
                    f"{version}: install the same version on every worker"
                )
        expected = {name for name, _ in spec.plugins}
        extra = [name for name in have if name not in expected]
        if extra:
            raise SetupError(
                f"{where} loads plugins the run does not: {', '.join(extra)} (they would change "
                "the results); install the same plugins everywhere or disable them (-p no:NAME)"
            )
        engine = Engine(env.rules, env.kinds, env.formats, spec.selection, env.kind_owner)
        runner = Runner(env, engine, spec.config, extra_settings=dict(spec.extra_settings))
        runner.timeout = spec.timeout
        runner.keep_tables = spec.keep_tables
        phase = runner.batch_phase()
        active = {check.name: check for check in (phase.checks if phase else [])}
        missing = [name for name in spec.checks if name not in active]
        if missing:
            raise SetupError(f"{where} has no batch check {', '.join(map(repr, missing))}")
        return cls(runner, {name: active[name] for name in spec.checks}, spec)
