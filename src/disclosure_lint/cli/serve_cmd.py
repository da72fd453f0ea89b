"""``disclosure-lint serve``: check a batch, then serve it to a supervisor for review."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
import sys
from pathlib import Path

import click

from ..core.errors import UsageError, os_error_text
from ..core.i18n import localize
from .check_cmd import apply_run_options, build_runner
from .common import FAIL_ON, Setup, env_options, lang_option, say
from .progress import ProgressBar, progress_label

DB_NAME = ".disclosure-lint-review.sqlite3"
LOCAL_NAMES = ("localhost",)


def is_local(host: str) -> bool:
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_db(paths: tuple[str, ...], root: Path) -> Path:
    """Beside the batch (inside the one folder checked, when it can be written), else in the
    user data directory, one database per batch folder."""
    if len(paths) == 1 and Path(paths[0]).is_dir() and os.access(paths[0], os.W_OK):
        return Path(paths[0]) / DB_NAME
    from platformdirs import user_data_dir

    digest = hashlib.sha256(str(root).encode("utf-8")).hexdigest()[:16]
    return Path(user_data_dir("disclosure-lint", appauthor=False)) / "reviews" / f"{digest}.sqlite3"


def _check_port(host: str, port: int) -> None:
    """Fail before the check when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror}",
            zh=f"无法在 {host}:{port} 监听：{exc.strerror}",
        ) from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            why = os_error_text(exc)
            raise UsageError(
                f"cannot listen on {host}:{port}: {why.en}",
                zh=f"无法在 {host}:{port} 监听：{why.zh}",
            ) from exc


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="TCP port."
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Review database (SQLite; default: {DB_NAME} in the folder checked, else the user "
    "data directory).",
)
@lang_option
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Lowest severity that makes a report's verdict 'failed' (default: error).",
)
@click.option("--select", "select", multiple=True, help="Only run these rules (repeatable).")
@click.option("--extend-select", "extend_select", multiple=True, help="Run these rules too.")
@click.option("--ignore", "ignore", multiple=True, help="Do not run these rules (repeatable).")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Findings recorded in this baseline file are shown as accepted.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None, help="Worker processes.")
@click.option(
    "--timeout", type=click.FloatRange(min=0), default=None, help="Seconds per file (default 120)."
)
@click.option("--no-cache", is_flag=True, help="Do not reuse or store results of earlier runs.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the result cache lives.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar while checking (default: on a terminal).",
)
@env_options
def serve(
    paths,
    host,
    port,
    db_path,
    lang,
    fail_on,
    select,
    extend_select,
    ignore,
    baseline_path,
    jobs,
    timeout,
    no_cache,
    cache_dir,
    progress,
    setup: Setup,
) -> None:
    """Check a batch, then serve it in the browser for review: each report beside its findings,
    decisions (confirmed / dismissed with a reason) kept in SQLite, exports of both."""
    try:
        import uvicorn

        from ..serve import DecisionStore, StoreError, batch_root, check_batch, create_app
    except ImportError as exc:  # the 'serve' extra is not installed
        raise UsageError(
            f"serve needs the 'serve' extra (missing: {exc.name}): "
            "pip install 'disclosure-lint[serve]'",
            zh=f"serve 需要安装 serve 附加组件（缺少 {exc.name}）："
            "pip install 'disclosure-lint[serve]'",
        ) from exc
    config = setup.config
    apply_run_options(
        config, jobs, timeout, no_cache, cache_dir, fail_on, select, extend_select, ignore
    )
    if baseline_path is not None:
        config.set_from_cli("baseline", str(baseline_path))
    env = setup.environment()
    lang = "en" if setup.lang(lang) == "en" else "zh"
    runner = build_runner(env, config)
    root = batch_root(list(paths))
    db = db_path or default_db(paths, root)
    try:
        store = DecisionStore(db)
    except StoreError as exc:
        raise UsageError(str(exc)) from exc
    if not is_local(host):
        click.echo(
            say(
                lang,
                f"disclosure-lint serve：警告：正在 {host} 上监听，这不是本机回环地址："
                "任何能访问它的人都能阅读这些报告并记录审核结论（没有账号）。"
                "除非确有此意，请使用 --host 127.0.0.1。",
                f"disclosure-lint serve: WARNING: listening on {host}, not a loopback address: "
                "anyone who can reach it can read these reports and record decisions (there are "
                "no accounts). Use --host 127.0.0.1 unless that is intended.",
            ),
            err=True,
        )
    _check_port(host, port)
    known_root = store.get_meta("root")
    if known_root is not None and known_root != str(root):
        click.echo(
            say(
                lang,
                f"disclosure-lint serve：注意：{db} 曾用于批次文件夹 {known_root}；问题编号相对于"
                f"批次文件夹，现在为 {root}",
                f"disclosure-lint serve: note: {db} was used for the batch folder {known_root}; "
                f"finding ids are relative to the batch folder, now {root}",
            ),
            err=True,
        )
    store.set_meta("root", str(root))

    show = progress if progress is not None else sys.stderr.isatty()
    bar = ProgressBar(progress_label(lang)) if show else None
    batch = check_batch(runner, list(paths), config.get("fail-on"), progress=bar)
    summary = batch.summary
    assert summary is not None
    if runner.cache is not None:
        if runner.cache.disabled_reason:
            why = runner.cache.disabled_reason
            click.echo(
                say(
                    lang,
                    f"disclosure-lint：未使用结果缓存：{why}",
                    f"disclosure-lint: result cache not used: {why}",
                ),
                err=True,
            )
        runner.cache.close()
    for problem in summary.problems:
        click.echo(f"disclosure-lint: {localize(problem, lang)}", err=True)
    shown = f"[{host}]" if ":" in host else host
    if lang == "en":
        hits = f", {summary.cache_hits} from the cache" if summary.cache_hits else ""
        ready = (
            f"disclosure-lint serve: {summary.files} file(s) checked in {batch.seconds:.1f} s"
            f"{hits}; review database {db}\nserving http://{shown}:{port}/ (Ctrl+C stops)"
        )
    else:
        hits = f"，其中 {summary.cache_hits} 个取自缓存" if summary.cache_hits else ""
        ready = (
            f"disclosure-lint serve：已检查 {summary.files} 个文件，用时 {batch.seconds:.1f} 秒"
            f"{hits}；审核数据库 {db}\n正在提供 http://{shown}:{port}/（按 Ctrl+C 停止）"
        )
    click.echo(ready, err=True)
    allowed = ["127.0.0.1", "localhost", "::1"] if is_local(host) and ":" not in host else None
    app = create_app(batch, store, lang, allowed_hosts=allowed)
    server = uvicorn.Server(
        uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    )
    try:
        server.run()
    finally:
        store.close()
