"""Plugin management: build the pluggy manager, load plugins, collect what they contribute.

Built-in plugins are registered by module name, exactly like third-party ones, through the same
hooks. Third-party plugins come from the ``disclosure_lint`` entry-point group (unless autoload
is off), from ``--plugin MODULE_OR_PATH`` and from configuration. Each plugin is loaded on its
own: one that fails is recorded with its name and error, and the run goes on with the rest.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
import traceback
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from . import hookspecs
from .batch import BatchCheck
from .config import DEFAULTS
from .defcache import DefinitionCache
from .errors import DataFileError, FileProblem, UsageError
from .formats import FormatRegistry
from .i18n import Text, localize
from .kinds import RuleKind
from .reporting import Reporter
from .rules import RuleSet

ENTRY_POINT_GROUP = "disclosure_lint"

#: modules of the built-in plugins, registered in this order
BUILTIN_PLUGINS = (
    "disclosure_lint.builtin_rules",
    "disclosure_lint.kinds",
    "disclosure_lint.loaders",
    "disclosure_lint.reporters",
    "disclosure_lint.batch",
)


#: the stages of loading a plugin, as a problem names them
STAGES = {
    "import": Text("导入", "import"),
    "register": Text("注册", "register"),
    "rule-pack": Text("规则包", "rule-pack"),
    "format": Text("格式定义", "format"),
    "rule-kind": Text("规则类型", "rule-kind"),
    "reporter": Text("输出格式", "reporter"),
    "batch-check": Text("批量检查", "batch-check"),
    "config": Text("配置项", "config"),
}


@dataclass
class PluginProblem:
    plugin: str
    stage: str  # "import", "register", "rule-pack", "format", "rule-kind", "reporter", a hook
    message: str | Text  # an exception as Python states it, or our words in both languages
    detail: str = ""

    def text(self, lang: str = "zh") -> str:
        stage = localize(STAGES.get(self.stage, self.stage), lang)
        message = localize(self.message, lang)
        if lang == "en":
            return f"plugin {self.plugin} ({stage}): {message}"
        return f"插件 {self.plugin}（{stage}）：{message}"

    def as_text(self) -> Text:
        return Text(self.text("zh"), self.text("en"))

    def __str__(self) -> str:
        return self.text()


@dataclass
class PluginInfo:
    name: str
    version: str | None
    origin: str  # "builtin", "entry-point", "command-line"
    module: str
    hooks: list[str] = field(default_factory=list)


@dataclass
class Environment:
    """Everything plugins contribute to a run."""

    pm: pluggy.PluginManager
    formats: FormatRegistry
    kinds: dict[str, RuleKind]
    rules: RuleSet
    reporters: dict[str, type[Reporter]]
    extensions: set[str]
    plugins: list[PluginInfo]
    problems: list[PluginProblem]
    kind_owner: dict[str, str] = field(default_factory=dict)
    #: configuration keys added by plugins: key -> (plugin, JSON Schema of the value)
    config_schema: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    #: default configuration values from plugins, in plugin order
    config_defaults: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: batch-check classes (``disclosure_lint_batch_checks``), in registration order
    batch_checks: list[type[BatchCheck]] = field(default_factory=list)
    #: the arguments of :func:`build_environment` that made it (a cluster's workers build the
    #: same environment from them)
    build_args: dict[str, Any] = field(default_factory=dict)

    def load_report(self, source, context):
        return self.pm.hook.disclosure_lint_load_report(source=source, context=context)


def _new_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def _import_path(spec: str) -> ModuleType:
    """Import ``spec``: a dotted module name, or a path to a ``.py`` file or package folder."""
    path = Path(spec)
    if spec.endswith(".py") or path.exists():
        if path.is_dir():
            path = path / "__init__.py"
        if not path.is_file():
            raise ImportError(f"no such plugin file: {spec}")
        # the same name in every process (workers of a cluster import it under the same name)
        digest = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape"))
        name = f"disclosure_lint_local_{path.stem}_{digest.hexdigest()[:16]}"
        module_spec = importlib.util.spec_from_file_location(name, path)
        if module_spec is None or module_spec.loader is None:
            raise ImportError(f"cannot import {spec}")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        return module
    return importlib.import_module(spec)


def _hooks_of(pm: pluggy.PluginManager, plugin: object) -> list[str]:
    return sorted(h.name for h in pm.get_hookcallers(plugin) or [])


def build_environment(
    *,
    extra_plugins: list[str] | None = None,
    disabled: list[str] | None = None,
    autoload: bool = True,
    extra_packs: list[Path] | None = None,
    extra_formats: list[Path] | None = None,
    definition_cache: Path | None = None,
) -> Environment:
    """Create the plugin manager, load plugins and collect formats, kinds, rules and reporters.

    Raises :class:`UsageError` when a rule pack or format given by the user (or built in) is
    invalid; problems in third-party plugins are recorded in ``Environment.problems`` instead.
    ``definition_cache``: a cache folder for validated rule packs and formats (core/defcache.py).
    """
    disabled_set = set(disabled or [])
    pm = _new_manager()
    plugins: list[PluginInfo] = []
    problems: list[PluginProblem] = []

    from disclosure_lint import __version__

    for module_name in BUILTIN_PLUGINS:
        short = module_name.rsplit(".", 1)[-1]
        if f"builtin_{short}" in disabled_set or module_name in disabled_set:
            continue
        module = importlib.import_module(module_name)
        pm.register(module, name=module_name)
        plugins.append(
            PluginInfo(module_name, __version__, "builtin", module_name, _hooks_of(pm, module))
        )

    if autoload:
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.name in disabled_set:
                continue
            version = ep.dist.version if ep.dist else None
            _register(
                pm, ep.name, lambda ep=ep: ep.load(), "entry-point", version, plugins, problems
            )

    for spec in extra_plugins or []:
        if spec in disabled_set:
            continue
        _register(
            pm, spec, lambda spec=spec: _import_path(spec), "command-line", None, plugins, problems
        )

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        problems.append(PluginProblem(_name_of(pm, exc.plugin), "register", str(exc)))
        pm.unregister(exc.plugin)

    cache = DefinitionCache(definition_cache, [p.module for p in plugins])
    formats = _collect_formats(pm, extra_formats or [], problems, cache)
    kinds, owners = _collect_kinds(pm, problems)
    rules = _collect_rules(pm, kinds, formats, extra_packs or [], problems, cache)
    reporters = _collect_reporters(pm, problems)
    extensions: set[str] = set()
    for result in _call(pm, "disclosure_lint_input_extensions", problems):
        extensions.update(ext.lower() for ext in result[1] or [])
    config_schema: dict[str, tuple[str, dict[str, Any]]] = {}
    for plugin, keys in _call(pm, "disclosure_lint_config_schema", problems):
        for key, schema in (keys or {}).items():
            if key in DEFAULTS or key in config_schema:
                owner = config_schema[key][0] if key in config_schema else "disclosure-lint"
                problems.append(
                    PluginProblem(
                        plugin,
                        "config",
                        Text(
                            f"配置项“{key}”已由 {owner} 定义",
                            f"key '{key}' is already defined by {owner}",
                        ),
                    )
                )
                continue
            config_schema[key] = (plugin, schema)
    config_defaults = [
        (plugin, dict(values or {}))
        for plugin, values in _call(pm, "disclosure_lint_config_defaults", problems)
    ]
    batch_checks = _collect_batch_checks(pm, problems)
    return Environment(
        pm,
        formats,
        kinds,
        rules,
        reporters,
        extensions,
        plugins,
        problems,
        owners,
        config_schema,
        config_defaults,
        batch_checks=batch_checks,
        build_args={
            "extra_plugins": list(extra_plugins or []),
            "disabled": sorted(disabled_set),
            "autoload": autoload,
            "extra_packs": [Path(p) for p in extra_packs or []],
            "extra_formats": [Path(p) for p in extra_formats or []],
        },
    )


def installed_reporters(autoload: bool = True) -> dict[str, type[Reporter]]:
    """The reporters built in and those of installed plugins (entry points), without loading
    rules or formats: what ``--help`` lists. Plugins that fail to load are left out."""
    pm = _new_manager()
    pm.register(
        importlib.import_module("disclosure_lint.reporters"), name="disclosure_lint.reporters"
    )
    problems: list[PluginProblem] = []
    if autoload:
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            _register(pm, ep.name, lambda ep=ep: ep.load(), "entry-point", None, [], problems)
    return _collect_reporters(pm, problems)


def _name_of(pm: pluggy.PluginManager, plugin: object) -> str:
    return pm.get_name(plugin) or repr(plugin)


def _register(pm, name, loader, origin, version, plugins, problems) -> None:
    try:
        plugin = loader()
    except Exception as exc:
        problems.append(
            PluginProblem(name, "import", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        )
        return
    try:
        pm.register(plugin, name=name)
    except Exception as exc:
        problems.append(PluginProblem(name, "register", f"{type(exc).__name__}: {exc}"))
        return
    module = getattr(plugin, "__name__", type(plugin).__name__)
    if version is None:
        version = getattr(plugin, "__version__", None)
    plugins.append(PluginInfo(name, version, origin, module, _hooks_of(pm, plugin)))


def _call(pm: pluggy.PluginManager, hook_name: str, problems: list[PluginProblem]):
    """Call a hook one implementation at a time, so a failing plugin does not hide the others.

    Yields (plugin name, result) pairs.
    """
    hook = getattr(pm.hook, hook_name)
    for impl in hook.get_hookimpls():
        try:
            result = impl.function()
        except Exception as exc:
            problems.append(
                PluginProblem(
                    impl.plugin_name,
                    hook_name,
                    f"{type(exc).__name__}: {exc}",
                    traceback.format_exc(),
                )
            )
            continue
        yield impl.plugin_name, result


def _is_builtin(name: str) -> bool:
    return name in BUILTIN_PLUGINS


def _expand_yaml(paths: list[Path]) -> list[Path]:
    """Files named directly, and the ``*.yaml`` files of folders (not ``*.tests.yaml`` cases)."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.glob("*.yaml")
                    if p.is_file() and not p.name.endswith(".tests.yaml")
                )
            )
        else:
            files.append(path)
    return files


