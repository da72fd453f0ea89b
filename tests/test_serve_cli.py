"""The ``serve`` command before it serves: where the review database goes, what a non-local
address and a busy port or broken database do (exit 2 with a message, before any check)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from disclosure_lint.cli.serve_cmd import DB_NAME, default_db, is_local
from disclosure_lint.serve import DecisionStore, StoreError

from .clitools import run
from .conftest import CORPUS, SEED


def test_local_addresses() -> None:
    assert is_local("127.0.0.1") and is_local("localhost") and is_local("::1")
    assert is_local("127.0.0.2")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.10") and not is_local("example.org")


def test_default_database_beside_the_batch_or_in_user_data(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "2024年报"
    folder.mkdir()
    assert default_db((str(folder),), folder) == folder / DB_NAME
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    chosen = default_db((str(SEED), str(CORPUS / "r013.html")), CORPUS)
    assert chosen.parent == tmp_path / "data" / "disclosure-lint" / "reviews"
    assert chosen != default_db((str(SEED),), tmp_path)  # one database per batch folder


def test_busy_port_is_refused_before_checking(tmp_path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run("serve", str(SEED), "--port", str(port), "--db", str(tmp_path / "db"))
    assert done.returncode == 2
    assert f"无法在 127.0.0.1:{port} 监听" in done.stderr.decode()
    assert "已检查" not in done.stderr.decode()


def test_non_local_host_is_warned_about(tmp_path) -> None:
    args = ("serve", str(SEED), "--host", "no-such-host.invalid", "--db", str(tmp_path / "db"))
    err = run(*args).stderr.decode()
    assert "警告" in err and "这不是本机回环地址" in err
    done = run(*args, "--lang", "en")
    err = done.stderr.decode()
    assert "WARNING" in err and "not a loopback address" in err
    assert done.returncode == 2 and "cannot listen on no-such-host.invalid" in err


def test_a_file_that_is_not_a_review_database(tmp_path) -> None:
    broken = tmp_path / "notes.sqlite3"
    broken.write_text("这不是数据库\n" * 100, encoding="utf-8")
    done = run("serve", str(SEED), "--db", str(broken))
    assert done.returncode == 2
    assert "cannot open the review database" in done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()
    with pytest.raises(StoreError):
        DecisionStore(broken)


def test_database_of_another_version(tmp_path) -> None:
    path = tmp_path / "review.sqlite3"
    store = DecisionStore(path)
    store.set_meta("schema", "99")
    store.close()
    with pytest.raises(StoreError, match="another version"):
        DecisionStore(Path(path))