def _collect_formats(pm, extra: list[Path], problems, cache: DefinitionCache) -> FormatRegistry:
    registry = FormatRegistry()
    sources: list[tuple[str, Path]] = []
    for plugin, paths in _call(pm, "disclosure_lint_format_definitions", problems):
        sources.extend((plugin, p) for p in _expand_yaml(list(paths or [])))
    sources.extend(("command-line", p) for p in _expand_yaml(extra))
    for plugin, path in sources:
        try:
            registry.add(cache.format_file(path))
        except DataFileError as exc:
            if _is_builtin(plugin) or plugin == "command-line":
                raise
            problems.append(PluginProblem(plugin, "format", _error_text(exc)))
    return registry


def _collect_kinds(pm, problems) -> tuple[dict[str, RuleKind], dict[str, str]]:
    kinds: dict[str, RuleKind] = {}
    owners: dict[str, str] = {}
    for plugin, classes in _call(pm, "disclosure_lint_rule_kinds", problems):
        for cls in classes or []:
            try:
                if not (isinstance(cls, type) and issubclass(cls, RuleKind)) or not cls.name:
                    problems.append(
                        PluginProblem(
                            plugin,
                            "rule-kind",
                            Text(
                                f"{cls!r} 不是带名称的 RuleKind 子类",
                                f"{cls!r} is not a RuleKind subclass with a name",
                            ),
                        )
                    )
                    continue
                if cls.name in kinds:
                    problems.append(
                        PluginProblem(
                            plugin,
                            "rule-kind",
                            Text(
                                f"规则类型“{cls.name}”已由 {owners[cls.name]} 注册",
                                f"rule kind '{cls.name}' is already registered by "
                                f"{owners[cls.name]}",
                            ),
                        )
                    )
                    continue
                kinds[cls.name] = cls()
                owners[cls.name] = plugin
            except Exception as exc:
                problems.append(PluginProblem(plugin, "rule-kind", f"{type(exc).__name__}: {exc}"))
    return kinds, owners


def _collect_rules(pm, kinds, formats, extra: list[Path], problems, cache) -> RuleSet:
    rules = RuleSet()
    sources: list[tuple[str, Path]] = []
    for plugin, paths in _call(pm, "disclosure_lint_rule_packs", problems):
        sources.extend((plugin, p) for p in _expand_yaml(list(paths or [])))
    sources.extend(("command-line", p) for p in _expand_yaml(extra))
    loaded = []
    for plugin, path in sources:
        try:
            pack = cache.rule_pack(path, kinds, formats)
            pack.plugin = plugin
            rules.add_pack(pack)
            loaded.append(pack)
        except DataFileError as exc:
            if _is_builtin(plugin) or plugin == "command-line":
                raise
            problems.append(PluginProblem(plugin, "rule-pack", _error_text(exc)))
    for pack in loaded:
        override_problems = rules.apply_overrides(pack)
        if override_problems and (_is_builtin(pack.plugin) or pack.plugin == "command-line"):
            raise DataFileError(f"{pack.file}: invalid overrides", override_problems)
        for problem in override_problems:
            problems.append(
                PluginProblem(pack.plugin, "rule-pack", Text(problem.render("zh"), str(problem)))
            )
    return rules


def _collect_reporters(pm, problems) -> dict[str, type[Reporter]]:
    reporters: dict[str, type[Reporter]] = {}
    for plugin, classes in _call(pm, "disclosure_lint_reporters", problems):
        for cls in classes or []:
            if not (isinstance(cls, type) and issubclass(cls, Reporter)) or not cls.name:
                problems.append(
                    PluginProblem(
                        plugin,
                        "reporter",
                        Text(f"{cls!r} 不是 Reporter 子类", f"{cls!r} is not a Reporter"),
                    )
                )
                continue
            reporters.setdefault(cls.name, cls)
    return reporters


def _collect_batch_checks(pm, problems) -> list[type[BatchCheck]]:
    checks: list[type[BatchCheck]] = []
    names: set[str] = set()
    for plugin, classes in _call(pm, "disclosure_lint_batch_checks", problems):
        for cls in classes or []:
            if not (isinstance(cls, type) and issubclass(cls, BatchCheck)) or not cls.name:
                problems.append(
                    PluginProblem(
                        plugin,
                        "batch-check",
                        Text(
                            f"{cls!r} 不是带名称的 BatchCheck 子类",
                            f"{cls!r} is not a named BatchCheck",
                        ),
                    )
                )
                continue
            if cls.name in names:
                problems.append(
                    PluginProblem(
                        plugin,
                        "batch-check",
                        Text(
                            f"批量检查“{cls.name}”重复",
                            f"batch check '{cls.name}' is a duplicate",
                        ),
                    )
                )
                continue
            names.add(cls.name)
            checks.append(cls)
    return checks


def _error_text(exc: UsageError) -> Text:
    """A rule pack's or format file's error, with its problems, in both languages."""
    return Text(exc.render("zh"), exc.render("en"))


def describe_problem(problem: PluginProblem, lang: str = "zh") -> dict[str, Any]:
    return {
        "plugin": problem.plugin,
        "stage": problem.stage,
        "message": localize(problem.message, lang),
    }


__all__ = [
    "ENTRY_POINT_GROUP",
    "Environment",
    "FileProblem",
    "PluginInfo",
    "PluginProblem",
    "UsageError",
    "build_environment",
]
